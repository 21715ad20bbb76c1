import { chacha20 } from "@noble/ciphers/chacha.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../../../src/testing/index.js";

describe("seededRandom", () => {
  it("is the ChaCha20 keystream under SHA-256 of the seed", () => {
    const key = sha256(new TextEncoder().encode("kms-sim seededRandom v1:42"));
    const expected = chacha20(key, new Uint8Array(12), new Uint8Array(10_000));
    const source = seededRandom(42);
    const drawn = new Uint8Array(10_000);
    let offset = 0;
    for (const size of [1, 7, 64, 4000, 3, 4096, 1829]) {
      drawn.set(source(size), offset);
      offset += size;
    }
    expect(offset).toBe(10_000);
    expect(drawn).toEqual(expected);
    expect(source.position).toBe(10_000);
  });

  it("gives the same bytes for the same seed and different bytes for another", () => {
    expect(seededRandom("a")(32)).toEqual(seededRandom("a")(32));
    expect(seededRandom(1)(32)).toEqual(seededRandom("1")(32));
    expect(seededRandom("a")(32)).not.toEqual(seededRandom("b")(32));
  });

  it("resumes from a saved position", () => {
    const a = seededRandom(9);
    a(5000);
    const b = seededRandom(9, { position: a.position });
    expect(b(100)).toEqual(a(100));
    expect(() => seededRandom(9, { position: -1 })).toThrow(RangeError);
  });
});
