/**
 * GenerateDataKeyPair and GenerateDataKeyPairWithoutPlaintext through the service: every pair spec
 * loads into node:crypto and signs and verifies there; the encrypted private key decrypts with its
 * encryption context only; AWS's refusals.
 */
import { createPrivateKey, sign as nodeSign, verify as nodeVerify } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  DryRunOperationException,
  InvalidCiphertextException,
  InvalidKeyUsageException,
  KMSInvalidStateException,
  UnsupportedOperationException,
  type DataKeyPairSpec,
} from "../../../src/index.js";
import { createTestKms, expectError, newKeyId } from "../../support/create-test-kms.js";
import { ARN, DRY_RUN, nodePublicKey, utf8 } from "../../support/key-type-service.js";

const CONTEXT = { purpose: "data key pair" };
const MESSAGE = utf8("signed with a data key pair");

const PAIRS: readonly [DataKeyPairSpec, string | null, number | undefined, number | undefined][] = [
  // spec, node's hash for sign (null: Ed25519), SPKI bytes, PKCS #8 bytes (RSA: varies by a byte or two)
  ["RSA_2048", "sha256", 294, undefined],
  ["RSA_3072", "sha256", 422, undefined],
  ["RSA_4096", "sha256", 550, undefined],
  ["ECC_NIST_P256", "sha256", 91, 150],
  ["ECC_NIST_P384", "sha384", 120, 194],
  ["ECC_NIST_P521", "sha512", 158, 250],
  ["ECC_SECG_P256K1", "sha256", 88, 144],
  ["ECC_NIST_EDWARDS25519", null, 44, 48],
];

describe("GenerateDataKeyPair", () => {
  it("makes every pair spec: node:crypto loads the PKCS #8 private key and the SPKI public key, and they sign and verify", { timeout: 60_000 }, async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms);
    const materialId = (await kms.describeKey({ KeyId: keyId })).KeyMetadata?.CurrentKeyMaterialId;
    for (const [spec, hash, spkiBytes, pkcs8Bytes] of PAIRS) {
      const pair = await kms.generateDataKeyPair({ KeyId: keyId, KeyPairSpec: spec, EncryptionContext: CONTEXT });
      expect([pair.KeyId, pair.KeyPairSpec, pair.KeyMaterialId]).toEqual([ARN(keyId), spec, materialId]);
      const privateKey = createPrivateKey({ key: Buffer.from(pair.PrivateKeyPlaintext as Uint8Array), format: "der", type: "pkcs8" });
      const publicKey = nodePublicKey(pair.PublicKey as Uint8Array);
      expect(pair.PublicKey?.length, spec).toBe(spkiBytes);
      if (pkcs8Bytes !== undefined) expect(pair.PrivateKeyPlaintext?.length, spec).toBe(pkcs8Bytes);
      const signature = nodeSign(hash, MESSAGE, privateKey);
      expect(nodeVerify(hash, MESSAGE, publicKey, signature), spec).toBe(true);
      const decrypted = await kms.decrypt({ CiphertextBlob: pair.PrivateKeyCiphertextBlob as Uint8Array, EncryptionContext: CONTEXT });
      expect(decrypted.Plaintext).toEqual(pair.PrivateKeyPlaintext);
      await expectError(kms.decrypt({ CiphertextBlob: pair.PrivateKeyCiphertextBlob as Uint8Array }), InvalidCiphertextException);
    }
  });

  it("WithoutPlaintext returns the public key and the encrypted private key only; a seeded run repeats ECC pairs", async () => {
    const run = async () => {
      const { kms } = createTestKms({ seed: "pairs" });
      const keyId = await newKeyId(kms);
      return { keyId, kms, pair: await kms.generateDataKeyPairWithoutPlaintext({ KeyId: keyId, KeyPairSpec: "ECC_NIST_P256" }) };
    };
    const { kms, keyId, pair } = await run();
    expect(Object.keys(pair).sort()).toEqual(["KeyId", "KeyMaterialId", "KeyPairSpec", "PrivateKeyCiphertextBlob", "PublicKey"]);
    expect((await run()).pair).toEqual(pair);
    const privateKey = (await kms.decrypt({ CiphertextBlob: pair.PrivateKeyCiphertextBlob as Uint8Array, KeyId: keyId })).Plaintext as Uint8Array;
    const signature = nodeSign("sha256", MESSAGE, createPrivateKey({ key: Buffer.from(privateKey), format: "der", type: "pkcs8" }));
    expect(nodeVerify("sha256", MESSAGE, nodePublicKey(pair.PublicKey as Uint8Array), signature)).toBe(true);
  });

  it("needs a symmetric encryption key in a usable state; refuses SM2 outside China; DryRun makes nothing", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms);
    await expectError(kms.generateDataKeyPair({ KeyId: keyId, KeyPairSpec: "SM2" }), UnsupportedOperationException, "KeyPairSpec SM2 is not supported in this Region");
    const signing = await newKeyId(kms, { KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY" });
    await expectError(
      kms.generateDataKeyPair({ KeyId: signing, KeyPairSpec: "ECC_NIST_P256" }),
      InvalidKeyUsageException,
      `${ARN(signing)} key usage is SIGN_VERIFY which is not valid for GenerateDataKeyPair.`,
    );
    const rsa = await newKeyId(kms, { KeySpec: "RSA_2048", KeyUsage: "ENCRYPT_DECRYPT" });
    await expectError(
      kms.generateDataKeyPairWithoutPlaintext({ KeyId: rsa, KeyPairSpec: "ECC_NIST_P256" }),
      InvalidKeyUsageException,
      `${ARN(rsa)} key KeySpec is RSA_2048 which is not valid for GenerateDataKeyPairWithoutPlaintext.`,
    );
    const before = JSON.stringify(kms.snapshot());
    await expectError(kms.generateDataKeyPair({ KeyId: keyId, KeyPairSpec: "ECC_NIST_P256", DryRun: true }), DryRunOperationException, DRY_RUN);
    expect(JSON.stringify(kms.snapshot())).toBe(before);
    await kms.scheduleKeyDeletion({ KeyId: keyId });
    await expectError(kms.generateDataKeyPair({ KeyId: keyId, KeyPairSpec: "ECC_NIST_P256" }), KMSInvalidStateException, `${ARN(keyId)} is pending deletion.`);
    await expectError(
      kms.generateDataKeyPair({ KeyId: keyId, KeyPairSpec: "ECC_NIST_P256", Recipient: { AttestationDocument: new Uint8Array(8) } }),
      UnsupportedOperationException,
      "kms-sim does not model Nitro Enclaves attestation (Recipient) for GenerateDataKeyPair.",
    );
  });
});
