// Rotation: schedule, period changes, a disabled key's catch-up, on-demand rotation, events.
import assert from "node:assert/strict";
import { createKms, type KmsEvent } from "kms-sim";
import { ManualClock, seededRandom } from "kms-sim/testing";

const events: KmsEvent[] = [];
const clock = new ManualClock(new Date("2026-01-01T00:00:00Z"));
const kms = createKms({ clock, random: seededRandom("rotation"), events: (e) => events.push(e) });
const keyId = (await kms.createKey()).KeyMetadata!.KeyId;

await kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 180 });
assert.deepEqual((await kms.getKeyRotationStatus({ KeyId: keyId })).NextRotationDate, new Date("2026-06-30T00:00:00Z"));

// Disabled across its rotation date: no rotation; enabled again with a backing key older than the
// period: it rotates at that instant, and the schedule continues from there.
clock.advance({ days: 100 });
await kms.disableKey({ KeyId: keyId });
clock.advance({ days: 200 });
assert.equal((await kms.tick()).length, 0);
await kms.enableKey({ KeyId: keyId });
assert.equal(events.at(-1)?.time, "2026-10-28T00:00:00.000Z");
assert.deepEqual((await kms.getKeyRotationStatus({ KeyId: keyId })).NextRotationDate, new Date("2027-04-26T00:00:00Z"));

// On demand: now, without moving NextRotationDate.
await kms.rotateKeyOnDemand({ KeyId: keyId });
const rotations = (await kms.listKeyRotations({ KeyId: keyId })).Rotations ?? [];
assert.deepEqual(rotations.map((r) => r.RotationType), ["AUTOMATIC", "ON_DEMAND"]);
for (const event of events) console.log(event.time, event["detail-type"], event.detail["key-id"].slice(0, 8));
