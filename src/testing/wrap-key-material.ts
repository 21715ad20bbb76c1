/**
 * The client side of importing key material, for tests and simulations: wraps material under the
 * public key GetParametersForImport returned, the way AWS's documented clients (OpenSSL, the AWS
 * SDKs) do, so an import takes two lines.
 */
import { aeskwp } from "@noble/ciphers/aes.js";
import { randomBytes } from "@noble/ciphers/utils.js";
import type { RandomSource } from "../ports.js";

/** The wrapping algorithms kms-sim models. */
export type WrappingAlgorithm = "RSAES_OAEP_SHA_1" | "RSAES_OAEP_SHA_256" | "RSA_AES_KEY_WRAP_SHA_1" | "RSA_AES_KEY_WRAP_SHA_256";

/**
 * Wraps `material` for ImportKeyMaterial.
 * @param publicKey the DER SubjectPublicKeyInfo from GetParametersForImport.
 * @param material the key material (32 bytes for symmetric keys).
 * @param algorithm the WrappingAlgorithm given to GetParametersForImport.
 * @param options.random source of the ephemeral AES key of the RSA_AES_KEY_WRAP algorithms
 *   (default: the platform CSPRNG). RSA-OAEP itself is always randomised by WebCrypto.
 * @returns the EncryptedKeyMaterial.
 * @example Import material in two lines
 * ```ts
 * import { createKms } from "kms-sim";
 * import { wrapKeyMaterial } from "kms-sim/testing";
 * const kms = createKms();
 * const { KeyMetadata } = await kms.createKey({ Origin: "EXTERNAL" });
 * const keyId = KeyMetadata!.KeyId;
 * const p = await kms.getParametersForImport({ KeyId: keyId, WrappingAlgorithm: "RSAES_OAEP_SHA_256", WrappingKeySpec: "RSA_2048" });
 * await kms.importKeyMaterial({
 *   KeyId: keyId, ImportToken: p.ImportToken!, ExpirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE",
 *   EncryptedKeyMaterial: await wrapKeyMaterial(p.PublicKey!, new Uint8Array(32).fill(7), "RSAES_OAEP_SHA_256"),
 * });
 * ```
 */
export async function wrapKeyMaterial(
  publicKey: Uint8Array,
  material: Uint8Array,
  algorithm: WrappingAlgorithm,
  options: { random?: RandomSource } = {},
): Promise<Uint8Array> {
  const hash = algorithm.endsWith("SHA_1") ? "SHA-1" : "SHA-256";
  const key = await crypto.subtle.importKey("spki", new Uint8Array(publicKey), { name: "RSA-OAEP", hash }, false, ["encrypt"]);
  if (algorithm.startsWith("RSAES_OAEP")) {
    return new Uint8Array(await crypto.subtle.encrypt({ name: "RSA-OAEP" }, key, new Uint8Array(material)));
  }
  const ephemeral = options.random ? options.random(32) : randomBytes(32);
  try {
    const wrappedKey = new Uint8Array(await crypto.subtle.encrypt({ name: "RSA-OAEP" }, key, new Uint8Array(ephemeral)));
    const wrappedMaterial = aeskwp(ephemeral).encrypt(material);
    const out = new Uint8Array(wrappedKey.length + wrappedMaterial.length);
    out.set(wrappedKey);
    out.set(wrappedMaterial, wrappedKey.length);
    return out;
  } finally {
    ephemeral.fill(0);
  }
}
