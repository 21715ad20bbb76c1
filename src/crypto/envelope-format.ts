/**
 * The envelope message, format v1: one self-describing byte string holding a data key wrapped by
 * KMS and a payload of any size encrypted under it in frames. Truncation, reordering, dropping or
 * splicing of frames, and any change to the header, fail authentication.
 *
 * Header:
 * | bytes | field                                                                |
 * |------:|----------------------------------------------------------------------|
 * |     4 | magic "KSE1"                                                         |
 * |    16 | message id (random): KDF input and per-message uniqueness            |
 * |     4 | frame length F (plaintext bytes per full frame), big-endian          |
 * |     4 | length W of the wrapped data key, big-endian                         |
 * |     W | wrapped data key: a kms-sim ciphertext blob from GenerateDataKey     |
 * |     4 | length C of the encryption context, big-endian                       |
 * |     C | the encryption context in canonical form (encryption-context.ts)     |
 * |    16 | header tag: AES-GCM over nothing, IV = frame IV 0, AAD = header bytes |
 *
 * Then frames, each: 4-byte sequence number (1, 2, ...), 4-byte plaintext length L (F for every
 * frame but the last, which has L < F, possibly 0), L bytes of ciphertext, 16-byte tag. IV = 8
 * zero bytes then the sequence number; AAD = message id, sequence number, L, and a final-frame flag.
 * The content key is derived from the data key and the message id (SP 800-108 KDF, kdf.ts).
 */
import type { CryptoProvider } from "../ports.js";
import { concatBytes } from "./bytes.js";
import { encodeEncryptionContext } from "./encryption-context.js";
import { deriveKey, kdfLabel } from "./kdf.js";

const MAGIC = [0x4b, 0x53, 0x45, 0x31]; // "KSE1"
const MESSAGE_ID_BYTES = 16;
const TAG_BYTES = 16;
const LABEL = kdfLabel("kms-sim envelope v1");
/**
 * Default plaintext bytes per frame (1 MiB): large enough that per-frame setup (a GHASH table per
 * frame in pure-JS AES-GCM) stays a few percent of the work, small enough to stream.
 */
export const DEFAULT_FRAME_BYTES = 1024 * 1024;
/** Largest frame length a message may declare. */
export const MAX_FRAME_BYTES = 16 * 1024 * 1024;

/** Why a message could not be opened; the caller maps every reason to one error. */
export class EnvelopeFormatError extends Error {
  override readonly name = "EnvelopeFormatError";
}

/** The parts of a parsed header. */
export interface EnvelopeHeader {
  readonly messageId: Uint8Array;
  readonly frameBytes: number;
  readonly wrappedKey: Uint8Array;
  readonly context: Uint8Array;
  /** Header bytes before the header tag (authenticated). */
  readonly authenticated: Uint8Array;
  readonly tag: Uint8Array;
  /** Offset of the first frame. */
  readonly end: number;
}

function u32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value);
  return out;
}

function frameIv(sequence: number): Uint8Array {
  const iv = new Uint8Array(12);
  new DataView(iv.buffer).setUint32(8, sequence);
  return iv;
}

function frameAad(messageId: Uint8Array, sequence: number, length: number, final: boolean): Uint8Array {
  const aad = new Uint8Array(MESSAGE_ID_BYTES + 9);
  aad.set(messageId);
  const view = new DataView(aad.buffer);
  view.setUint32(MESSAGE_ID_BYTES, sequence);
  view.setUint32(MESSAGE_ID_BYTES + 4, length);
  aad[MESSAGE_ID_BYTES + 8] = final ? 1 : 0;
  return aad;
}

function contentKey(crypto: CryptoProvider, dataKey: Uint8Array, messageId: Uint8Array): Uint8Array {
  return deriveKey((data) => crypto.hmacSha256(dataKey, data), LABEL, messageId);
}

/**
 * Seals `plaintext` into a v1 message.
 * @param dataKey the plaintext data key (32 bytes); the caller wipes it.
 * @param wrappedKey the data key as KMS encrypted it.
 * @param messageId 16 fresh random bytes.
 */
export function sealEnvelope(
  crypto: CryptoProvider,
  dataKey: Uint8Array,
  wrappedKey: Uint8Array,
  messageId: Uint8Array,
  context: Readonly<Record<string, string>> | undefined,
  plaintext: Uint8Array,
  frameBytes = DEFAULT_FRAME_BYTES,
): Uint8Array {
  if (!Number.isInteger(frameBytes) || frameBytes < 1 || frameBytes > MAX_FRAME_BYTES) {
    throw new RangeError(`frameBytes must be a whole number from 1 to ${MAX_FRAME_BYTES}`);
  }
  const encodedContext = encodeEncryptionContext(context);
  const authenticated = concatBytes([
    Uint8Array.from(MAGIC), messageId, u32(frameBytes), u32(wrappedKey.length), wrappedKey, u32(encodedContext.length), encodedContext,
  ]);
  const key = contentKey(crypto, dataKey, messageId);
  try {
    const headerTag = crypto.aesGcmEncrypt(key, frameIv(0), new Uint8Array(0), authenticated);
    const frames = Math.floor(plaintext.length / frameBytes) + 1;
    const out = new Uint8Array(authenticated.length + TAG_BYTES + frames * (8 + TAG_BYTES) + plaintext.length);
    out.set(authenticated);
    out.set(headerTag, authenticated.length);
    const view = new DataView(out.buffer);
    let offset = authenticated.length + TAG_BYTES;
    for (let sequence = 1; sequence <= frames; sequence++) {
      const start = (sequence - 1) * frameBytes;
      const chunk = plaintext.subarray(start, Math.min(start + frameBytes, plaintext.length));
      const final = sequence === frames;
      view.setUint32(offset, sequence);
      view.setUint32(offset + 4, chunk.length);
      const sealed = crypto.aesGcmEncrypt(key, frameIv(sequence), chunk, frameAad(messageId, sequence, chunk.length, final));
      out.set(sealed, offset + 8);
      offset += 8 + sealed.length;
    }
    return out;
  } finally {
    key.fill(0);
  }
}

/**
 * Reads a message's header (no authentication yet: the header tag needs the data key).
 * @throws {@link EnvelopeFormatError} when the bytes are not a v1 message header
 */
export function readEnvelopeHeader(message: Uint8Array): EnvelopeHeader {
  const view = new DataView(message.buffer, message.byteOffset, message.byteLength);
  const need = (end: number) => {
    if (end > message.length) throw new EnvelopeFormatError("truncated header");
  };
  need(4 + MESSAGE_ID_BYTES + 8);
  if (MAGIC.some((byte, i) => message[i] !== byte)) throw new EnvelopeFormatError("not a kms-sim envelope message");
  const messageId = message.subarray(4, 4 + MESSAGE_ID_BYTES);
  let offset = 4 + MESSAGE_ID_BYTES;
  const frameBytes = view.getUint32(offset);
  const wrappedLength = view.getUint32(offset + 4);
  offset += 8;
  if (frameBytes < 1 || frameBytes > MAX_FRAME_BYTES) throw new EnvelopeFormatError("bad frame length");
  need(offset + wrappedLength + 4);
  const wrappedKey = message.subarray(offset, offset + wrappedLength);
  offset += wrappedLength;
  const contextLength = view.getUint32(offset);
  offset += 4;
  need(offset + contextLength + TAG_BYTES);
  const context = message.subarray(offset, offset + contextLength);
  offset += contextLength;
  return {
    messageId,
    frameBytes,
    wrappedKey,
    context,
    authenticated: message.subarray(0, offset),
    tag: message.subarray(offset, offset + TAG_BYTES),
    end: offset + TAG_BYTES,
  };
}

/**
 * Opens a message whose header was read by {@link readEnvelopeHeader}.
 * @throws {@link EnvelopeFormatError} on any authentication or framing failure
 */
export function openEnvelope(crypto: CryptoProvider, dataKey: Uint8Array, message: Uint8Array, header: EnvelopeHeader): Uint8Array {
  const key = contentKey(crypto, dataKey, header.messageId);
  try {
    if (!crypto.aesGcmDecrypt(key, frameIv(0), header.tag, header.authenticated)) {
      throw new EnvelopeFormatError("header authentication failed");
    }
    const view = new DataView(message.buffer, message.byteOffset, message.byteLength);
    const chunks: Uint8Array[] = [];
    let offset = header.end;
    for (let sequence = 1; ; sequence++) {
      if (offset + 8 > message.length) throw new EnvelopeFormatError("truncated message");
      const declared = view.getUint32(offset);
      const length = view.getUint32(offset + 4);
      if (declared !== sequence || length > header.frameBytes) throw new EnvelopeFormatError("frame out of order");
      const final = length < header.frameBytes;
      const end = offset + 8 + length + TAG_BYTES;
      if (end > message.length) throw new EnvelopeFormatError("truncated frame");
      const opened = crypto.aesGcmDecrypt(
        key, frameIv(sequence), message.subarray(offset + 8, end), frameAad(header.messageId, sequence, length, final),
      );
      if (!opened) throw new EnvelopeFormatError("frame authentication failed");
      chunks.push(opened);
      offset = end;
      if (final) break;
    }
    if (offset !== message.length) throw new EnvelopeFormatError("bytes after the final frame");
    return chunks.length === 1 ? (chunks[0] as Uint8Array) : concatBytes(chunks);
  } finally {
    key.fill(0);
  }
}
