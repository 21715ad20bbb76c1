/**
 * The ciphertext blob, format v1. Every symmetric ciphertext kms-sim returns names the key and
 * the backing key that made it, so Decrypt needs no KeyId and finds the material in one lookup.
 *
 * | offset | length | field                                              |
 * |-------:|-------:|----------------------------------------------------|
 * |      0 |      1 | format byte, 0x01                                  |
 * |      1 |     16 | key id (the UUID's 16 raw bytes)                   |
 * |     17 |     32 | key material id (the 64-hex KeyMaterialId, raw)    |
 * |     49 |     16 | nonce: input of the per-request key derivation     |
 * |     65 |     12 | AES-GCM IV                                         |
 * |     77 |      n | AES-256-GCM ciphertext (n = plaintext length)      |
 * |  77+n  |     16 | AES-GCM tag                                        |
 *
 * Bytes 0..76 are the header. The AES-GCM additional authenticated data is the header followed by
 * the canonical encryption context, so any change to the header, the context or the ciphertext
 * fails authentication. See docs/ciphertext-format.md.
 */

/** The format byte of version 1. */
export const BLOB_FORMAT_V1 = 0x01;
export const KEY_ID_BYTES = 16;
export const MATERIAL_ID_BYTES = 32;
export const NONCE_BYTES = 16;
export const IV_BYTES = 12;
export const TAG_BYTES = 16;
/** Header length: format, key id, material id, nonce, IV. */
export const HEADER_BYTES = 1 + KEY_ID_BYTES + MATERIAL_ID_BYTES + NONCE_BYTES + IV_BYTES;

const KEY_ID_AT = 1;
const MATERIAL_ID_AT = KEY_ID_AT + KEY_ID_BYTES;
/** Offset of the nonce in the header. */
export const NONCE_AT = MATERIAL_ID_AT + MATERIAL_ID_BYTES;
const IV_AT = NONCE_AT + NONCE_BYTES;

/** A parsed blob: views into the original bytes (no copies). */
export interface BlobParts {
  readonly header: Uint8Array;
  readonly keyId: Uint8Array;
  readonly materialId: Uint8Array;
  readonly nonce: Uint8Array;
  readonly iv: Uint8Array;
  /** Ciphertext followed by the tag. */
  readonly sealed: Uint8Array;
}

/** Writes a v1 header into a new blob of the right size; the caller appends the sealed bytes. */
export function writeHeader(
  keyId: Uint8Array,
  materialId: Uint8Array,
  nonceAndIv: Uint8Array,
  sealedLength: number,
): Uint8Array {
  if (keyId.length !== KEY_ID_BYTES || materialId.length !== MATERIAL_ID_BYTES || nonceAndIv.length !== NONCE_BYTES + IV_BYTES) {
    throw new RangeError("blob header fields have the wrong sizes");
  }
  const blob = new Uint8Array(HEADER_BYTES + sealedLength);
  blob[0] = BLOB_FORMAT_V1;
  blob.set(keyId, KEY_ID_AT);
  blob.set(materialId, MATERIAL_ID_AT);
  blob.set(nonceAndIv, NONCE_AT);
  return blob;
}

/** Splits a blob into its fields, or returns undefined when it is not a v1 blob. */
export function parseBlob(blob: Uint8Array): BlobParts | undefined {
  if (blob.length < HEADER_BYTES + TAG_BYTES || blob[0] !== BLOB_FORMAT_V1) return undefined;
  return {
    header: blob.subarray(0, HEADER_BYTES),
    keyId: blob.subarray(KEY_ID_AT, MATERIAL_ID_AT),
    materialId: blob.subarray(MATERIAL_ID_AT, NONCE_AT),
    nonce: blob.subarray(NONCE_AT, IV_AT),
    iv: blob.subarray(IV_AT, HEADER_BYTES),
    sealed: blob.subarray(HEADER_BYTES),
  };
}
