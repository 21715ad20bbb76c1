import { describe, expect, it } from "vitest";
import { formatGrantId, formatGrantToken, grantIdFromToken } from "../../../src/access/index.js";
import { seededRandom } from "../../../src/testing/index.js";

const random = seededRandom("grant-token");

describe("grant ids and tokens", () => {
  it("formats a grant id as 64 lowercase hex digits", () => {
    expect(formatGrantId(new Uint8Array(32).fill(0xab))).toBe("ab".repeat(32));
    expect(() => formatGrantId(new Uint8Array(16))).toThrow(RangeError);
  });

  it("makes a fresh URL-safe base64 token per call, each leading back to the grant", () => {
    const grantId = formatGrantId(random(32));
    const first = formatGrantToken(grantId, random(32));
    const second = formatGrantToken(grantId, random(32));
    expect(first).not.toBe(second);
    expect(first).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(first.length).toBe(131);
    expect([grantIdFromToken(first), grantIdFromToken(second)]).toEqual([grantId, grantId]);
  });

  it("reads the documented byte layout (format 1, length 64, id, nonce)", () => {
    const token = formatGrantToken("0".repeat(64), new Uint8Array(16));
    expect(token.startsWith("AUAwMDAw")).toBe(true);
  });

  it.each(["", "not a token", "AUAw", "x".repeat(8193), formatGrantToken("f".repeat(64), new Uint8Array(16)).slice(0, 100)])("reads no grant id from %j", (token) => {
    expect(grantIdFromToken(token)).toBeUndefined();
  });

  it("refuses a malformed grant id or a short nonce", () => {
    expect(() => formatGrantToken("xyz", new Uint8Array(16))).toThrow(RangeError);
    expect(() => formatGrantToken("0".repeat(64), new Uint8Array(15))).toThrow(RangeError);
  });
});
