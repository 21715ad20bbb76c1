/**
 * Every statement of the seed page "Rotating Customer Master Keys", pinned through the public API.
 * Each `it` quotes or paraphrases the statement it proves.
 */
import { describe, expect, it } from "vitest";
import { UnsupportedOperationException, type KeyRotationEvent } from "../../src/index.js";
import { createTestKms, DAY, expectError, newKeyId, T0 } from "../support/create-test-kms.js";

const text = (s: string) => new TextEncoder().encode(s);
const day = (n: number) => new Date(T0.getTime() + n * DAY);

describe("Rotating Customer Master Keys (seed page)", () => {
  it("automatic key rotation is disabled on customer managed CMKs by default", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms);
    expect((await kms.getKeyRotationStatus({ KeyId: keyId })).KeyRotationEnabled).toBe(false);
  });

  it("once enabled, AWS KMS rotates the CMK every year (365 days): a 10-year jump gives exactly 10 rotations", async () => {
    const { kms, clock, events } = createTestKms();
    const keyId = await newKeyId(kms);
    await kms.enableKeyRotation({ KeyId: keyId });
    clock.advance({ days: 3650 });
    await kms.tick();
    const expected = Array.from({ length: 10 }, (_, i) => day(365 * (i + 1)));
    expect((await kms.listKeyRotations({ KeyId: keyId })).Rotations?.map((r) => r.RotationDate)).toEqual(expected);
    expect(events.map((e) => e.time)).toEqual(expected.map((d) => d.toISOString()));
    expect(new Set(events.map((e) => (e as KeyRotationEvent).detail["current-key-material-id"])).size).toBe(10);
  });

  it("the properties of the CMK (key ID, ARN, region, policy) do not change when it is rotated", async () => {
    const { kms, clock } = createTestKms();
    const keyId = await newKeyId(kms, { Description: "stable", Tags: [{ TagKey: "t", TagValue: "v" }] });
    await kms.createAlias({ AliasName: "alias/app", TargetKeyId: keyId });
    const before = (await kms.describeKey({ KeyId: keyId })).KeyMetadata;
    const policy = (await kms.getKeyPolicy({ KeyId: keyId })).Policy;
    await kms.enableKeyRotation({ KeyId: keyId });
    clock.advance({ days: 365 * 3 });
    const after = (await kms.describeKey({ KeyId: "alias/app" })).KeyMetadata;
    expect({ ...after, CurrentKeyMaterialId: undefined }).toEqual({ ...before, CurrentKeyMaterialId: undefined });
    expect(after?.CurrentKeyMaterialId).not.toBe(before?.CurrentKeyMaterialId);
    expect((await kms.getKeyPolicy({ KeyId: keyId })).Policy).toBe(policy);
    expect((await kms.listResourceTags({ KeyId: keyId })).Tags).toEqual([{ TagKey: "t", TagValue: "v" }]);
  });

  it("AWS KMS retains all backing keys: encrypt uses the current one, decrypt the one that encrypted", async () => {
    const { kms, clock } = createTestKms();
    const keyId = await newKeyId(kms);
    await kms.enableKeyRotation({ KeyId: keyId });
    const blobs: { blob: Uint8Array; material: string | undefined; year: number }[] = [];
    for (let year = 0; year < 4; year++) {
      const material = (await kms.describeKey({ KeyId: keyId })).KeyMetadata?.CurrentKeyMaterialId;
      const blob = (await kms.encrypt({ KeyId: keyId, Plaintext: text(`year ${year}`) })).CiphertextBlob as Uint8Array;
      blobs.push({ blob, material, year });
      clock.advance({ days: 365 });
    }
    expect(new Set(blobs.map((b) => b.material)).size).toBe(4);
    for (const { blob, material, year } of blobs) {
      const out = await kms.decrypt({ CiphertextBlob: blob });
      expect(new TextDecoder().decode(out.Plaintext)).toBe(`year ${year}`);
      expect(out.KeyMaterialId).toBe(material);
    }
  });

  it("even when automatic key rotation is disabled, AWS KMS retains all backing keys", async () => {
    const { kms, clock } = createTestKms();
    const keyId = await newKeyId(kms);
    const blob = (await kms.encrypt({ KeyId: keyId, Plaintext: text("old") })).CiphertextBlob as Uint8Array;
    await kms.enableKeyRotation({ KeyId: keyId });
    clock.advance({ days: 800 });
    await kms.disableKeyRotation({ KeyId: keyId });
    clock.advance({ days: 800 });
    expect((await kms.listKeyRotations({ KeyId: keyId })).Rotations).toHaveLength(2);
    expect(new TextDecoder().decode((await kms.decrypt({ CiphertextBlob: blob })).Plaintext)).toBe("old");
  });

  it("while a CMK is disabled it is not rotated; re-enabled with a backing key over a year old, it rotates immediately", async () => {
    const { kms, clock, events } = createTestKms();
    const keyId = await newKeyId(kms);
    await kms.enableKeyRotation({ KeyId: keyId });
    clock.advance({ days: 100 });
    await kms.disableKey({ KeyId: keyId });
    clock.advance({ days: 1000 });
    await kms.tick();
    expect(events).toEqual([]);
    await kms.enableKey({ KeyId: keyId });
    expect(events.map((e) => e.time)).toEqual([day(1100).toISOString()]);
    clock.advance({ days: 365 });
    await kms.tick();
    expect(events.map((e) => e.time)).toEqual([day(1100).toISOString(), day(1465).toISOString()]);
  });

  it("automatic rotation is not available for CMKs with imported key material (Origin EXTERNAL)", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms, { Origin: "EXTERNAL" });
    await expectError(kms.enableKeyRotation({ KeyId: keyId }), UnsupportedOperationException, /origin is EXTERNAL/);
  });

  it("you cannot manage key rotation for AWS managed CMKs; AWS KMS rotates them every three years", async () => {
    const { kms, clock } = createTestKms();
    const keyId = (await kms.describeKey({ KeyId: "alias/aws/s3" })).KeyMetadata?.KeyId ?? "";
    await expectError(kms.disableKeyRotation({ KeyId: keyId }), UnsupportedOperationException);
    clock.advance({ days: 1095 * 2 });
    expect((await kms.listKeyRotations({ KeyId: keyId })).Rotations?.map((r) => r.RotationDate)).toEqual([day(1095), day(2190)]);
  });

  it("when AWS KMS rotates a CMK it writes the KMS CMK Rotation event", async () => {
    const { kms, clock, events } = createTestKms();
    const keyId = await newKeyId(kms);
    await kms.enableKeyRotation({ KeyId: keyId });
    clock.advance({ days: 365 });
    await kms.tick();
    expect(events.map((e) => [e["detail-type"], e.detail["key-id"]])).toEqual([["KMS CMK Rotation", keyId]]);
  });

  it("the CLI example: enable, status true, disable, status false", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms);
    expect(await kms.enableKeyRotation({ KeyId: keyId })).toEqual({});
    expect((await kms.getKeyRotationStatus({ KeyId: keyId })).KeyRotationEnabled).toBe(true);
    expect(await kms.disableKeyRotation({ KeyId: keyId })).toEqual({});
    expect((await kms.getKeyRotationStatus({ KeyId: keyId })).KeyRotationEnabled).toBe(false);
  });

  it("manual rotation: a new CMK, UpdateAlias, and data under the original CMK still decrypts", async () => {
    const { kms } = createTestKms();
    const original = await newKeyId(kms);
    await kms.createAlias({ AliasName: "alias/TestCMK", TargetKeyId: original });
    const oldBlob = (await kms.encrypt({ KeyId: "alias/TestCMK", Plaintext: text("before") })).CiphertextBlob as Uint8Array;
    const replacement = await newKeyId(kms);
    await kms.updateAlias({ AliasName: "alias/TestCMK", TargetKeyId: replacement });
    expect((await kms.listAliases()).Aliases?.[0]?.TargetKeyId).toBe(replacement);
    const newBlob = (await kms.encrypt({ KeyId: "alias/TestCMK", Plaintext: text("after") })).CiphertextBlob as Uint8Array;
    expect((await kms.decrypt({ CiphertextBlob: oldBlob })).KeyId).toBe(`arn:aws:kms:us-east-1:111122223333:key/${original}`);
    expect((await kms.decrypt({ CiphertextBlob: newBlob })).KeyId).toBe(`arn:aws:kms:us-east-1:111122223333:key/${replacement}`);
  });
});
