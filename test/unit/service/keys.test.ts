import { describe, expect, it } from "vitest";
import {
  AccessDeniedException,
  InvalidArnException,
  InvalidMarkerException,
  KMSInvalidStateException,
  MalformedPolicyDocumentException,
  NotFoundException,
  SerializationException,
  TagException,
  UnsupportedOperationException,
  ValidationException,
} from "../../../src/index.js";
import { createTestKms, DAY, expectError, newKeyId, T0 } from "../../support/create-test-kms.js";

const ARN_PREFIX = "arn:aws:kms:us-east-1:111122223333:key/";

describe("createKey", () => {
  it("creates an Enabled symmetric key with the full KeyMetadata AWS returns", async () => {
    const { kms } = createTestKms();
    const { KeyMetadata } = await kms.createKey({ Description: "orders" });
    const keyId = KeyMetadata?.KeyId ?? "";
    expect(keyId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(KeyMetadata).toEqual({
      AWSAccountId: "111122223333",
      KeyId: keyId,
      Arn: `${ARN_PREFIX}${keyId}`,
      CreationDate: T0,
      Enabled: true,
      Description: "orders",
      KeyUsage: "ENCRYPT_DECRYPT",
      KeyState: "Enabled",
      Origin: "AWS_KMS",
      KeyManager: "CUSTOMER",
      CustomerMasterKeySpec: "SYMMETRIC_DEFAULT",
      KeySpec: "SYMMETRIC_DEFAULT",
      EncryptionAlgorithms: ["SYMMETRIC_DEFAULT"],
      MultiRegion: false,
      CurrentKeyMaterialId: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it("uses the region and account it was given", async () => {
    const { kms } = createTestKms({ region: "eu-west-1", accountId: "444455556666" });
    const { KeyMetadata } = await kms.createKey();
    expect(KeyMetadata?.Arn).toBe(`arn:aws:kms:eu-west-1:444455556666:key/${KeyMetadata?.KeyId}`);
    expect(KeyMetadata?.AWSAccountId).toBe("444455556666");
  });

  it("creates an EXTERNAL key PendingImport, disabled, without material", async () => {
    const { kms } = createTestKms();
    const { KeyMetadata } = await kms.createKey({ Origin: "EXTERNAL" });
    expect(KeyMetadata?.KeyState).toBe("PendingImport");
    expect(KeyMetadata?.Enabled).toBe(false);
    expect(KeyMetadata?.Origin).toBe("EXTERNAL");
    expect(KeyMetadata).not.toHaveProperty("CurrentKeyMaterialId");
    expect(KeyMetadata).not.toHaveProperty("ExpirationModel");
  });

  it("gives asymmetric and HMAC keys AWS's algorithm lists and no key material id", async () => {
    const { kms } = createTestKms();
    const rsa = (await kms.createKey({ KeySpec: "RSA_2048", KeyUsage: "SIGN_VERIFY" })).KeyMetadata;
    expect(rsa?.SigningAlgorithms).toEqual([
      "RSASSA_PKCS1_V1_5_SHA_256", "RSASSA_PKCS1_V1_5_SHA_384", "RSASSA_PKCS1_V1_5_SHA_512",
      "RSASSA_PSS_SHA_256", "RSASSA_PSS_SHA_384", "RSASSA_PSS_SHA_512",
    ]);
    expect(rsa).not.toHaveProperty("EncryptionAlgorithms");
    expect(rsa).not.toHaveProperty("CurrentKeyMaterialId");
    const rsaEnc = (await kms.createKey({ KeySpec: "RSA_4096", KeyUsage: "ENCRYPT_DECRYPT" })).KeyMetadata;
    expect(rsaEnc?.EncryptionAlgorithms).toEqual(["RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"]);
    const hmac = (await kms.createKey({ KeySpec: "HMAC_256", KeyUsage: "GENERATE_VERIFY_MAC" })).KeyMetadata;
    expect(hmac?.MacAlgorithms).toEqual(["HMAC_SHA_256"]);
    expect(hmac?.CustomerMasterKeySpec).toBe("HMAC_256");
    const ecdh = (await kms.createKey({ KeySpec: "ECC_NIST_P384", KeyUsage: "KEY_AGREEMENT" })).KeyMetadata;
    expect(ecdh?.KeyAgreementAlgorithms).toEqual(["ECDH"]);
    const ed = (await kms.createKey({ KeySpec: "ECC_NIST_EDWARDS25519", KeyUsage: "SIGN_VERIFY" })).KeyMetadata;
    expect(ed?.CustomerMasterKeySpec).toBe("ECC_NIST_EDWARDS25519");
    expect(ed?.SigningAlgorithms).toEqual(["ED25519_PH_SHA_512", "ED25519_SHA_512"]);
  });

  it("accepts the deprecated CustomerMasterKeySpec", async () => {
    const { kms } = createTestKms();
    const meta = (await kms.createKey({ CustomerMasterKeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY" })).KeyMetadata;
    expect(meta?.KeySpec).toBe("ECC_NIST_P256");
    expect(meta?.SigningAlgorithms).toEqual(["ECDSA_SHA_256"]);
  });

  it("requires KeyUsage for every key spec but SYMMETRIC_DEFAULT", async () => {
    const { kms } = createTestKms();
    await expectError(
      kms.createKey({ KeySpec: "RSA_2048" }),
      ValidationException,
      "You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.",
    );
  });

  it("refuses a KeyUsage the key spec does not support", async () => {
    const { kms } = createTestKms();
    await expectError(
      kms.createKey({ KeySpec: "RSA_2048", KeyUsage: "KEY_AGREEMENT" }),
      ValidationException,
      "KeyUsage KEY_AGREEMENT is not compatible with KeySpec RSA_2048",
    );
    await expectError(kms.createKey({ KeyUsage: "SIGN_VERIFY" }), ValidationException, "KeyUsage SIGN_VERIFY is not compatible with KeySpec SYMMETRIC_DEFAULT");
  });

  it("refuses KeySpec and CustomerMasterKeySpec together", async () => {
    const { kms } = createTestKms();
    await expectError(kms.createKey({ KeySpec: "SYMMETRIC_DEFAULT", CustomerMasterKeySpec: "SYMMETRIC_DEFAULT" }), ValidationException);
  });

  it("validates enums and lengths against the AWS model", async () => {
    const { kms } = createTestKms();
    await expectError(
      kms.createKey({ KeySpec: "AES_256" as never }),
      ValidationException,
      "1 validation error detected: Value 'AES_256' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: [RSA_2048, RSA_3072, RSA_4096, ECC_NIST_P256, ECC_NIST_P384, ECC_NIST_P521, ECC_SECG_P256K1, SYMMETRIC_DEFAULT, HMAC_224, HMAC_256, HMAC_384, HMAC_512, SM2, ML_DSA_44, ML_DSA_65, ML_DSA_87, ECC_NIST_EDWARDS25519]",
    );
    await expectError(
      kms.createKey({ Description: "x".repeat(8193) }),
      ValidationException,
      `1 validation error detected: Value '${"x".repeat(8193)}' at 'description' failed to satisfy constraint: Member must have length less than or equal to 8192`,
    );
    await expectError(
      kms.createKey({ Tags: [{ TagKey: "", TagValue: "v" }, { TagKey: "k", TagValue: "v".repeat(257) }] }),
      ValidationException,
      `2 validation errors detected: Value '' at 'tags.1.member.tagKey' failed to satisfy constraint: Member must have length greater than or equal to 1; Value '${"v".repeat(257)}' at 'tags.2.member.tagValue' failed to satisfy constraint: Member must have length less than or equal to 256`,
    );
  });

  it("answers a member of the wrong type with SerializationException", async () => {
    const { kms } = createTestKms();
    await expectError(kms.createKey({ Description: 42 as never }), SerializationException);
  });

  it("stores tags and refuses reserved, duplicate or too many tags", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms, { Tags: [{ TagKey: "team", TagValue: "payments" }] });
    expect((await kms.listResourceTags({ KeyId: keyId })).Tags).toEqual([{ TagKey: "team", TagValue: "payments" }]);
    await expectError(kms.createKey({ Tags: [{ TagKey: "AWS:x", TagValue: "" }] }), TagException, "Tags beginning with aws: are reserved");
    await expectError(
      kms.createKey({ Tags: [{ TagKey: "a", TagValue: "1" }, { TagKey: "a", TagValue: "2" }] }),
      TagException,
      "Duplicate tag keys",
    );
    const tags = Array.from({ length: 51 }, (_, i) => ({ TagKey: `k${i}`, TagValue: "" }));
    await expectError(kms.createKey({ Tags: tags }), TagException, "Too many tags");
  });

  it("stores the policy given, or a default policy granting the account root kms:*", async () => {
    const { kms } = createTestKms();
    const defaulted = await newKeyId(kms);
    const policy = JSON.parse((await kms.getKeyPolicy({ KeyId: defaulted })).Policy ?? "");
    expect(policy.Statement[0]).toEqual({
      Sid: "Enable IAM User Permissions",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::111122223333:root" },
      Action: "kms:*",
      Resource: "*",
    });
    const custom = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"kms:*","Resource":"*"}]}';
    const withPolicy = await newKeyId(kms, { Policy: custom });
    expect((await kms.getKeyPolicy({ KeyId: withPolicy })).Policy).toBe(custom);
    // AWS answers a document that is not JSON with an empty message [github.com/aws/aws-sdk-ruby/issues/1784].
    await expectError(kms.createKey({ Policy: "{not json" }), MalformedPolicyDocumentException, "");
  });

  it("says plainly what it does not model", async () => {
    const { kms } = createTestKms();
    await expectError(kms.createKey({ MultiRegion: true }), UnsupportedOperationException, /multi-Region/);
    await expectError(kms.createKey({ Origin: "AWS_CLOUDHSM" }), UnsupportedOperationException, /custom key stores/);
    await expectError(kms.createKey({ CustomKeyStoreId: "cks-1234567890abcdef0" }), UnsupportedOperationException, /custom key stores/);
  });
});

describe("describeKey", () => {
  it("finds a key by key id, key ARN, alias name and alias ARN", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms);
    await kms.createAlias({ AliasName: "alias/orders", TargetKeyId: keyId });
    for (const id of [keyId, `${ARN_PREFIX}${keyId}`, "alias/orders", "arn:aws:kms:us-east-1:111122223333:alias/orders"]) {
      expect((await kms.describeKey({ KeyId: id })).KeyMetadata?.KeyId).toBe(keyId);
    }
  });

  it("answers NotFoundException with AWS's messages", async () => {
    const { kms } = createTestKms();
    await expectError(kms.describeKey({ KeyId: "not-a-key" }), NotFoundException, "Invalid keyId 'not-a-key'");
    await expectError(
      kms.describeKey({ KeyId: "1234abcd-12ab-34cd-56ef-1234567890ab" }),
      NotFoundException,
      "Key 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' does not exist",
    );
    await expectError(
      kms.describeKey({ KeyId: "alias/nothing" }),
      NotFoundException,
      "Alias arn:aws:kms:us-east-1:111122223333:alias/nothing is not found.",
    );
    await expectError(kms.describeKey({ KeyId: "arn:aws:kms:us-east-1:111122223333:key/" }), InvalidArnException);
  });

  it("does not find keys through ARNs of another region or account", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms);
    await expectError(
      kms.describeKey({ KeyId: `arn:aws:kms:eu-west-1:111122223333:key/${keyId}` }),
      NotFoundException,
      "Invalid arn eu-west-1",
    );
    await expectError(kms.describeKey({ KeyId: `arn:aws:kms:us-east-1:999999999999:key/${keyId}` }), NotFoundException);
  });

  it("needs a KeyId", async () => {
    const { kms } = createTestKms();
    await expectError(
      kms.describeKey({} as never),
      ValidationException,
      "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null",
    );
  });
});

describe("listKeys", () => {
  it("lists keys in creation order, 100 by default, with markers", async () => {
    const { kms } = createTestKms();
    const ids: string[] = [];
    for (let i = 0; i < 103; i++) ids.push(await newKeyId(kms));
    const first = await kms.listKeys();
    expect(first.Keys?.map((k) => k.KeyId)).toEqual(ids.slice(0, 100));
    expect(first.Keys?.[0]).toEqual({ KeyId: ids[0], KeyArn: `${ARN_PREFIX}${ids[0]}` });
    expect(first.Truncated).toBe(true);
    const second = await kms.listKeys({ Marker: first.NextMarker });
    expect(second.Keys?.map((k) => k.KeyId)).toEqual(ids.slice(100));
    expect(second).not.toHaveProperty("NextMarker");
    expect(second.Truncated).toBe(false);
    const small = await kms.listKeys({ Limit: 2 });
    expect(small.Keys?.map((k) => k.KeyId)).toEqual(ids.slice(0, 2));
  });

  it("refuses limits outside 1..1000 and markers it did not issue", async () => {
    const { kms } = createTestKms();
    await expectError(
      kms.listKeys({ Limit: 1001 }),
      ValidationException,
      "1 validation error detected: Value '1001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 1000",
    );
    await expectError(kms.listKeys({ Limit: 0 }), ValidationException);
    await expectError(kms.listKeys({ Marker: "bogus" }), InvalidMarkerException);
  });
});

describe("enableKey and disableKey", () => {
  it("moves a key between Enabled and Disabled, idempotently", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms);
    await kms.disableKey({ KeyId: keyId });
    await kms.disableKey({ KeyId: keyId });
    expect((await kms.describeKey({ KeyId: keyId })).KeyMetadata).toMatchObject({ KeyState: "Disabled", Enabled: false });
    await kms.enableKey({ KeyId: `${ARN_PREFIX}${keyId}` });
    await kms.enableKey({ KeyId: keyId });
    expect((await kms.describeKey({ KeyId: keyId })).KeyMetadata).toMatchObject({ KeyState: "Enabled", Enabled: true });
  });

  it("takes key id or key ARN only, not aliases", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms);
    await kms.createAlias({ AliasName: "alias/a", TargetKeyId: keyId });
    await expectError(kms.disableKey({ KeyId: "alias/a" }), NotFoundException, "Invalid keyId 'alias/a'");
  });

  it("refuses keys pending deletion or pending import", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms);
    await kms.scheduleKeyDeletion({ KeyId: keyId });
    await expectError(kms.enableKey({ KeyId: keyId }), KMSInvalidStateException, `${ARN_PREFIX}${keyId} is pending deletion.`);
    await expectError(kms.disableKey({ KeyId: keyId }), KMSInvalidStateException, `${ARN_PREFIX}${keyId} is pending deletion.`);
    const external = await newKeyId(kms, { Origin: "EXTERNAL" });
    await expectError(kms.enableKey({ KeyId: external }), KMSInvalidStateException, `${ARN_PREFIX}${external} is pending import.`);
    await expectError(kms.disableKey({ KeyId: external }), KMSInvalidStateException, `${ARN_PREFIX}${external} is pending import.`);
  });

  it("refuses unknown keys", async () => {
    const { kms } = createTestKms();
    await expectError(kms.enableKey({ KeyId: "1234abcd-12ab-34cd-56ef-1234567890ab" }), NotFoundException);
  });
});

describe("updateKeyDescription", () => {
  it("replaces the description, empty allowed", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms, { Description: "old" });
    await kms.updateKeyDescription({ KeyId: keyId, Description: "" });
    expect((await kms.describeKey({ KeyId: keyId })).KeyMetadata?.Description).toBe("");
  });

  it("refuses a key pending deletion", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms);
    await kms.scheduleKeyDeletion({ KeyId: keyId });
    await expectError(kms.updateKeyDescription({ KeyId: keyId, Description: "x" }), KMSInvalidStateException);
  });
});

describe("scheduleKeyDeletion and cancelKeyDeletion", () => {
  it("schedules deletion 30 days out by default and reports it", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms);
    const response = await kms.scheduleKeyDeletion({ KeyId: keyId });
    expect(response).toEqual({
      KeyId: `${ARN_PREFIX}${keyId}`,
      DeletionDate: new Date(T0.getTime() + 30 * DAY),
      KeyState: "PendingDeletion",
      PendingWindowInDays: 30,
    });
    expect((await kms.describeKey({ KeyId: keyId })).KeyMetadata).toMatchObject({
      KeyState: "PendingDeletion",
      Enabled: false,
      DeletionDate: new Date(T0.getTime() + 30 * DAY),
    });
  });

  it("enforces the 7..30 day window AWS enforces", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms);
    await expectError(
      kms.scheduleKeyDeletion({ KeyId: keyId, PendingWindowInDays: 6 }),
      ValidationException,
      "1 validation error detected: Value '6' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value greater than or equal to 7",
    );
    await expectError(
      kms.scheduleKeyDeletion({ KeyId: keyId, PendingWindowInDays: 31 }),
      ValidationException,
      "1 validation error detected: Value '31' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value less than or equal to 30",
    );
    expect((await kms.scheduleKeyDeletion({ KeyId: keyId, PendingWindowInDays: 7 })).PendingWindowInDays).toBe(7);
    await expectError(kms.scheduleKeyDeletion({ KeyId: keyId }), KMSInvalidStateException, `${ARN_PREFIX}${keyId} is pending deletion.`);
  });

  it("deletes the key and its aliases at DeletionDate", async () => {
    const { kms, clock, events } = createTestKms();
    const keyId = await newKeyId(kms);
    await kms.createAlias({ AliasName: "alias/doomed", TargetKeyId: keyId });
    await kms.scheduleKeyDeletion({ KeyId: keyId, PendingWindowInDays: 7 });
    clock.advance(7 * DAY - 1);
    expect((await kms.describeKey({ KeyId: keyId })).KeyMetadata?.KeyState).toBe("PendingDeletion");
    clock.advance(1);
    await expectError(kms.describeKey({ KeyId: keyId }), NotFoundException, `Key '${ARN_PREFIX}${keyId}' does not exist`);
    expect((await kms.listAliases()).Aliases).toEqual([]);
    expect((await kms.listKeys()).Keys).toEqual([]);
    expect(events.map((e) => [e["detail-type"], e.time])).toEqual([["KMS CMK Deletion", "2026-01-08T00:00:00.000Z"]]);
  });

  it("cancels deletion into Disabled", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms);
    await kms.scheduleKeyDeletion({ KeyId: keyId });
    expect(await kms.cancelKeyDeletion({ KeyId: keyId })).toEqual({ KeyId: `${ARN_PREFIX}${keyId}` });
    const meta = (await kms.describeKey({ KeyId: keyId })).KeyMetadata;
    expect(meta?.KeyState).toBe("Disabled");
    expect(meta).not.toHaveProperty("DeletionDate");
  });

  it("refuses to cancel a key that is not pending deletion", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms);
    await expectError(kms.cancelKeyDeletion({ KeyId: keyId }), KMSInvalidStateException, `${ARN_PREFIX}${keyId} is not pending deletion.`);
  });

  it("cancels an EXTERNAL key without material back into PendingImport", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms, { Origin: "EXTERNAL" });
    await kms.scheduleKeyDeletion({ KeyId: keyId });
    await kms.cancelKeyDeletion({ KeyId: keyId });
    expect((await kms.describeKey({ KeyId: keyId })).KeyMetadata?.KeyState).toBe("PendingImport");
  });
});

describe("AWS managed keys", () => {
  it("are created on first DescribeKey of alias/aws/<service>", async () => {
    const { kms } = createTestKms();
    const meta = (await kms.describeKey({ KeyId: "alias/aws/s3" })).KeyMetadata;
    expect(meta).toMatchObject({ KeyManager: "AWS", KeyState: "Enabled", Origin: "AWS_KMS" });
    expect((await kms.describeKey({ KeyId: "alias/aws/s3" })).KeyMetadata?.KeyId).toBe(meta?.KeyId);
    expect((await kms.listAliases()).Aliases?.map((a) => [a.AliasName, a.TargetKeyId])).toEqual([["alias/aws/s3", meta?.KeyId]]);
    await expectError(kms.describeKey({ KeyId: "alias/aws/not-a-service" }), NotFoundException);
  });

  it("cannot be managed by users", async () => {
    const { kms } = createTestKms();
    const meta = (await kms.createAwsManagedKey({ Service: "ebs" })).KeyMetadata;
    const keyId = meta?.KeyId ?? "";
    const denied = `User: arn:aws:iam::111122223333:root is not authorized to perform: kms:DisableKey on resource: ${meta?.Arn} because no resource-based policy allows the kms:DisableKey action`;
    await expectError(kms.disableKey({ KeyId: keyId }), AccessDeniedException, denied);
    await expectError(kms.enableKey({ KeyId: keyId }), AccessDeniedException);
    await expectError(kms.scheduleKeyDeletion({ KeyId: keyId }), AccessDeniedException);
    await expectError(kms.tagResource({ KeyId: keyId, Tags: [{ TagKey: "a", TagValue: "b" }] }), AccessDeniedException);
    await expectError(kms.putKeyPolicy({ KeyId: keyId, Policy: '{"Statement":[]}' }), AccessDeniedException);
    await expectError(kms.updateKeyDescription({ KeyId: keyId, Description: "x" }), AccessDeniedException);
  });
});
