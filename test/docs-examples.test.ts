/**
 * Every docs/examples/*.ts runs as a test (each asserts its own results with node:assert), so the
 * documentation cannot rot. "kms-sim" resolves to src/ through vitest.config.ts.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";

const dir = join(import.meta.dirname, "..", "docs", "examples");
const examples = readdirSync(dir).filter((f) => f.endsWith(".ts"));

describe("docs examples", () => {
  it("exist", () => {
    expect(examples.length).toBeGreaterThanOrEqual(4);
  });

  for (const file of examples) {
    it(`${file} runs and its assertions hold`, async () => {
      const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
      try {
        await import(join(dir, file));
        expect(log).toHaveBeenCalled();
      } finally {
        log.mockRestore();
      }
    });
  }
});
