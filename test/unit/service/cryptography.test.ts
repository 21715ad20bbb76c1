import { describe, expect, it } from "vitest";
import {
  DisabledException,
  DryRunOperationException,
  IncorrectKeyException,
  InvalidCiphertextException,
  InvalidKeyUsageException,
  KMSInvalidStateException,
  NotFoundException,
  UnsupportedOperationException,
  ValidationException,
} from "../../../src/index.js";
import { createTestKms, DAY, expectError, newKeyId } from "../../support/create-test-kms.js";

const ARN = (keyId: string) => `arn:aws:kms:us-east-1:111122223333:key/${keyId}`;
const bytes = (s: string) => new TextEncoder().encode(s);
const INVALID = "The ciphertext is invalid or does not match the encryption context.";
const INCORRECT = "The key ID in the request does not identify a CMK that can perform this operation.";

async function fixture() {
  const t = createTestKms();
  const keyId = await newKeyId(t.kms);
  await t.kms.createAlias({ AliasName: "alias/app", TargetKeyId: keyId });
  return { ...t, keyId };
}

describe("encrypt and decrypt", () => {
  it("round-trip with every identifier form", async () => {
    const { kms, keyId } = await fixture();
    for (const id of [keyId, ARN(keyId), "alias/app", "arn:aws:kms:us-east-1:111122223333:alias/app"]) {
      const encrypted = await kms.encrypt({ KeyId: id, Plaintext: bytes("secret") });
      expect(encrypted.KeyId).toBe(ARN(keyId));
      expect(encrypted.EncryptionAlgorithm).toBe("SYMMETRIC_DEFAULT");
      expect(encrypted.CiphertextBlob?.length).toBe(50 + 6 + 16);
      const decrypted = await kms.decrypt({ CiphertextBlob: encrypted.CiphertextBlob as Uint8Array, KeyId: id });
      expect(decrypted).toEqual({
        KeyId: ARN(keyId),
        Plaintext: bytes("secret"),
        EncryptionAlgorithm: "SYMMETRIC_DEFAULT",
        KeyMaterialId: (await kms.describeKey({ KeyId: keyId })).KeyMetadata?.CurrentKeyMaterialId,
      });
    }
  });

  it("accepts 1..4096 bytes of plaintext with AWS's messages outside", async () => {
    const { kms, keyId } = await fixture();
    const blob = (await kms.encrypt({ KeyId: keyId, Plaintext: new Uint8Array(4096).fill(7) })).CiphertextBlob as Uint8Array;
    expect((await kms.decrypt({ CiphertextBlob: blob })).Plaintext).toEqual(new Uint8Array(4096).fill(7));
    await expectError(
      kms.encrypt({ KeyId: keyId, Plaintext: new Uint8Array(4097) }),
      ValidationException,
      "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096",
    );
    await expectError(
      kms.encrypt({ KeyId: keyId, Plaintext: new Uint8Array(0) }),
      ValidationException,
      "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });

  it("binds the encryption context: same pairs in any order decrypt, anything else fails", async () => {
    const { kms, keyId } = await fixture();
    const blob = (await kms.encrypt({ KeyId: keyId, Plaintext: bytes("x"), EncryptionContext: { b: "2", a: "1" } })).CiphertextBlob as Uint8Array;
    expect((await kms.decrypt({ CiphertextBlob: blob, EncryptionContext: { a: "1", b: "2" } })).Plaintext).toEqual(bytes("x"));
    for (const context of [undefined, {}, { a: "1" }, { a: "1", b: "2", c: "3" }, { a: "1", b: "X" }, { A: "1", b: "2" }]) {
      await expectError(kms.decrypt({ CiphertextBlob: blob, ...(context ? { EncryptionContext: context } : {}) }), InvalidCiphertextException, INVALID);
    }
  });

  it("never confuses {ab: c} with {a: bc}", async () => {
    const { kms, keyId } = await fixture();
    const blob = (await kms.encrypt({ KeyId: keyId, Plaintext: bytes("x"), EncryptionContext: { ab: "c" } })).CiphertextBlob as Uint8Array;
    await expectError(kms.decrypt({ CiphertextBlob: blob, EncryptionContext: { a: "bc" } }), InvalidCiphertextException, INVALID);
  });

  it("treats an empty encryption context as an absent one", async () => {
    const { kms, keyId } = await fixture();
    const blob = (await kms.encrypt({ KeyId: keyId, Plaintext: bytes("x"), EncryptionContext: {} })).CiphertextBlob as Uint8Array;
    expect((await kms.decrypt({ CiphertextBlob: blob })).Plaintext).toEqual(bytes("x"));
  });

  it("rejects every single-byte flip and every truncation with one message", async () => {
    const { kms, keyId } = await fixture();
    const blob = (await kms.encrypt({ KeyId: keyId, Plaintext: bytes("attack at dawn"), EncryptionContext: { k: "v" } })).CiphertextBlob as Uint8Array;
    const failures = new Set<string>();
    for (let i = 0; i < blob.length; i++) {
      const flipped = Uint8Array.from(blob);
      flipped[i] = (flipped[i] as number) ^ 0x01;
      const error = await expectError(kms.decrypt({ CiphertextBlob: flipped, EncryptionContext: { k: "v" } }), Error);
      failures.add(`${error.name}: ${error.message}`);
    }
    for (let length = 1; length < blob.length; length++) {
      const error = await expectError(kms.decrypt({ CiphertextBlob: blob.subarray(0, length), EncryptionContext: { k: "v" } }), Error);
      failures.add(`${error.name}: ${error.message}`);
    }
    // A flip in the key id bytes names a key that does not exist: still InvalidCiphertextException.
    expect([...failures]).toEqual([`InvalidCiphertextException: ${INVALID}`]);
  });

  it("rejects foreign blobs", async () => {
    const { kms } = await fixture();
    await expectError(kms.decrypt({ CiphertextBlob: new Uint8Array(200).fill(1) }), InvalidCiphertextException, INVALID);
    const other = createTestKms({ seed: 99 });
    const otherKey = await newKeyId(other.kms);
    const foreign = (await other.kms.encrypt({ KeyId: otherKey, Plaintext: bytes("x") })).CiphertextBlob as Uint8Array;
    await expectError(kms.decrypt({ CiphertextBlob: foreign }), InvalidCiphertextException, INVALID);
  });

  it("answers IncorrectKeyException when KeyId names another key, including an alias that moved", async () => {
    const { kms, keyId } = await fixture();
    const blob = (await kms.encrypt({ KeyId: "alias/app", Plaintext: bytes("x") })).CiphertextBlob as Uint8Array;
    const other = await newKeyId(kms);
    await expectError(kms.decrypt({ CiphertextBlob: blob, KeyId: other }), IncorrectKeyException, INCORRECT);
    await kms.updateAlias({ AliasName: "alias/app", TargetKeyId: other });
    await expectError(kms.decrypt({ CiphertextBlob: blob, KeyId: "alias/app" }), IncorrectKeyException, INCORRECT);
    expect((await kms.decrypt({ CiphertextBlob: blob })).KeyId).toBe(ARN(keyId));
  });

  it("follows the key state table", async () => {
    const { kms, clock, keyId } = await fixture();
    const blob = (await kms.encrypt({ KeyId: keyId, Plaintext: bytes("x") })).CiphertextBlob as Uint8Array;
    await kms.disableKey({ KeyId: keyId });
    await expectError(kms.encrypt({ KeyId: keyId, Plaintext: bytes("x") }), DisabledException, `${ARN(keyId)} is disabled.`);
    await expectError(kms.decrypt({ CiphertextBlob: blob }), DisabledException, `${ARN(keyId)} is disabled.`);
    await kms.scheduleKeyDeletion({ KeyId: keyId, PendingWindowInDays: 7 });
    await expectError(kms.encrypt({ KeyId: keyId, Plaintext: bytes("x") }), KMSInvalidStateException, `${ARN(keyId)} is pending deletion.`);
    await expectError(kms.decrypt({ CiphertextBlob: blob }), KMSInvalidStateException, `${ARN(keyId)} is pending deletion.`);
    clock.advance(7 * DAY);
    await expectError(kms.decrypt({ CiphertextBlob: blob }), NotFoundException, `Key '${ARN(keyId)}' does not exist`);
    const external = await newKeyId(kms, { Origin: "EXTERNAL" });
    await expectError(kms.encrypt({ KeyId: external, Plaintext: bytes("x") }), KMSInvalidStateException, `${ARN(external)} is pending import.`);
  });

  it("refuses keys of another usage, and RSA keys without an RSAES_OAEP algorithm", async () => {
    const { kms } = await fixture();
    const signing = await newKeyId(kms, { KeySpec: "RSA_2048", KeyUsage: "SIGN_VERIFY" });
    await expectError(
      kms.encrypt({ KeyId: signing, Plaintext: bytes("x") }),
      InvalidKeyUsageException,
      `${ARN(signing)} key usage is SIGN_VERIFY which is not valid for Encrypt.`,
    );
    const rsa = await newKeyId(kms, { KeySpec: "RSA_2048", KeyUsage: "ENCRYPT_DECRYPT" });
    await expectError(kms.encrypt({ KeyId: rsa, Plaintext: bytes("x") }), InvalidKeyUsageException, "Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_2048.");
    await expectError(
      kms.generateDataKey({ KeyId: rsa, KeySpec: "AES_256" }),
      InvalidKeyUsageException,
      `${ARN(rsa)} key KeySpec is RSA_2048 which is not valid for GenerateDataKey.`,
    );
    const hmac = await newKeyId(kms, { KeySpec: "HMAC_256", KeyUsage: "GENERATE_VERIFY_MAC" });
    await expectError(
      kms.generateDataKey({ KeyId: hmac, KeySpec: "AES_256" }),
      InvalidKeyUsageException,
      `${ARN(hmac)} key usage is GENERATE_VERIFY_MAC which is not valid for GenerateDataKey.`,
    );
  });

  it("refuses asymmetric algorithms on symmetric keys", async () => {
    const { kms, keyId } = await fixture();
    await expectError(
      kms.encrypt({ KeyId: keyId, Plaintext: bytes("x"), EncryptionAlgorithm: "RSAES_OAEP_SHA_256" }),
      InvalidKeyUsageException,
      "Algorithm RSAES_OAEP_SHA_256 is incompatible with key spec SYMMETRIC_DEFAULT.",
    );
    const blob = (await kms.encrypt({ KeyId: keyId, Plaintext: bytes("x") })).CiphertextBlob as Uint8Array;
    await expectError(
      kms.decrypt({ KeyId: keyId, CiphertextBlob: blob, EncryptionAlgorithm: "RSAES_OAEP_SHA_1" }),
      InvalidKeyUsageException,
      "Algorithm RSAES_OAEP_SHA_1 is incompatible with key spec SYMMETRIC_DEFAULT.",
    );
  });

  it("DryRun runs every check, then throws DryRunOperationException", async () => {
    const { kms, keyId } = await fixture();
    const message = "The request would have succeeded, but the DryRun option is set.";
    await expectError(kms.encrypt({ KeyId: keyId, Plaintext: bytes("x"), DryRun: true }), DryRunOperationException, message);
    const blob = (await kms.encrypt({ KeyId: keyId, Plaintext: bytes("x") })).CiphertextBlob as Uint8Array;
    await expectError(kms.decrypt({ CiphertextBlob: blob, DryRun: true }), DryRunOperationException, message);
    await expectError(kms.decrypt({ CiphertextBlob: blob, DryRun: true, EncryptionContext: { a: "b" } }), InvalidCiphertextException);
    await expectError(kms.generateDataKey({ KeyId: keyId, NumberOfBytes: 8, DryRun: true }), DryRunOperationException, message);
    await expectError(kms.reEncrypt({ CiphertextBlob: blob, DestinationKeyId: keyId, DryRun: true }), DryRunOperationException, message);
    await expectError(kms.decrypt({ DryRun: true, DryRunModifiers: ["IGNORE_CIPHERTEXT"], KeyId: "alias/app" }), DryRunOperationException, message);
    await expectError(kms.decrypt({ DryRun: true, DryRunModifiers: ["IGNORE_CIPHERTEXT"] }), ValidationException);
    await expectError(
      kms.reEncrypt({ DryRun: true, DryRunModifiers: ["IGNORE_CIPHERTEXT"], SourceKeyId: keyId, DestinationKeyId: "alias/app" }),
      DryRunOperationException,
      message,
    );
    await expectError(kms.decrypt({ KeyId: keyId }), ValidationException, /ciphertextBlob/);
    await kms.disableKey({ KeyId: keyId });
    await expectError(kms.encrypt({ KeyId: keyId, Plaintext: bytes("x"), DryRun: true }), DisabledException);
    await expectError(kms.decrypt({ DryRun: true, DryRunModifiers: ["IGNORE_CIPHERTEXT"], KeyId: keyId }), DisabledException);
  });
});

describe("decrypt across rotations", () => {
  it("decrypts blobs made before 10 rotations, after DisableKeyRotation, and after the alias moved", async () => {
    const { kms, clock, keyId } = await fixture();
    await kms.enableKeyRotation({ KeyId: keyId });
    const made: { blob: Uint8Array; materialId: string | undefined }[] = [];
    for (let i = 0; i <= 10; i++) {
      made.push({
        blob: (await kms.encrypt({ KeyId: "alias/app", Plaintext: bytes(`v${i}`) })).CiphertextBlob as Uint8Array,
        materialId: (await kms.describeKey({ KeyId: keyId })).KeyMetadata?.CurrentKeyMaterialId,
      });
      if (i < 10) clock.advance(365 * DAY);
    }
    expect((await kms.listKeyRotations({ KeyId: keyId })).Rotations).toHaveLength(10);
    await kms.disableKeyRotation({ KeyId: keyId });
    const replacement = await newKeyId(kms);
    await kms.updateAlias({ AliasName: "alias/app", TargetKeyId: replacement });
    for (const [i, { blob, materialId }] of made.entries()) {
      expect(await kms.decrypt({ CiphertextBlob: blob })).toEqual({
        KeyId: ARN(keyId),
        Plaintext: bytes(`v${i}`),
        EncryptionAlgorithm: "SYMMETRIC_DEFAULT",
        KeyMaterialId: materialId,
      });
    }
    expect(new Set(made.map((m) => m.materialId)).size).toBe(11);
  });
});

describe("reEncrypt", () => {
  it("moves a blob from the old key to the new key (manual rotation)", async () => {
    const { kms, keyId } = await fixture();
    const old = await kms.encrypt({ KeyId: keyId, Plaintext: bytes("payload"), EncryptionContext: { t: "1" } });
    const fresh = await newKeyId(kms);
    const moved = await kms.reEncrypt({
      CiphertextBlob: old.CiphertextBlob as Uint8Array,
      SourceEncryptionContext: { t: "1" },
      DestinationKeyId: fresh,
      DestinationEncryptionContext: { t: "2" },
    });
    expect(moved).toEqual({
      CiphertextBlob: expect.any(Uint8Array),
      SourceKeyId: ARN(keyId),
      KeyId: ARN(fresh),
      SourceEncryptionAlgorithm: "SYMMETRIC_DEFAULT",
      DestinationEncryptionAlgorithm: "SYMMETRIC_DEFAULT",
      SourceKeyMaterialId: (await kms.describeKey({ KeyId: keyId })).KeyMetadata?.CurrentKeyMaterialId,
      DestinationKeyMaterialId: (await kms.describeKey({ KeyId: fresh })).KeyMetadata?.CurrentKeyMaterialId,
    });
    const out = await kms.decrypt({ CiphertextBlob: moved.CiphertextBlob as Uint8Array, EncryptionContext: { t: "2" } });
    expect(out.Plaintext).toEqual(bytes("payload"));
    expect(out.KeyId).toBe(ARN(fresh));
  });

  it("re-encrypts under the same key's current material after a rotation", async () => {
    const { kms, keyId } = await fixture();
    const old = (await kms.encrypt({ KeyId: keyId, Plaintext: bytes("p") })).CiphertextBlob as Uint8Array;
    await kms.rotateKeyOnDemand({ KeyId: keyId });
    const moved = await kms.reEncrypt({ CiphertextBlob: old, DestinationKeyId: keyId });
    expect(moved.SourceKeyMaterialId).not.toBe(moved.DestinationKeyMaterialId);
    expect(moved.DestinationKeyMaterialId).toBe((await kms.describeKey({ KeyId: keyId })).KeyMetadata?.CurrentKeyMaterialId);
  });

  it("checks both keys and the source key id", async () => {
    const { kms, keyId } = await fixture();
    const blob = (await kms.encrypt({ KeyId: keyId, Plaintext: bytes("p") })).CiphertextBlob as Uint8Array;
    const other = await newKeyId(kms);
    await expectError(kms.reEncrypt({ CiphertextBlob: blob, SourceKeyId: other, DestinationKeyId: other }), IncorrectKeyException, INCORRECT);
    await kms.disableKey({ KeyId: other });
    await expectError(kms.reEncrypt({ CiphertextBlob: blob, DestinationKeyId: other }), DisabledException, `${ARN(other)} is disabled.`);
    await expectError(kms.reEncrypt({ CiphertextBlob: blob, DestinationKeyId: "alias/none" }), NotFoundException);
    await expectError(
      kms.reEncrypt({ CiphertextBlob: blob } as never),
      ValidationException,
      "1 validation error detected: Value null at 'destinationKeyId' failed to satisfy constraint: Member must not be null",
    );
  });
});

describe("generateDataKey", () => {
  it("returns a data key in plaintext and under the KMS key, with the material that wrapped it", async () => {
    const { kms, keyId } = await fixture();
    for (const [request, length] of [[{ KeySpec: "AES_256" as const }, 32], [{ KeySpec: "AES_128" as const }, 16], [{ NumberOfBytes: 1 }, 1], [{ NumberOfBytes: 1024 }, 1024]] as const) {
      const key = await kms.generateDataKey({ KeyId: "alias/app", EncryptionContext: { p: "q" }, ...request });
      expect(key.Plaintext?.length).toBe(length);
      expect(key.KeyId).toBe(ARN(keyId));
      expect(key.KeyMaterialId).toBe((await kms.describeKey({ KeyId: keyId })).KeyMetadata?.CurrentKeyMaterialId);
      const out = await kms.decrypt({ CiphertextBlob: key.CiphertextBlob as Uint8Array, EncryptionContext: { p: "q" } });
      expect(out.Plaintext).toEqual(key.Plaintext);
    }
  });

  it("needs exactly one of KeySpec and NumberOfBytes, 1..1024", async () => {
    const { kms, keyId } = await fixture();
    await expectError(kms.generateDataKey({ KeyId: keyId }), ValidationException, "Please specify either number of bytes or key spec.");
    await expectError(kms.generateDataKey({ KeyId: keyId, KeySpec: "AES_256", NumberOfBytes: 32 }), ValidationException);
    await expectError(
      kms.generateDataKey({ KeyId: keyId, NumberOfBytes: 1025 }),
      ValidationException,
      "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024",
    );
  });

  it("without plaintext returns only the encrypted data key", async () => {
    const { kms, keyId } = await fixture();
    const key = await kms.generateDataKeyWithoutPlaintext({ KeyId: keyId, KeySpec: "AES_256" });
    expect(Object.keys(key).sort()).toEqual(["CiphertextBlob", "KeyId", "KeyMaterialId"]);
    expect((await kms.decrypt({ CiphertextBlob: key.CiphertextBlob as Uint8Array })).Plaintext?.length).toBe(32);
  });
});

describe("generateRandom", () => {
  it("returns 1..1024 random bytes and needs NumberOfBytes", async () => {
    const { kms } = await fixture();
    expect((await kms.generateRandom({ NumberOfBytes: 1024 })).Plaintext?.length).toBe(1024);
    await expectError(kms.generateRandom({}), ValidationException, "NumberOfBytes is required.");
    await expectError(kms.generateRandom({ NumberOfBytes: 0 }), ValidationException);
    await expectError(kms.generateRandom({ NumberOfBytes: 8, CustomKeyStoreId: "cks-1" }), UnsupportedOperationException);
  });
});
