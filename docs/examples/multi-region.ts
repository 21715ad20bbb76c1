// Regions and multi-Region keys: a primary in us-east-1, replicas in eu-west-1 and ap-southeast-2,
// one 90-day rotation reaching all three at the same instant, a ciphertext older than three
// rotations opening in every Region, and the primary moving to eu-west-1.
import assert from "node:assert/strict";
import { UnsupportedOperationException, createKms, type KmsEvent } from "kms-sim";
import { ManualClock, seededRandom } from "kms-sim/testing";

const events: KmsEvent[] = [];
const clock = new ManualClock(new Date("2026-01-01T00:00:00Z"));
const east = createKms({ region: "us-east-1", clock, random: seededRandom("regions"), events: (e) => events.push(e) });
const west = east.inRegion("eu-west-1");
const sydney = east.inRegion("ap-southeast-2");

// Each Region has its own keys: a single-Region key of us-east-1 does not exist in eu-west-1.
const local = (await east.createKey()).KeyMetadata!.KeyId;
await assert.rejects(west.describeKey({ KeyId: local }), { name: "NotFoundException" });

// A multi-Region key and two replicas; replicas are Creating for 5 s (replicaCreationDurationMs).
const keyId = (await east.createKey({ MultiRegion: true, Description: "orders" })).KeyMetadata!.KeyId;
assert.match(keyId, /^mrk-[0-9a-f]{32}$/);
await east.replicateKey({ KeyId: keyId, ReplicaRegion: "eu-west-1" });
await east.replicateKey({ KeyId: keyId, ReplicaRegion: "ap-southeast-2" });
assert.equal((await west.describeKey({ KeyId: keyId })).KeyMetadata!.KeyState, "Creating");
clock.advance({ seconds: 5 });
assert.equal((await west.describeKey({ KeyId: keyId })).KeyMetadata!.KeyState, "Enabled");

// Rotation is set on the primary only; replicas report it and refuse to change it.
await east.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 90 });
assert.deepEqual((await sydney.getKeyRotationStatus({ KeyId: keyId })).NextRotationDate, new Date("2026-04-01T00:00:05Z"));
await assert.rejects(west.enableKeyRotation({ KeyId: keyId }), UnsupportedOperationException);

const old = (await east.encrypt({ KeyId: keyId, Plaintext: new TextEncoder().encode("invoice 1") })).CiphertextBlob!;

// 270 days: three rotations, each applied to the primary and both replicas at the same instant.
clock.advance({ days: 270 });
await east.tick();
const rotations = events.filter((e) => e["detail-type"] === "KMS CMK Rotation");
assert.equal(rotations.length, 9);
assert.deepEqual(rotations.slice(0, 3).map((e) => [e.time, e.region]), [
  ["2026-04-01T00:00:05.000Z", "us-east-1"],
  ["2026-04-01T00:00:05.000Z", "eu-west-1"],
  ["2026-04-01T00:00:05.000Z", "ap-southeast-2"],
]);

// The old ciphertext opens in every Region, each answering with its own key ARN.
for (const kms of [east, west, sydney]) {
  const { KeyId, Plaintext } = await kms.decrypt({ CiphertextBlob: old });
  assert.equal(new TextDecoder().decode(Plaintext), "invoice 1");
  console.log(KeyId);
}

// The primary moves: both keys are Updating for 5 s, then eu-west-1 keeps the schedule.
await east.updatePrimaryRegion({ KeyId: keyId, PrimaryRegion: "eu-west-1" });
clock.advance({ seconds: 5 });
const status = await west.getKeyRotationStatus({ KeyId: keyId });
assert.deepEqual(status.NextRotationDate, new Date("2026-12-27T00:00:05Z"));
assert.equal(status.KeyId, `arn:aws:kms:eu-west-1:111122223333:key/${keyId}`);
// The former primary is listed last among the replicas.
const replicas = (await west.describeKey({ KeyId: keyId })).KeyMetadata!.MultiRegionConfiguration!.ReplicaKeys!;
assert.deepEqual(replicas.map((r) => r.Region), ["ap-southeast-2", "us-east-1"]);
await west.rotateKeyOnDemand({ KeyId: keyId });
const described = (await east.describeKey({ KeyId: keyId })).KeyMetadata!;
assert.equal(described.MultiRegionConfiguration!.MultiRegionKeyType, "REPLICA");
assert.equal(described.CurrentKeyMaterialId, (await west.describeKey({ KeyId: keyId })).KeyMetadata!.CurrentKeyMaterialId);
console.log(`${keyId}: ${(await sydney.listKeyRotations({ KeyId: keyId })).Rotations!.length} rotations in every Region`);
