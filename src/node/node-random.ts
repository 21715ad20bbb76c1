/**
 * A `RandomSource` for the endpoint: the operating system's CSPRNG (`node:crypto`), drawn 4 KiB at a
 * time. An Encrypt needs 28 random bytes (nonce and IV); asking the OS for each small draw costs
 * more than the rest of the cryptography, so draws are served from a buffer refilled as it runs out.
 * Served bytes are wiped from the buffer, so it never holds bytes that were handed out.
 */
import { randomFillSync } from "node:crypto";
import type { RandomSource } from "../index.js";

const BUFFER_BYTES = 4096;

/** Makes a buffered random source over `crypto.randomFillSync`. */
export function nodeRandom(): RandomSource {
  const buffer = new Uint8Array(BUFFER_BYTES);
  let at = BUFFER_BYTES;
  return (length) => {
    if (length > BUFFER_BYTES / 4) return Uint8Array.from(randomFillSync(new Uint8Array(length)));
    if (at + length > BUFFER_BYTES) {
      randomFillSync(buffer);
      at = 0;
    }
    const out = buffer.slice(at, at + length);
    buffer.fill(0, at, at + length);
    at += length;
    return out;
  };
}
