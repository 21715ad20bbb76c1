/**
 * The private material of asymmetric and HMAC keys: how each family holds it, how it is derived
 * from a key's 32-byte secret root (so a store keeps only the root), and how a key pair is made
 * from any seed source (data key pairs draw theirs from the RandomSource).
 *
 * Canonical private material per family:
 *   RSA      PKCS #8 DER                       ECC     PKCS #8 DER in AWS's form (curve OID, point)
 *   Ed25519  PKCS #8 DER, 48 bytes (RFC 8410)  ML-DSA  the 32-byte FIPS 204 seed ξ
 *   HMAC     the key itself (28/32/48/64 bytes generated; imported keys may be longer)
 *
 * Determinism: every family except RSA is a pure function of the seed bytes. RSA is too when
 * generated with `rsa: "seeded"` (node-forge's prime search over a ChaCha20 stream; seconds per
 * key); with `rsa: "platform"` the platform generates it from its own entropy (fast, not
 * reproducible), and the caller must keep the material, since the root no longer determines it.
 */
import type { KeySpec } from "../model/aws-shapes.generated.js";
import { ECC_CURVES, HMAC_KEY_SPECS, ML_DSA_SETS, RSA_MODULUS_BITS, keyFamilyOf, type EccCurve } from "../model/algorithms.js";
import type { KeyTypeProvider } from "../ports.js";
import { ecPkcs8, ecSpki, ed25519Pkcs8, ed25519Spki, mlDsaSpki } from "./der.js";

/** How RSA key pairs are generated: reproducibly from the seed (slow), or by the platform (fast). */
export type RsaGeneration = "seeded" | "platform";

/** A key's private material and, for key pairs, its public key. */
export interface KeyMaterial {
  readonly keySpec: KeySpec;
  /** The family's canonical private material (see the module comment). */
  readonly privateMaterial: Uint8Array;
  /** DER SubjectPublicKeyInfo; undefined for HMAC keys. */
  readonly publicKey: Uint8Array | undefined;
}

/**
 * Seed bytes each curve's key derivation takes: 1.5 × the curve's byte length, so that reducing
 * the seed modulo n - 1 is unbiased to 2^-64 (FIPS 186-5 A.4.1, noble's `lengths.seed`).
 */
export const ECC_SEED_BYTES: Readonly<Record<EccCurve, number>> = { "P-256": 48, "P-384": 72, "P-521": 99, secp256k1: 48 };

/** Where seed bytes come from: called once per key, with the number of bytes the family needs. */
export type SeedSource = (length: number) => Uint8Array;

/**
 * Makes the material of a key of `keySpec` from seed bytes.
 * @param options.rsa how RSA pairs are generated (default "platform").
 * @throws RangeError for SYMMETRIC_DEFAULT and SM2, which have no material of this kind here.
 */
export async function materialFromSeed(
  keyTypes: KeyTypeProvider,
  keySpec: KeySpec,
  seed: SeedSource,
  options: { rsa?: RsaGeneration } = {},
): Promise<KeyMaterial> {
  switch (keyFamilyOf(keySpec)) {
    case "ECC": {
      const curve = ECC_CURVES[keySpec as keyof typeof ECC_CURVES];
      const pair = keyTypes.ecc.keyFromSeed(curve, seed(ECC_SEED_BYTES[curve]));
      return { keySpec, privateMaterial: ecPkcs8(curve, pair.privateKey, pair.publicKey), publicKey: ecSpki(curve, pair.publicKey) };
    }
    case "ED25519": {
      const privateKey = seed(32);
      return { keySpec, privateMaterial: ed25519Pkcs8(privateKey), publicKey: ed25519Spki(keyTypes.ed25519.publicKeyOf(privateKey)) };
    }
    case "ML_DSA": {
      const set = ML_DSA_SETS[keySpec as keyof typeof ML_DSA_SETS];
      const xi = seed(32);
      return { keySpec, privateMaterial: xi, publicKey: mlDsaSpki(set, keyTypes.mlDsa.keyFromSeed(set, xi).publicKey) };
    }
    case "HMAC":
      return { keySpec, privateMaterial: seed(HMAC_KEY_SPECS[keySpec as keyof typeof HMAC_KEY_SPECS].generatedBytes), publicKey: undefined };
    case "RSA": {
      const bits = RSA_MODULUS_BITS[keySpec as keyof typeof RSA_MODULUS_BITS];
      const pair = await keyTypes.rsa.generate(bits, options.rsa === "seeded" ? { seed: seed(32) } : {});
      return { keySpec, privateMaterial: pair.privateKey, publicKey: pair.publicKey };
    }
    default:
      throw new RangeError(`no asymmetric or HMAC material for key spec ${keySpec}`);
  }
}

/** The SP 800-108 label of key-type material derivation (part of the determinism contract). */
const MATERIAL_LABEL = new TextEncoder().encode("kms-sim key-type material v1");

/**
 * The seed source of a key's secret root: NIST SP 800-108 KDF in counter mode with HMAC-SHA256,
 * K(i) = HMAC(root, [i]_4 || Label || 0x00 || Context || [L]_4), Context = the key spec's name,
 * L = the bits requested. One call per key, so every family reads one stream.
 * @param mac HMAC-SHA256 keyed with the root (CryptoProvider.hmacSha256Keyed).
 */
export function rootSeedSource(mac: (data: Uint8Array) => Uint8Array, keySpec: KeySpec): SeedSource {
  return (length) => {
    const context = new TextEncoder().encode(keySpec);
    const input = new Uint8Array(4 + MATERIAL_LABEL.length + 1 + context.length + 4);
    input.set(MATERIAL_LABEL, 4);
    input.set(context, 4 + MATERIAL_LABEL.length + 1);
    new DataView(input.buffer).setUint32(input.length - 4, length * 8);
    const out = new Uint8Array(Math.ceil(length / 32) * 32);
    for (let block = 0; block * 32 < length; block++) {
      new DataView(input.buffer).setUint32(0, block + 1);
      out.set(mac(input), block * 32);
    }
    input.fill(0);
    return out.subarray(0, length);
  };
}

/**
 * The material of a key derived from its 32-byte secret root: the same root and spec always give
 * the same material (RSA with `rsa: "seeded"` only).
 * @param mac HMAC-SHA256 keyed with the root.
 */
export function deriveKeyMaterial(
  keyTypes: KeyTypeProvider,
  mac: (data: Uint8Array) => Uint8Array,
  keySpec: KeySpec,
  options: { rsa?: RsaGeneration } = {},
): Promise<KeyMaterial> {
  return materialFromSeed(keyTypes, keySpec, rootSeedSource(mac, keySpec), options);
}
