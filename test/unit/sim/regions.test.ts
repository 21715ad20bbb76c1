/**
 * The simulation kit across Regions: one audit trail for the account whose records name the Region
 * that served each call, looked up per Region as CloudTrail's event history is; usage per Region; forks of every Region with multi-Region families kept
 * sharing one history on both sides, and usage in every Region's part of a snapshot.
 */
import { describe, expect, it } from "vitest";
import { createKms, type CloudTrailRecord, type Kms } from "../../../src/index.js";
import { fork, lookupEvents } from "../../../src/sim/index.js";
import { ManualClock } from "../../../src/testing/index.js";
import { at, createTestKms, newKeyId } from "../../support/create-test-kms.js";
import { usageEventId } from "../../support/request-ids.js";

const ACCOUNT = "111122223333";
const arnIn = (region: string, keyId: string) => `arn:aws:kms:${region}:${ACCOUNT}:key/${keyId}`;
const bytes = new Uint8Array([1, 2, 3]);

/** A us-east-1 primary replicated to eu-west-1 (ready at once). */
async function family(options: Parameters<typeof createTestKms>[0] = {}) {
  const test = createTestKms({ replicaCreationDurationMs: 0, ...options });
  const keyId = await newKeyId(test.kms, { MultiRegion: true });
  await test.kms.replicateKey({ KeyId: keyId, ReplicaRegion: "eu-west-1" });
  return { ...test, east: test.kms, west: test.kms.inRegion("eu-west-1"), keyId };
}

async function records(kms: Kms, eventName?: string): Promise<CloudTrailRecord[]> {
  const request = eventName === undefined ? {} : { LookupAttributes: [{ AttributeKey: "EventName" as const, AttributeValue: eventName }] };
  return (await lookupEvents(kms, request)).Events.map((event) => JSON.parse(event.CloudTrailEvent as string) as CloudTrailRecord);
}

async function rotationsOf(kms: Kms, keyId: string): Promise<number> {
  return (await kms.listKeyRotations({ KeyId: keyId })).Rotations?.length ?? 0;
}

describe("the audit trail across Regions", () => {
  it("is the account's; each record names the Region that served its call, and each Region looks up its own", async () => {
    const { east, west, keyId, clock } = await family({ audit: true });
    // Each Region's view of the one trail, the same object each time.
    expect(west.auditTrail()).toBe(west.auditTrail());
    expect(west.auditTrail()).not.toBe(east.auditTrail());
    expect(west.auditTrail()?.length).toBe(east.auditTrail()?.length);
    clock.advance({ hours: 1 });
    await west.encrypt({ KeyId: keyId, Plaintext: bytes });
    await east.encrypt({ KeyId: keyId, Plaintext: bytes });
    await west.disableKey({ KeyId: keyId });

    const [replicate] = await records(east, "ReplicateKey");
    expect(replicate?.awsRegion).toBe("us-east-1");
    expect(replicate?.resources).toEqual([{ accountId: ACCOUNT, type: "AWS::KMS::Key", ARN: arnIn("us-east-1", keyId) }]);
    expect(await records(west, "ReplicateKey")).toEqual([]);
    const [westEncrypt, ...moreWest] = await records(west, "Encrypt");
    const [eastEncrypt, ...moreEast] = await records(east, "Encrypt");
    expect([moreWest, moreEast]).toEqual([[], []]);
    expect([westEncrypt?.awsRegion, westEncrypt?.resources[0]?.ARN]).toEqual(["eu-west-1", arnIn("eu-west-1", keyId)]);
    expect([eastEncrypt?.awsRegion, eastEncrypt?.resources[0]?.ARN]).toEqual(["us-east-1", arnIn("us-east-1", keyId)]);
    // Each Region counts its key's uses: both are the first use, told apart by their Region.
    const when = at("2026-01-01T01:00:00Z");
    expect(westEncrypt?.eventID).toBe(usageEventId("Encrypt", when, keyId, 1, "eu-west-1"));
    expect(eastEncrypt?.eventID).toBe(usageEventId("Encrypt", when, keyId, 1));
    expect((await west.getKeyLastUsage({ KeyId: keyId })).KeyLastUsage?.CloudTrailEventId).toBe(westEncrypt?.eventID);
    expect((await east.getKeyLastUsage({ KeyId: keyId })).KeyLastUsage?.CloudTrailEventId).toBe(eastEncrypt?.eventID);
    // The replica's key id is the primary's: a lookup by it finds its own Region's events only.
    const byKey = async (kms: Kms) =>
      (await lookupEvents(kms, { LookupAttributes: [{ AttributeKey: "ResourceName", AttributeValue: keyId }] })).Events.map((e) => e.EventName);
    expect(await byKey(east)).toEqual(["CreateKey", "ReplicateKey", "Encrypt", "GetKeyLastUsage"]);
    expect(await byKey(west)).toEqual(["Encrypt", "DisableKey", "GetKeyLastUsage"]);
  });

  it("records a multi-Region rotation once per Region, each in its own Region with its own event id", async () => {
    const { east, west, keyId, clock } = await family({ audit: true });
    await east.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 90 });
    clock.advance({ days: 90 });
    await east.tick();
    const [eastRotation, ...moreEast] = await records(east, "RotateKey");
    const [westRotation, ...moreWest] = await records(west, "RotateKey");
    expect([moreEast, moreWest]).toEqual([[], []]);
    expect([eastRotation, westRotation].map((r) => [r?.eventType, r?.awsRegion, r?.resources[0]?.ARN, r?.eventTime])).toEqual([
      ["AwsServiceEvent", "us-east-1", arnIn("us-east-1", keyId), "2026-04-01T00:00:00Z"],
      ["AwsServiceEvent", "eu-west-1", arnIn("eu-west-1", keyId), "2026-04-01T00:00:00Z"],
    ]);
    expect(eastRotation?.serviceEventDetails).toEqual(westRotation?.serviceEventDetails);
    expect(eastRotation?.eventID).not.toBe(westRotation?.eventID);
  });
});

describe("forks across Regions", () => {
  it("fork every Region; a replica rotates with its primary in the fork and in the parent, apart", async () => {
    const { east, west, keyId, clock } = await family();
    const { CiphertextBlob } = await west.encrypt({ KeyId: keyId, Plaintext: bytes });
    const childClock = new ManualClock(clock.now());
    const child = fork(west, { clock: childClock });
    expect(child.region).toBe("eu-west-1");
    const childEast = child.inRegion("us-east-1");
    expect(child.snapshot()).toEqual(east.snapshot());

    await childEast.rotateKeyOnDemand({ KeyId: keyId });
    expect([await rotationsOf(childEast, keyId), await rotationsOf(child, keyId)]).toEqual([1, 1]);
    expect([await rotationsOf(east, keyId), await rotationsOf(west, keyId)]).toEqual([0, 0]);

    await east.rotateKeyOnDemand({ KeyId: keyId });
    await east.rotateKeyOnDemand({ KeyId: keyId });
    expect([await rotationsOf(east, keyId), await rotationsOf(west, keyId)]).toEqual([2, 2]);
    expect([await rotationsOf(childEast, keyId), await rotationsOf(child, keyId)]).toEqual([1, 1]);

    // Ciphertexts of the new material of either side decrypt in the other Region of the same side.
    const fromChild = await child.encrypt({ KeyId: keyId, Plaintext: bytes });
    expect((await childEast.decrypt({ CiphertextBlob: fromChild.CiphertextBlob })).Plaintext).toEqual(bytes);
    const fromParent = await east.encrypt({ KeyId: keyId, Plaintext: bytes });
    expect((await west.decrypt({ CiphertextBlob: fromParent.CiphertextBlob })).Plaintext).toEqual(bytes);
    expect((await childEast.decrypt({ CiphertextBlob })).Plaintext).toEqual(bytes);
    expect((await child.getKeyLastUsage({ KeyId: keyId })).KeyLastUsage?.Operation).toBe("Encrypt");
  });

  it("fork the trail of the account: the fork's records go on in every Region, the parent's stay as they were", async () => {
    const { east, west, keyId, clock } = await family({ audit: true });
    const child = fork(east, { clock: new ManualClock(clock.now()) });
    const before = (await records(east)).length;
    await child.inRegion("eu-west-1").encrypt({ KeyId: keyId, Plaintext: bytes });
    expect((await records(east)).length).toBe(before);
    const [encrypt] = await records(child.inRegion("eu-west-1"), "Encrypt");
    expect(encrypt?.awsRegion).toBe("eu-west-1");
    await west.disableKey({ KeyId: keyId });
    expect((await records(west, "DisableKey")).length).toBe(1);
    expect((await records(child.inRegion("eu-west-1"), "DisableKey")).length).toBe(0);
  });
});

describe("usage in snapshots across Regions", () => {
  it("each Region's part carries its keys' usage, and a restored KMS reports it", async () => {
    const { east, west, keyId, clock } = await family();
    clock.advance({ days: 1 });
    await west.encrypt({ KeyId: keyId, Plaintext: bytes });
    const snapshot = east.snapshot();
    expect(snapshot.keys[0]?.usage).toBeNull();
    expect(snapshot.regions?.[0]?.keys[0]?.usage?.uses).toBe(1);
    const restored = createKms({ state: JSON.parse(JSON.stringify(snapshot)), clock: new ManualClock(clock.now()) });
    const restoredWest = restored.inRegion("eu-west-1");
    expect(await restoredWest.getKeyLastUsage({ KeyId: keyId })).toEqual(await west.getKeyLastUsage({ KeyId: keyId }));
    expect((await restored.getKeyLastUsage({ KeyId: keyId })).KeyLastUsage).toEqual({});
  });
});
