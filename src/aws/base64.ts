/**
 * Base64 (RFC 4648, standard alphabet, padded) for blobs on the wire. Portable: no Buffer, no
 * atob/btoa (not in every runtime's type environment, and atob works on binary strings).
 */

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

/** Standard padded base64 of `bytes`. */
export function toBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  const chunk: number[] = [];
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] as number;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    chunk.push(
      ALPHABET.charCodeAt(a >> 2),
      ALPHABET.charCodeAt(((a & 3) << 4) | ((b ?? 0) >> 4)),
      b === undefined ? 61 : ALPHABET.charCodeAt(((b & 15) << 2) | ((c ?? 0) >> 6)),
      c === undefined ? 61 : ALPHABET.charCodeAt(c & 63),
    );
    if (chunk.length >= 8192) {
      parts.push(String.fromCharCode(...chunk));
      chunk.length = 0;
    }
  }
  parts.push(String.fromCharCode(...chunk));
  return parts.join("");
}

/**
 * The bytes of a base64 string (standard alphabet; padding optional; ASCII whitespace ignored).
 * @returns undefined when the text is not base64.
 */
export function fromBase64(text: string): Uint8Array | undefined {
  const clean = text.replace(/[\t\n\r ]/g, "");
  const unpadded = clean.replace(/={1,2}$/, "");
  if (unpadded.length % 4 === 1 || (clean.length !== unpadded.length && clean.length % 4 !== 0)) return undefined;
  const out = new Uint8Array(Math.floor((unpadded.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let o = 0;
  for (let i = 0; i < unpadded.length; i++) {
    const code = unpadded.charCodeAt(i);
    const digit = code < 128 ? (LOOKUP[code] as number) : -1;
    if (digit < 0) return undefined;
    value = (value << 6) | digit;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (value >> bits) & 0xff;
    }
  }
  return out;
}
