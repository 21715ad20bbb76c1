/**
 * Sealing and opening plaintext under one backing key: the per-request key derivation, the
 * header-plus-context AAD, AES-256-GCM. No state, no randomness of its own: the caller passes the
 * nonce and IV it drew.
 */
import type { CryptoProvider } from "../ports.js";
import { HEADER_BYTES, writeHeader, type BlobParts, type KeyIdForm } from "./blob.js";
import { encodeEncryptionContext } from "./encryption-context.js";
import { deriveKey, kdfLabel } from "./kdf.js";

/** The KDF label of data keys (unchanged since format 1: the header, not the label, says the format). */
const LABEL = kdfLabel("kms-sim ciphertext v1");

function aad(header: Uint8Array, context: Readonly<Record<string, string>> | undefined): Uint8Array {
  const encoded = encodeEncryptionContext(context);
  const out = new Uint8Array(header.length + encoded.length);
  out.set(header);
  out.set(encoded, header.length);
  return out;
}

/** What sealing and opening need to know about one backing key. */
export interface SealingKey {
  readonly keyIdForm: KeyIdForm;
  /** 16 raw bytes of the key id. */
  readonly keyId: Uint8Array;
  /** The backing key's version (1 = original). */
  readonly version: number;
  /** The backing key's KeyMaterialId (64 hex), for responses. */
  readonly materialId: string;
  /** HMAC-SHA256 keyed with the backing key (CryptoProvider.hmacSha256Keyed). */
  readonly mac: (data: Uint8Array) => Uint8Array;
}

/**
 * Encrypts `plaintext` into a format-2 blob.
 * @param nonceAndIv 28 fresh random bytes: the 16-byte nonce then the 12-byte IV. The KDF context
 *   is the nonce alone: the key id and version need not go in, as the header that holds them is
 *   authenticated as AAD, and a one-block KDF input saves a SHA-256 compression per request.
 */
export function seal(
  crypto: CryptoProvider,
  key: SealingKey,
  nonceAndIv: Uint8Array,
  plaintext: Uint8Array,
  context: Readonly<Record<string, string>> | undefined,
): Uint8Array {
  const blob = writeHeader(key.keyIdForm, key.keyId, key.version, nonceAndIv, plaintext.length + 16);
  const header = blob.subarray(0, HEADER_BYTES);
  const dataKey = deriveKey(key.mac, LABEL, nonceAndIv.subarray(0, 16));
  const sealed = crypto.aesGcmEncrypt(dataKey, header.subarray(HEADER_BYTES - 12), plaintext, aad(header, context));
  dataKey.fill(0);
  blob.set(sealed, HEADER_BYTES);
  return blob;
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
  const dataKey = deriveKey(mac, LABEL, parts.nonce);
  const plaintext = crypto.aesGcmDecrypt(dataKey, parts.iv, parts.sealed, aad(parts.header, context));
  dataKey.fill(0);
  return plaintext;
}
