/**
 * The transient states of multi-Region keys through the public API: `Creating` after ReplicateKey
 * and `Updating` after UpdatePrimaryRegion, for exactly the configured time on a manual clock; what
 * UpdatePrimaryRegion checks (AWS's messages, reference key-types-multi-region.md §5); and keys
 * whose state an operation or an event changes while they are in one of those states.
 */
import { describe, expect, it } from "vitest";
import { DisabledException, KMSInvalidStateException, LimitExceededException, NotFoundException, type Kms } from "../../src/index.js";
import { createTestKms, expectError, newKeyId } from "../support/create-test-kms.js";
import { importMaterial, importParameters } from "../support/key-type-service.js";
import { arnIn, family, text } from "../support/multi-region.js";

const stateOf = async (kms: Kms, keyId: string) => (await kms.describeKey({ KeyId: keyId })).KeyMetadata?.KeyState;

describe("Creating and Updating last exactly as configured", () => {
  it("replicaCreationDurationMs 60 s and primaryRegionUpdateDurationMs 90 s: each state ends at its instant", async () => {
    const { kms: east, clock } = createTestKms({ replicaCreationDurationMs: 60_000, primaryRegionUpdateDurationMs: 90_000 });
    const west = east.inRegion("eu-west-1");
    const keyId = await newKeyId(east, { MultiRegion: true });
    await east.replicateKey({ KeyId: keyId, ReplicaRegion: "eu-west-1" });
    clock.set(new Date("2026-01-01T00:00:59.999Z"));
    expect(await stateOf(west, keyId)).toBe("Creating");
    await expectError(east.updatePrimaryRegion({ KeyId: keyId, PrimaryRegion: "eu-west-1" }), KMSInvalidStateException, `${arnIn("eu-west-1", keyId)} is creating.`);
    clock.set(new Date("2026-01-01T00:01:00.000Z"));
    expect(await stateOf(west, keyId)).toBe("Enabled");
    await east.updatePrimaryRegion({ KeyId: keyId, PrimaryRegion: "eu-west-1" });
    clock.set(new Date("2026-01-01T00:02:29.999Z"));
    expect([await stateOf(east, keyId), await stateOf(west, keyId)]).toEqual(["Updating", "Updating"]);
    clock.set(new Date("2026-01-01T00:02:30.000Z"));
    expect([await stateOf(east, keyId), await stateOf(west, keyId)]).toEqual(["Enabled", "Enabled"]);
    expect((await west.describeKey({ KeyId: keyId })).KeyMetadata?.MultiRegionConfiguration?.MultiRegionKeyType).toBe("PRIMARY");
  });

  it("durations of 0: the replica is Enabled within ReplicateKey and the primary moves within UpdatePrimaryRegion", async () => {
    const { kms: east } = createTestKms({ replicaCreationDurationMs: 0, primaryRegionUpdateDurationMs: 0 });
    const west = east.inRegion("eu-west-1");
    const keyId = await newKeyId(east, { MultiRegion: true });
    const made = await east.replicateKey({ KeyId: keyId, ReplicaRegion: "eu-west-1" });
    expect(made.ReplicaKeyMetadata).toMatchObject({ KeyState: "Enabled", Enabled: true });
    expect(made.ReplicaKeyMetadata?.CurrentKeyMaterialId).toBe((await east.describeKey({ KeyId: keyId })).KeyMetadata?.CurrentKeyMaterialId);
    await east.updatePrimaryRegion({ KeyId: keyId, PrimaryRegion: "eu-west-1" });
    expect((await east.describeKey({ KeyId: keyId })).KeyMetadata).toMatchObject({ KeyState: "Enabled", MultiRegionConfiguration: { MultiRegionKeyType: "REPLICA" } });
    expect((await west.describeKey({ KeyId: keyId })).KeyMetadata).toMatchObject({ KeyState: "Enabled", MultiRegionConfiguration: { MultiRegionKeyType: "PRIMARY" } });
  });

  it("a replica still Creating reports its primary's rotation setting, under its own ARN", async () => {
    const { kms: east } = createTestKms();
    const keyId = await newKeyId(east, { MultiRegion: true });
    await east.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 180 });
    await east.replicateKey({ KeyId: keyId, ReplicaRegion: "eu-west-1" });
    const west = east.inRegion("eu-west-1");
    expect(await stateOf(west, keyId)).toBe("Creating");
    expect(await west.getKeyRotationStatus({ KeyId: keyId })).toEqual({
      KeyId: arnIn("eu-west-1", keyId),
      KeyRotationEnabled: true,
      RotationPeriodInDays: 180,
      NextRotationDate: new Date("2026-06-30T00:00:00.000Z"),
    });
  });
});

describe("UpdatePrimaryRegion", () => {
  it("to the Region the primary is in: success that changes nothing", async () => {
    const { east, keyId } = await family();
    await east.tick();
    const before = JSON.stringify(east.snapshot());
    expect(await east.updatePrimaryRegion({ KeyId: keyId, PrimaryRegion: "us-east-1" })).toEqual({});
    expect(JSON.stringify(east.snapshot())).toBe(before);
    expect((await east.describeKey({ KeyId: keyId })).KeyMetadata).toMatchObject({ KeyState: "Enabled", MultiRegionConfiguration: { MultiRegionKeyType: "PRIMARY" } });
  });

  it("refuses a disabled primary, then a disabled replica, naming that key, and changes nothing", async () => {
    const { east, west, keyId } = await family();
    await east.disableKey({ KeyId: keyId });
    await west.disableKey({ KeyId: keyId });
    await east.tick();
    const before = JSON.stringify(east.snapshot());
    // Both disabled: the primary is named (AWS checks it first).
    await expectError(east.updatePrimaryRegion({ KeyId: keyId, PrimaryRegion: "eu-west-1" }), DisabledException, `${arnIn("us-east-1", keyId)} is disabled.`);
    expect(JSON.stringify(east.snapshot())).toBe(before);
    await east.enableKey({ KeyId: keyId });
    const enabled = JSON.stringify(east.snapshot());
    await expectError(east.updatePrimaryRegion({ KeyId: keyId, PrimaryRegion: "eu-west-1" }), DisabledException, `${arnIn("eu-west-1", keyId)} is disabled.`);
    expect(JSON.stringify(east.snapshot())).toBe(enabled);
    expect((await west.describeKey({ KeyId: keyId })).KeyMetadata?.MultiRegionConfiguration?.MultiRegionKeyType).toBe("REPLICA");
  });

  it("refuses a replica pending deletion: <replica arn> is pending deletion.", async () => {
    const { east, west, keyId } = await family();
    await west.scheduleKeyDeletion({ KeyId: keyId, PendingWindowInDays: 7 });
    const before = JSON.stringify(east.snapshot());
    await expectError(east.updatePrimaryRegion({ KeyId: keyId, PrimaryRegion: "eu-west-1" }), KMSInvalidStateException, `${arnIn("eu-west-1", keyId)} is pending deletion.`);
    expect(JSON.stringify(east.snapshot())).toBe(before);
  });

  it("the new primary keeps the count of on-demand rotations against the limit", async () => {
    const { east, west, keyId, clock } = await family({ onDemandRotationLimit: 2 });
    await east.rotateKeyOnDemand({ KeyId: keyId });
    await east.rotateKeyOnDemand({ KeyId: keyId });
    await east.updatePrimaryRegion({ KeyId: keyId, PrimaryRegion: "eu-west-1" });
    clock.advance({ seconds: 5 });
    await expectError(
      west.rotateKeyOnDemand({ KeyId: keyId }),
      LimitExceededException,
      `The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: ${arnIn("eu-west-1", keyId)}`,
    );
    expect((await west.listKeyRotations({ KeyId: keyId })).Rotations).toHaveLength(2);
  });
});

describe("a key whose state changes while Updating keeps the new state when the update ends", () => {
  it("ScheduleKeyDeletion on the old primary: PendingDeletion with its DeletionDate, then deleted on that date", async () => {
    const { east, west, sydney, keyId, clock } = await family();
    await east.updatePrimaryRegion({ KeyId: keyId, PrimaryRegion: "eu-west-1" });
    expect(await east.scheduleKeyDeletion({ KeyId: keyId, PendingWindowInDays: 7 })).toEqual({
      KeyId: arnIn("us-east-1", keyId),
      DeletionDate: new Date("2026-01-08T00:00:05.000Z"),
      KeyState: "PendingDeletion",
      PendingWindowInDays: 7,
    });
    clock.advance({ seconds: 5 });
    expect((await east.describeKey({ KeyId: keyId })).KeyMetadata).toMatchObject({
      KeyState: "PendingDeletion",
      Enabled: false,
      DeletionDate: new Date("2026-01-08T00:00:05.000Z"),
    });
    expect(await stateOf(west, keyId)).toBe("Enabled");
    clock.set(new Date("2026-01-08T00:00:04.999Z"));
    expect(await stateOf(east, keyId)).toBe("PendingDeletion");
    clock.set(new Date("2026-01-08T00:00:05.000Z"));
    await expectError(east.describeKey({ KeyId: keyId }), NotFoundException, `Key '${arnIn("us-east-1", keyId)}' does not exist`);
    expect((await sydney.describeKey({ KeyId: keyId })).KeyMetadata?.MultiRegionConfiguration?.ReplicaKeys).toEqual([
      { Arn: arnIn("ap-southeast-2", keyId), Region: "ap-southeast-2" },
    ]);
  });

  it("DeleteImportedKeyMaterial: PendingImport stays, and the key refuses Encrypt as pending import", async () => {
    const { kms: east, clock } = createTestKms({ replicaCreationDurationMs: 0 });
    const west = east.inRegion("eu-west-1");
    const keyId = await newKeyId(east, { Origin: "EXTERNAL", MultiRegion: true });
    const material = new Uint8Array(32).fill(7);
    const materialId = (await importMaterial(east, keyId, material)).KeyMaterialId;
    await east.replicateKey({ KeyId: keyId, ReplicaRegion: "eu-west-1" });
    await importMaterial(west, keyId, material);
    await east.updatePrimaryRegion({ KeyId: keyId, PrimaryRegion: "eu-west-1" });
    expect(await west.deleteImportedKeyMaterial({ KeyId: keyId })).toEqual({ KeyId: arnIn("eu-west-1", keyId), KeyMaterialId: materialId });
    expect(await stateOf(west, keyId)).toBe("PendingImport");
    clock.advance({ seconds: 5 });
    expect((await west.describeKey({ KeyId: keyId })).KeyMetadata).toMatchObject({ KeyState: "PendingImport", Enabled: false });
    await expectError(west.encrypt({ KeyId: keyId, Plaintext: text.encode("x") }), KMSInvalidStateException, `${arnIn("eu-west-1", keyId)} is pending import.`);
    // The other Region's copy of the material is its own.
    expect(await stateOf(east, keyId)).toBe("Enabled");
  });

  it("imported material expiring: PendingImport stays, with the expiration event at ValidTo", async () => {
    const { kms: east, clock, events } = createTestKms({ replicaCreationDurationMs: 0 });
    const west = east.inRegion("eu-west-1");
    const keyId = await newKeyId(east, { Origin: "EXTERNAL", MultiRegion: true });
    const material = new Uint8Array(32).fill(7);
    const parameters = await importParameters(east, keyId);
    const { KeyMaterialId } = await importMaterial(east, keyId, material, {
      parameters,
      request: { ExpirationModel: "KEY_MATERIAL_EXPIRES", ValidTo: new Date("2026-01-02T00:00:00.000Z") },
    });
    await east.replicateKey({ KeyId: keyId, ReplicaRegion: "eu-west-1" });
    await importMaterial(west, keyId, material);
    clock.set(new Date("2026-01-01T23:59:58.000Z"));
    await east.updatePrimaryRegion({ KeyId: keyId, PrimaryRegion: "eu-west-1" });
    clock.set(new Date("2026-01-02T00:00:03.000Z"));
    expect((await east.describeKey({ KeyId: keyId })).KeyMetadata).toMatchObject({ KeyState: "PendingImport", Enabled: false });
    await expectError(east.encrypt({ KeyId: keyId, Plaintext: text.encode("x") }), KMSInvalidStateException, `${arnIn("us-east-1", keyId)} is pending import.`);
    expect(events.filter((event) => event["detail-type"] === "KMS Imported Key Material Expiration").map((event) => [event.time, event.region, event.detail])).toEqual([
      ["2026-01-02T00:00:00.000Z", "us-east-1", { "key-id": keyId, "key-material-id": KeyMaterialId }],
    ]);
    expect(await stateOf(west, keyId)).toBe("Enabled");
  });
});
