/**
 * A redacting wrapper for key material and other secrets. It prints as `[REDACTED]` through
 * `JSON.stringify`, `String()`, template literals and Node's inspector, so a logged key record or
 * error never leaks bytes. Reading the bytes needs {@link SECRET_ACCESS}, which only the crypto
 * layer and the snapshot code import; it is not part of the public entry.
 */

/** The token that unlocks {@link SecretBytes.reveal}. Internal: never re-exported publicly. */
export const SECRET_ACCESS: unique symbol = Symbol("kms-sim secret access");

const REDACTED = "[REDACTED]";

/** Secret bytes that refuse to be printed. */
export class SecretBytes {
  readonly #buffer: Uint8Array;
  readonly #offset: number;
  readonly #length: number;

  /**
   * Takes ownership of `length` bytes of `buffer` from `offset` (default: all of it): the caller
   * must not keep using them.
   */
  constructor(buffer: Uint8Array, offset = 0, length = buffer.length - offset) {
    this.#buffer = buffer;
    this.#offset = offset;
    this.#length = length;
  }

  /** Number of secret bytes. */
  get length(): number {
    return this.#length;
  }

  /** The secret bytes themselves (a view, not a copy: never mutate or hand them out). */
  reveal(token: typeof SECRET_ACCESS): Uint8Array {
    if (token !== SECRET_ACCESS) throw new TypeError("SecretBytes.reveal needs the access token");
    return this.#buffer.subarray(this.#offset, this.#offset + this.#length);
  }

  toJSON(): string {
    return REDACTED;
  }

  toString(): string {
    return REDACTED;
  }

  [Symbol.toPrimitive](): string {
    return REDACTED;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return REDACTED;
  }
}

/** Bytes per slab of a {@link SecretArena}. */
const SLAB_BYTES = 64 * 1024;

/**
 * Keeps many small secrets in shared slabs. A simulation retains millions of 32-byte backing keys;
 * one typed array each would cost ~240 heap bytes per key, a slab slot costs the 32 bytes plus a
 * small SecretBytes record. Slots are never reused (key material lives as long as its key).
 */
export class SecretArena {
  #slab = new Uint8Array(0);
  #used = 0;

  /** Copies `bytes` into the arena, wipes the source, and returns the secret. */
  adopt(bytes: Uint8Array): SecretBytes {
    const length = bytes.length;
    if (this.#used + length > this.#slab.length) {
      this.#slab = new Uint8Array(Math.max(SLAB_BYTES, length));
      this.#used = 0;
    }
    const offset = this.#used;
    this.#slab.set(bytes, offset);
    bytes.fill(0);
    this.#used += length;
    return new SecretBytes(this.#slab, offset, length);
  }
}
