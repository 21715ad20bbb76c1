/**
 * Wrapping of imported key material (GetParametersForImport / ImportKeyMaterial): RSA key pairs and
 * RSA-OAEP through WebCrypto (`globalThis.crypto.subtle`, in every runtime kms-sim supports), and
 * AES key wrap with padding (RFC 5649) through the CryptoProvider. Asynchronous, as WebCrypto is.
 */
import type { CryptoProvider } from "../ports.js";

/**
 * The wrapping algorithms kms-sim models.
 * @inline
 */
export type ModelledWrappingAlgorithm =
  | "RSAES_OAEP_SHA_1"
  | "RSAES_OAEP_SHA_256"
  | "RSA_AES_KEY_WRAP_SHA_1"
  | "RSA_AES_KEY_WRAP_SHA_256";

/**
 * The RSA wrapping key sizes kms-sim models.
 * @inline
 */
export type ModelledWrappingKeySpec = "RSA_2048" | "RSA_3072" | "RSA_4096";

const MODULUS_BITS: Readonly<Record<ModelledWrappingKeySpec, number>> = { RSA_2048: 2048, RSA_3072: 3072, RSA_4096: 4096 };

/** A copy on a plain ArrayBuffer, the only kind WebCrypto's types accept. */
function own(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes);
}

function hashOf(algorithm: ModelledWrappingAlgorithm): "SHA-1" | "SHA-256" {
  return algorithm.endsWith("SHA_1") ? "SHA-1" : "SHA-256";
}

/** A fresh wrapping key pair: the public key as DER SubjectPublicKeyInfo, the private key as PKCS #8. */
export async function generateWrappingKeyPair(
  spec: ModelledWrappingKeySpec,
  algorithm: ModelledWrappingAlgorithm,
): Promise<{ publicKey: Uint8Array; privateKeyPkcs8: Uint8Array }> {
  const pair = await crypto.subtle.generateKey(
    { name: "RSA-OAEP", modulusLength: MODULUS_BITS[spec], publicExponent: new Uint8Array([1, 0, 1]), hash: hashOf(algorithm) },
    true,
    ["encrypt", "decrypt"],
  );
  const [publicKey, privateKey] = await Promise.all([
    crypto.subtle.exportKey("spki", pair.publicKey),
    crypto.subtle.exportKey("pkcs8", pair.privateKey),
  ]);
  return { publicKey: new Uint8Array(publicKey), privateKeyPkcs8: new Uint8Array(privateKey) };
}

/**
 * Unwraps imported key material.
 * - RSAES_OAEP_*: the whole blob is RSA-OAEP(material).
 * - RSA_AES_KEY_WRAP_*: RSA-OAEP(ephemeral AES-256 key) (modulus-length bytes) followed by
 *   AES-KWP(ephemeral key, material), as AWS documents.
 * @returns the material, or undefined when it cannot be unwrapped.
 */
export async function unwrapKeyMaterial(
  provider: CryptoProvider,
  privateKeyPkcs8: Uint8Array,
  spec: ModelledWrappingKeySpec,
  algorithm: ModelledWrappingAlgorithm,
  wrapped: Uint8Array,
): Promise<Uint8Array | undefined> {
  try {
    const privateKey = await crypto.subtle.importKey("pkcs8", own(privateKeyPkcs8), { name: "RSA-OAEP", hash: hashOf(algorithm) }, false, ["decrypt"]);
    if (algorithm.startsWith("RSAES_OAEP")) {
      return new Uint8Array(await crypto.subtle.decrypt({ name: "RSA-OAEP" }, privateKey, own(wrapped)));
    }
    const rsaBytes = MODULUS_BITS[spec] / 8;
    if (wrapped.length <= rsaBytes) return undefined;
    const aesKey = new Uint8Array(await crypto.subtle.decrypt({ name: "RSA-OAEP" }, privateKey, own(wrapped.subarray(0, rsaBytes))));
    try {
      return provider.aesKeyUnwrapPadded(aesKey, wrapped.subarray(rsaBytes));
    } finally {
      aesKey.fill(0);
    }
  } catch {
    return undefined;
  }
}
