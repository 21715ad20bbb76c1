/**
 * Deleting members of a multi-Region key through the public API: a primary waits for its replicas
 * in PendingReplicaDeletion, what the family reports and refuses meanwhile, exact dates on a manual
 * clock and AWS's messages (reference key-types-multi-region.md §5, captures `multi_region`).
 */
import { describe, expect, it } from "vitest";
import { AlreadyExistsException, NotFoundException } from "../../src/index.js";
import { createTestKms, expectError, newKeyId } from "../support/create-test-kms.js";
import { importMaterial } from "../support/key-type-service.js";
import { arnIn, family } from "../support/multi-region.js";

describe("deletion of multi-Region keys", () => {
  it("ReplicateKey to a Region whose replica is pending deletion: AlreadyExistsException, nothing made", async () => {
    const { east, west, keyId } = await family();
    await west.scheduleKeyDeletion({ KeyId: keyId, PendingWindowInDays: 7 });
    await east.tick();
    const before = JSON.stringify(east.snapshot());
    await expectError(east.replicateKey({ KeyId: keyId, ReplicaRegion: "eu-west-1" }), AlreadyExistsException, "You can create only one replica of each primary key in each AWS Region.");
    expect(JSON.stringify(east.snapshot())).toBe(before);
  });

  it("CancelKeyDeletion of a primary in PendingReplicaDeletion: Disabled, and deleting its replicas no longer deletes it", async () => {
    const { east, west, sydney, keyId, clock } = await family();
    await east.scheduleKeyDeletion({ KeyId: keyId, PendingWindowInDays: 7 });
    expect(await east.cancelKeyDeletion({ KeyId: keyId })).toEqual({ KeyId: arnIn("us-east-1", keyId) });
    const metadata = (await east.describeKey({ KeyId: keyId })).KeyMetadata;
    expect(metadata).toMatchObject({ KeyState: "Disabled", Enabled: false });
    expect(metadata?.PendingDeletionWindowInDays).toBeUndefined();
    expect(metadata?.DeletionDate).toBeUndefined();
    await west.scheduleKeyDeletion({ KeyId: keyId, PendingWindowInDays: 7 });
    await sydney.scheduleKeyDeletion({ KeyId: keyId, PendingWindowInDays: 7 });
    clock.set(new Date("2026-01-30T00:00:00.000Z"));
    expect((await east.describeKey({ KeyId: keyId })).KeyMetadata).toMatchObject({ KeyState: "Disabled", MultiRegionConfiguration: { ReplicaKeys: [] } });
    await expectError(west.describeKey({ KeyId: keyId }), NotFoundException, `Key '${arnIn("eu-west-1", keyId)}' does not exist`);
  });

  it("rotation status: a replica pending deletion reports false; a primary pending replica deletion its setting", async () => {
    const { east, west, sydney, keyId } = await family();
    await east.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 90 });
    await west.scheduleKeyDeletion({ KeyId: keyId, PendingWindowInDays: 7 });
    await east.scheduleKeyDeletion({ KeyId: keyId, PendingWindowInDays: 7 });
    expect(await west.getKeyRotationStatus({ KeyId: keyId })).toEqual({ KeyId: arnIn("eu-west-1", keyId), KeyRotationEnabled: false });
    const enabled = { KeyRotationEnabled: true, RotationPeriodInDays: 90, NextRotationDate: new Date("2026-04-01T00:00:05.000Z") };
    expect(await east.getKeyRotationStatus({ KeyId: keyId })).toEqual({ KeyId: arnIn("us-east-1", keyId), ...enabled });
    // A replica that is not being deleted keeps answering with its primary's setting.
    expect(await sydney.getKeyRotationStatus({ KeyId: keyId })).toEqual({ KeyId: arnIn("ap-southeast-2", keyId), ...enabled });
  });

  it("imported material deleted or expired while the primary waits for its replicas: PendingReplicaDeletion stays, then its window runs", async () => {
    const { kms: east, clock } = createTestKms({ replicaCreationDurationMs: 0 });
    const west = east.inRegion("eu-west-1");
    const keyId = await newKeyId(east, { Origin: "EXTERNAL", MultiRegion: true });
    const material = new Uint8Array(32).fill(7);
    await importMaterial(east, keyId, material, { request: { ExpirationModel: "KEY_MATERIAL_EXPIRES", ValidTo: new Date("2026-01-02T00:00:00.000Z") } });
    await east.replicateKey({ KeyId: keyId, ReplicaRegion: "eu-west-1" });
    await importMaterial(west, keyId, material);
    await east.scheduleKeyDeletion({ KeyId: keyId, PendingWindowInDays: 7 });
    const waiting = { KeyState: "PendingReplicaDeletion", PendingDeletionWindowInDays: 7 };
    clock.set(new Date("2026-01-02T00:00:00.000Z"));
    expect((await east.describeKey({ KeyId: keyId })).KeyMetadata).toMatchObject(waiting);
    await east.deleteImportedKeyMaterial({ KeyId: keyId });
    expect((await east.describeKey({ KeyId: keyId })).KeyMetadata).toMatchObject(waiting);
    await west.scheduleKeyDeletion({ KeyId: keyId, PendingWindowInDays: 7 });
    clock.set(new Date("2026-01-09T00:00:00.000Z"));
    expect((await east.describeKey({ KeyId: keyId })).KeyMetadata).toMatchObject({ KeyState: "PendingDeletion", DeletionDate: new Date("2026-01-16T00:00:00.000Z") });
    clock.set(new Date("2026-01-16T00:00:00.000Z"));
    await expectError(east.describeKey({ KeyId: keyId }), NotFoundException, `Key '${arnIn("us-east-1", keyId)}' does not exist`);
  });
});
