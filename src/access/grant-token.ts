/**
 * Grant ids and grant tokens. AWS's token is a "unique, nonsecret, variable-length,
 * base64-encoded string"; only CreateGrant returns one, a fresh one on every call (also when Name
 * makes the call idempotent), and "All grant tokens for the same grant ID can be used
 * interchangeably" (botocore model, CreateGrant). kms-sim's token is URL-safe base64 of a format
 * byte, the grant id and the caller-supplied random bytes, so any token leads back to its grant.
 * The random bytes come from the service's RandomSource: this file draws none.
 */
import { toHex } from "../model/identifiers.js";

const FORMAT = 1;
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const GRANT_ID = /^[0-9a-f]{64}$/;

/**
 * A grant id: 64 lowercase hex digits, the form AWS's documentation shows.
 * @throws {RangeError} unless `bytes` is 32 bytes long
 */
export function formatGrantId(bytes: Uint8Array): string {
  if (bytes.length !== 32) throw new RangeError("formatGrantId needs 32 random bytes");
  return toHex(bytes);
}

function base64Url(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let c = 0; c < chars; c++) out += ALPHABET[(n >> (18 - 6 * c)) & 63];
  }
  return out;
}

function fromBase64Url(text: string): Uint8Array | undefined {
  if (text.length % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((text.length * 6) / 8));
  let bits = 0;
  let value = 0;
  let index = 0;
  for (const char of text) {
    const digit = ALPHABET.indexOf(char);
    if (digit < 0) return undefined;
    value = (value << 6) | digit;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[index++] = (value >> bits) & 0xff;
    }
  }
  return out;
}

/**
 * A grant token for `grantId`.
 * @param nonce fresh random bytes (at least 16) so each CreateGrant call returns a new token
 * @throws {RangeError} for a malformed grant id or a short nonce
 */
export function formatGrantToken(grantId: string, nonce: Uint8Array): string {
  if (!GRANT_ID.test(grantId)) throw new RangeError("formatGrantToken needs a 64-hex-digit grant id");
  if (nonce.length < 16) throw new RangeError("formatGrantToken needs at least 16 random bytes");
  const bytes = new Uint8Array(2 + 64 + nonce.length);
  bytes[0] = FORMAT;
  bytes[1] = 64;
  for (let i = 0; i < 64; i++) bytes[2 + i] = grantId.charCodeAt(i);
  bytes.set(nonce, 66);
  return base64Url(bytes);
}

/** The grant id a token carries, or undefined when it is not a kms-sim grant token. */
export function grantIdFromToken(token: string): string | undefined {
  if (token.length > 8192) return undefined;
  const bytes = fromBase64Url(token);
  if (!bytes || bytes.length < 66 + 16 || bytes[0] !== FORMAT || bytes[1] !== 64) return undefined;
  const id = String.fromCharCode(...bytes.subarray(2, 66));
  return GRANT_ID.test(id) ? id : undefined;
}
