/**
 * Key and alias identifiers: parsing the four forms AWS accepts (key id, key ARN, alias name,
 * alias ARN) and formatting ids and ARNs. Pure string work, no lookups.
 */

const KEY_ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;
const ARN = /^arn:(aws|aws-cn|aws-us-gov):kms:([a-z0-9-]*):([^:]*):(key|alias)\/(.*)$/;
const ACCOUNT = /^\d{12}$/;

/** Where a key or alias lives. */
export interface Scope {
  readonly region: string;
  readonly accountId: string;
}

/** An identifier as the caller wrote it, classified. */
export type KeyReference =
  | { readonly kind: "keyId"; readonly keyId: string }
  | { readonly kind: "keyArn"; readonly keyId: string; readonly region: string; readonly accountId: string }
  | { readonly kind: "aliasName"; readonly aliasName: string }
  | { readonly kind: "aliasArn"; readonly aliasName: string; readonly region: string; readonly accountId: string }
  | { readonly kind: "malformedArn" }
  | { readonly kind: "malformedKeyId" };

/** True for a well-formed single-Region (UUID) or multi-Region (`mrk-`) key id. */
export function isKeyIdFormat(value: string): boolean {
  return KEY_ID.test(value);
}

/** Classifies an identifier into one of the four AWS forms, or says how it is malformed. */
export function parseKeyReference(input: string): KeyReference {
  if (input.startsWith("alias/")) return { kind: "aliasName", aliasName: input };
  if (input.startsWith("arn:")) {
    const match = ARN.exec(input);
    if (!match) return { kind: "malformedArn" };
    const [, , region = "", accountId = "", type, rest = ""] = match;
    if (!ACCOUNT.test(accountId) || region === "") return { kind: "malformedArn" };
    if (type === "alias") return { kind: "aliasArn", aliasName: `alias/${rest}`, region, accountId };
    return isKeyIdFormat(rest) ? { kind: "keyArn", keyId: rest, region, accountId } : { kind: "malformedArn" };
  }
  return isKeyIdFormat(input) ? { kind: "keyId", keyId: input } : { kind: "malformedKeyId" };
}

/** `arn:aws:kms:REGION:ACCOUNT:key/ID`. */
export function formatKeyArn(scope: Scope, keyId: string): string {
  return `arn:aws:kms:${scope.region}:${scope.accountId}:key/${keyId}`;
}

/** `arn:aws:kms:REGION:ACCOUNT:alias/NAME` for an alias name `alias/NAME`. */
export function formatAliasArn(scope: Scope, aliasName: string): string {
  return `arn:aws:kms:${scope.region}:${scope.accountId}:${aliasName}`;
}

/** True when an ARN's region and account are the given scope's. */
export function isInScope(reference: { region: string; accountId: string }, scope: Scope): boolean {
  return reference.region === scope.region && reference.accountId === scope.accountId;
}

/**
 * Formats 16 random bytes as a version 4 UUID, the form of single-Region KMS key ids.
 * @throws {RangeError} when `bytes` is not 16 bytes long.
 */
export function uuidV4FromBytes(bytes: Uint8Array): string {
  if (bytes.length !== 16) throw new RangeError("uuidV4FromBytes needs exactly 16 bytes");
  const b = Uint8Array.from(bytes);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = toHex(b);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const HEX_CODES = Array.from("0123456789abcdef", (c) => c.charCodeAt(0));

/**
 * Lowercase hex of `bytes` (the form of key material ids). Built from char codes in one call so
 * the result is a flat string: `+=` concatenation would leave a rope of 32 nodes (~900 bytes per
 * 64-hex id instead of ~90), which matters with millions of retained material ids.
 */
export function toHex(bytes: Uint8Array): string {
  const codes = new Array<number>(bytes.length * 2);
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    codes[2 * i] = HEX_CODES[byte >> 4] as number;
    codes[2 * i + 1] = HEX_CODES[byte & 15] as number;
  }
  return String.fromCharCode(...codes);
}

/**
 * Bytes of a lowercase or uppercase hex string.
 * @throws {RangeError} when `hex` has odd length or a non-hex character.
 */
export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0) throw new RangeError("fromHex needs an even-length hex string");
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) {
    const high = hexValue(hex.charCodeAt(2 * i));
    const low = hexValue(hex.charCodeAt(2 * i + 1));
    if (high < 0 || low < 0) throw new RangeError("fromHex needs a hex string");
    out[i] = (high << 4) | low;
  }
  return out;
}

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
}

/** The 16 raw bytes of a UUID key id (the form stored in ciphertext headers). */
export function keyIdToBytes(keyId: string): Uint8Array {
  return fromHex(keyId.replaceAll("-", ""));
}

/** The UUID key id written in 16 raw bytes. */
export function keyIdFromBytes(bytes: Uint8Array): string {
  const hex = toHex(bytes);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
