/**
 * Sealing and opening plaintext under one backing key: the per-request key derivation, the
 * header-plus-context AAD, AES-256-GCM. No state, no randomness of its own: the caller passes the
 * nonce and IV it drew.
 */
import type { CryptoProvider } from "../ports.js";
import { HEADER_BYTES, NONCE_AT, NONCE_BYTES, parseBlob, writeHeader, type BlobParts } from "./blob.js";
import { encodeEncryptionContext } from "./encryption-context.js";
import { deriveKey, kdfLabel } from "./kdf.js";

/** The KDF label of format v1 data keys. */
const LABEL = kdfLabel("kms-sim ciphertext v1");

function aad(header: Uint8Array, context: Readonly<Record<string, string>> | undefined): Uint8Array {
  const encoded = encodeEncryptionContext(context);
  const out = new Uint8Array(header.length + encoded.length);
  out.set(header);
  out.set(encoded, header.length);
  return out;
}

/**
 * The KDF context: the request's nonce. The key id and material id need not go in: the header that
 * holds them is authenticated as AAD. Keeping the KDF input to one SHA-256 block (46 bytes) saves
 * a compression on every request.
 */
function kdfContext(header: Uint8Array): Uint8Array {
  return header.subarray(NONCE_AT, NONCE_AT + NONCE_BYTES);
}

/** What sealing and opening need to know about one backing key. */
export interface SealingKey {
  /** 16 raw bytes of the key id. */
  readonly keyId: Uint8Array;
  /** 32 raw bytes of the material id. */
  readonly materialId: Uint8Array;
  /** HMAC-SHA256 keyed with the backing key (CryptoProvider.hmacSha256Keyed). */
  readonly mac: (data: Uint8Array) => Uint8Array;
}

/**
 * Encrypts `plaintext` into a v1 blob.
 * @param nonceAndIv 28 fresh random bytes: the 16-byte nonce then the 12-byte IV.
 */
export function seal(
  crypto: CryptoProvider,
  key: SealingKey,
  nonceAndIv: Uint8Array,
  plaintext: Uint8Array,
  context: Readonly<Record<string, string>> | undefined,
): Uint8Array {
  const blob = writeHeader(key.keyId, key.materialId, nonceAndIv, plaintext.length + 16);
  const header = blob.subarray(0, HEADER_BYTES);
  const dataKey = deriveKey(key.mac, LABEL, kdfContext(header));
  const sealed = crypto.aesGcmEncrypt(dataKey, header.subarray(HEADER_BYTES - 12), plaintext, aad(header, context));
  dataKey.fill(0);
  blob.set(sealed, HEADER_BYTES);
  return blob;
}

/** Parses a blob; undefined when it is not one (the caller answers InvalidCiphertextException). */
export function inspect(blob: Uint8Array): BlobParts | undefined {
  return parseBlob(blob);
}

/**
 * Decrypts a parsed blob with its backing key.
 * @param mac HMAC-SHA256 keyed with the backing key the blob names.
 * @returns the plaintext, or undefined when authentication fails (tampering, wrong context).
 */
export function open(
  crypto: CryptoProvider,
  parts: BlobParts,
  mac: (data: Uint8Array) => Uint8Array,
  context: Readonly<Record<string, string>> | undefined,
): Uint8Array | undefined {
  const dataKey = deriveKey(mac, LABEL, kdfContext(parts.header));
  const plaintext = crypto.aesGcmDecrypt(dataKey, parts.iv, parts.sealed, aad(parts.header, context));
  dataKey.fill(0);
  return plaintext;
}
