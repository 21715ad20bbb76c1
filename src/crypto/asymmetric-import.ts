/**
 * Imported material for HMAC and asymmetric keys (ImportKeyMaterial for keys of those specs): the
 * wrapping algorithms AWS allows per key spec, the request members it refuses for them, and the
 * checks that unwrapped material is a key of the key spec. Unwrapping itself is shared with
 * symmetric keys (import-wrapping.ts: RSAES_OAEP_* and RSA_AES_KEY_WRAP_*, the latter needed for
 * RSA private keys, which no RSA wrapping key can hold in one OAEP block).
 */
import type { KeySpec } from "../model/aws-shapes.generated.js";
import { ECC_CURVES, HMAC_KEY_SPECS, RSA_MODULUS_BITS, keyFamilyOf } from "../model/algorithms.js";
import { keyTypeError } from "../model/key-type-errors.js";
import type { CryptoProvider, KeyTypeProvider } from "../ports.js";
import { ecPkcs8, ecSpki, ed25519Pkcs8, ed25519Spki, parsePkcs8 } from "./der.js";
import { unwrapKeyMaterial, type ModelledWrappingAlgorithm, type ModelledWrappingKeySpec } from "./import-wrapping.js";
import type { KeyMaterial } from "./key-material.js";

/**
 * GetParametersForImport: the wrapping algorithm and wrapping key spec can carry this key spec's
 * material. RSAES_OAEP cannot wrap an RSA private key at all, nor, with an RSA_2048 wrapping key,
 * a P-521 or Ed25519 private key (observed; AWS documents the P-521 case).
 * @throws ValidationException "Wrapping algorithm RSAES_OAEP_SHA_256 and wrapping key spec RSA_2048 cannot be used to import a RSA_2048 key."
 */
export function requireWrappingForKeySpec(keySpec: KeySpec, algorithm: ModelledWrappingAlgorithm, wrappingKeySpec: ModelledWrappingKeySpec): void {
  if (!algorithm.startsWith("RSAES_OAEP")) return;
  const family = keyFamilyOf(keySpec);
  const tooBigFor2048 = keySpec === "ECC_NIST_P521" || keySpec === "ECC_NIST_EDWARDS25519";
  if (family === "RSA" || (tooBigFor2048 && wrappingKeySpec === "RSA_2048")) {
    throw keyTypeError("WRAPPING_INCOMPATIBLE", { algorithm, wrappingKeySpec, keySpec });
  }
}

/**
 * ImportKeyMaterial: asymmetric and HMAC keys have one material for life, so the members that pick
 * or describe one of several materials are refused, in this order.
 * @throws ValidationException "Input parameter importType cannot be used with HMAC_224 imported keys."
 */
export function requireSingleMaterialImport(
  keySpec: KeySpec,
  request: { readonly ImportType?: string | undefined; readonly KeyMaterialId?: string | undefined; readonly KeyMaterialDescription?: string | undefined },
): void {
  if (request.ImportType !== undefined) throw keyTypeError("IMPORT_PARAMETER_SYMMETRIC_ONLY", { parameter: "importType", keySpec });
  if (request.KeyMaterialId !== undefined) throw keyTypeError("IMPORT_PARAMETER_SYMMETRIC_ONLY", { parameter: "keyMaterialId", keySpec });
  if (request.KeyMaterialDescription !== undefined) {
    throw keyTypeError("IMPORT_PARAMETER_SYMMETRIC_ONLY", { parameter: "keyMaterialDescription", keySpec });
  }
}

const PAIRWISE_MESSAGE = new TextEncoder().encode("kms-sim imported RSA key pairwise consistency check");

/**
 * Checks that plaintext imported material is a key of `keySpec` and returns it in canonical form
 * (key-material.ts) with its public key: an HMAC key of 28..64/32..64/48..128/64..128 bytes, or a
 * PKCS #8 private key of the spec's type and size (RSA and EC keys may use BER's indefinite-length
 * outer SEQUENCE, as AWS accepts; Ed25519 keys may not, as AWS refuses). An RSA key must sign and
 * verify with its own public key.
 * @throws InvalidCiphertextException "" for anything else
 */
export async function validateImportedMaterial(keyTypes: KeyTypeProvider, keySpec: KeySpec, plaintext: Uint8Array): Promise<KeyMaterial> {
  const invalid = () => keyTypeError("IMPORT_MATERIAL_INVALID");
  const family = keyFamilyOf(keySpec);
  if (family === "HMAC") {
    const range = HMAC_KEY_SPECS[keySpec as keyof typeof HMAC_KEY_SPECS];
    if (plaintext.length < range.importMinBytes || plaintext.length > range.importMaxBytes) throw invalid();
    return { keySpec, privateMaterial: Uint8Array.from(plaintext), publicKey: undefined };
  }
  const parsed = parsePkcs8(plaintext);
  if (family === "ED25519" && parsed?.kind === "ED25519") {
    return { keySpec, privateMaterial: ed25519Pkcs8(parsed.privateKey), publicKey: ed25519Spki(keyTypes.ed25519.publicKeyOf(parsed.privateKey)) };
  }
  if (family === "ECC" && parsed?.kind === "EC" && parsed.curve === ECC_CURVES[keySpec as keyof typeof ECC_CURVES]) {
    const point = keyTypes.ecc.publicKeyOf(parsed.curve, parsed.privateKey);
    if (!point || (parsed.point && !keyTypes.sha2.equal(parsed.point, point))) throw invalid();
    return { keySpec, privateMaterial: ecPkcs8(parsed.curve, parsed.privateKey, point), publicKey: ecSpki(parsed.curve, point) };
  }
  if (family === "RSA" && parsed?.kind === "RSA") {
    const key = await keyTypes.rsa.load(parsed.der);
    if (!key || key.modulusBits !== RSA_MODULUS_BITS[keySpec as keyof typeof RSA_MODULUS_BITS]) throw invalid();
    const input = { message: PAIRWISE_MESSAGE };
    const signature = await key.sign("RSASSA_PKCS1_V1_5", "SHA-256", input);
    if (!(await key.verify("RSASSA_PKCS1_V1_5", "SHA-256", input, signature))) throw invalid();
    return { keySpec, privateMaterial: Uint8Array.from(parsed.der), publicKey: key.publicKey };
  }
  throw invalid();
}

/**
 * ImportKeyMaterial for an HMAC or asymmetric key: unwraps the material with the import token's
 * private key and validates it for the key spec.
 * @throws InvalidCiphertextException "" when it does not unwrap or is not a key of the spec
 */
export async function unwrapImportedKeyMaterial(
  crypto: CryptoProvider,
  keyTypes: KeyTypeProvider,
  keySpec: KeySpec,
  wrapping: { readonly privateKeyPkcs8: Uint8Array; readonly wrappingKeySpec: ModelledWrappingKeySpec; readonly algorithm: ModelledWrappingAlgorithm },
  encryptedKeyMaterial: Uint8Array,
): Promise<KeyMaterial> {
  const plaintext = await unwrapKeyMaterial(crypto, wrapping.privateKeyPkcs8, wrapping.wrappingKeySpec, wrapping.algorithm, encryptedKeyMaterial);
  if (!plaintext) throw keyTypeError("IMPORT_MATERIAL_INVALID");
  try {
    return await validateImportedMaterial(keyTypes, keySpec, plaintext);
  } finally {
    plaintext.fill(0);
  }
}
