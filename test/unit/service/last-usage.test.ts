/**
 * GetKeyLastUsage: the last successful cryptographic request with a key, at the simulated instant,
 * with its derived CloudTrail event id and KMS request id; failed and non-cryptographic calls count
 * nothing; ReEncrypt counts for both keys under one event; the usage survives snapshots.
 */
import { GetKeyLastUsageCommand, KMSClient } from "@aws-sdk/client-kms";
import { describe, expect, it } from "vitest";
import { createRequestHandler } from "../../../src/aws/index.js";
import { createKms, DisabledException, InvalidCiphertextException, NotFoundException, type KmsSnapshot } from "../../../src/index.js";
import { ManualClock, seededRandom } from "../../../src/testing/index.js";
import { at, createTestKms, expectError, newKeyId, T0 } from "../../support/create-test-kms.js";
import { usageEventId, usageRequestId } from "../../support/request-ids.js";

const bytes = new Uint8Array([1, 2, 3]);

/** The KeyLastUsage AWS reports for the `seq`-th request of the run: `operation` at `instant` with `keyId`. */
function lastUsage(operation: string, instant: string, keyId: string, seq: number) {
  const when = at(instant);
  return { Operation: operation, Timestamp: when, CloudTrailEventId: usageEventId(operation, when, keyId, seq), KmsRequestId: usageRequestId(operation, when, keyId, seq) };
}

describe("getKeyLastUsage", () => {
  it("is empty for a key never used, tracked since the key's creation", async () => {
    const { kms, clock } = createTestKms();
    const keyId = await newKeyId(kms);
    clock.advance({ days: 3 });
    await kms.describeKey({ KeyId: keyId });
    await kms.enableKeyRotation({ KeyId: keyId });
    await kms.generateRandom({ NumberOfBytes: 4 });
    expect(await kms.getKeyLastUsage({ KeyId: keyId })).toEqual({ KeyId: keyId, KeyCreationDate: T0, TrackingStartDate: T0, KeyLastUsage: {} });
  });

  it("names the last successful cryptographic request, its instant, CloudTrail event id and request id", async () => {
    const { kms, clock } = createTestKms();
    const keyId = await newKeyId(kms);
    clock.advance({ days: 1 });
    const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: bytes });
    expect((await kms.getKeyLastUsage({ KeyId: keyId })).KeyLastUsage).toEqual(lastUsage("Encrypt", "2026-01-02T00:00:00Z", keyId, 1));
    clock.advance({ hours: 5 });
    await kms.decrypt({ CiphertextBlob });
    clock.advance({ hours: 1 });
    await kms.generateDataKeyWithoutPlaintext({ KeyId: `arn:aws:kms:us-east-1:111122223333:key/${keyId}`, KeySpec: "AES_256" });
    const last = await kms.getKeyLastUsage({ KeyId: `arn:aws:kms:us-east-1:111122223333:key/${keyId}` });
    expect(last).toEqual({
      KeyId: keyId,
      KeyCreationDate: T0,
      TrackingStartDate: T0,
      KeyLastUsage: lastUsage("GenerateDataKeyWithoutPlaintext", "2026-01-02T06:00:00Z", keyId, 3),
    });
  });

  it("counts no failed call: wrong context, disabled key, dry run", async () => {
    const { kms, clock } = createTestKms();
    const keyId = await newKeyId(kms);
    const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: bytes, EncryptionContext: { a: "1" } });
    const before = await kms.getKeyLastUsage({ KeyId: keyId });
    clock.advance({ days: 1 });
    await expectError(kms.decrypt({ CiphertextBlob, EncryptionContext: { a: "2" } }), InvalidCiphertextException);
    await expect(kms.encrypt({ KeyId: keyId, Plaintext: bytes, DryRun: true })).rejects.toThrow("DryRun");
    await kms.disableKey({ KeyId: keyId });
    await expectError(kms.encrypt({ KeyId: keyId, Plaintext: bytes }), DisabledException);
    expect(await kms.getKeyLastUsage({ KeyId: keyId })).toEqual(before);
    expect(before.KeyLastUsage?.Operation).toBe("Encrypt");
  });

  it("records ReEncrypt for both keys under one event, named by the source key's use", async () => {
    const { kms, clock } = createTestKms();
    const source = await newKeyId(kms);
    const destination = await newKeyId(kms);
    const { CiphertextBlob } = await kms.encrypt({ KeyId: source, Plaintext: bytes });
    clock.advance({ days: 2 });
    await kms.reEncrypt({ CiphertextBlob, DestinationKeyId: destination });
    const usage = lastUsage("ReEncrypt", "2026-01-03T00:00:00Z", source, 2);
    expect((await kms.getKeyLastUsage({ KeyId: source })).KeyLastUsage).toEqual(usage);
    expect((await kms.getKeyLastUsage({ KeyId: destination })).KeyLastUsage).toEqual(usage);
  });

  it("answers in every key state; takes key ids and ARNs, not aliases", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms);
    await kms.createAlias({ AliasName: "alias/used", TargetKeyId: keyId });
    await kms.scheduleKeyDeletion({ KeyId: keyId, PendingWindowInDays: 7 });
    expect((await kms.getKeyLastUsage({ KeyId: keyId })).KeyLastUsage).toEqual({});
    await expectError(kms.getKeyLastUsage({ KeyId: "alias/used" }), NotFoundException, "Invalid keyId 'alias/used'");
    await expectError(kms.getKeyLastUsage({ KeyId: "11111111-2222-4333-8444-555555555555" }), NotFoundException);
  });

  it("is served by the AWS protocol to the SDK's GetKeyLastUsageCommand", async () => {
    const { kms, clock } = createTestKms();
    const keyId = await newKeyId(kms);
    clock.advance({ minutes: 90 });
    await kms.generateDataKey({ KeyId: keyId, NumberOfBytes: 32 });
    const client = new KMSClient({ region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" }, requestHandler: createRequestHandler(kms) });
    const { $metadata: _, ...answer } = await client.send(new GetKeyLastUsageCommand({ KeyId: keyId }));
    expect(answer).toEqual({
      KeyId: keyId,
      KeyCreationDate: T0,
      TrackingStartDate: T0,
      KeyLastUsage: lastUsage("GenerateDataKey", "2026-01-01T01:30:00Z", keyId, 1),
    });
  });

  it("survives a snapshot; keys of a snapshot that predates tracking are tracked from its instant", async () => {
    const { kms, clock } = createTestKms({ seed: "usage" });
    const used = await newKeyId(kms);
    const unused = await newKeyId(kms);
    await kms.encrypt({ KeyId: used, Plaintext: bytes });
    clock.advance({ days: 10 });
    await kms.tick();
    const snapshot = JSON.parse(JSON.stringify(kms.snapshot())) as KmsSnapshot;
    const restored = createKms({ state: snapshot, clock: new ManualClock(clock.now()), random: seededRandom("other") });
    expect(await restored.getKeyLastUsage({ KeyId: used })).toEqual(await kms.getKeyLastUsage({ KeyId: used }));
    const older = { ...snapshot, keys: snapshot.keys.map(({ usage: _usage, ...key }) => key) } as KmsSnapshot;
    const migrated = createKms({ state: older, clock: new ManualClock(clock.now()), random: seededRandom("other") });
    for (const keyId of [used, unused]) {
      expect(await migrated.getKeyLastUsage({ KeyId: keyId })).toEqual({ KeyId: keyId, KeyCreationDate: T0, TrackingStartDate: at("2026-01-11T00:00:00Z"), KeyLastUsage: {} });
    }
  });
});

describe("keyMaterialUsage", () => {
  it("counts ciphertexts, data keys and decryptions per backing key, oldest first", async () => {
    const { kms, clock } = createTestKms();
    const keyId = await newKeyId(kms);
    const first = (await kms.encrypt({ KeyId: keyId, Plaintext: bytes })).CiphertextBlob as Uint8Array;
    await kms.generateDataKey({ KeyId: keyId, KeySpec: "AES_256" });
    clock.advance({ days: 1 });
    await kms.rotateKeyOnDemand({ KeyId: keyId });
    clock.advance({ days: 1 });
    await kms.decrypt({ CiphertextBlob: first });
    await kms.reEncrypt({ CiphertextBlob: first, DestinationKeyId: keyId });
    const ids = (await kms.listKeyRotations({ KeyId: keyId, IncludeKeyMaterial: "ALL_KEY_MATERIAL" })).Rotations?.map((r) => r.KeyMaterialId);
    expect(await kms.keyMaterialUsage({ KeyId: keyId })).toEqual({
      KeyId: keyId,
      Arn: `arn:aws:kms:us-east-1:111122223333:key/${keyId}`,
      Uses: 4,
      Encryptions: 2,
      DataKeys: 1,
      Decryptions: 2,
      LastEncryptedAt: at("2026-01-03T00:00:00Z"),
      LastDecryptedAt: at("2026-01-03T00:00:00Z"),
      LastUsedAt: at("2026-01-03T00:00:00Z"),
      TrackingStartDate: T0,
      KeyMaterials: [
        { KeyMaterialId: ids?.[0], Encryptions: 1, DataKeys: 1, Decryptions: 2, LastEncryptedAt: T0, LastDecryptedAt: at("2026-01-03T00:00:00Z") },
        { KeyMaterialId: ids?.[1], Encryptions: 1, DataKeys: 0, Decryptions: 0, LastEncryptedAt: at("2026-01-03T00:00:00Z") },
      ],
    });
  });
});
