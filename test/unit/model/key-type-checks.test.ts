import { describe, expect, it } from "vitest";
import { KEY_SPECS, algorithmsFor } from "../../../src/model/key-spec.js";
import { KEY_TYPE_ERRORS, keyTypeError } from "../../../src/model/key-type-errors.js";
import {
  requireCreateKeySpec,
  requireDataKeyPairRequest,
  requireEncryptionAlgorithm,
  requireGrantConstraintsAllowed,
  requireIncludeKeyMaterialAllowed,
  requireKeyUsageFor,
  requireMacAlgorithm,
  requireNoEncryptionContext,
  requireOaepPlaintext,
  requirePublicKey,
  requireRotatableKeySpec,
  requireSigningRequest,
} from "../../../src/model/key-type-checks.js";
import { oaepMaxPlaintextBytes } from "../../../src/model/algorithms.js";
import { expectKmsError } from "../../support/key-types.js";

const ARN = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const bytes = (length: number) => new Uint8Array(length).fill(7);

describe("key spec table", () => {
  it("lists each spec's algorithms in AWS's order, one list per usage", () => {
    expect(algorithmsFor("RSA_4096", "SIGN_VERIFY").SigningAlgorithms).toEqual([
      "RSASSA_PKCS1_V1_5_SHA_256", "RSASSA_PKCS1_V1_5_SHA_384", "RSASSA_PKCS1_V1_5_SHA_512", "RSASSA_PSS_SHA_256", "RSASSA_PSS_SHA_384", "RSASSA_PSS_SHA_512",
    ]);
    expect(algorithmsFor("RSA_2048", "ENCRYPT_DECRYPT")).toEqual({ EncryptionAlgorithms: ["RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"] });
    expect(algorithmsFor("ECC_NIST_EDWARDS25519", "SIGN_VERIFY").SigningAlgorithms).toEqual(["ED25519_PH_SHA_512", "ED25519_SHA_512"]);
    expect(algorithmsFor("ECC_NIST_P521", "KEY_AGREEMENT")).toEqual({ KeyAgreementAlgorithms: ["ECDH"] });
    expect(algorithmsFor("ECC_SECG_P256K1", "SIGN_VERIFY").SigningAlgorithms).toEqual(["ECDSA_SHA_256"]);
    expect(algorithmsFor("ML_DSA_87", "SIGN_VERIFY").SigningAlgorithms).toEqual(["ML_DSA_SHAKE_256"]);
    expect(algorithmsFor("HMAC_384", "GENERATE_VERIFY_MAC")).toEqual({ MacAlgorithms: ["HMAC_SHA_384"] });
    expect(Object.keys(KEY_SPECS.ECC_SECG_P256K1)).toEqual(["SIGN_VERIFY"]);
  });
});

describe("requireCreateKeySpec", () => {
  it("accepts every valid pairing and defaults symmetric keys to ENCRYPT_DECRYPT", () => {
    expect(requireCreateKeySpec("SYMMETRIC_DEFAULT", undefined, "AWS_KMS")).toBe("ENCRYPT_DECRYPT");
    expect(requireCreateKeySpec("ECC_NIST_P256", "KEY_AGREEMENT", "EXTERNAL")).toBe("KEY_AGREEMENT");
    expect(requireCreateKeySpec("ML_DSA_65", "SIGN_VERIFY", "AWS_KMS")).toBe("SIGN_VERIFY");
  });

  it("refuses a missing KeyUsage, a wrong pairing, SM2 and imported ML-DSA with AWS's words", async () => {
    await expectKmsError(() => requireCreateKeySpec("HMAC_256", undefined, "AWS_KMS"), "ValidationException",
      "You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.");
    await expectKmsError(() => requireCreateKeySpec("ECC_NIST_P256", "ENCRYPT_DECRYPT", "AWS_KMS"), "ValidationException",
      "KeyUsage ENCRYPT_DECRYPT is not compatible with KeySpec ECC_NIST_P256");
    await expectKmsError(() => requireCreateKeySpec("RSA_2048", "KEY_AGREEMENT", "AWS_KMS"), "ValidationException",
      "KeyUsage KEY_AGREEMENT is not compatible with KeySpec RSA_2048");
    await expectKmsError(() => requireCreateKeySpec("ML_DSA_44", "KEY_AGREEMENT", "AWS_KMS"), "ValidationException",
      "KeyUsage KEY_AGREEMENT is not compatible with KeySpec ML_DSA_44");
    await expectKmsError(() => requireCreateKeySpec("ECC_SECG_P256K1", "KEY_AGREEMENT", "AWS_KMS"), "ValidationException",
      "KeyUsage KEY_AGREEMENT is not compatible with KeySpec ECC_SECG_P256K1");
    await expectKmsError(() => requireCreateKeySpec("SM2", "SIGN_VERIFY", "AWS_KMS"), "UnsupportedOperationException",
      "KeySpec SM2 is not supported in this Region");
    await expectKmsError(() => requireCreateKeySpec("ML_DSA_44", "SIGN_VERIFY", "EXTERNAL"), "ValidationException",
      "KeySpec ML_DSA_44 is not supported for Origin EXTERNAL");
  });
});

describe("requireKeyUsageFor", () => {
  it("names the key, its usage and the operation", async () => {
    expect(() => requireKeyUsageFor({ arn: ARN, keyUsage: "SIGN_VERIFY" }, "Verify")).not.toThrow();
    await expectKmsError(() => requireKeyUsageFor({ arn: ARN, keyUsage: "GENERATE_VERIFY_MAC" }, "Sign"), "InvalidKeyUsageException",
      `${ARN} key usage is GENERATE_VERIFY_MAC which is not valid for Sign.`);
    await expectKmsError(() => requireKeyUsageFor({ arn: ARN, keyUsage: "SIGN_VERIFY" }, "DeriveSharedSecret"), "InvalidKeyUsageException",
      `${ARN} key usage is SIGN_VERIFY which is not valid for DeriveSharedSecret.`);
    await expectKmsError(() => requireKeyUsageFor({ arn: ARN, keyUsage: "ENCRYPT_DECRYPT" }, "GenerateMac"), "InvalidKeyUsageException",
      `${ARN} key usage is ENCRYPT_DECRYPT which is not valid for GenerateMac.`);
    await expectKmsError(() => requireKeyUsageFor({ arn: ARN, keyUsage: "GENERATE_VERIFY_MAC" }, "Encrypt"), "InvalidKeyUsageException",
      `${ARN} key usage is GENERATE_VERIFY_MAC which is not valid for Encrypt.`);
  });
});

describe("requireSigningRequest", () => {
  it("plans RAW, DIGEST and EXTERNAL_MU requests", () => {
    expect(requireSigningRequest("ECC_NIST_P384", "ECDSA_SHA_384", undefined, bytes(10))).toMatchObject({ scheme: "ECDSA", hash: "SHA-384", messageType: "RAW" });
    expect(requireSigningRequest("RSA_3072", "RSASSA_PSS_SHA_512", "DIGEST", bytes(64))).toMatchObject({ scheme: "RSASSA_PSS", messageType: "DIGEST" });
    expect(requireSigningRequest("ECC_NIST_EDWARDS25519", "ED25519_PH_SHA_512", "DIGEST", bytes(64)).scheme).toBe("ED25519_PH");
    expect(requireSigningRequest("ML_DSA_87", "ML_DSA_SHAKE_256", "EXTERNAL_MU", bytes(64)).messageType).toBe("EXTERNAL_MU");
    expect(requireSigningRequest("ECC_SECG_P256K1", "ECDSA_SHA_256", "RAW", bytes(4096)).messageType).toBe("RAW");
  });

  it("refuses in AWS's order with AWS's messages", async () => {
    await expectKmsError(() => requireSigningRequest("ECC_NIST_P256", "RSASSA_PSS_SHA_256", "RAW", bytes(5)), "InvalidKeyUsageException",
      "Algorithm RSASSA_PSS_SHA_256 is incompatible with key spec ECC_NIST_P256.");
    await expectKmsError(() => requireSigningRequest("ML_DSA_44", "ECDSA_SHA_256", "RAW", bytes(5)), "InvalidKeyUsageException",
      "Algorithm ECDSA_SHA_256 is incompatible with key spec ML_DSA_44.");
    await expectKmsError(() => requireSigningRequest("ECC_NIST_P256", "ECDSA_SHA_256", "EXTERNAL_MU", bytes(64)), "ValidationException",
      "Message type EXTERNAL_MU is incompatible with key spec ECC_NIST_P256.");
    await expectKmsError(() => requireSigningRequest("RSA_2048", "RSASSA_PSS_SHA_512", "EXTERNAL_MU", bytes(64)), "ValidationException",
      "Message type EXTERNAL_MU is incompatible with key spec RSA_2048.");
    // EXTERNAL_MU is refused for the key spec before the Ed25519 message-type rule applies.
    await expectKmsError(() => requireSigningRequest("ECC_NIST_EDWARDS25519", "ED25519_SHA_512", "EXTERNAL_MU", bytes(64)), "ValidationException",
      "Message type EXTERNAL_MU is incompatible with key spec ECC_NIST_EDWARDS25519.");
    await expectKmsError(() => requireSigningRequest("ML_DSA_44", "ML_DSA_SHAKE_256", "DIGEST", bytes(64)), "ValidationException",
      "Message type DIGEST is incompatible with key spec ML_DSA_44.");
    await expectKmsError(() => requireSigningRequest("ECC_NIST_EDWARDS25519", "ED25519_PH_SHA_512", "RAW", bytes(5)), "ValidationException",
      "Message type RAW is incompatible with algorithm ED25519_PH_SHA_512.");
    // A 5-byte DIGEST for ED25519_SHA_512 fails on the message type, not the length (observed).
    await expectKmsError(() => requireSigningRequest("ECC_NIST_EDWARDS25519", "ED25519_SHA_512", "DIGEST", bytes(5)), "ValidationException",
      "Message type DIGEST is incompatible with algorithm ED25519_SHA_512.");
    await expectKmsError(() => requireSigningRequest("ECC_NIST_P256", "ECDSA_SHA_256", "DIGEST", bytes(5)), "ValidationException",
      "Digest is invalid length for algorithm ECDSA_SHA_256.");
    await expectKmsError(() => requireSigningRequest("RSA_2048", "RSASSA_PKCS1_V1_5_SHA_384", "DIGEST", bytes(32)), "ValidationException",
      "Digest is invalid length for algorithm RSASSA_PKCS1_V1_5_SHA_384.");
    await expectKmsError(() => requireSigningRequest("ECC_NIST_EDWARDS25519", "ED25519_PH_SHA_512", "DIGEST", bytes(63)), "ValidationException",
      "Digest is invalid length for algorithm ED25519_PH_SHA_512.");
    for (const length of [1, 63, 65]) {
      await expectKmsError(() => requireSigningRequest("ML_DSA_44", "ML_DSA_SHAKE_256", "EXTERNAL_MU", bytes(length)), "ValidationException",
        "External Mu is invalid length for algorithm ML_DSA_SHAKE_256.");
    }
    await expectKmsError(() => requireSigningRequest("ML_DSA_44", "ML_DSA_SHAKE_256", "RAW", bytes(0)), "ValidationException",
      "1 validation error detected: Value at 'message' failed to satisfy constraint: Member must have length greater than or equal to 1");
    await expectKmsError(() => requireSigningRequest("ECC_NIST_P256", "ECDSA_SHA_256", "RAW", bytes(4097)), "ValidationException",
      "1 validation error detected: Value at 'message' failed to satisfy constraint: Member must have length less than or equal to 4096");
  });
});

describe("RSA encryption checks", () => {
  it("computes AWS's plaintext limits per key size and hash", () => {
    expect([oaepMaxPlaintextBytes("RSA_2048", "SHA-1"), oaepMaxPlaintextBytes("RSA_2048", "SHA-256")]).toEqual([214, 190]);
    expect([oaepMaxPlaintextBytes("RSA_3072", "SHA-1"), oaepMaxPlaintextBytes("RSA_3072", "SHA-256")]).toEqual([342, 318]);
    expect([oaepMaxPlaintextBytes("RSA_4096", "SHA-1"), oaepMaxPlaintextBytes("RSA_4096", "SHA-256")]).toEqual([470, 446]);
  });

  it("refuses the default algorithm, a context and oversize plaintext", async () => {
    expect(requireEncryptionAlgorithm("RSA_3072", "RSAES_OAEP_SHA_1", "encrypt")).toBe("SHA-1");
    await expectKmsError(() => requireEncryptionAlgorithm("RSA_2048", undefined, "encrypt"), "InvalidKeyUsageException",
      "Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_2048.");
    await expectKmsError(() => requireEncryptionAlgorithm("RSA_2048", undefined, "decrypt"), "InvalidCiphertextException", "");
    await expectKmsError(() => requireEncryptionAlgorithm("SYMMETRIC_DEFAULT", "RSAES_OAEP_SHA_256", "encrypt"), "InvalidKeyUsageException",
      "Algorithm RSAES_OAEP_SHA_256 is incompatible with key spec SYMMETRIC_DEFAULT.");
    expect(() => requireNoEncryptionContext({})).not.toThrow();
    await expectKmsError(() => requireNoEncryptionContext({ purpose: "probe" }), "ValidationException",
      "EncryptionContext is not supported when encrypting/decrypting with asymmetric CMKs.");
    expect(() => requireOaepPlaintext("RSA_2048", "RSAES_OAEP_SHA_1", bytes(214))).not.toThrow();
    await expectKmsError(() => requireOaepPlaintext("RSA_2048", "RSAES_OAEP_SHA_1", bytes(215)), "ValidationException",
      "Algorithm RSAES_OAEP_SHA_1 and key spec RSA_2048 cannot encrypt data larger than 214 bytes.");
    await expectKmsError(() => requireOaepPlaintext("RSA_4096", "RSAES_OAEP_SHA_256", bytes(447)), "ValidationException",
      "Algorithm RSAES_OAEP_SHA_256 and key spec RSA_4096 cannot encrypt data larger than 446 bytes.");
  });
});

describe("other key-type checks", () => {
  it("MAC algorithm per HMAC spec", async () => {
    expect(() => requireMacAlgorithm("HMAC_224", "HMAC_SHA_224")).not.toThrow();
    await expectKmsError(() => requireMacAlgorithm("HMAC_224", "HMAC_SHA_512"), "InvalidKeyUsageException",
      "Algorithm HMAC_SHA_512 is incompatible with key spec HMAC_224.");
  });

  it("public keys, rotation, key material listing and grants", async () => {
    expect(() => requirePublicKey("ML_DSA_44")).not.toThrow();
    await expectKmsError(() => requirePublicKey("SYMMETRIC_DEFAULT"), "UnsupportedOperationException", "");
    await expectKmsError(() => requirePublicKey("HMAC_512"), "UnsupportedOperationException", "");
    expect(() => requireRotatableKeySpec("SYMMETRIC_DEFAULT")).not.toThrow();
    await expectKmsError(() => requireRotatableKeySpec("RSA_4096"), "UnsupportedOperationException", "");
    await expectKmsError(() => requireIncludeKeyMaterialAllowed("HMAC_224", "ALL_KEY_MATERIAL"), "ValidationException",
      "Input parameter includeKeyMaterial can only be used with symmetric keys.");
    expect(() => requireIncludeKeyMaterialAllowed("HMAC_224", undefined)).not.toThrow();
    await expectKmsError(() => requireGrantConstraintsAllowed("ECC_NIST_P256", true), "ValidationException",
      "EncryptionContext is supported only when creating a grant for a symmetric encryption KMS key.");
  });

  it("data key pairs need a symmetric encryption key and a spec of this partition", async () => {
    const symmetric = { arn: ARN, keySpec: "SYMMETRIC_DEFAULT", keyUsage: "ENCRYPT_DECRYPT" } as const;
    expect(() => requireDataKeyPairRequest(symmetric, "ECC_NIST_EDWARDS25519", "GenerateDataKeyPair")).not.toThrow();
    await expectKmsError(() => requireDataKeyPairRequest(symmetric, "SM2", "GenerateDataKeyPair"), "UnsupportedOperationException",
      "KeyPairSpec SM2 is not supported in this Region");
    await expectKmsError(() => requireDataKeyPairRequest({ arn: ARN, keySpec: "ECC_NIST_P256", keyUsage: "SIGN_VERIFY" }, "RSA_2048", "GenerateDataKeyPair"),
      "InvalidKeyUsageException", `${ARN} key usage is SIGN_VERIFY which is not valid for GenerateDataKeyPair.`);
    await expectKmsError(
      () => requireDataKeyPairRequest({ arn: ARN, keySpec: "RSA_2048", keyUsage: "ENCRYPT_DECRYPT" }, "RSA_2048", "GenerateDataKeyPairWithoutPlaintext"),
      "InvalidKeyUsageException", `${ARN} key KeySpec is RSA_2048 which is not valid for GenerateDataKeyPairWithoutPlaintext.`);
  });
});

describe("KEY_TYPE_ERRORS", () => {
  it("builds each row's exception with its exact message", async () => {
    const cases: [ReturnType<typeof keyTypeError>, string, string][] = [
      [keyTypeError("INVALID_SIGNATURE"), "KMSInvalidSignatureException", ""],
      [keyTypeError("INVALID_MAC"), "KMSInvalidMacException", ""],
      [keyTypeError("PEER_PUBLIC_KEY_INVALID"), "ValidationException", ""],
      [keyTypeError("DECRYPT_KEY_ID_REQUIRED"), "ValidationException", "KeyId must not be null"],
      [keyTypeError("ASYMMETRIC_CIPHERTEXT_INVALID"), "InvalidCiphertextException", ""],
      [keyTypeError("ROTATION_UNSUPPORTED"), "UnsupportedOperationException", ""],
      [keyTypeError("IMPORT_MATERIAL_INVALID"), "InvalidCiphertextException", ""],
      [keyTypeError("DRY_RUN"), "DryRunOperationException", "The request would have succeeded, but the DryRun option is set."],
      [keyTypeError("IMPORT_MATERIAL_MISMATCH", { materialId: "12d22bfdb57b4c1069e883b8a0e61ef7c987b3546d866d0298f7dd5591309950" }), "IncorrectKeyMaterialException",
        "Imported key material does not have the expected identifier (12d22bfdb57b4c1069e883b8a0e61ef7c987b3546d866d0298f7dd5591309950)."],
      [keyTypeError("IMPORT_PARAMETER_SYMMETRIC_ONLY", { parameter: "keyMaterialDescription", keySpec: "ECC_NIST_P384" }), "ValidationException",
        "Input parameter keyMaterialDescription cannot be used with ECC_NIST_P384 imported keys."],
      [keyTypeError("WRAPPING_INCOMPATIBLE", { algorithm: "RSAES_OAEP_SHA_256", wrappingKeySpec: "RSA_2048", keySpec: "ECC_NIST_P521" }), "ValidationException",
        "Wrapping algorithm RSAES_OAEP_SHA_256 and wrapping key spec RSA_2048 cannot be used to import a ECC_NIST_P521 key."],
    ];
    for (const [error, name, message] of cases) await expectKmsError(() => { throw error; }, name, message);
  });

  it("says for every row which operations it applies to and where the fact comes from", () => {
    for (const [id, row] of Object.entries(KEY_TYPE_ERRORS)) {
      expect(row.operations.length, id).toBeGreaterThan(0);
      expect(row.source, id).not.toBe("");
      expect(row.condition, id).not.toBe("");
    }
  });
});
