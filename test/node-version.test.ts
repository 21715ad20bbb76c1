/**
 * The runtime matrix runs this unit suite under several Node versions (npm run test:node24,
 * test:node26); this test proves each run really is on the Node it names, down to the worker
 * processes that execute the tests, and that no run is on a Node older than `engines` allows.
 */
import { realpathSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..");
const engines = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { engines: { node: string } }).engines.node;
const [major, minor] = process.versions.node.split(".").map(Number) as [number, number];

describe("Node version", () => {
  it("is the binary the runtime matrix asked for, or else the Node that runs npm", () => {
    const asked = /^node(\d+)$/.exec(process.env.KMS_SIM_RUNTIME ?? "")?.[1];
    // Under npm, a node_modules/.bin/node (from a `node` package among the dev dependencies) would
    // shadow the Node running npm; this catches it.
    const expected = asked === undefined ? (process.env.npm_node_execpath ?? process.execPath) : join(ROOT, "test/runtimes/node_modules", `node${asked}`, "bin/node");
    expect(realpathSync(process.execPath)).toBe(realpathSync(expected));
    if (asked !== undefined) expect(major).toBe(Number(asked));
  });

  it(`satisfies engines (${engines})`, () => {
    const [, wantMajor, wantMinor] = /^>=(\d+)\.(\d+)$/.exec(engines) ?? [];
    expect(wantMajor).toBeDefined();
    expect(major > Number(wantMajor) || (major === Number(wantMajor) && minor >= Number(wantMinor))).toBe(true);
  });
});
