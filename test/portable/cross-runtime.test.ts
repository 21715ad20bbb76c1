/**
 * The portable smoke suite (test/portable/smoke.js) against the built package, under every runtime
 * kms-sim promises: Node (the one running the tests, 20 in CI), Node 22, 24 and 26, Deno, Bun, and
 * Chromium through an import map. Each must pass every step and print the same per-step digests as
 * the same suite run here in process against src/: one seed and one clock, byte-identical results.
 *
 * Loads dist/ (build-if-stale.ts builds it when older than src/) and needs Chromium; the other
 * runtimes are the ones pinned in test/runtimes/ (installed on first use by test/support/runtimes.ts).
 * Run one runtime with `npm run test:deno` (or test:bun, test:chromium), all with `npm run test:portable`.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../scripts/chromium.js";
import { ensureRuntime, type RuntimeName } from "../support/runtimes.js";
import { serveFiles } from "../support/static-server.js";
import { runSmoke, type SmokeResult as SuiteResult } from "./smoke.js";

/** What a runtime reports: the suite's result and the runtime's name and version. */
interface SmokeResult extends SuiteResult {
  readonly runtime: string;
}

const ROOT = join(import.meta.dirname, "..", "..");
const MAIN = join(ROOT, "test", "portable", "main.js");
const run = promisify(execFile);

let reference: SmokeResult;
const table: { name: string; runtime: string; digest: string }[] = [];

beforeAll(async () => {
  reference = { runtime: `src/ in process, node ${process.versions.node}`, ...(await runSmoke()) };
  expect(reference.failure).toBeUndefined();
  expect(reference.checks).toHaveLength(7);
});

afterAll(() => {
  if (table.length === 0) return;
  const lines = table.map((row) => `  ${row.name.padEnd(9)} ${row.runtime.slice(0, 48).padEnd(48)} ${row.digest}`);
  console.log([`smoke digests (src/ in process: ${reference.digest})`, ...lines].join("\n"));
});

/** Runs main.js under a runtime binary and parses the JSON line it prints. */
async function runCli(binary: string, args: readonly string[]): Promise<SmokeResult> {
  const { stdout } = await run(binary, [...args, MAIN], {
    cwd: ROOT,
    env: { ...process.env, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" },
    maxBuffer: 16 * 1024 * 1024,
  }).catch((error: { stdout?: string; stderr?: string; message: string }) => {
    // A failed step still prints its JSON line first; anything else is a crash worth showing whole.
    if (error.stdout?.trim().startsWith("{")) return { stdout: error.stdout };
    throw new Error(`${binary} failed: ${error.message}\n${error.stderr ?? ""}`);
  });
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "") as SmokeResult;
}

async function runInChromium(): Promise<SmokeResult> {
  const server = await serveFiles(ROOT, ["/dist/", "/node_modules/@noble/", "/test/portable/"]);
  // A bare specifier the import map lacks never reaches the server; Chromium reports it as a
  // page error ("Failed to resolve module specifier"), which ends up in `problems` below.
  const { browser, close } = await launchChromium();
  try {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(`console error: ${message.text()}`);
    });
    await page.goto(`${server.url}/test/portable/index.html`);
    await page.waitForFunction(() => "smokeResult" in window, undefined, { timeout: 60_000 }).catch(() => {
      throw new Error(`the page produced no result:\n${[...problems, ...server.missing.map((path) => `404 ${path}`)].join("\n")}`);
    });
    expect(problems).toEqual([]);
    // The page ran the ESM build: kms-sim and its dependencies came through the import map.
    expect(server.requested).toEqual(expect.arrayContaining(["/dist/index.js", "/dist/testing/index.js", "/dist/aws/index.js"]));
    const result = (await page.evaluate(() => (window as unknown as { smokeResult: unknown }).smokeResult)) as SmokeResult;
    // The page sees a reduced user agent (156.0.0.0); the browser knows its full version.
    return { ...result, runtime: `chromium ${browser.version()}` };
  } finally {
    await close();
    await server.close();
  }
}

const RUNTIMES: readonly [string, () => Promise<SmokeResult>][] = [
  ["node", () => runCli(process.execPath, [])],
  ...(["node22", "node24", "node26", "bun"] as const).map((name: RuntimeName) => [name, () => runCli(ensureRuntime(name), [])] as [string, () => Promise<SmokeResult>]),
  // No permission flags: the suite reads nothing but its modules; --no-prompt fails instead of asking.
  ["deno", () => runCli(ensureRuntime("deno"), ["run", "--no-prompt"])],
  ["chromium", runInChromium],
];

describe("the portable smoke suite from dist/", { timeout: 180_000 }, () => {
  it.each(RUNTIMES)("under %s: every step passes with the digests of src/ in process", async (name, runIt) => {
    const result = await runIt();
    expect(result.failure).toBeUndefined();
    expect(result.checks).toEqual(reference.checks);
    expect(result.digest).toBe(reference.digest);
    table.push({ name, runtime: result.runtime, digest: result.digest });
  });
});
