/**
 * Property: change records are exact. Over random histories of every operation, applying the
 * records one operation emitted to a snapshot taken before it gives exactly the snapshot taken
 * after it; replay uses neither the clock nor the random source; the records survive JSON; an
 * operation that changes nothing (and draws nothing) emits no record.
 *
 * One field is exempt when no record is emitted: `settledAt`, the instant the model was last
 * brought up to. A read-only call moves it without a record (read-only requests write nothing);
 * replay restores the instant of the last change, and the next call brings the model up to date
 * again with the same result, since nothing was due in between.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createKms, type KmsSnapshot, type StateChange } from "../../src/index.js";
import { createTestKms } from "../support/create-test-kms.js";
import { history, play, World, type Step } from "../support/random-history.js";

const unusable = {
  clock: { now: (): Date => { throw new Error("replay read the clock"); } },
  random: (): Uint8Array => { throw new Error("replay drew random bytes"); },
};

/** A snapshot without the random source's position (the records carry it; compared separately). */
function withoutRandom(snapshot: KmsSnapshot): string {
  return JSON.stringify({ ...snapshot, random: null });
}

/** ...and without the instant it was last brought up to. */
function withoutInstant(snapshot: KmsSnapshot): string {
  return JSON.stringify({ ...snapshot, random: null, settledAt: null });
}

const READ_ONLY_KEY_OPS = new Set(["describeKey", "listResourceTags", "getKeyPolicy", "listKeyPolicies", "getKeyRotationStatus", "listKeyRotations"]);

/** Key-type steps that change nothing, unless an RSA key's first use stores its pair. */
const READ_ONLY_STEPS = new Set(["sign", "verify", "getPublicKey", "generateMac", "verifyMac", "deriveSharedSecret", "encryptAsymmetric", "decryptAsymmetric"]);

/** Steps whose operation reads only (it may still bring the model up to date, which is a change). */
function isReadOnly(s: Step): boolean {
  if (s.op === "as") return isReadOnly(s.step);
  return (
    s.op === "list" || s.op === "decrypt" || s.op === "listGrants" || s.op === "listRetirableGrants" || s.op === "getKeyLastUsage" || READ_ONLY_STEPS.has(s.op) ||
    (s.op === "keyOp" && READ_ONLY_KEY_OPS.has(s.name))
  );
}

// RSA pairs made at first use and RSA wrapping keys for imports take a fraction of a second each.
describe("change records", { timeout: 120_000 }, () => {
  it("replayed onto the snapshot before an operation give the snapshot after it", async () => {
    await fc.assert(
      fc.asyncProperty(history(30), async (steps) => {
        const changes: StateChange[] = [];
        const { kms, clock } = createTestKms({ changes: (change) => changes.push(change) });
        const world = new World();
        let before = kms.snapshot();
        for (const s of steps) {
          changes.length = 0;
          await play(kms, clock, world, s);
          const after = kms.snapshot();
          const records = JSON.parse(JSON.stringify(changes)) as StateChange[];
          const replayed = createKms({ state: JSON.parse(JSON.stringify(before)) as KmsSnapshot, replay: records, ...unusable });
          const exact = records.length > 0 ? withoutRandom : withoutInstant;
          expect(exact(replayed.snapshot()), JSON.stringify(s)).toBe(exact(after));
          const position = after.random?.position;
          if (position !== before.random?.position) expect(records.at(-1)?.random).toBe(position);
          if (isReadOnly(s) && withoutInstant(before) === withoutInstant(after) && position === before.random?.position) {
            expect(records, `${JSON.stringify(s)} changed nothing but emitted a record`).toEqual([]);
          }
          before = after;
        }
      }),
      { numRuns: 120, seed: 20261201 },
    );
  });

  it("a whole history replayed from an empty state gives the final state, and the KMS goes on identically", async () => {
    await fc.assert(
      fc.asyncProperty(history(40), async (steps) => {
        const changes: StateChange[] = [];
        const t = createTestKms({ seed: "replay", changes: (change) => changes.push(change) });
        const world = new World();
        const initial = t.kms.snapshot();
        for (const s of steps) await play(t.kms, t.clock, world, s);
        const replayed = createKms({ state: initial, replay: JSON.parse(JSON.stringify(changes)) as StateChange[], ...unusable });
        const final = t.kms.snapshot();
        expect(withoutInstant(replayed.snapshot())).toBe(withoutInstant(final));
        expect(replayed.snapshot().settledAt ?? -Infinity).toBeLessThanOrEqual(final.settledAt ?? -Infinity);
      }),
      { numRuns: 60, seed: 7 },
    );
  });

  it("read-only operations emit nothing; a seeded draw alone is a record of the random position", async () => {
    const changes: StateChange[] = [];
    const { kms } = createTestKms({ changes: (change) => changes.push(change) });
    const keyId = (await kms.createKey()).KeyMetadata?.KeyId as string;
    expect(changes).toHaveLength(1);
    expect(changes[0]?.keys?.[0]).toMatchObject({ keyId, seedsHex: expect.stringMatching(/^[0-9a-f]{128}$/) as unknown });
    changes.length = 0;
    await kms.describeKey({ KeyId: keyId });
    await kms.listKeys();
    await kms.getKeyRotationStatus({ KeyId: keyId });
    await kms.listKeyRotations({ KeyId: keyId });
    await kms.getKeyPolicy({ KeyId: keyId });
    expect(changes).toEqual([]);
    await kms.generateRandom({ NumberOfBytes: 8 });
    expect(changes).toEqual([{ format: "kms-sim-change", version: 3, settledAt: Date.parse("2026-01-01T00:00:00Z"), keySeq: 1, aliasSeq: 0, random: 16 + 64 + 8 }]);
  });

  it("a cryptographic request's record carries the key's usage: its use count, last use and the backing key's counters", async () => {
    const changes: StateChange[] = [];
    const { kms } = createTestKms({ changes: (change) => changes.push(change) });
    const keyId = (await kms.createKey()).KeyMetadata?.KeyId as string;
    changes.length = 0;
    await kms.encrypt({ KeyId: keyId, Plaintext: new Uint8Array([1]) });
    const at = Date.parse("2026-01-01T00:00:00Z");
    expect(changes).toEqual([
      {
        format: "kms-sim-change", version: 3, settledAt: at, keySeq: 1, aliasSeq: 0, random: 16 + 64 + 28,
        usage: [{
          keyId,
          usage: {
            uses: 1,
            last: { operation: "Encrypt", at, anchorKeyId: keyId, anchorSeq: 1 },
            trackingStartAt: null,
            materials: [
              { index: -1, encryptions: 1, dataKeys: 0, decryptions: 0, lastEncryptedAt: at, lastDecryptedAt: null },
              { index: 0, encryptions: 1, dataKeys: 0, decryptions: 0, lastEncryptedAt: at, lastDecryptedAt: null },
            ],
          },
        }],
      },
    ]);
  });

  it("a rotation's record carries the key's header and only its new version, not its past", async () => {
    const changes: StateChange[] = [];
    const { kms, clock } = createTestKms({ changes: (change) => changes.push(change) });
    const keyId = (await kms.createKey()).KeyMetadata?.KeyId as string;
    await kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 90 });
    clock.advance({ days: 270 });
    changes.length = 0;
    await kms.tick();
    expect(changes).toHaveLength(1);
    const [key] = changes[0]?.keys ?? [];
    expect(key?.seedsHex).toBeUndefined();
    expect(key?.history).toEqual({
      length: 4,
      current: 3,
      from: 1,
      made: [90, 180, 270].flatMap((d) => [Date.parse("2026-01-01T00:00:00Z") + d * 86_400_000, 1]),
      explicit: [],
    });
  });

  it("refuses a record of another format or version, or one that continues a key the state lacks", () => {
    const { kms } = createTestKms();
    const state = kms.snapshot();
    expect(() => createKms({ state, replay: [{ format: "nope" } as unknown as StateChange] })).toThrow(TypeError);
    expect(() => createKms({ state, replay: [{ format: "kms-sim-change", version: 9 } as unknown as StateChange] })).toThrow(
      "kms-sim change record version 9 is not supported: this build reads versions 2 and 3",
    );
    const orphan = {
      format: "kms-sim-change", version: 2, settledAt: null, keySeq: 1, aliasSeq: 0,
      keys: [{ keyId: "11111111-2222-4333-8444-555555555555", history: { from: 1, length: 2, current: 1, made: [0, 1], explicit: [] } }],
    } as unknown as StateChange;
    expect(() => createKms({ state, replay: [orphan] })).toThrow(
      "change record continues key 11111111-2222-4333-8444-555555555555, which the state does not hold",
    );
  });
});
