// What-if forks: two policies over the same future, side by side, and how they differ.
import assert from "node:assert/strict";
import { createKms } from "kms-sim";
import { ManualClock, seededRandom } from "kms-sim/testing";
import { diff, fork } from "kms-sim/sim";

const clock = new ManualClock(new Date("2026-01-01T00:00:00Z"));
const kms = createKms({ clock, random: seededRandom("forks"), audit: true });
const tenants: string[] = [];
for (let i = 0; i < 3; i++) {
  const keyId = (await kms.createKey({ Description: `tenant ${i}` })).KeyMetadata!.KeyId;
  await kms.enableKeyRotation({ KeyId: keyId }); // 365 days
  tenants.push(keyId);
}

// Policy B rotates every 180 days and retires churned tenants' keys; A keeps today's policy.
const a = fork(kms, { clock: new ManualClock(clock.now()) });
const bClock = new ManualClock(clock.now());
const b = fork(kms, { clock: bClock });
for (const keyId of tenants) await b.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 180 });
await b.scheduleKeyDeletion({ KeyId: tenants[2]!, PendingWindowInDays: 30 });
bClock.advance({ years: 1 });
await b.tick();

// The fork and its parent never affect each other: the parent has not moved.
assert.equal((await kms.listKeyRotations({ KeyId: tenants[0]! })).Rotations?.length, 0);
const differences = await diff(a, b);
assert.deepEqual(differences.Keys.map((k) => k.KeyId), tenants);
assert.deepEqual(differences.Keys[2]!.Differences, ["only in the first KMS"]);
assert.ok(differences.Keys[0]!.Differences.includes("rotations: 0 -> 2"));
for (const key of differences.Keys) console.log(key.KeyId, key.Differences.join("; "));
