/**
 * The preconditions of the operations on asymmetric and HMAC keys, each a small function that
 * returns the checked value or throws AWS's exception with AWS's words (from key-type-errors.ts).
 * They read like the AWS docs and run in AWS's order: key usage, then algorithm against key spec,
 * then message type, then lengths. The key-state check comes before all of them (key-state.ts).
 * Pure: no cryptography, so DryRun requests can run every check without doing the work.
 */
import type { EncryptionAlgorithmSpec, KeySpec, MacAlgorithmSpec, SigningAlgorithmSpec } from "./aws-shapes.generated.js";
import {
  HMAC_KEY_SPECS,
  OAEP_HASHES,
  RSA_MODULUS_BITS,
  SIGNING_ALGORITHMS,
  keyFamilyOf,
  oaepMaxPlaintextBytes,
  type DataKeyPairSpec,
  type MessageType,
  type RsaKeySpec,
  type SigningAlgorithmFacts,
} from "./algorithms.js";
import { KEY_SPECS, isSymmetricSpec } from "./key-spec.js";
import { keyTypeError } from "./key-type-errors.js";
import type { KeyUsage } from "./shapes.js";

/** AWS's cap on Sign, Verify, GenerateMac and VerifyMac messages. */
export const MAX_MESSAGE_BYTES = 4096;

/**
 * CreateKey: the key spec, its usage and its origin fit together.
 * @returns the key usage to store (ENCRYPT_DECRYPT for an omitted usage of a symmetric key).
 * @throws ValidationException "You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys."
 * @throws UnsupportedOperationException "KeySpec SM2 is not supported in this Region" (China Regions only)
 * @throws ValidationException "KeyUsage SIGN_VERIFY is not compatible with KeySpec HMAC_256" (no final period, as AWS)
 * @throws ValidationException "KeySpec ML_DSA_44 is not supported for Origin EXTERNAL"
 */
export function requireCreateKeySpec(keySpec: KeySpec, keyUsage: KeyUsage | undefined, origin: string): KeyUsage {
  if (keyUsage === undefined && !isSymmetricSpec(keySpec)) throw keyTypeError("KEY_USAGE_MISSING");
  if (keySpec === "SM2") throw keyTypeError("KEY_SPEC_NOT_IN_REGION", { keySpec });
  const usage = keyUsage ?? "ENCRYPT_DECRYPT";
  if (KEY_SPECS[keySpec][usage] === undefined) throw keyTypeError("KEY_USAGE_INCOMPATIBLE", { keyUsage: usage, keySpec });
  if (origin === "EXTERNAL" && keyFamilyOf(keySpec) === "ML_DSA") throw keyTypeError("KEY_SPEC_NOT_FOR_ORIGIN", { keySpec, origin });
  return usage;
}

/** The operations on these keys and the one key usage each accepts. */
export const OPERATION_KEY_USAGE = {
  Sign: "SIGN_VERIFY",
  Verify: "SIGN_VERIFY",
  GenerateMac: "GENERATE_VERIFY_MAC",
  VerifyMac: "GENERATE_VERIFY_MAC",
  DeriveSharedSecret: "KEY_AGREEMENT",
  Encrypt: "ENCRYPT_DECRYPT",
  Decrypt: "ENCRYPT_DECRYPT",
  ReEncrypt: "ENCRYPT_DECRYPT",
  GenerateDataKeyPair: "ENCRYPT_DECRYPT",
  GenerateDataKeyPairWithoutPlaintext: "ENCRYPT_DECRYPT",
} as const satisfies Record<string, KeyUsage>;
export type KeyTypeOperation = keyof typeof OPERATION_KEY_USAGE;

/**
 * Precondition: the key's usage allows the operation.
 * @throws InvalidKeyUsageException "<arn> key usage is ENCRYPT_DECRYPT which is not valid for Sign."
 */
export function requireKeyUsageFor(key: { readonly arn: string; readonly keyUsage: KeyUsage }, operation: KeyTypeOperation): void {
  if (key.keyUsage !== OPERATION_KEY_USAGE[operation]) {
    throw keyTypeError("KEY_USAGE_INVALID", { arn: key.arn, keyUsage: key.keyUsage, operation });
  }
}

/**
 * Precondition: the key has a public key to return.
 * @throws UnsupportedOperationException "" for symmetric and HMAC keys
 */
export function requirePublicKey(keySpec: KeySpec): void {
  const family = keyFamilyOf(keySpec);
  if (family === "SYMMETRIC" || family === "HMAC") throw keyTypeError("PUBLIC_KEY_SYMMETRIC");
}

/** Precondition: Message is 1..4096 bytes (the model's constraint, in AWS's generic words). */
export function requireMessageSize(message: Uint8Array): void {
  if (message.length < 1) throw keyTypeError("MESSAGE_EMPTY");
  if (message.length > MAX_MESSAGE_BYTES) throw keyTypeError("MESSAGE_TOO_LONG");
}

/** A Sign or Verify request that passed every check: what the signer must do. */
export interface SigningPlan extends SigningAlgorithmFacts {
  readonly algorithm: SigningAlgorithmSpec;
  readonly messageType: MessageType;
}

/**
 * Sign and Verify: the algorithm fits the key spec, the message type fits both, and a DIGEST or
 * EXTERNAL_MU message has its exact length. Runs in AWS's order.
 * @param messageType defaults to RAW, as in AWS.
 * @throws InvalidKeyUsageException "Algorithm RSASSA_PSS_SHA_256 is incompatible with key spec ECC_NIST_P256."
 * @throws ValidationException "Message type EXTERNAL_MU is incompatible with key spec ECC_NIST_P256." (also DIGEST with ML-DSA)
 * @throws ValidationException "Message type DIGEST is incompatible with algorithm ED25519_SHA_512."
 * @throws ValidationException "Digest is invalid length for algorithm ECDSA_SHA_256."
 * @throws ValidationException "External Mu is invalid length for algorithm ML_DSA_SHAKE_256."
 */
export function requireSigningRequest(
  keySpec: KeySpec,
  algorithm: SigningAlgorithmSpec,
  messageType: MessageType | undefined,
  message: Uint8Array,
): SigningPlan {
  requireMessageSize(message);
  const type = messageType ?? "RAW";
  if (!(KEY_SPECS[keySpec].SIGN_VERIFY?.SigningAlgorithms ?? []).includes(algorithm)) {
    throw keyTypeError("ALGORITHM_INCOMPATIBLE", { algorithm, keySpec });
  }
  const facts = SIGNING_ALGORITHMS[algorithm];
  const mlDsa = facts.scheme === "ML_DSA";
  if ((type === "EXTERNAL_MU" && !mlDsa) || (type === "DIGEST" && mlDsa)) {
    throw keyTypeError("MESSAGE_TYPE_INCOMPATIBLE_WITH_SPEC", { messageType: type, keySpec });
  }
  if ((facts.scheme === "ED25519" && type !== "RAW") || (facts.scheme === "ED25519_PH" && type !== "DIGEST")) {
    throw keyTypeError("MESSAGE_TYPE_INCOMPATIBLE_WITH_ALGORITHM", { messageType: type, algorithm });
  }
  if (type === "DIGEST" && message.length !== facts.digestBytes) throw keyTypeError("DIGEST_LENGTH", { algorithm });
  if (type === "EXTERNAL_MU" && message.length !== facts.digestBytes) throw keyTypeError("EXTERNAL_MU_LENGTH", { algorithm });
  return { ...facts, algorithm, messageType: type };
}

/**
 * Encrypt/Decrypt/ReEncrypt with an RSA key: an RSAES_OAEP algorithm is named.
 * @returns the OAEP hash.
 * @throws InvalidKeyUsageException "Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_2048." (Encrypt, default algorithm)
 * @throws InvalidCiphertextException "" (Decrypt with the default SYMMETRIC_DEFAULT)
 */
export function requireEncryptionAlgorithm(
  keySpec: KeySpec,
  algorithm: EncryptionAlgorithmSpec | undefined,
  direction: "encrypt" | "decrypt",
): "SHA-1" | "SHA-256" {
  const named = algorithm ?? "SYMMETRIC_DEFAULT";
  if (named === "SYMMETRIC_DEFAULT" && direction === "decrypt" && keyFamilyOf(keySpec) === "RSA") {
    throw keyTypeError("ASYMMETRIC_CIPHERTEXT_INVALID");
  }
  const hash = OAEP_HASHES[named];
  if (hash === undefined || !(KEY_SPECS[keySpec].ENCRYPT_DECRYPT?.EncryptionAlgorithms ?? []).includes(named)) {
    throw keyTypeError("ALGORITHM_INCOMPATIBLE", { algorithm: named, keySpec });
  }
  return hash;
}

/**
 * Precondition: no encryption context with an asymmetric key. An empty map counts as none.
 * @throws ValidationException "EncryptionContext is not supported when encrypting/decrypting with asymmetric CMKs."
 */
export function requireNoEncryptionContext(context: Readonly<Record<string, string>> | undefined): void {
  if (context !== undefined && Object.keys(context).length > 0) throw keyTypeError("ENCRYPTION_CONTEXT_ASYMMETRIC");
}

/**
 * Precondition: the plaintext fits one RSAES_OAEP block.
 * @throws ValidationException "Algorithm RSAES_OAEP_SHA_1 and key spec RSA_2048 cannot encrypt data larger than 214 bytes."
 */
export function requireOaepPlaintext(keySpec: RsaKeySpec, algorithm: "RSAES_OAEP_SHA_1" | "RSAES_OAEP_SHA_256", plaintext: Uint8Array): void {
  const maxBytes = oaepMaxPlaintextBytes(keySpec, algorithm === "RSAES_OAEP_SHA_1" ? "SHA-1" : "SHA-256");
  if (plaintext.length > maxBytes) throw keyTypeError("PLAINTEXT_TOO_LARGE", { algorithm, keySpec, maxBytes });
}

/** True for the RSA key specs. */
export function isRsaKeySpec(spec: string): spec is RsaKeySpec {
  return spec in RSA_MODULUS_BITS;
}

/**
 * GenerateMac/VerifyMac: the MAC algorithm is the key spec's one algorithm.
 * @throws InvalidKeyUsageException "Algorithm HMAC_SHA_512 is incompatible with key spec HMAC_224."
 */
export function requireMacAlgorithm(keySpec: KeySpec, algorithm: MacAlgorithmSpec): void {
  const entry = (HMAC_KEY_SPECS as Partial<Record<KeySpec, { algorithm: MacAlgorithmSpec }>>)[keySpec];
  if (entry?.algorithm !== algorithm) throw keyTypeError("ALGORITHM_INCOMPATIBLE", { algorithm, keySpec });
}

/**
 * GenerateDataKeyPair: the pair spec exists in this partition and the wrapping key is a symmetric
 * encryption key.
 * @throws UnsupportedOperationException "KeyPairSpec SM2 is not supported in this Region"
 * @throws InvalidKeyUsageException "<arn> key usage is SIGN_VERIFY which is not valid for GenerateDataKeyPair."
 * @throws InvalidKeyUsageException "<arn> key KeySpec is RSA_2048 which is not valid for GenerateDataKeyPair."
 */
export function requireDataKeyPairRequest(
  key: { readonly arn: string; readonly keySpec: KeySpec; readonly keyUsage: KeyUsage },
  keyPairSpec: DataKeyPairSpec,
  operation: "GenerateDataKeyPair" | "GenerateDataKeyPairWithoutPlaintext",
): void {
  requireKeyUsageFor(key, operation);
  if (!isSymmetricSpec(key.keySpec)) throw keyTypeError("KEY_SPEC_INVALID_FOR_DATA_KEY_PAIR", { arn: key.arn, keySpec: key.keySpec, operation });
  if (keyPairSpec === "SM2") throw keyTypeError("KEY_PAIR_SPEC_NOT_IN_REGION", { keyPairSpec });
}

/**
 * EnableKeyRotation and RotateKeyOnDemand: only symmetric encryption keys rotate.
 * @throws UnsupportedOperationException "" for asymmetric and HMAC keys
 */
export function requireRotatableKeySpec(keySpec: KeySpec): void {
  if (!isSymmetricSpec(keySpec)) throw keyTypeError("ROTATION_UNSUPPORTED");
}

/**
 * ListKeyRotations: IncludeKeyMaterial is for symmetric keys.
 * @throws ValidationException "Input parameter includeKeyMaterial can only be used with symmetric keys."
 */
export function requireIncludeKeyMaterialAllowed(keySpec: KeySpec, includeKeyMaterial: string | undefined): void {
  if (includeKeyMaterial !== undefined && !isSymmetricSpec(keySpec)) throw keyTypeError("INCLUDE_KEY_MATERIAL_SYMMETRIC_ONLY");
}

/**
 * CreateGrant: encryption-context constraints only on symmetric encryption keys.
 * @throws ValidationException "EncryptionContext is supported only when creating a grant for a symmetric encryption KMS key."
 */
export function requireGrantConstraintsAllowed(keySpec: KeySpec, hasEncryptionContextConstraint: boolean): void {
  if (hasEncryptionContextConstraint && !isSymmetricSpec(keySpec)) throw keyTypeError("GRANT_ENCRYPTION_CONTEXT");
}
