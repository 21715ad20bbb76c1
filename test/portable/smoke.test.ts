/**
 * The portable smoke suite in the unit suite, against src/ (vitest maps the package entries to
 * src/): every step passes on every Node the unit suite runs on, and a second run in the same
 * process gives the same digests, so the digests that cross-runtime.test.ts compares are a property
 * of the seed and the clock, not of the run.
 */
import { describe, expect, it } from "vitest";
import { canonicalJson, runSmoke } from "./smoke.js";

describe("portable smoke suite", () => {
  it("passes every step, twice, with the same digests", async () => {
    const first = await runSmoke();
    const second = await runSmoke();
    expect(first.failure).toBeUndefined();
    expect(first.checks.map((c) => c.name)).toEqual([
      "create keys",
      "aliases",
      "rotation over ten simulated years",
      "encrypt and decrypt",
      "envelope helpers",
      "snapshot round trip",
      "AWS protocol over fetch-style requests",
    ]);
    expect(first.checks.every((c) => /^[0-9a-f]{64}$/.test(c.digest))).toBe(true);
    expect(second).toEqual(first);
  });

  it("canonical JSON sorts keys, drops undefined and spells bytes and dates out", () => {
    expect(canonicalJson({ b: new Uint8Array([0, 255]), a: new Date(Date.UTC(2026, 0, 1)), c: undefined, d: [1, "x"] })).toBe(
      '{"a":"date:2026-01-01T00:00:00.000Z","b":"hex:00ff","d":[1,"x"]}',
    );
  });
});
