/**
 * A deterministic RandomSource for tests and simulations: the ChaCha20 keystream (RFC 8439, from
 * @noble/ciphers) under a key derived from the seed with SHA-256. Two sources with the same seed
 * return the same bytes in the same order, so the same seed and clock reproduce a run byte for byte.
 * Not for production secrets: anyone who knows the seed knows every key.
 */
import { chacha20 } from "@noble/ciphers/chacha.js";
import { sha256 } from "@noble/hashes/sha2.js";
import type { RandomSource } from "../ports.js";

const BLOCK = 64;
const BUFFER_BLOCKS = 64;
const BUFFER = BLOCK * BUFFER_BLOCKS;
const MAX_BLOCKS = 2 ** 32;

/** A seeded random source that can report and resume its position in the keystream. */
export interface SeededRandom extends RandomSource {
  /** The seed it was made from. */
  readonly seed: string;
  /** How many bytes it has returned so far. */
  readonly position: number;
  /**
   * An independent source at the same seed and position: it returns the bytes this one would
   * return next, without advancing this one (`kms.fork` copies a KMS's source this way).
   */
  fork(): SeededRandom;
}

/**
 * Makes a deterministic random source.
 * @param seed any number or string; `1` and `"1"` give the same stream.
 * @param options.position start this many bytes into the stream (to resume a saved run).
 * @example Same seed, same bytes
 * ```ts
 * import { seededRandom } from "kms-sim/testing";
 * const a = seededRandom(42);
 * const b = seededRandom(42);
 * a(4); //=> Uint8Array [ ... ] equal to b(4)
 * ```
 */
export function seededRandom(seed: number | string, options: { position?: number } = {}): SeededRandom {
  const seedText = String(seed);
  const key = sha256(new TextEncoder().encode(`kms-sim seededRandom v1:${seedText}`));
  const nonce = new Uint8Array(12);
  const zeros = new Uint8Array(BUFFER);
  const buffer = new Uint8Array(BUFFER);
  let position = 0;
  let bufferStart = -1;

  const fill = (at: number): void => {
    const block = Math.floor(at / BLOCK);
    if (block + BUFFER_BLOCKS > MAX_BLOCKS) throw new RangeError("seededRandom stream exhausted (256 GiB)");
    chacha20(key, nonce, zeros, buffer, block);
    bufferStart = block * BLOCK;
  };

  const source = ((length: number): Uint8Array => {
    if (!Number.isInteger(length) || length < 0) throw new RangeError("length must be a non-negative integer");
    const out = new Uint8Array(length);
    let written = 0;
    while (written < length) {
      if (bufferStart < 0 || position < bufferStart || position >= bufferStart + BUFFER) fill(position);
      const offset = position - bufferStart;
      const take = Math.min(length - written, BUFFER - offset);
      out.set(buffer.subarray(offset, offset + take), written);
      written += take;
      position += take;
    }
    return out;
  }) as SeededRandom;

  const start = options.position ?? 0;
  if (!Number.isSafeInteger(start) || start < 0) throw new RangeError("position must be a non-negative integer");
  position = start;
  Object.defineProperty(source, "seed", { value: seedText, enumerable: true });
  Object.defineProperty(source, "position", { get: () => position, enumerable: true });
  Object.defineProperty(source, "fork", { value: () => seededRandom(seedText, { position }) });
  return source;
}
