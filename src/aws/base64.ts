/**
 * Base64 (RFC 4648, standard alphabet, padded) for blobs on the wire. Portable: no Buffer, no
 * atob/btoa (not in every runtime's type environment, and atob works on binary strings). Every
 * request and response with a blob passes through here, so both directions are single passes
 * over typed arrays, with no regular expressions or intermediate strings.
 */

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const CODES = new Uint8Array(64);
const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) {
  CODES[i] = ALPHABET.charCodeAt(i);
  LOOKUP[ALPHABET.charCodeAt(i)] = i;
}
const PAD = 61;
/** Every runtime's TextDecoder has it (WHATWG Encoding: "latin1" is windows-1252, identical on ASCII). */
const LATIN1 = new TextDecoder("latin1");

/** Standard padded base64 of `bytes`. */
export function toBase64(bytes: Uint8Array): string {
  const n = bytes.length;
  const out = new Uint8Array(Math.ceil(n / 3) * 4);
  let o = 0;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const triple = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out[o++] = CODES[triple >> 18] as number;
    out[o++] = CODES[(triple >> 12) & 63] as number;
    out[o++] = CODES[(triple >> 6) & 63] as number;
    out[o++] = CODES[triple & 63] as number;
  }
  if (i < n) {
    const a = bytes[i] as number;
    const b = i + 1 < n ? (bytes[i + 1] as number) : 0;
    out[o++] = CODES[a >> 2] as number;
    out[o++] = CODES[((a & 3) << 4) | (b >> 4)] as number;
    out[o++] = i + 1 < n ? (CODES[(b & 15) << 2] as number) : PAD;
    out[o++] = PAD;
  }
  // The digits are ASCII, so one native latin1 decode makes the string (faster than
  // String.fromCharCode over the array, and with no argument-count limit for large blobs).
  return LATIN1.decode(out);
}

const isSpace = (code: number): boolean => code === 9 || code === 10 || code === 13 || code === 32;

/**
 * The bytes of a base64 string (standard alphabet; padding optional; ASCII whitespace ignored).
 * @returns undefined when the text is not base64.
 */
export function fromBase64(text: string): Uint8Array | undefined {
  // One pass: digits into bytes; whitespace skipped; padding may only end the text.
  // Sized for the usual text (no whitespace): exact, so no copy at the end.
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === PAD && text.length - end < 2) end -= 1;
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let digits = 0;
  let padding = 0;
  let value = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const digit = code < 128 ? (LOOKUP[code] as number) : -1;
    if (digit >= 0 && padding === 0) {
      digits += 1;
      value = ((value << 6) | digit) & 0xffffff;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out[o++] = (value >> bits) & 0xff;
      }
    } else if (code === PAD) padding += 1;
    else if (!isSpace(code)) return undefined;
  }
  if (padding > 2 || digits % 4 === 1 || (padding > 0 && (digits + padding) % 4 !== 0)) return undefined;
  return o === out.length ? out : out.slice(0, o);
}
