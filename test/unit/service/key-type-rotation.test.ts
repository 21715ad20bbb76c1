/**
 * Rotation of asymmetric and HMAC keys — the seed page's keys that cannot rotate: EnableKeyRotation
 * and RotateKeyOnDemand refuse, DisableKeyRotation succeeds, GetKeyRotationStatus says false,
 * ListKeyRotations is empty. Manual rotation with a new key and UpdateAlias works, and Decrypt,
 * Verify and VerifyMac through an alias that moved fail as AWS says they do.
 */
import { constants, publicEncrypt } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  DisabledException,
  InvalidCiphertextException,
  KMSInvalidMacException,
  KMSInvalidSignatureException,
  UnsupportedOperationException,
  ValidationException,
  type CreateKeyRequest,
} from "../../../src/index.js";
import { createTestKms, DAY, expectError, newKeyId } from "../../support/create-test-kms.js";
import { ARN, nodePublicKey, utf8 } from "../../support/key-type-service.js";

const KEYS: readonly CreateKeyRequest[] = [
  { KeySpec: "HMAC_256", KeyUsage: "GENERATE_VERIFY_MAC" },
  { KeySpec: "RSA_4096", KeyUsage: "ENCRYPT_DECRYPT" },
  { KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY" },
  { KeySpec: "ECC_NIST_P384", KeyUsage: "KEY_AGREEMENT" },
  { KeySpec: "ECC_NIST_EDWARDS25519", KeyUsage: "SIGN_VERIFY" },
  { KeySpec: "ML_DSA_65", KeyUsage: "SIGN_VERIFY" },
];

describe("rotation of keys that cannot rotate", () => {
  for (const request of KEYS) {
    it(`${request.KeySpec} ${request.KeyUsage}: AWS's answers to every rotation operation`, async () => {
      const { kms, clock } = createTestKms();
      const keyId = await newKeyId(kms, request);
      await expectError(kms.enableKeyRotation({ KeyId: keyId }), UnsupportedOperationException, "");
      await expectError(kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 90 }), UnsupportedOperationException, "");
      await expectError(kms.rotateKeyOnDemand({ KeyId: keyId }), UnsupportedOperationException, "");
      expect(await kms.disableKeyRotation({ KeyId: keyId })).toEqual({});
      expect(await kms.getKeyRotationStatus({ KeyId: keyId })).toEqual({ KeyId: ARN(keyId), KeyRotationEnabled: false });
      expect(await kms.listKeyRotations({ KeyId: keyId })).toEqual({ Rotations: [], Truncated: false });
      await expectError(
        kms.listKeyRotations({ KeyId: keyId, IncludeKeyMaterial: "ALL_KEY_MATERIAL" }),
        ValidationException,
        "Input parameter includeKeyMaterial can only be used with symmetric keys.",
      );
      clock.advance(3 * 365 * DAY);
      expect(await kms.tick()).toEqual([]);
      expect((await kms.describeKey({ KeyId: keyId })).KeyMetadata?.CurrentKeyMaterialId).toBeUndefined();
    });
  }

  it("a disabled key answers DisabledException first, as AWS does for RotateKeyOnDemand", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms, { KeySpec: "RSA_4096", KeyUsage: "SIGN_VERIFY" });
    await kms.disableKey({ KeyId: keyId });
    for (const call of [kms.rotateKeyOnDemand({ KeyId: keyId }), kms.enableKeyRotation({ KeyId: keyId }), kms.disableKeyRotation({ KeyId: keyId })]) {
      await expectError(call, DisabledException, `${ARN(keyId)} is disabled.`);
    }
  });
});

describe("manual rotation: a new key and UpdateAlias", () => {
  const message = utf8("release 1.0");

  it("signing keys: the alias signs with the new key; old signatures verify by the old key's id, not through the moved alias", async () => {
    const { kms } = createTestKms();
    const first = await newKeyId(kms, { KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY" });
    await kms.createAlias({ AliasName: "alias/releases", TargetKeyId: first });
    const sign = { KeyId: "alias/releases", Message: message, SigningAlgorithm: "ECDSA_SHA_256" as const };
    const old = (await kms.sign(sign)).Signature as Uint8Array;
    const second = await newKeyId(kms, { KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY" });
    await kms.updateAlias({ AliasName: "alias/releases", TargetKeyId: second });
    const signed = await kms.sign(sign);
    expect(signed.KeyId).toBe(ARN(second));
    expect((await kms.verify({ ...sign, Signature: signed.Signature as Uint8Array })).KeyId).toBe(ARN(second));
    await expectError(kms.verify({ ...sign, Signature: old }), KMSInvalidSignatureException, "");
    expect((await kms.verify({ ...sign, KeyId: first, Signature: old })).SignatureValid).toBe(true);
  });

  it("HMAC keys: VerifyMac through the moved alias fails; the old key still verifies its MACs", async () => {
    const { kms } = createTestKms();
    const first = await newKeyId(kms, { KeySpec: "HMAC_384", KeyUsage: "GENERATE_VERIFY_MAC" });
    await kms.createAlias({ AliasName: "alias/tokens", TargetKeyId: first });
    const request = { KeyId: "alias/tokens", Message: message, MacAlgorithm: "HMAC_SHA_384" as const };
    const old = (await kms.generateMac(request)).Mac as Uint8Array;
    const second = await newKeyId(kms, { KeySpec: "HMAC_384", KeyUsage: "GENERATE_VERIFY_MAC" });
    await kms.updateAlias({ AliasName: "alias/tokens", TargetKeyId: second });
    await expectError(kms.verifyMac({ ...request, Mac: old }), KMSInvalidMacException, "");
    expect((await kms.verifyMac({ ...request, KeyId: first, Mac: old })).MacValid).toBe(true);
  });

  it("RSA encryption keys: Decrypt through the moved alias fails; the old key still decrypts", async () => {
    const { kms } = createTestKms();
    const first = await newKeyId(kms, { KeySpec: "RSA_2048", KeyUsage: "ENCRYPT_DECRYPT" });
    await kms.createAlias({ AliasName: "alias/inbox", TargetKeyId: first });
    const publicKey = nodePublicKey((await kms.getPublicKey({ KeyId: "alias/inbox" })).PublicKey as Uint8Array);
    const blob = new Uint8Array(publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" }, message));
    const second = await newKeyId(kms, { KeySpec: "RSA_2048", KeyUsage: "ENCRYPT_DECRYPT" });
    await kms.updateAlias({ AliasName: "alias/inbox", TargetKeyId: second });
    const decrypt = { KeyId: "alias/inbox", CiphertextBlob: blob, EncryptionAlgorithm: "RSAES_OAEP_SHA_256" as const };
    await expectError(kms.decrypt(decrypt), InvalidCiphertextException, "");
    expect((await kms.decrypt({ ...decrypt, KeyId: first })).Plaintext).toEqual(message);
  });

  it("UpdateAlias moves an alias only between keys of the same type and usage", async () => {
    const { kms } = createTestKms();
    const signing = await newKeyId(kms, { KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY" });
    await kms.createAlias({ AliasName: "alias/signer", TargetKeyId: signing });
    await kms.updateAlias({ AliasName: "alias/signer", TargetKeyId: await newKeyId(kms, { KeySpec: "RSA_2048", KeyUsage: "SIGN_VERIFY" }) });
    for (const other of [
      { KeySpec: "RSA_2048", KeyUsage: "ENCRYPT_DECRYPT" },
      { KeySpec: "HMAC_256", KeyUsage: "GENERATE_VERIFY_MAC" },
      { KeySpec: "ECC_NIST_P256", KeyUsage: "KEY_AGREEMENT" },
      {},
    ] as const) {
      await expectError(kms.updateAlias({ AliasName: "alias/signer", TargetKeyId: await newKeyId(kms, other) }), ValidationException);
    }
  });
});
