/**
 * A CryptoProvider on `node:crypto` (OpenSSL): AES-256-GCM, HMAC-SHA256 and SHA-256 at the
 * machine's native speed. Node-only, so it lives in the `kms-sim/node` entry; it produces exactly
 * the bytes the default @noble provider produces (each decrypts what the other encrypts).
 */
import { createCipheriv, createDecipheriv, createHash, createHmac } from "node:crypto";
import { concatBytes } from "../crypto/bytes.js";
import type { CryptoProvider } from "../index.js";

const TAG_BYTES = 16;
/**
 * Bytes per cipher.update call. OpenSSL returns a fresh Buffer per call: one of the payload's size
 * costs a large allocation (page faults) plus a copy into the result; 64 KiB slices stay in cache
 * and make a 1 MiB encryption as fast as the bare call (bench/crypto.ts).
 */
const SLICE_BYTES = 64 * 1024;

/** A view of Node's Buffer as a plain Uint8Array (kms-sim never hands out Buffers). */
function plain(buffer: Uint8Array): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** The provider on node:crypto. */
export const nodeCryptoProvider: CryptoProvider = {
  aesGcmEncrypt(key, iv, plaintext, aad) {
    const cipher = createCipheriv("aes-256-gcm", key, iv);
    cipher.setAAD(aad);
    const out = new Uint8Array(plaintext.length + TAG_BYTES);
    let offset = 0;
    for (let start = 0; start < plaintext.length; start += SLICE_BYTES) {
      const body = cipher.update(plaintext.subarray(start, start + SLICE_BYTES));
      out.set(body, offset);
      offset += body.length;
    }
    const rest = cipher.final();
    out.set(rest, offset);
    out.set(cipher.getAuthTag(), offset + rest.length);
    return out;
  },
  aesGcmDecrypt(key, iv, sealed, aad) {
    if (sealed.length < TAG_BYTES) return undefined;
    const decipher = createDecipheriv("aes-256-gcm", key, iv);
    decipher.setAAD(aad);
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    const length = sealed.length - TAG_BYTES;
    const out = new Uint8Array(length);
    try {
      let offset = 0;
      for (let start = 0; start < length; start += SLICE_BYTES) {
        const body = decipher.update(sealed.subarray(start, Math.min(start + SLICE_BYTES, length)));
        out.set(body, offset);
        offset += body.length;
      }
      out.set(decipher.final(), offset);
    } catch {
      out.fill(0);
      return undefined;
    }
    return out;
  },
  hmacSha256: (key, data) => plain(createHmac("sha256", key).update(data).digest()),
  hmacSha256Keyed: (key) => {
    // OpenSSL re-keys cheaply; keep a private copy so the caller may wipe its buffer.
    const copy = Uint8Array.from(key);
    return (data) => plain(createHmac("sha256", copy).update(data).digest());
  },
  sha256: (data) => plain(createHash("sha256").update(data).digest()),
  aesKeyUnwrapPadded: (kek, wrapped) => {
    try {
      // RFC 5649's alternative initial value, which OpenSSL's wrap-pad mode expects as its IV.
      const decipher = createDecipheriv("id-aes256-wrap-pad", kek, Uint8Array.from([0xa6, 0x59, 0x59, 0xa6]));
      return concatBytes([decipher.update(wrapped), decipher.final()]);
    } catch {
      return undefined;
    }
  },
};
