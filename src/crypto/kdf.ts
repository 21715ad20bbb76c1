/**
 * Per-request key derivation: NIST SP 800-108 KDF in counter mode with HMAC-SHA256 as the PRF,
 * the construction AWS describes for deriving each request's AES-GCM key from a backing key and a
 * fresh nonce. One 32-byte output needs one HMAC: K = HMAC(backingKey, [1]_4 || Label || 0x00 ||
 * Context || [256]_4).
 */
import type { CryptoProvider } from "../ports.js";

const encoder = new TextEncoder();

/**
 * Derives a 256-bit key from `secret` for `label` and `context`.
 * @param secret the backing key (32 bytes).
 */
export function deriveKey(crypto: CryptoProvider, secret: Uint8Array, label: string, context: Uint8Array): Uint8Array {
  const labelBytes = encoder.encode(label);
  const input = new Uint8Array(4 + labelBytes.length + 1 + context.length + 4);
  const view = new DataView(input.buffer);
  view.setUint32(0, 1);
  input.set(labelBytes, 4);
  input[4 + labelBytes.length] = 0;
  input.set(context, 5 + labelBytes.length);
  view.setUint32(input.length - 4, 256);
  return crypto.hmacSha256(secret, input);
}
