/**
 * Properties of Regions and multi-Region keys over random histories weighted towards families
 * (random-region-history.ts: ReplicateKey, UpdatePrimaryRegion, calls in every Region on family
 * members, imports of the same bytes, clock moves across Creating and Updating, which last 0 or 5 s):
 *
 * - nothing is lost: no key's history ever shrinks while the key exists, in any Region;
 * - families stay in step: every member of a family of AWS_KMS material holds its primary's versions
 *   and seeds, and every member of a family of imported material the same versions (ids, instants,
 *   current, pending rotation, descriptions), each with its own bytes;
 * - a failed call changes nothing, in any Region;
 * - no key is Enabled (or Updating) without all of its material, and only a key pending deletion
 *   has a deletion date;
 * - every ciphertext of a multi-Region key decrypts in every Region of its family where the key is
 *   usable, naming the local key.
 *
 * (Change records across Regions are checked by changes.test.ts, whose histories include
 * ReplicateKey, UpdatePrimaryRegion and calls in other Regions too.)
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { KeySnapshot, KmsSnapshot } from "../../src/index.js";
import { createTestKms } from "../support/create-test-kms.js";
import { history, play, REGIONS, World, type Step } from "../support/random-history.js";
import { regionHistory } from "../support/random-region-history.js";

/** Every Region's keys of a snapshot, by `region/keyId`. */
function keysOf(snapshot: KmsSnapshot): Map<string, KeySnapshot> {
  const keys = new Map<string, KeySnapshot>();
  for (const key of snapshot.keys) keys.set(`${snapshot.region}/${key.keyId}`, key);
  for (const region of snapshot.regions ?? []) for (const key of region.keys) keys.set(`${region.region}/${key.keyId}`, key);
  return keys;
}

/** Steps that are one call (not a clock move), including calls in another Region. */
function isCall(s: Step): boolean {
  return s.op !== "advance" && s.op !== "wait" && s.op !== "tick";
}

/**
 * True when the key has current material and every permanently associated imported material is
 * present. (AWS-generated material of asymmetric and HMAC keys comes from their seeds, not a history.)
 */
function hasAllMaterial(key: KeySnapshot): boolean {
  if (key.origin === "AWS_KMS" && key.keySpec !== "SYMMETRIC_DEFAULT") return true;
  if (key.history.current < 0) return false;
  return key.history.explicit.every((material) => material.import === null || material.import.pendingRotation || material.import.imported);
}

/** What the members of a family of imported material share: the versions, not the bytes or their expiry. */
function sharedVersions(key: KeySnapshot) {
  const { length, current, made, explicit } = key.history;
  return { length, current, made, explicit: explicit.map((m) => [m.index, m.id, m.import?.pendingRotation, m.import?.description]) };
}

describe("Regions over random histories", { timeout: 240_000 }, () => {
  it("lose no key material version, keep families in step, keep states consistent and change nothing on a failed call", async () => {
    // What the histories exercised, across the runs: a property that never replicates, moves a
    // primary or changes a key while it is Creating or Updating proves nothing about them.
    const counts = { failures: 0, replicaChecks: 0, importedChecks: 0, replicasMade: 0, primariesMoved: 0, changedInTransition: 0 };
    await fc.assert(
      fc.asyncProperty(regionHistory(30), async ({ steps, start, options }) => {
        const { kms, clock } = createTestKms({ seed: "regions", ...options });
        const world = new World();
        let previous = keysOf(kms.snapshot());

        /** Checks every key of `snapshot` against the one before `s` (at `position` in the history). */
        const check = (snapshot: KmsSnapshot, s: Step | "end", position: number): void => {
          const keys = keysOf(snapshot);
          const moved = new Set<string>();
          for (const [name, key] of keys) {
            const where = `${name} at ${JSON.stringify(s)}`;
            const earlier = previous.get(name);
            if (earlier !== undefined && key.origin === "AWS_KMS") {
              expect(key.history.length, `${where} lost versions`).toBeGreaterThanOrEqual(earlier.history.length);
            }
            if (key.state === "Enabled" || key.state === "Updating") expect(hasAllMaterial(key), `${where} is ${key.state} without its material`).toBe(true);
            if (key.deletionAt !== null) expect(["PendingDeletion", "PendingReplicaDeletion"], `${where} has a deletion date`).toContain(key.state);
            if (key.state === "PendingDeletion") expect(key.deletionAt, `${where} is PendingDeletion without a date`).not.toBeNull();
            if (key.pendingWindowDays !== null) expect(["PendingDeletion", "PendingReplicaDeletion"], `${where} has a waiting period`).toContain(key.state);
            if (key.transition !== undefined && key.state !== "Creating" && key.state !== "Updating" && earlier?.state !== key.state) counts.changedInTransition += 1;
            const link = key.multiRegion;
            if (link === undefined) continue;
            const region = name.slice(0, name.indexOf("/"));
            if (earlier === undefined && link.primaryRegion !== region && position >= start) counts.replicasMade += 1;
            if (earlier?.multiRegion !== undefined && earlier.multiRegion.primaryRegion !== link.primaryRegion) moved.add(key.keyId);
            const primary = keys.get(`${link.primaryRegion}/${key.keyId}`);
            expect(primary, `${where}: its primary is missing`).toBeDefined();
            expect(primary?.multiRegion, `${where}: its topology differs from its primary's`).toEqual(link);
            if (primary === undefined || primary === key) continue;
            if (key.origin === "AWS_KMS") {
              counts.replicaChecks += 1;
              expect(key.history, `${where} is out of step with its primary`).toEqual(primary.history);
              expect(key.seedsHex).toBe(primary.seedsHex);
            } else {
              counts.importedChecks += 1;
              expect(sharedVersions(key), `${where} is out of step with its primary`).toEqual(sharedVersions(primary));
            }
          }
          counts.primariesMoved += moved.size;
          previous = keys;
        };

        for (const [position, s] of steps.entries()) {
          let before: string | undefined;
          if (isCall(s)) {
            await kms.tick();
            before = JSON.stringify(kms.snapshot());
          }
          const result = await play(kms, clock, world, s);
          const snapshot = kms.snapshot();
          if (result !== null && before !== undefined) {
            counts.failures += 1;
            expect(JSON.stringify(snapshot), `${JSON.stringify(s)} failed with ${result} but changed the state`).toBe(before);
          }
          check(snapshot, s, position);
        }
        // Past the end of every Creating and Updating the history left.
        clock.advance({ seconds: 10 });
        await kms.tick();
        check(kms.snapshot(), "end", steps.length);
      }),
      { numRuns: 40, seed: 14 },
    );
    expect(counts.failures).toBeGreaterThan(300);
    expect(counts.replicaChecks).toBeGreaterThan(1000);
    expect(counts.importedChecks).toBeGreaterThan(100);
    expect(counts.replicasMade).toBeGreaterThan(20);
    expect(counts.primariesMoved).toBeGreaterThan(10);
    expect(counts.changedInTransition).toBeGreaterThan(3);
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
