/**
 * What each AWS key spec allows: the key usages it supports and the one algorithm list DescribeKey
 * and GetPublicKey report for each usage, in AWS's order (native captures: RSA lists PKCS#1 v1.5
 * before PSS, Ed25519 lists ED25519_PH_SHA_512 first). The checks that refuse a pairing with AWS's
 * words are in key-type-checks.ts; the algorithms' parameters in algorithms.ts.
 */
import type { KeySpec } from "./aws-shapes.generated.js";
import type { KeyUsage } from "./shapes.js";

/** Algorithm lists DescribeKey reports for one key usage of one key spec. */
export interface UsageAlgorithms {
  readonly EncryptionAlgorithms?: readonly string[];
  readonly SigningAlgorithms?: readonly string[];
  readonly MacAlgorithms?: readonly string[];
  readonly KeyAgreementAlgorithms?: readonly string[];
}

const RSA_ENCRYPTION = { EncryptionAlgorithms: ["RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"] };
const RSA_SIGNING = {
  SigningAlgorithms: [
    "RSASSA_PKCS1_V1_5_SHA_256",
    "RSASSA_PKCS1_V1_5_SHA_384",
    "RSASSA_PKCS1_V1_5_SHA_512",
    "RSASSA_PSS_SHA_256",
    "RSASSA_PSS_SHA_384",
    "RSASSA_PSS_SHA_512",
  ],
};
const ECDH = { KeyAgreementAlgorithms: ["ECDH"] };
const rsa = { ENCRYPT_DECRYPT: RSA_ENCRYPTION, SIGN_VERIFY: RSA_SIGNING };
const mlDsa = { SIGN_VERIFY: { SigningAlgorithms: ["ML_DSA_SHAKE_256"] } };

/** Key usages each key spec supports, with the algorithms reported for each. */
export const KEY_SPECS: Readonly<Record<KeySpec, Partial<Record<KeyUsage, UsageAlgorithms>>>> = {
  SYMMETRIC_DEFAULT: { ENCRYPT_DECRYPT: { EncryptionAlgorithms: ["SYMMETRIC_DEFAULT"] } },
  RSA_2048: rsa,
  RSA_3072: rsa,
  RSA_4096: rsa,
  ECC_NIST_P256: { SIGN_VERIFY: { SigningAlgorithms: ["ECDSA_SHA_256"] }, KEY_AGREEMENT: ECDH },
  ECC_NIST_P384: { SIGN_VERIFY: { SigningAlgorithms: ["ECDSA_SHA_384"] }, KEY_AGREEMENT: ECDH },
  ECC_NIST_P521: { SIGN_VERIFY: { SigningAlgorithms: ["ECDSA_SHA_512"] }, KEY_AGREEMENT: ECDH },
  ECC_SECG_P256K1: { SIGN_VERIFY: { SigningAlgorithms: ["ECDSA_SHA_256"] } },
  ECC_NIST_EDWARDS25519: { SIGN_VERIFY: { SigningAlgorithms: ["ED25519_PH_SHA_512", "ED25519_SHA_512"] } },
  HMAC_224: { GENERATE_VERIFY_MAC: { MacAlgorithms: ["HMAC_SHA_224"] } },
  HMAC_256: { GENERATE_VERIFY_MAC: { MacAlgorithms: ["HMAC_SHA_256"] } },
  HMAC_384: { GENERATE_VERIFY_MAC: { MacAlgorithms: ["HMAC_SHA_384"] } },
  HMAC_512: { GENERATE_VERIFY_MAC: { MacAlgorithms: ["HMAC_SHA_512"] } },
  SM2: {
    ENCRYPT_DECRYPT: { EncryptionAlgorithms: ["SM2PKE"] },
    SIGN_VERIFY: { SigningAlgorithms: ["SM2DSA"] },
    KEY_AGREEMENT: ECDH,
  },
  ML_DSA_44: mlDsa,
  ML_DSA_65: mlDsa,
  ML_DSA_87: mlDsa,
};

/** True for the one key spec whose keys hold rotatable, symmetric AES-256-GCM material. */
export function isSymmetricSpec(spec: KeySpec): boolean {
  return spec === "SYMMETRIC_DEFAULT";
}

/**
 * True when DescribeKey reports the spec under the deprecated CustomerMasterKeySpec too: always.
 * AWS fills it for every key, even for the specs its deprecated enum lacks (captures show
 * `"CustomerMasterKeySpec": "ECC_NIST_EDWARDS25519"` and `"ML_DSA_44"`).
 */
export function hasLegacySpecName(_spec: KeySpec): boolean {
  return true;
}

/** True for the key specs with a key pair (RSA, ECC, Ed25519, ML-DSA, SM2): they have a public key. */
export function isAsymmetricSpec(spec: KeySpec): boolean {
  return keySpecFamily(spec) === "ASYMMETRIC";
}

/** The family a key spec belongs to; UpdateAlias only moves an alias within one family. */
export function keySpecFamily(spec: KeySpec): "SYMMETRIC" | "ASYMMETRIC" | "HMAC" {
  if (spec === "SYMMETRIC_DEFAULT") return "SYMMETRIC";
  return spec.startsWith("HMAC_") ? "HMAC" : "ASYMMETRIC";
}

/** The algorithm lists DescribeKey reports for a key of this spec and usage. */
export function algorithmsFor(spec: KeySpec, usage: KeyUsage): UsageAlgorithms {
  return KEY_SPECS[spec][usage] ?? {};
}
