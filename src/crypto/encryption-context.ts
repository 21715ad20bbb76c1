/**
 * The canonical encoding of an encryption context, bound into every ciphertext as additional
 * authenticated data. Unambiguous by construction: a 4-byte pair count, then for each pair in
 * ascending order of the key's UTF-8 bytes, the key and the value each as a 4-byte big-endian
 * length followed by its UTF-8 bytes. So `{"ab":"c"}` and `{"a":"bc"}` encode differently, pair
 * order never matters, and an empty context encodes exactly like an absent one (decision 8).
 */

const encoder = new TextEncoder();

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const diff = (a[i] as number) - (b[i] as number);
    if (diff !== 0) return diff;
  }
  return a.length - b.length;
}

const EMPTY_CONTEXT = new Uint8Array(4);

/** The canonical bytes of an encryption context (absent or empty: four zero bytes). */
export function encodeEncryptionContext(context: Readonly<Record<string, string>> | undefined): Uint8Array {
  if (context === undefined) return EMPTY_CONTEXT;
  const pairs = Object.entries(context).map(([key, value]) => [encoder.encode(key), encoder.encode(value)] as const);
  if (pairs.length === 0) return EMPTY_CONTEXT;
  pairs.sort((a, b) => compareBytes(a[0], b[0]));
  let size = 4;
  for (const [key, value] of pairs) size += 8 + key.length + value.length;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, pairs.length);
  let offset = 4;
  for (const [key, value] of pairs) {
    view.setUint32(offset, key.length);
    out.set(key, offset + 4);
    offset += 4 + key.length;
    view.setUint32(offset, value.length);
    out.set(value, offset + 4);
    offset += 4 + value.length;
  }
  return out;
}

const decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * The encryption context a canonical encoding holds.
 * @throws {RangeError} when the bytes are not a canonical encoding
 */
export function decodeEncryptionContext(bytes: Uint8Array): Record<string, string> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const read = (offset: number): [string, number] => {
    if (offset + 4 > bytes.length) throw new RangeError("truncated encryption context");
    const length = view.getUint32(offset);
    const end = offset + 4 + length;
    if (end > bytes.length) throw new RangeError("truncated encryption context");
    return [decoder.decode(bytes.subarray(offset + 4, end)), end];
  };
  if (bytes.length < 4) throw new RangeError("truncated encryption context");
  const count = view.getUint32(0);
  const context: Record<string, string> = {};
  let offset = 4;
  for (let i = 0; i < count; i++) {
    const [key, afterKey] = read(offset);
    const [value, afterValue] = read(afterKey);
    context[key] = value;
    offset = afterValue;
  }
  if (offset !== bytes.length) throw new RangeError("bytes after the encryption context");
  return context;
}
