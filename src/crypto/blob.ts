/**
 * The ciphertext blob. Every symmetric ciphertext kms-sim returns names the key and the backing
 * key that made it, so Decrypt needs no KeyId and finds the material in one lookup.
 *
 * Format 2 (written since snapshot format 2) names the backing key by its version number:
 *
 * | offset | length | field                                                     |
 * |-------:|-------:|-----------------------------------------------------------|
 * |      0 |      1 | format byte, 0x02                                         |
 * |      1 |      1 | key id form: 0x00 UUID, 0x01 multi-Region (`mrk-` + hex)  |
 * |      2 |     16 | key id (the UUID's or the `mrk-` hex's 16 raw bytes)      |
 * |     18 |      4 | backing-key version, unsigned big-endian (1 = original)   |
 * |     22 |     16 | nonce: input of the per-request key derivation            |
 * |     38 |     12 | AES-GCM IV                                                |
 * |     50 |      n | AES-256-GCM ciphertext (n = plaintext length)             |
 * |   50+n |     16 | AES-GCM tag                                               |
 *
 * Format 1 (kms-sim 0.1; still read) named the backing key by its 32-byte KeyMaterialId:
 * format byte 0x01, key id (16), key material id (32), nonce (16), IV (12), ciphertext, tag.
 *
 * The header is every byte before the ciphertext. The AES-GCM additional authenticated data is the
 * header followed by the canonical encryption context, so any change to the header, the context
 * or the ciphertext fails authentication. See docs/ciphertext-format.md.
 */

/** The format byte of version 1 (read only). */
export const BLOB_FORMAT_V1 = 0x01;
/** The format byte of version 2 (written). */
export const BLOB_FORMAT_V2 = 0x02;
export const KEY_ID_BYTES = 16;
export const MATERIAL_ID_BYTES = 32;
export const NONCE_BYTES = 16;
export const IV_BYTES = 12;
export const TAG_BYTES = 16;
/** Header length of format 2: format, key id form, key id, version, nonce, IV. */
export const HEADER_BYTES = 1 + 1 + KEY_ID_BYTES + 4 + NONCE_BYTES + IV_BYTES;
/** Header length of format 1: format, key id, material id, nonce, IV. */
export const HEADER_V1_BYTES = 1 + KEY_ID_BYTES + MATERIAL_ID_BYTES + NONCE_BYTES + IV_BYTES;

/** How the 16 key id bytes are written as a key id. */
export const KeyIdForm = { UUID: 0, MULTI_REGION: 1 } as const;
export type KeyIdForm = (typeof KeyIdForm)[keyof typeof KeyIdForm];

const V2_KEY_ID_AT = 2;
const V2_VERSION_AT = V2_KEY_ID_AT + KEY_ID_BYTES;
const V2_NONCE_AT = V2_VERSION_AT + 4;
const V1_KEY_ID_AT = 1;
const V1_MATERIAL_ID_AT = V1_KEY_ID_AT + KEY_ID_BYTES;
const V1_NONCE_AT = V1_MATERIAL_ID_AT + MATERIAL_ID_BYTES;

/** A parsed blob: views into the original bytes (no copies). */
export interface BlobParts {
  /** Every byte before the ciphertext (authenticated as AAD). */
  readonly header: Uint8Array;
  readonly keyIdForm: KeyIdForm;
  readonly keyId: Uint8Array;
  /** The backing key: by version (format 2) or by its raw KeyMaterialId (format 1). */
  readonly backingKey: { readonly version: number } | { readonly materialId: Uint8Array };
  readonly nonce: Uint8Array;
  readonly iv: Uint8Array;
  /** Ciphertext followed by the tag. */
  readonly sealed: Uint8Array;
}

/** Writes a format-2 header into a new blob of the right size; the caller appends the sealed bytes. */
export function writeHeader(
  keyIdForm: KeyIdForm,
  keyId: Uint8Array,
  version: number,
  nonceAndIv: Uint8Array,
  sealedLength: number,
): Uint8Array {
  if (keyId.length !== KEY_ID_BYTES || nonceAndIv.length !== NONCE_BYTES + IV_BYTES) {
    throw new RangeError("blob header fields have the wrong sizes");
  }
  if (!Number.isInteger(version) || version < 1 || version > 0xffffffff) throw new RangeError("blob version must be 1..2^32-1");
  const blob = new Uint8Array(HEADER_BYTES + sealedLength);
  blob[0] = BLOB_FORMAT_V2;
  blob[1] = keyIdForm;
  blob.set(keyId, V2_KEY_ID_AT);
  new DataView(blob.buffer, blob.byteOffset, HEADER_BYTES).setUint32(V2_VERSION_AT, version);
  blob.set(nonceAndIv, V2_NONCE_AT);
  return blob;
}

/** Splits a blob into its fields, or returns undefined when it is not a blob of a known format. */
export function parseBlob(blob: Uint8Array): BlobParts | undefined {
  if (blob[0] === BLOB_FORMAT_V2) {
    const form = blob[1];
    if (blob.length < HEADER_BYTES + TAG_BYTES || (form !== KeyIdForm.UUID && form !== KeyIdForm.MULTI_REGION)) return undefined;
    const version = new DataView(blob.buffer, blob.byteOffset, HEADER_BYTES).getUint32(V2_VERSION_AT);
    if (version === 0) return undefined;
    return {
      header: blob.subarray(0, HEADER_BYTES),
      keyIdForm: form,
      keyId: blob.subarray(V2_KEY_ID_AT, V2_VERSION_AT),
      backingKey: { version },
      nonce: blob.subarray(V2_NONCE_AT, V2_NONCE_AT + NONCE_BYTES),
      iv: blob.subarray(V2_NONCE_AT + NONCE_BYTES, HEADER_BYTES),
      sealed: blob.subarray(HEADER_BYTES),
    };
  }
  if (blob[0] === BLOB_FORMAT_V1 && blob.length >= HEADER_V1_BYTES + TAG_BYTES) {
    return {
      header: blob.subarray(0, HEADER_V1_BYTES),
      keyIdForm: KeyIdForm.UUID,
      keyId: blob.subarray(V1_KEY_ID_AT, V1_MATERIAL_ID_AT),
      backingKey: { materialId: blob.subarray(V1_MATERIAL_ID_AT, V1_NONCE_AT) },
      nonce: blob.subarray(V1_NONCE_AT, V1_NONCE_AT + NONCE_BYTES),
      iv: blob.subarray(V1_NONCE_AT + NONCE_BYTES, HEADER_V1_BYTES),
      sealed: blob.subarray(HEADER_V1_BYTES),
    };
  }
  return undefined;
}
