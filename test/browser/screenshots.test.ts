/**
 * `npm run screenshots` still works and still produces exactly the pictures docs/console.md shows:
 * run into a temporary folder, compared with docs/images by name and size.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SCREENSHOTS, takeScreenshots } from "../../scripts/screenshots.js";

const DOCS = join(import.meta.dirname, "..", "..", "docs");
const out = mkdtempSync(join(tmpdir(), "kms-sim-screenshots-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Width and height from a PNG's IHDR chunk. */
function pngSize(path: string): [number, number] {
  const bytes = readFileSync(path);
  expect(bytes.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

describe("npm run screenshots", () => {
  it("takes every picture docs/console.md shows, the sizes of the committed ones", { timeout: 120_000 }, async () => {
    const written = (await takeScreenshots(out)).map((path) => basename(path)).sort();
    expect(written).toEqual(Object.keys(SCREENSHOTS).sort());
    const committed = readdirSync(join(DOCS, "images")).filter((f) => f.startsWith("console-")).sort();
    expect(committed).toEqual(written);
    const page = readFileSync(join(DOCS, "console.md"), "utf8");
    for (const file of written) {
      expect(page).toContain(`(images/${file})`);
      expect(pngSize(join(out, file))).toEqual(pngSize(join(DOCS, "images", file)));
    }
  });
});
