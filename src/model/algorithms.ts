/**
 * The facts behind every algorithm AWS KMS offers for its asymmetric and HMAC keys: which hash a
 * signing algorithm uses and how long its digest is, the tag length of each MAC algorithm, the
 * OAEP hash of each encryption algorithm and the plaintext limit it implies, and the parameters of
 * each key spec (modulus size, curve, ML-DSA parameter set, HMAC key lengths). Pure data: the
 * checks that turn these facts into AWS errors live in key-type-checks.ts.
 */
import type { EncryptionAlgorithmSpec, KeySpec, MacAlgorithmSpec, SigningAlgorithmSpec } from "./aws-shapes.generated.js";

/** Sign/Verify MessageType (botocore enum MessageType). */
export type MessageType = "RAW" | "DIGEST" | "EXTERNAL_MU";

/** GenerateDataKeyPair KeyPairSpec (botocore enum DataKeyPairSpec, in its order). */
export type DataKeyPairSpec =
  | "RSA_2048" | "RSA_3072" | "RSA_4096" | "ECC_NIST_P256" | "ECC_NIST_P384" | "ECC_NIST_P521" | "ECC_SECG_P256K1" | "SM2"
  | "ECC_NIST_EDWARDS25519";

/** The SHA-2 (and, for OAEP, SHA-1) hashes the algorithms use. */
export type HashName = "SHA-1" | "SHA-224" | "SHA-256" | "SHA-384" | "SHA-512";

/**
 * Elliptic curves of the ECC key specs.
 * @inline
 */
export type EccCurve = "P-256" | "P-384" | "P-521" | "secp256k1";

/**
 * FIPS 204 parameter sets of the ML_DSA key specs.
 * @inline
 */
export type MlDsaParameterSet = "ML-DSA-44" | "ML-DSA-65" | "ML-DSA-87";

/** Byte length of each hash's output. */
export const HASH_BYTES: Readonly<Record<HashName, number>> = {
  "SHA-1": 20, "SHA-224": 28, "SHA-256": 32, "SHA-384": 48, "SHA-512": 64,
};

/** How a signing algorithm turns a message into a signature. */
export type SigningScheme = "RSASSA_PSS" | "RSASSA_PKCS1_V1_5" | "ECDSA" | "ED25519" | "ED25519_PH" | "ML_DSA" | "SM2DSA";

/** One signing algorithm: its scheme, its hash and the digest length MessageType DIGEST must have. */
export interface SigningAlgorithmFacts {
  readonly scheme: SigningScheme;
  /** The hash applied to a RAW message (SHAKE-256 for ML-DSA is internal to FIPS 204). */
  readonly hash: HashName | "SHAKE-256" | "SM3";
  /** Bytes a DIGEST message must have; 64 for ML-DSA's EXTERNAL_MU representative μ. */
  readonly digestBytes: number;
}

const rsa = (scheme: "RSASSA_PSS" | "RSASSA_PKCS1_V1_5", hash: "SHA-256" | "SHA-384" | "SHA-512"): SigningAlgorithmFacts => ({
  scheme, hash, digestBytes: HASH_BYTES[hash],
});

/** Every SigningAlgorithmSpec, as AWS defines it (Sign API reference, MessageType). */
export const SIGNING_ALGORITHMS: Readonly<Record<SigningAlgorithmSpec, SigningAlgorithmFacts>> = {
  RSASSA_PSS_SHA_256: rsa("RSASSA_PSS", "SHA-256"),
  RSASSA_PSS_SHA_384: rsa("RSASSA_PSS", "SHA-384"),
  RSASSA_PSS_SHA_512: rsa("RSASSA_PSS", "SHA-512"),
  RSASSA_PKCS1_V1_5_SHA_256: rsa("RSASSA_PKCS1_V1_5", "SHA-256"),
  RSASSA_PKCS1_V1_5_SHA_384: rsa("RSASSA_PKCS1_V1_5", "SHA-384"),
  RSASSA_PKCS1_V1_5_SHA_512: rsa("RSASSA_PKCS1_V1_5", "SHA-512"),
  ECDSA_SHA_256: { scheme: "ECDSA", hash: "SHA-256", digestBytes: 32 },
  ECDSA_SHA_384: { scheme: "ECDSA", hash: "SHA-384", digestBytes: 48 },
  ECDSA_SHA_512: { scheme: "ECDSA", hash: "SHA-512", digestBytes: 64 },
  SM2DSA: { scheme: "SM2DSA", hash: "SM3", digestBytes: 32 },
  ML_DSA_SHAKE_256: { scheme: "ML_DSA", hash: "SHAKE-256", digestBytes: 64 },
  ED25519_SHA_512: { scheme: "ED25519", hash: "SHA-512", digestBytes: 64 },
  // Ed25519ph takes the caller's SHA-512 digest and prehashes it again (FIPS 186-5 §7.8.1 step 1).
  ED25519_PH_SHA_512: { scheme: "ED25519_PH", hash: "SHA-512", digestBytes: 64 },
};

/** Every MacAlgorithmSpec: its hash; the tag is the full hash output (RFC 2104, no truncation). */
export const MAC_ALGORITHMS: Readonly<Record<MacAlgorithmSpec, { readonly hash: "SHA-224" | "SHA-256" | "SHA-384" | "SHA-512"; readonly tagBytes: number }>> = {
  HMAC_SHA_224: { hash: "SHA-224", tagBytes: 28 },
  HMAC_SHA_256: { hash: "SHA-256", tagBytes: 32 },
  HMAC_SHA_384: { hash: "SHA-384", tagBytes: 48 },
  HMAC_SHA_512: { hash: "SHA-512", tagBytes: 64 },
};

/** The RSAES_OAEP algorithms: OAEP with this hash for both the label hash and MGF1, empty label. */
export const OAEP_HASHES: Readonly<Partial<Record<EncryptionAlgorithmSpec, "SHA-1" | "SHA-256">>> = {
  RSAES_OAEP_SHA_1: "SHA-1",
  RSAES_OAEP_SHA_256: "SHA-256",
};

/** Modulus size of each RSA key spec. */
export const RSA_MODULUS_BITS = { RSA_2048: 2048, RSA_3072: 3072, RSA_4096: 4096 } as const;
export type RsaKeySpec = keyof typeof RSA_MODULUS_BITS;

/** Curve of each ECC key spec that ECDSA or ECDH uses. */
export const ECC_CURVES = {
  ECC_NIST_P256: "P-256", ECC_NIST_P384: "P-384", ECC_NIST_P521: "P-521", ECC_SECG_P256K1: "secp256k1",
} as const satisfies Record<string, EccCurve>;
export type EccKeySpec = keyof typeof ECC_CURVES;

/** Parameter set of each ML_DSA key spec. */
export const ML_DSA_SETS = { ML_DSA_44: "ML-DSA-44", ML_DSA_65: "ML-DSA-65", ML_DSA_87: "ML-DSA-87" } as const satisfies Record<string, MlDsaParameterSet>;
export type MlDsaKeySpec = keyof typeof ML_DSA_SETS;

/**
 * HMAC key specs: the one MAC algorithm each allows, the length of the keys AWS KMS generates (the
 * hash output, as the key spec's name says), and the imported key lengths it accepts. The minimum is
 * observed (27 bytes refused and 28 accepted for HMAC_224, likewise for every spec); the maximum is
 * the hash's block size, as AWS's import requirements state it.
 */
export const HMAC_KEY_SPECS = {
  HMAC_224: { algorithm: "HMAC_SHA_224", generatedBytes: 28, importMinBytes: 28, importMaxBytes: 64 },
  HMAC_256: { algorithm: "HMAC_SHA_256", generatedBytes: 32, importMinBytes: 32, importMaxBytes: 64 },
  HMAC_384: { algorithm: "HMAC_SHA_384", generatedBytes: 48, importMinBytes: 48, importMaxBytes: 128 },
  HMAC_512: { algorithm: "HMAC_SHA_512", generatedBytes: 64, importMinBytes: 64, importMaxBytes: 128 },
} as const satisfies Record<string, { algorithm: MacAlgorithmSpec; generatedBytes: number; importMinBytes: number; importMaxBytes: number }>;
export type HmacKeySpec = keyof typeof HMAC_KEY_SPECS;

/** The key families that share one implementation. */
export type KeyFamily = "SYMMETRIC" | "RSA" | "ECC" | "ED25519" | "ML_DSA" | "HMAC" | "SM2";

/** The family of a key spec. */
export function keyFamilyOf(spec: KeySpec): KeyFamily {
  if (spec === "SYMMETRIC_DEFAULT") return "SYMMETRIC";
  if (spec === "SM2") return "SM2";
  if (spec === "ECC_NIST_EDWARDS25519") return "ED25519";
  if (spec in RSA_MODULUS_BITS) return "RSA";
  if (spec in ECC_CURVES) return "ECC";
  if (spec in ML_DSA_SETS) return "ML_DSA";
  return "HMAC";
}

/**
 * The largest plaintext RSAES_OAEP can encrypt under a key: k - 2·hLen - 2 bytes (RFC 8017 §7.1.1),
 * e.g. 214 (SHA-1) and 190 (SHA-256) for RSA_2048.
 */
export function oaepMaxPlaintextBytes(spec: RsaKeySpec, hash: "SHA-1" | "SHA-256"): number {
  return RSA_MODULUS_BITS[spec] / 8 - 2 * HASH_BYTES[hash] - 2;
}

/** Bytes of the raw ECDH shared secret (the x-coordinate) on each curve. */
export const ECDH_SECRET_BYTES: Readonly<Record<EccCurve, number>> = { "P-256": 32, "P-384": 48, "P-521": 66, secp256k1: 32 };
