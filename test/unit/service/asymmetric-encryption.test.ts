/**
 * Encrypt, Decrypt and ReEncrypt with RSA keys through the service: node:crypto's OAEP ciphertexts
 * (made with the public key from GetPublicKey) decrypt in kms-sim; kms-sim's decrypt with the
 * private key node:crypto holds for an imported key; size limits, no encryption context, and the
 * ReEncrypt moves between RSA and symmetric keys with AWS's material ids.
 */
import { constants, generateKeyPairSync, privateDecrypt, publicEncrypt } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  DisabledException,
  DryRunOperationException,
  InvalidCiphertextException,
  InvalidKeyUsageException,
  ValidationException,
  type Kms,
} from "../../../src/index.js";
import { createTestKms, expectError, newKeyId } from "../../support/create-test-kms.js";
import { ARN, DRY_RUN, importMaterial, nodePublicKey, utf8 } from "../../support/key-type-service.js";

const PLAINTEXT = utf8("for a client that holds only the public key");

async function rsaKey(kms: Kms) {
  const keyId = await newKeyId(kms, { KeySpec: "RSA_2048", KeyUsage: "ENCRYPT_DECRYPT" });
  const publicKey = nodePublicKey((await kms.getPublicKey({ KeyId: keyId })).PublicKey as Uint8Array);
  return { keyId, publicKey };
}

describe("RSA Encrypt and Decrypt", () => {
  it("decrypts node:crypto's OAEP ciphertexts (SHA-1 and SHA-256, empty label) made with the public key from GetPublicKey", async () => {
    const { kms } = createTestKms();
    const { keyId, publicKey } = await rsaKey(kms);
    expect((await kms.getPublicKey({ KeyId: keyId })).EncryptionAlgorithms).toEqual(["RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"]);
    for (const [algorithm, oaepHash] of [["RSAES_OAEP_SHA_1", "sha1"], ["RSAES_OAEP_SHA_256", "sha256"]] as const) {
      const ciphertext = new Uint8Array(publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash }, PLAINTEXT));
      const decrypted = await kms.decrypt({ KeyId: keyId, CiphertextBlob: ciphertext, EncryptionAlgorithm: algorithm });
      // No KeyMaterialId: an RSA key has one key pair for life.
      expect(decrypted).toEqual({ KeyId: ARN(keyId), Plaintext: PLAINTEXT, EncryptionAlgorithm: algorithm });
      const encrypted = await kms.encrypt({ KeyId: keyId, Plaintext: PLAINTEXT, EncryptionAlgorithm: algorithm });
      expect([encrypted.KeyId, encrypted.EncryptionAlgorithm, encrypted.CiphertextBlob?.length]).toEqual([ARN(keyId), algorithm, 256]);
      const back = await kms.decrypt({ KeyId: keyId, CiphertextBlob: encrypted.CiphertextBlob as Uint8Array, EncryptionAlgorithm: algorithm });
      expect(back.Plaintext).toEqual(PLAINTEXT);
    }
  });

  it("encrypts for node:crypto's private key when the key pair was imported", { timeout: 30_000 }, async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms, { KeySpec: "RSA_2048", KeyUsage: "ENCRYPT_DECRYPT", Origin: "EXTERNAL" });
    const pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const pkcs8 = new Uint8Array(pair.privateKey.export({ format: "der", type: "pkcs8" }));
    await importMaterial(kms, keyId, pkcs8, { algorithm: "RSA_AES_KEY_WRAP_SHA_256" });
    for (const [algorithm, oaepHash] of [["RSAES_OAEP_SHA_1", "sha1"], ["RSAES_OAEP_SHA_256", "sha256"]] as const) {
      const blob = (await kms.encrypt({ KeyId: keyId, Plaintext: PLAINTEXT, EncryptionAlgorithm: algorithm })).CiphertextBlob as Uint8Array;
      expect(new Uint8Array(privateDecrypt({ key: pair.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash }, blob))).toEqual(PLAINTEXT);
    }
  });

  it("limits plaintext to k - 2·hLen - 2 bytes, with AWS's message", async () => {
    const { kms } = createTestKms();
    for (const [spec, sha1, sha256] of [["RSA_2048", 214, 190], ["RSA_3072", 342, 318], ["RSA_4096", 470, 446]] as const) {
      const keyId = await newKeyId(kms, { KeySpec: spec, KeyUsage: "ENCRYPT_DECRYPT" });
      for (const [algorithm, max] of [["RSAES_OAEP_SHA_1", sha1], ["RSAES_OAEP_SHA_256", sha256]] as const) {
        await expectError(
          kms.encrypt({ KeyId: keyId, Plaintext: new Uint8Array(max + 1), EncryptionAlgorithm: algorithm }),
          ValidationException,
          `Algorithm ${algorithm} and key spec ${spec} cannot encrypt data larger than ${max} bytes.`,
        );
      }
    }
    const { keyId } = await rsaKey(kms);
    expect((await kms.encrypt({ KeyId: keyId, Plaintext: new Uint8Array(214), EncryptionAlgorithm: "RSAES_OAEP_SHA_1" })).CiphertextBlob?.length).toBe(256);
  });

  it("refuses an encryption context, a missing algorithm or KeyId, and ciphertexts that do not decrypt, with AWS's messages", async () => {
    const { kms } = createTestKms();
    const { keyId, publicKey } = await rsaKey(kms);
    const blob = new Uint8Array(publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" }, PLAINTEXT));
    const context = "EncryptionContext is not supported when encrypting/decrypting with asymmetric CMKs.";
    await expectError(kms.encrypt({ KeyId: keyId, Plaintext: PLAINTEXT, EncryptionAlgorithm: "RSAES_OAEP_SHA_256", EncryptionContext: { a: "b" } }), ValidationException, context);
    await expectError(kms.decrypt({ KeyId: keyId, CiphertextBlob: blob, EncryptionAlgorithm: "RSAES_OAEP_SHA_256", EncryptionContext: { a: "b" } }), ValidationException, context);
    await expectError(kms.encrypt({ KeyId: keyId, Plaintext: PLAINTEXT }), InvalidKeyUsageException, "Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_2048.");
    await expectError(kms.decrypt({ KeyId: keyId, CiphertextBlob: blob }), InvalidCiphertextException, "");
    await expectError(kms.decrypt({ CiphertextBlob: blob, EncryptionAlgorithm: "RSAES_OAEP_SHA_256" }), ValidationException, "KeyId must not be null");
    await expectError(kms.decrypt({ KeyId: keyId, CiphertextBlob: blob, EncryptionAlgorithm: "RSAES_OAEP_SHA_1" }), InvalidCiphertextException, "");
    const tampered = Uint8Array.from(blob);
    tampered[10] = (tampered[10] as number) ^ 1;
    await expectError(kms.decrypt({ KeyId: keyId, CiphertextBlob: tampered, EncryptionAlgorithm: "RSAES_OAEP_SHA_256" }), InvalidCiphertextException, "");
    await expectError(kms.decrypt({ KeyId: keyId, CiphertextBlob: tampered, EncryptionAlgorithm: "RSAES_OAEP_SHA_256", DryRun: true }), InvalidCiphertextException, "");
    await expectError(kms.decrypt({ KeyId: keyId, CiphertextBlob: blob, EncryptionAlgorithm: "RSAES_OAEP_SHA_256", DryRun: true }), DryRunOperationException, DRY_RUN);
    await expectError(kms.encrypt({ KeyId: keyId, Plaintext: PLAINTEXT, EncryptionAlgorithm: "RSAES_OAEP_SHA_256", DryRun: true }), DryRunOperationException, DRY_RUN);
    const signing = await newKeyId(kms, { KeySpec: "RSA_2048", KeyUsage: "SIGN_VERIFY" });
    await expectError(
      kms.decrypt({ KeyId: signing, CiphertextBlob: blob, EncryptionAlgorithm: "RSAES_OAEP_SHA_256" }),
      InvalidKeyUsageException,
      `${ARN(signing)} key usage is SIGN_VERIFY which is not valid for Decrypt.`,
    );
    await kms.disableKey({ KeyId: keyId });
    await expectError(kms.decrypt({ KeyId: keyId, CiphertextBlob: blob, EncryptionAlgorithm: "RSAES_OAEP_SHA_256" }), DisabledException, `${ARN(keyId)} is disabled.`);
  });
});

describe("ReEncrypt between RSA and symmetric keys", () => {
  it("moves data either way, reporting key material ids for the symmetric side only", async () => {
    const { kms } = createTestKms();
    const { keyId: rsa, publicKey } = await rsaKey(kms);
    const symmetric = await newKeyId(kms);
    const materialId = (await kms.describeKey({ KeyId: symmetric })).KeyMetadata?.CurrentKeyMaterialId;
    const blob = new Uint8Array(publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha1" }, PLAINTEXT));
    const toSymmetric = await kms.reEncrypt({
      CiphertextBlob: blob, SourceKeyId: rsa, SourceEncryptionAlgorithm: "RSAES_OAEP_SHA_1", DestinationKeyId: symmetric, DestinationEncryptionContext: { to: "symmetric" },
    });
    expect({ ...toSymmetric, CiphertextBlob: undefined }).toEqual({
      CiphertextBlob: undefined,
      SourceKeyId: ARN(rsa),
      KeyId: ARN(symmetric),
      SourceEncryptionAlgorithm: "RSAES_OAEP_SHA_1",
      DestinationEncryptionAlgorithm: "SYMMETRIC_DEFAULT",
      DestinationKeyMaterialId: materialId,
    });
    const symmetricBlob = toSymmetric.CiphertextBlob as Uint8Array;
    expect((await kms.decrypt({ CiphertextBlob: symmetricBlob, EncryptionContext: { to: "symmetric" } })).Plaintext).toEqual(PLAINTEXT);
    const toRsa = await kms.reEncrypt({
      CiphertextBlob: symmetricBlob, SourceEncryptionContext: { to: "symmetric" }, DestinationKeyId: rsa, DestinationEncryptionAlgorithm: "RSAES_OAEP_SHA_256",
    });
    expect({ ...toRsa, CiphertextBlob: toRsa.CiphertextBlob?.length }).toEqual({
      CiphertextBlob: 256,
      SourceKeyId: ARN(symmetric),
      KeyId: ARN(rsa),
      SourceEncryptionAlgorithm: "SYMMETRIC_DEFAULT",
      DestinationEncryptionAlgorithm: "RSAES_OAEP_SHA_256",
      SourceKeyMaterialId: materialId,
    });
    const decrypted = await kms.decrypt({ KeyId: rsa, CiphertextBlob: toRsa.CiphertextBlob as Uint8Array, EncryptionAlgorithm: "RSAES_OAEP_SHA_256" });
    expect(decrypted.Plaintext).toEqual(PLAINTEXT);
  });

  it("refuses a destination context or a missing algorithm for an RSA destination, and a plaintext it cannot hold", async () => {
    const { kms } = createTestKms();
    const { keyId: rsa } = await rsaKey(kms);
    const symmetric = await newKeyId(kms);
    const small = (await kms.encrypt({ KeyId: symmetric, Plaintext: PLAINTEXT })).CiphertextBlob as Uint8Array;
    const large = (await kms.encrypt({ KeyId: symmetric, Plaintext: new Uint8Array(191) })).CiphertextBlob as Uint8Array;
    await expectError(kms.reEncrypt({ CiphertextBlob: small, DestinationKeyId: rsa }), InvalidKeyUsageException, "Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_2048.");
    await expectError(
      kms.reEncrypt({ CiphertextBlob: small, DestinationKeyId: rsa, DestinationEncryptionAlgorithm: "RSAES_OAEP_SHA_256", DestinationEncryptionContext: { a: "b" } }),
      ValidationException,
      "EncryptionContext is not supported when encrypting/decrypting with asymmetric CMKs.",
    );
    await expectError(
      kms.reEncrypt({ CiphertextBlob: large, DestinationKeyId: rsa, DestinationEncryptionAlgorithm: "RSAES_OAEP_SHA_256" }),
      ValidationException,
      "Algorithm RSAES_OAEP_SHA_256 and key spec RSA_2048 cannot encrypt data larger than 190 bytes.",
    );
    await expectError(
      kms.reEncrypt({ CiphertextBlob: small, DestinationKeyId: rsa, DestinationEncryptionAlgorithm: "RSAES_OAEP_SHA_256", DryRun: true }),
      DryRunOperationException,
      DRY_RUN,
    );
    const rsaBlob = (await kms.encrypt({ KeyId: rsa, Plaintext: PLAINTEXT, EncryptionAlgorithm: "RSAES_OAEP_SHA_256" })).CiphertextBlob as Uint8Array;
    await expectError(kms.reEncrypt({ CiphertextBlob: rsaBlob, SourceEncryptionAlgorithm: "RSAES_OAEP_SHA_256", DestinationKeyId: symmetric }), ValidationException, "KeyId must not be null");
  });
});
