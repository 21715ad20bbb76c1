/**
 * Per-request key derivation: NIST SP 800-108 KDF in counter mode with HMAC-SHA256 as the PRF,
 * the construction AWS describes for deriving each request's AES-GCM key from a backing key and a
 * fresh nonce. One 32-byte output needs one HMAC: K = HMAC(backingKey, [1]_4 || Label || 0x00 ||
 * Context || [256]_4).
 */

/** A label's KDF prefix, `[1]_4 || Label || 0x00`, encoded once per label. */
export function kdfLabel(label: string): Uint8Array {
  const text = new TextEncoder().encode(label);
  const out = new Uint8Array(4 + text.length + 1);
  out[3] = 1;
  out.set(text, 4);
  return out;
}

/**
 * Derives a 256-bit key for `label` (from {@link kdfLabel}) and `context`.
 * @param mac HMAC-SHA256 keyed with the secret (CryptoProvider.hmacSha256Keyed).
 */
export function deriveKey(mac: (data: Uint8Array) => Uint8Array, label: Uint8Array, context: Uint8Array): Uint8Array {
  const input = new Uint8Array(label.length + context.length + 4);
  input.set(label);
  input.set(context, label.length);
  input[input.length - 2] = 1; // [256]_4 = 00 00 01 00
  return mac(input);
}
