/**
 * Every error AWS KMS raises that is particular to asymmetric and HMAC keys, as data: for each
 * condition, the operations it applies to, the AWS exception class and AWS's exact message (the
 * tables of key-types-multi-region.md §1–4, from native AWS captures unless `source` says
 * otherwise). One table, so the checks, the service operations and the tests speak with one voice.
 * KMSInvalidSignatureException, KMSInvalidMacException and several others carry an empty message:
 * that is what AWS sends, not a gap.
 */
import {
  DryRunOperationException,
  IncorrectKeyMaterialException,
  InvalidCiphertextException,
  InvalidKeyUsageException,
  KMSInvalidMacException,
  KMSInvalidSignatureException,
  UnsupportedOperationException,
  ValidationException,
} from "../errors.js";
import type { KmsError } from "../kms-error.js";

/** One row: when it applies, what AWS throws, and where the fact comes from. */
export interface KeyTypeErrorRow<P> {
  readonly operations: readonly string[];
  readonly condition: string;
  readonly exception: new (message: string) => KmsError;
  readonly message: (params: P) => string;
  /** "observed" = native AWS captures; otherwise the source and how sure we are. */
  readonly source: string;
}

const row = <P = Record<string, never>>(r: KeyTypeErrorRow<P>): KeyTypeErrorRow<P> => r;
const SIGN_VERIFY = ["Sign", "Verify"];

/** The table, keyed by condition. */
export const KEY_TYPE_ERRORS = {
  KEY_USAGE_MISSING: row({
    operations: ["CreateKey"], condition: "KeyUsage omitted for a key spec other than SYMMETRIC_DEFAULT",
    exception: ValidationException, source: "observed",
    message: () => "You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.",
  }),
  KEY_USAGE_INCOMPATIBLE: row<{ keyUsage: string; keySpec: string }>({
    operations: ["CreateKey"], condition: "KeyUsage not offered for the key spec (no final period)",
    exception: ValidationException, source: "observed",
    message: (p) => `KeyUsage ${p.keyUsage} is not compatible with KeySpec ${p.keySpec}`,
  }),
  KEY_SPEC_NOT_FOR_ORIGIN: row<{ keySpec: string; origin: string }>({
    operations: ["CreateKey"], condition: "ML_DSA key spec with Origin EXTERNAL (no final period)",
    exception: ValidationException, source: "observed",
    message: (p) => `KeySpec ${p.keySpec} is not supported for Origin ${p.origin}`,
  }),
  KEY_SPEC_NOT_IN_REGION: row<{ keySpec: string }>({
    operations: ["CreateKey"], condition: "SM2 outside the China Regions",
    exception: UnsupportedOperationException, source: "user report against us-east-1 (floci#3026)",
    message: (p) => `KeySpec ${p.keySpec} is not supported in this Region`,
  }),
  KEY_PAIR_SPEC_NOT_IN_REGION: row<{ keyPairSpec: string }>({
    operations: ["GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext"], condition: "KeyPairSpec SM2 outside the China Regions",
    exception: UnsupportedOperationException, source: "inferred from the CreateKey message",
    message: (p) => `KeyPairSpec ${p.keyPairSpec} is not supported in this Region`,
  }),
  KEY_USAGE_INVALID: row<{ arn: string; keyUsage: string; operation: string }>({
    operations: [...SIGN_VERIFY, "GenerateMac", "VerifyMac", "Encrypt", "Decrypt", "ReEncrypt", "DeriveSharedSecret", "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext"],
    condition: "the key's KeyUsage does not allow the operation",
    exception: InvalidKeyUsageException, source: "observed",
    message: (p) => `${p.arn} key usage is ${p.keyUsage} which is not valid for ${p.operation}.`,
  }),
  KEY_SPEC_INVALID_FOR_DATA_KEY_PAIR: row<{ arn: string; keySpec: string; operation: string }>({
    operations: ["GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext"], condition: "an ENCRYPT_DECRYPT key that is not symmetric",
    exception: InvalidKeyUsageException, source: "inferred (local-kms's wording; AWS unrecorded)",
    message: (p) => `${p.arn} key KeySpec is ${p.keySpec} which is not valid for ${p.operation}.`,
  }),
  KEY_SPEC_INVALID_FOR_DATA_KEY: row<{ arn: string; keySpec: string; operation: string }>({
    operations: ["GenerateDataKey", "GenerateDataKeyWithoutPlaintext"], condition: "an RSA encryption key (data keys need a symmetric key)",
    exception: InvalidKeyUsageException, source: "inferred (the GenerateDataKeyPair wording; AWS unrecorded)",
    message: (p) => `${p.arn} key KeySpec is ${p.keySpec} which is not valid for ${p.operation}.`,
  }),
  ALGORITHM_INCOMPATIBLE: row<{ algorithm: string; keySpec: string }>({
    operations: [...SIGN_VERIFY, "Encrypt", "Decrypt", "ReEncrypt", "GenerateMac", "VerifyMac"],
    condition: "signing, encryption or MAC algorithm not offered for the key spec (Encrypt's default SYMMETRIC_DEFAULT included)",
    exception: InvalidKeyUsageException, source: "observed",
    message: (p) => `Algorithm ${p.algorithm} is incompatible with key spec ${p.keySpec}.`,
  }),
  MESSAGE_TYPE_INCOMPATIBLE_WITH_SPEC: row<{ messageType: string; keySpec: string }>({
    operations: SIGN_VERIFY, condition: "EXTERNAL_MU with a key that is not ML-DSA, or DIGEST with an ML-DSA key",
    exception: ValidationException, source: "observed",
    message: (p) => `Message type ${p.messageType} is incompatible with key spec ${p.keySpec}.`,
  }),
  MESSAGE_TYPE_INCOMPATIBLE_WITH_ALGORITHM: row<{ messageType: string; algorithm: string }>({
    operations: SIGN_VERIFY, condition: "ED25519_SHA_512 without RAW, or ED25519_PH_SHA_512 without DIGEST",
    exception: ValidationException, source: "observed",
    message: (p) => `Message type ${p.messageType} is incompatible with algorithm ${p.algorithm}.`,
  }),
  DIGEST_LENGTH: row<{ algorithm: string }>({
    operations: SIGN_VERIFY, condition: "MessageType DIGEST whose length is not the algorithm's hash length",
    exception: ValidationException, source: "observed",
    message: (p) => `Digest is invalid length for algorithm ${p.algorithm}.`,
  }),
  EXTERNAL_MU_LENGTH: row<{ algorithm: string }>({
    operations: SIGN_VERIFY, condition: "MessageType EXTERNAL_MU whose length is not 64 bytes",
    exception: ValidationException, source: "observed",
    message: (p) => `External Mu is invalid length for algorithm ${p.algorithm}.`,
  }),
  MESSAGE_EMPTY: row({
    operations: [...SIGN_VERIFY, "GenerateMac", "VerifyMac"], condition: "empty Message (model constraint min 1)",
    exception: ValidationException, source: "observed",
    message: () => "1 validation error detected: Value at 'message' failed to satisfy constraint: Member must have length greater than or equal to 1",
  }),
  MESSAGE_TOO_LONG: row({
    operations: [...SIGN_VERIFY, "GenerateMac", "VerifyMac"], condition: "Message over 4096 bytes (model constraint max 4096)",
    exception: ValidationException, source: "botocore model constraint, AWS's generic wording",
    message: () => "1 validation error detected: Value at 'message' failed to satisfy constraint: Member must have length less than or equal to 4096",
  }),
  INVALID_SIGNATURE: row({
    operations: ["Verify"], condition: "the signature does not verify (Verify never answers SignatureValid: false), DryRun included",
    exception: KMSInvalidSignatureException, source: "observed", message: () => "",
  }),
  INVALID_MAC: row({
    operations: ["VerifyMac"], condition: "the MAC does not match or has the wrong length, DryRun included",
    exception: KMSInvalidMacException, source: "observed", message: () => "",
  }),
  PLAINTEXT_TOO_LARGE: row<{ algorithm: string; keySpec: string; maxBytes: number }>({
    operations: ["Encrypt", "ReEncrypt"], condition: "plaintext over k - 2·hLen - 2 bytes",
    exception: ValidationException, source: "observed",
    message: (p) => `Algorithm ${p.algorithm} and key spec ${p.keySpec} cannot encrypt data larger than ${p.maxBytes} bytes.`,
  }),
  ENCRYPTION_CONTEXT_ASYMMETRIC: row({
    operations: ["Encrypt", "Decrypt", "ReEncrypt"], condition: "an EncryptionContext with an RSA encryption key",
    exception: ValidationException, source: "observed",
    message: () => "EncryptionContext is not supported when encrypting/decrypting with asymmetric CMKs.",
  }),
  DECRYPT_KEY_ID_REQUIRED: row({
    operations: ["Decrypt", "ReEncrypt"], condition: "an RSAES_OAEP EncryptionAlgorithm without KeyId (asymmetric ciphertexts name no key)",
    exception: ValidationException, source: "observed", message: () => "KeyId must not be null",
  }),
  ASYMMETRIC_CIPHERTEXT_INVALID: row({
    operations: ["Decrypt", "ReEncrypt"], condition: "RSA decryption fails, or an RSA key with the default SYMMETRIC_DEFAULT algorithm",
    exception: InvalidCiphertextException, source: "observed", message: () => "",
  }),
  PUBLIC_KEY_SYMMETRIC: row({
    operations: ["GetPublicKey"], condition: "a symmetric or HMAC key (no public key)",
    exception: UnsupportedOperationException, source: "observed for SYMMETRIC_DEFAULT; HMAC inferred", message: () => "",
  }),
  PEER_PUBLIC_KEY_INVALID: row({
    operations: ["DeriveSharedSecret"], condition: "PublicKey is not a DER SubjectPublicKeyInfo of a point on the key's curve, DryRun included",
    exception: ValidationException, source: "observed", message: () => "",
  }),
  ROTATION_UNSUPPORTED: row({
    operations: ["EnableKeyRotation", "RotateKeyOnDemand"], condition: "an asymmetric or HMAC key (after the key-state check)",
    exception: UnsupportedOperationException, source: "observed for HMAC and RSA; ECC inferred", message: () => "",
  }),
  INCLUDE_KEY_MATERIAL_SYMMETRIC_ONLY: row({
    operations: ["ListKeyRotations"], condition: "IncludeKeyMaterial with an asymmetric or HMAC key",
    exception: ValidationException, source: "observed",
    message: () => "Input parameter includeKeyMaterial can only be used with symmetric keys.",
  }),
  IMPORT_PARAMETER_SYMMETRIC_ONLY: row<{ parameter: "importType" | "keyMaterialId" | "keyMaterialDescription"; keySpec: string }>({
    operations: ["ImportKeyMaterial"], condition: "ImportType, KeyMaterialId or KeyMaterialDescription for an asymmetric or HMAC key",
    exception: ValidationException, source: "observed",
    message: (p) => `Input parameter ${p.parameter} cannot be used with ${p.keySpec} imported keys.`,
  }),
  IMPORT_MATERIAL_MISMATCH: row<{ materialId: string }>({
    operations: ["ImportKeyMaterial"], condition: "re-import of material other than the key's one material",
    exception: IncorrectKeyMaterialException, source: "observed",
    message: (p) => `Imported key material does not have the expected identifier (${p.materialId}).`,
  }),
  IMPORT_MATERIAL_INVALID: row({
    operations: ["ImportKeyMaterial"], condition: "HMAC key of the wrong length, or a private key that is not PKCS #8 for the key spec",
    exception: InvalidCiphertextException, source: "observed for short HMAC keys and BER Ed25519 keys; other mismatches inferred",
    message: () => "",
  }),
  WRAPPING_INCOMPATIBLE: row<{ algorithm: string; wrappingKeySpec: string; keySpec: string }>({
    operations: ["GetParametersForImport"], condition: "RSAES_OAEP for RSA private keys, or with RSA_2048 for P-521 and Ed25519 keys",
    exception: ValidationException, source: "observed for RSAES_OAEP_SHA_256; SHA_1 by the documented rule",
    message: (p) => `Wrapping algorithm ${p.algorithm} and wrapping key spec ${p.wrappingKeySpec} cannot be used to import a ${p.keySpec} key.`,
  }),
  GRANT_ENCRYPTION_CONTEXT: row({
    operations: ["CreateGrant"], condition: "EncryptionContext constraints on a key that is not a symmetric encryption key",
    exception: ValidationException, source: "observed",
    message: () => "EncryptionContext is supported only when creating a grant for a symmetric encryption KMS key.",
  }),
  DRY_RUN: row({
    operations: [...SIGN_VERIFY, "Encrypt", "Decrypt", "ReEncrypt", "GenerateMac", "VerifyMac", "DeriveSharedSecret", "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext"],
    condition: "DryRun on a request that would have succeeded",
    exception: DryRunOperationException, source: "observed",
    message: () => "The request would have succeeded, but the DryRun option is set.",
  }),
} as const;

export type KeyTypeErrorId = keyof typeof KEY_TYPE_ERRORS;
type ParamsOf<K extends KeyTypeErrorId> = Parameters<(typeof KEY_TYPE_ERRORS)[K]["message"]>[0];

/**
 * The AWS exception of one row, ready to throw.
 * @example
 * ```ts
 * throw keyTypeError("DIGEST_LENGTH", { algorithm: "ECDSA_SHA_256" });
 * // ValidationException: Digest is invalid length for algorithm ECDSA_SHA_256.
 * ```
 */
export function keyTypeError<K extends KeyTypeErrorId>(
  id: K,
  ...params: ParamsOf<K> extends Record<string, never> ? [] : [ParamsOf<K>]
): KmsError {
  const entry = KEY_TYPE_ERRORS[id] as KeyTypeErrorRow<unknown>;
  return new entry.exception(entry.message(params[0] ?? {}));
}
