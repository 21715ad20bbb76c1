/**
 * The runtime matrix runs this unit suite under several Node versions (npm run test:node24,
 * test:node26); this test proves each run really is on the Node it names, down to the worker
 * processes that execute the tests, and that the Node is one `engines` admits.
 */
import { realpathSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..");
const engines = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { engines: { node: string } }).engines.node;

/** Whether `version` satisfies a range made of `^x.y.z` and `>=x.y.z` alternatives joined by `||`. */
function satisfies(version: string, range: string): boolean {
  const [major, minor, patch] = version.split(".").map(Number) as [number, number, number];
  const atLeast = (m: number, n: number, p: number) => major > m || (major === m && (minor > n || (minor === n && patch >= p)));
  return range.split("||").some((part) => {
    const match = /^\s*(\^|>=)(\d+)\.(\d+)\.(\d+)\s*$/.exec(part);
    if (!match) throw new Error(`engines part "${part}" is not ^x.y.z or >=x.y.z`);
    const [, operator, m, n, p] = match as unknown as [string, string, string, string, string];
    return atLeast(Number(m), Number(n), Number(p)) && (operator === ">=" || major === Number(m));
  });
}

describe("Node version", () => {
  it("is the binary the runtime matrix asked for, or else the Node that runs npm", () => {
    const asked = /^node(\d+)$/.exec(process.env.KMS_SIM_RUNTIME ?? "")?.[1];
    // Under npm, a node_modules/.bin/node (from a `node` package among the dev dependencies) would
    // shadow the Node running npm; this catches it.
    const expected = asked === undefined ? (process.env.npm_node_execpath ?? process.execPath) : process.env.KMS_SIM_RUNTIME_BINARY;
    expect(expected).toBeDefined();
    expect(realpathSync(process.execPath)).toBe(realpathSync(expected as string));
    if (asked !== undefined) expect(process.versions.node.split(".")[0]).toBe(asked);
  });

  it(`is one that engines admits (${engines})`, () => {
    expect(satisfies(process.versions.node, engines)).toBe(true);
  });

  it("reads engines ranges as npm does", () => {
    const range = "^20.19.0 || ^22.0.0 || >=24.0.0";
    expect(["20.19.0", "20.20.2", "22.0.0", "24.1.0", "26.12.1"].map((v) => satisfies(v, range))).toEqual([true, true, true, true, true]);
    expect(["18.20.0", "20.18.3", "21.7.3", "23.11.0"].map((v) => satisfies(v, range))).toEqual([false, false, false, false]);
  });
});
