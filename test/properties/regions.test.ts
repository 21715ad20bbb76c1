/**
 * Properties of Regions and multi-Region keys over random histories of every operation (the steps
 * of random-history.ts, ReplicateKey, UpdatePrimaryRegion and calls in other Regions among them):
 *
 * - nothing is lost: no key's history ever shrinks while the key exists, in any Region, and every
 *   member of a multi-Region family of AWS_KMS material holds the same versions as its primary;
 * - a failed call changes nothing, in any Region;
 * - every ciphertext of a multi-Region key decrypts in every Region of its family where the key is
 *   usable, naming the local key.
 *
 * (Change records across Regions are checked by changes.test.ts, whose histories include these steps.)
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { KeySnapshot, KmsSnapshot } from "../../src/index.js";
import { createTestKms } from "../support/create-test-kms.js";
import { history, play, REGIONS, World, type Step } from "../support/random-history.js";

/** Every Region's keys of a snapshot, by `region/keyId`. */
function keysOf(snapshot: KmsSnapshot): Map<string, KeySnapshot> {
  const keys = new Map<string, KeySnapshot>();
  for (const key of snapshot.keys) keys.set(`${snapshot.region}/${key.keyId}`, key);
  for (const region of snapshot.regions ?? []) for (const key of region.keys) keys.set(`${region.region}/${key.keyId}`, key);
  return keys;
}

/** Steps that are one call (not a clock move), including calls in another Region. */
function isCall(s: Step): boolean {
  return s.op !== "advance" && s.op !== "tick";
}

describe("Regions over random histories", { timeout: 240_000 }, () => {
  it("lose no key material version, keep families in step, and change nothing on a failed call", async () => {
    let failures = 0;
    let replicated = 0;
    await fc.assert(
      fc.asyncProperty(history(30), async (steps) => {
        const { kms, clock } = createTestKms({ seed: "regions" });
        const world = new World();
        let previous = keysOf(kms.snapshot());
        for (const s of steps) {
          let before: string | undefined;
          if (isCall(s)) {
            await kms.tick();
            before = JSON.stringify(kms.snapshot());
          }
          const result = await play(kms, clock, world, s);
          const snapshot = kms.snapshot();
          if (result !== null && before !== undefined) {
            failures += 1;
            expect(JSON.stringify(snapshot), `${JSON.stringify(s)} failed with ${result} but changed the state`).toBe(before);
          }
          const keys = keysOf(snapshot);
          for (const [name, key] of keys) {
            const earlier = previous.get(name);
            if (earlier !== undefined && key.origin === "AWS_KMS") {
              expect(key.history.length, `${name} lost versions at ${JSON.stringify(s)}`).toBeGreaterThanOrEqual(earlier.history.length);
            }
            const link = key.multiRegion;
            if (link === undefined || key.origin !== "AWS_KMS") continue;
            const primary = keys.get(`${link.primaryRegion}/${key.keyId}`);
            expect(primary, `${name}'s primary is missing`).toBeDefined();
            expect(primary?.multiRegion).toEqual(link);
            if (primary !== key) {
              replicated += 1;
              expect(key.history, `${name} is out of step with its primary`).toEqual(primary?.history);
              expect(key.seedsHex).toBe(primary?.seedsHex);
            }
          }
          previous = keys;
        }
      }),
      { numRuns: 50, seed: 14 },
    );
    expect(failures).toBeGreaterThan(100);
    expect(replicated).toBeGreaterThan(100);
  });

  it("a ciphertext of a multi-Region key decrypts in every Region of its family where the key is Enabled", async () => {
    let total = 0;
    await fc.assert(
      fc.asyncProperty(history(25), async (steps) => {
        const { kms, clock } = createTestKms({ seed: "family" });
        const world = new World();
        for (const s of steps) await play(kms, clock, world, s);
        await kms.tick();
        // Ciphertexts made now in every Region under the history's first multi-Region key too.
        const first = world.keyIds[6] as string;
        for (const region of REGIONS.slice(0, 3)) {
          await kms
            .inRegion(region)
            .encrypt({ KeyId: first, Plaintext: new Uint8Array([region.length]) })
            .then((made) => world.blobs.push({ blob: made.CiphertextBlob as Uint8Array, context: undefined }))
            .catch(() => undefined);
        }
        const keys = keysOf(kms.snapshot());
        let checked = 0;
        for (const { blob, context } of world.blobs) {
          // Format 2 blobs name a multi-Region key by form byte 1 and its 16 hex bytes.
          if (blob[0] !== 2 || blob[1] !== 1) continue;
          const keyId = `mrk-${Buffer.from(blob.subarray(2, 18)).toString("hex")}`;
          const outcomes = new Map<string, { keyArn?: string; plaintext?: number[]; error?: string }>();
          for (const region of REGIONS.slice(0, 3)) {
            try {
              const opened = await kms.inRegion(region).decrypt({ CiphertextBlob: blob, ...(context ? { EncryptionContext: context } : {}) });
              outcomes.set(region, { keyArn: opened.KeyId as string, plaintext: Array.from(opened.Plaintext ?? []) });
            } catch (error) {
              outcomes.set(region, { error: (error as Error).name });
            }
          }
          const anyOpened = [...outcomes.values()].find((o) => o.plaintext !== undefined);
          if (anyOpened === undefined) continue;
          for (const [region, o] of outcomes) {
            const key = keys.get(`${region}/${keyId}`);
            if (key?.state === "Enabled" || key?.state === "Updating") {
              checked += 1;
              expect(o, `${keyId} in ${region}`).toEqual({ keyArn: `arn:aws:kms:${region}:111122223333:key/${keyId}`, plaintext: anyOpened.plaintext });
            } else if (key === undefined) {
              expect(o.error, `${keyId} has no key in ${region}`).toBeDefined();
            }
          }
        }
        total += checked;
      }),
      { numRuns: 80, seed: 1414 },
    );
    expect(total).toBeGreaterThan(40);
  });
});
