/**
 * Properties of the simulation kit over random histories of every operation:
 * - the audit trail replays to the same usage counts keyUsage reports, and to GetKeyLastUsage;
 * - a fork and its parent never affect each other (each ends as a KMS restored from the fork-time
 *   snapshot would after the same calls);
 * - compliance from the trail agrees, at every sampled day, with a direct computation from
 *   DescribeKey, GetKeyRotationStatus and ListKeyRotations made on that day.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createKms, type CloudTrailRecord, type Kms } from "../../src/index.js";
import { evaluateRotationCompliance, evaluateRotationComplianceSeries, keyUsage, lookupEvents } from "../../src/sim/index.js";
import { ManualClock, seededRandom } from "../../src/testing/index.js";
import { createTestKms } from "../support/create-test-kms.js";
import { history, play, step, World, type Step } from "../support/random-history.js";

const DAY = 86_400_000;

async function allKeyIds(kms: Kms): Promise<string[]> {
  return ((await kms.listKeys({ Limit: 1000 })).Keys ?? []).map((k) => k.KeyId as string);
}

async function allRecords(kms: Kms): Promise<CloudTrailRecord[]> {
  const records: CloudTrailRecord[] = [];
  let token: string | undefined;
  do {
    const page = await lookupEvents(kms, { NextToken: token });
    records.push(...page.Events.map((e) => JSON.parse(e.CloudTrailEvent) as CloudTrailRecord));
    token = page.NextToken;
  } while (token !== undefined);
  return records;
}

interface Counted {
  encryptions: number;
  dataKeys: number;
  decryptions: number;
  lastEncryptedAt?: number;
  lastDecryptedAt?: number;
}

describe("the audit trail replays to the usage counts", () => {
  // Histories of every operation (RSA pairs made at first use in some): room on two shared cores.
  it("per backing key, and to each key's last use", { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(history(40), async (steps) => {
        const { kms, clock } = createTestKms({ seed: "replay-usage", audit: true });
        const world = new World();
        for (const s of steps) await play(kms, clock, world, s);
        const counted = new Map<string, Counted>();
        const last = new Map<string, CloudTrailRecord>();
        const count = (id: string | undefined, kind: "encryptions" | "dataKeys" | "decryptions", at: number) => {
          if (id === undefined) return;
          const c = counted.get(id) ?? { encryptions: 0, dataKeys: 0, decryptions: 0 };
          c[kind]++;
          if (kind === "decryptions") c.lastDecryptedAt = Math.max(c.lastDecryptedAt ?? at, at);
          else c.lastEncryptedAt = Math.max(c.lastEncryptedAt ?? at, at);
          counted.set(id, c);
        };
        for (const record of await allRecords(kms)) {
          if (record.errorCode !== undefined) continue;
          const data = record.additionalEventData ?? {};
          const at = Date.parse(record.eventTime);
          switch (record.eventName) {
            case "Encrypt":
              count(data.keyMaterialId, "encryptions", at);
              break;
            case "GenerateDataKey":
            case "GenerateDataKeyWithoutPlaintext":
            case "GenerateDataKeyPair":
            case "GenerateDataKeyPairWithoutPlaintext":
              count(data.keyMaterialId, "dataKeys", at);
              break;
            case "Decrypt":
              count(data.keyMaterialId, "decryptions", at);
              break;
            case "ReEncrypt":
              count(data.sourceKeyMaterialId, "decryptions", at);
              count(data.destinationKeyMaterialId, "encryptions", at);
              break;
            // Tracked by GetKeyLastUsage, but they make and open no ciphertext.
            case "Sign":
            case "Verify":
            case "GenerateMac":
            case "VerifyMac":
            case "DeriveSharedSecret":
              break;
            default:
              continue;
          }
          for (const resource of record.resources) last.set(resource.ARN.slice(resource.ARN.indexOf("/") + 1), record);
        }
        for (const keyId of await allKeyIds(kms)) {
          for (const material of (await keyUsage(kms, keyId)).KeyMaterials) {
            const c = counted.get(material.KeyMaterialId) ?? { encryptions: 0, dataKeys: 0, decryptions: 0 };
            expect({ ...material, LastEncryptedAt: material.LastEncryptedAt?.getTime(), LastDecryptedAt: material.LastDecryptedAt?.getTime() }).toEqual({
              KeyMaterialId: material.KeyMaterialId,
              Encryptions: c.encryptions,
              DataKeys: c.dataKeys,
              Decryptions: c.decryptions,
              LastEncryptedAt: c.lastEncryptedAt,
              LastDecryptedAt: c.lastDecryptedAt,
            });
          }
          const lastUse = (await kms.getKeyLastUsage({ KeyId: keyId })).KeyLastUsage;
          const record = last.get(keyId);
          expect(lastUse).toEqual(
            record === undefined
              ? {}
              : { Operation: record.eventName, Timestamp: new Date(record.eventTime), CloudTrailEventId: record.eventID, KmsRequestId: record.requestID },
          );
        }
      }),
      { numRuns: 60, seed: 1501 },
    );
  });
});

/**
 * A snapshot to compare. RSA private keys are left out, those of import tokens and the pairs RSA
 * keys make at first use: kms-sim draws them from the platform (seeded RSA generation is slow), so
 * two KMSs never agree on them; their tokens, ids and the rest of the keys still must.
 */
function comparable(kms: Kms): string {
  const snapshot = kms.snapshot();
  return JSON.stringify({
    ...snapshot,
    importParameters: snapshot.importParameters.map((p) => ({ ...p, privateKeyHex: "" })),
    keys: snapshot.keys.map((key) =>
      key.keySpec.startsWith("RSA_") ? { ...key, history: { ...key.history, explicit: key.history.explicit.map((m) => ({ ...m, secretHex: "" })) } } : key,
    ),
  });
}

describe("a fork and its parent", () => {
  // Four KMSs play every step (RSA import keys make some steps slow on two shared cores).
  it("never affect each other", { timeout: 180_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(history(15), fc.array(fc.tuple(step, step), { minLength: 1, maxLength: 20 }), async (before, after) => {
        const { kms: parent, clock } = createTestKms({ seed: "fork-property" });
        const world = new World();
        for (const s of before) await play(parent, clock, world, s);
        const atFork = JSON.parse(JSON.stringify(parent.snapshot())) as ReturnType<Kms["snapshot"]>;
        const random = () => seededRandom(atFork.random?.seed ?? "", { position: atFork.random?.position ?? 0 });
        const childClock = new ManualClock(clock.now());
        const child = parent.fork({ clock: childClock });
        // Controls: what each side must end as, restored from the fork-time snapshot.
        const parentTwinClock = new ManualClock(clock.now());
        const parentTwin = createKms({ state: atFork, clock: parentTwinClock, random: random() });
        const childTwinClock = new ManualClock(clock.now());
        const childTwin = createKms({ state: atFork, clock: childTwinClock, random: random() });
        const copy = (): World => Object.assign(new World(), structuredClone({ keyIds: world.keyIds, blobs: world.blobs, tokens: world.tokens }));
        const [w1, w2, w3, w4] = [copy(), copy(), copy(), copy()];
        for (const [parentStep, childStep] of after) {
          const outcomes = [
            await play(parent, clock, w1, parentStep),
            await play(parentTwin, parentTwinClock, w2, parentStep),
            await play(child, childClock, w3, childStep),
            await play(childTwin, childTwinClock, w4, childStep),
          ];
          expect(outcomes[0]).toBe(outcomes[1]);
          expect(outcomes[2]).toBe(outcomes[3]);
        }
        expect(comparable(parent)).toBe(comparable(parentTwin));
        expect(comparable(child)).toBe(comparable(childTwin));
      }),
      { numRuns: 25, seed: 1502 },
    );
  });
});

/** The rule's verdict for every key, computed directly from the API, independent of src/sim. */
async function directCompliance(kms: Kms, maxDays: number): Promise<Map<string, { Compliance: string; Age?: number }>> {
  const now = kms.now().getTime();
  const out = new Map<string, { Compliance: string; Age?: number }>();
  for (const keyId of await allKeyIds(kms)) {
    const m = (await kms.describeKey({ KeyId: keyId })).KeyMetadata;
    let age: number | undefined;
    if (m?.CurrentKeyMaterialId !== undefined) {
      const entries = (await kms.listKeyRotations({ KeyId: keyId, IncludeKeyMaterial: "ALL_KEY_MATERIAL", Limit: 1000 })).Rotations ?? [];
      const current = entries.find((e) => e.KeyMaterialState === "CURRENT");
      age = now - (current?.RotationDate ?? (m.CreationDate as Date)).getTime();
    }
    let compliance = "NOT_APPLICABLE";
    if (m?.KeyManager === "CUSTOMER" && m.Origin === "AWS_KMS" && m.KeySpec === "SYMMETRIC_DEFAULT" && m.KeyState !== "PendingDeletion") {
      const enabled = (await kms.getKeyRotationStatus({ KeyId: keyId })).KeyRotationEnabled === true;
      compliance = enabled && !(age !== undefined && age > maxDays * DAY) ? "COMPLIANT" : "NON_COMPLIANT";
    }
    out.set(keyId, { Compliance: compliance, ...(age === undefined ? {} : { Age: Math.floor(age / DAY) }) });
  }
  return out;
}

/**
 * Histories for compliance: every operation, with the rotation life cycle (rotation setting, key
 * state, deletion) and shorter advances weighted up, so keys cross the age limit while compliant.
 */
const lifeCycle: fc.Arbitrary<Step> = fc.record({
  op: fc.constant("keyOp" as const),
  name: fc.constantFrom("enableKeyRotation" as const, "enableKeyRotation" as const, "disableKeyRotation" as const, "disableKey" as const, "enableKey" as const, "scheduleKeyDeletion" as const, "cancelKeyDeletion" as const, "rotateKeyOnDemand" as const),
  key: fc.integer({ min: 0, max: 7 }),
  n: fc.integer({ min: 0, max: 40 }),
});
const shortAdvance: fc.Arbitrary<Step> = fc.record({ op: fc.constant("advance" as const), days: fc.integer({ min: 1, max: 120 }) });
const complianceHistory = history(20).chain((start) =>
  fc.array(fc.oneof({ weight: 2, arbitrary: step }, { weight: 3, arbitrary: lifeCycle }, { weight: 3, arbitrary: shortAdvance }), { minLength: 10, maxLength: 30 }).map((more) => [...start, ...more]),
);

describe("compliance from the trail", () => {
  it("agrees with a direct computation from DescribeKey and GetKeyRotationStatus at every sampled day", { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(complianceHistory, fc.integer({ min: 30, max: 400 }), async (steps, maxDays) => {
        const { kms, clock } = createTestKms({ seed: "compliance", audit: true });
        const world = new World();
        const sampled = new Map<number, Map<string, { Compliance: string; Age?: number }>>();
        for (const s of steps) {
          await play(kms, clock, world, s);
          sampled.set(kms.now().getTime(), await directCompliance(kms, maxDays));
        }
        const series = await evaluateRotationComplianceSeries(kms, { maxMaterialAgeDays: maxDays });
        for (const [at, expected] of sampled) {
          const judged = await evaluateRotationCompliance(kms, { at: new Date(at), maxMaterialAgeDays: maxDays });
          expect(new Map(judged.map((k) => [k.KeyId, { Compliance: k.Compliance, ...(k.CurrentKeyMaterialAgeDays === undefined ? {} : { Age: k.CurrentKeyMaterialAgeDays }) }])), new Date(at).toISOString()).toEqual(expected);
          const day = series.Days[(at - series.StartDate.getTime()) / DAY];
          const count = (c: string) => [...expected.values()].filter((k) => k.Compliance === c).length;
          expect([day?.Compliant, day?.NonCompliant, day?.NotApplicable]).toEqual([count("COMPLIANT"), count("NON_COMPLIANT"), count("NOT_APPLICABLE")]);
        }
        // The series changes only at marks it computes itself; check it where backing keys cross the
        // age limit (creations and rotations + maxDays, and the days around), against the point form.
        const crossings = new Set<number>();
        for (const name of ["CreateKey", "RotateKey"]) {
          for (const event of (await lookupEvents(kms, { LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: name }] })).Events) {
            for (const offset of [-1, 0, 1, 2]) crossings.add(event.EventTime.getTime() + (maxDays + offset) * DAY);
          }
        }
        const end = series.EndDate.getTime();
        for (const at of [...crossings].filter((t) => t >= series.StartDate.getTime() && t <= end)) {
          const judged = await evaluateRotationCompliance(kms, { at: new Date(at), maxMaterialAgeDays: maxDays });
          const day = series.Days[(at - series.StartDate.getTime()) / DAY];
          const count = (c: string) => judged.filter((k) => k.Compliance === c).length;
          expect([day?.Compliant, day?.NonCompliant, day?.NotApplicable], new Date(at).toISOString()).toEqual([count("COMPLIANT"), count("NON_COMPLIANT"), count("NOT_APPLICABLE")]);
        }
      }),
      { numRuns: 40, seed: 1503 },
    );
  });
});
