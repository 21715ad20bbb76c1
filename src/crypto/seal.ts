/**
 * Sealing and opening plaintext under one backing key: the per-request key derivation, the
 * header-plus-context AAD, AES-256-GCM. No state, no randomness of its own: the caller passes the
 * nonce and IV it drew.
 */
import type { CryptoProvider } from "../ports.js";
import { HEADER_BYTES, parseBlob, writeHeader, type BlobParts } from "./blob.js";
import { encodeEncryptionContext } from "./encryption-context.js";
import { deriveKey } from "./kdf.js";

/** The KDF label of format v1 data keys. */
const LABEL = "kms-sim ciphertext v1";

function aad(header: Uint8Array, context: Readonly<Record<string, string>> | undefined): Uint8Array {
  const encoded = encodeEncryptionContext(context);
  const out = new Uint8Array(header.length + encoded.length);
  out.set(header);
  out.set(encoded, header.length);
  return out;
}

/** The KDF context: everything in the header before the IV (key id, material id, nonce). */
function kdfContext(header: Uint8Array): Uint8Array {
  return header.subarray(1, HEADER_BYTES - 12);
}

/** What sealing needs to know about the backing key. */
export interface SealingKey {
  /** 16 raw bytes of the key id. */
  readonly keyId: Uint8Array;
  /** 32 raw bytes of the material id. */
  readonly materialId: Uint8Array;
  /** The backing key's 32 secret bytes. */
  readonly secret: Uint8Array;
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
  const dataKey = deriveKey(crypto, key.secret, LABEL, kdfContext(header));
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
 * Decrypts a parsed blob with its backing key's secret.
 * @returns the plaintext, or undefined when authentication fails (tampering, wrong context).
 */
export function open(
  crypto: CryptoProvider,
  parts: BlobParts,
  secret: Uint8Array,
  context: Readonly<Record<string, string>> | undefined,
): Uint8Array | undefined {
  const dataKey = deriveKey(crypto, secret, LABEL, kdfContext(parts.header));
  const plaintext = crypto.aesGcmDecrypt(dataKey, parts.iv, parts.sealed, aad(parts.header, context));
  dataKey.fill(0);
  return plaintext;
}
