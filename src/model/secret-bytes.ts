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
  readonly #bytes: Uint8Array;

  /** Takes ownership of `bytes`: the caller must not keep using them. */
  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
  }

  /** Number of secret bytes. */
  get length(): number {
    return this.#bytes.length;
  }

  /** The secret bytes themselves (not a copy: never mutate or hand them out). */
  reveal(token: typeof SECRET_ACCESS): Uint8Array {
    if (token !== SECRET_ACCESS) throw new TypeError("SecretBytes.reveal needs the access token");
    return this.#bytes;
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
