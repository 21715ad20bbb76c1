/**
 * The default CryptoProvider: AES-256-GCM from @noble/ciphers, HMAC-SHA256 and SHA-256 from
 * @noble/hashes. Pure JavaScript, so it runs wherever kms-sim runs.
 */
import { aeskwp, gcm } from "@noble/ciphers/aes.js";
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import type { CryptoProvider } from "../ports.js";

/** The portable provider on @noble/ciphers and @noble/hashes. */
export const nobleCryptoProvider: CryptoProvider = {
  aesGcmEncrypt: (key, iv, plaintext, aad) => gcm(key, iv, aad).encrypt(plaintext),
  aesGcmDecrypt: (key, iv, sealed, aad) => {
    try {
      return gcm(key, iv, aad).decrypt(sealed);
    } catch {
      return undefined;
    }
  },
  hmacSha256: (key, data) => hmac(sha256, key, data),
  hmacSha256Keyed: (key) => {
    // The keyed state (pads absorbed) is built once; each message runs on a copy of it.
    const keyed = hmac.create(sha256, key);
    const scratch = hmac.create(sha256, key);
    return (data) => keyed._cloneInto(scratch).update(data).digest();
  },
  sha256: (data) => sha256(data),
  aesKeyUnwrapPadded: (kek, wrapped) => {
    try {
      return aeskwp(kek).decrypt(wrapped);
    } catch {
      return undefined;
    }
  },
};
