/**
 * docs/simulation.md covers every function of kms-sim/sim with code that runs: each function is
 * named on the page and used in a docs/examples file (which test/docs-examples.test.ts runs), and
 * every code block of the page that uses the kit is copied from those files, line for line.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as sim from "../src/sim/index.js";

const docs = join(import.meta.dirname, "..", "docs");
const page = readFileSync(join(docs, "simulation.md"), "utf8");
const examples = readdirSync(join(docs, "examples"))
  .filter((file) => file.endsWith(".ts"))
  .map((file) => readFileSync(join(docs, "examples", file), "utf8"));
const exampleLines = new Set(examples.flatMap((text) => text.split("\n").map((line) => line.trim())));

/** The kit's functions (not its error classes). */
const functions = Object.entries(sim)
  .filter(([name, value]) => typeof value === "function" && !name.endsWith("Exception") && name !== "escapeXml")
  .map(([name]) => name);

describe("docs/simulation.md", () => {
  it("names every function of kms-sim/sim, and an example uses each", () => {
    expect(functions.length).toBe(9);
    for (const name of [...functions, "getKeyLastUsage"]) {
      expect(page, name).toMatch(new RegExp(`\`(kms\\.)?${name}`));
      expect(examples.some((text) => new RegExp(`\\b${name}\\(`).test(text)), `${name} in docs/examples`).toBe(true);
    }
  });

  it("shows only code that the examples run", () => {
    const blocks = [...page.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);
    const kit = blocks.filter((block) => [...functions, "getKeyLastUsage"].some((name) => block.includes(`${name}(`)));
    expect(kit.length).toBeGreaterThanOrEqual(6);
    for (const block of kit) {
      for (const line of block.split("\n").map((l) => l.trim()).filter((l) => l !== "")) expect(exampleLines.has(line), line).toBe(true);
    }
  });
});
