/**
 * The other runtimes kms-sim is tested on: Node 24 and 26, Deno and Bun, as binaries from npm
 * packages pinned in test/runtimes/package-lock.json.
 *
 * Why a separate install instead of root dev dependencies: the Node packages declare a `node` bin,
 * so as dependencies of the root package they would be linked as node_modules/.bin/node, which npm
 * puts first on PATH in every script: `npm test` would silently run its "Node 20" steps (vitest,
 * tsc, tsup) on Node 24 or 26. Installed in test/runtimes/ they stay out of the way; npm's cache
 * keeps the downloads, so a fresh clone (CI) installs them in seconds.
 *
 * Run as a script, it installs what is missing and runs a command under one runtime:
 *   node --import tsx test/support/runtimes.ts node24 node_modules/vitest/vitest.mjs run
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "..", "..");
const RUNTIMES = join(ROOT, "test", "runtimes");
const MODULES = join(RUNTIMES, "node_modules");
const STAMP = join(MODULES, ".kms-sim-installed");

/** The runtimes test/runtimes/ installs, and where each package puts its binary. */
export const RUNTIME_BINARIES = {
  node24: "node24/bin/node",
  node26: "node26/bin/node",
  deno: "@deno/linux-x64-glibc/deno",
  bun: "@oven/bun-linux-x64/bin/bun",
} as const;

export type RuntimeName = keyof typeof RUNTIME_BINARIES;

export function isRuntimeName(name: string): name is RuntimeName {
  return Object.hasOwn(RUNTIME_BINARIES, name);
}

function lockDigest(): string {
  return createHash("sha256").update(readFileSync(join(RUNTIMES, "package-lock.json"))).digest("hex");
}

/**
 * Installs test/runtimes/ from its lockfile unless the installed copy matches it, and returns the
 * absolute path of the runtime's binary.
 * @throws when the binary is still missing (the packages exist for linux-x64 with glibc only)
 */
export function ensureRuntime(name: RuntimeName): string {
  const binary = join(MODULES, RUNTIME_BINARIES[name]);
  const digest = lockDigest();
  const installed = existsSync(STAMP) ? readFileSync(STAMP, "utf8") : "";
  if (installed !== digest || !existsSync(binary)) {
    const npm = spawnSync("npm", ["ci", "--prefix", RUNTIMES, "--no-audit", "--no-fund", "--loglevel=error"], {
      cwd: ROOT,
      stdio: ["ignore", 2, 2], // keep stdout for the command run under the runtime
    });
    if (npm.status !== 0) throw new Error(`npm ci in test/runtimes failed (exit ${String(npm.status)})`);
    writeFileSync(STAMP, digest);
  }
  if (!existsSync(binary)) {
    throw new Error(
      `${name}: ${binary} is missing after npm ci in test/runtimes; its package is published for ` +
        `${process.platform === "linux" && process.arch === "x64" ? "this platform, so the install failed" : "linux-x64 only"}`,
    );
  }
  return binary;
}

// As a script: run the rest of the command line under the named runtime, with its exit code.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === import.meta.filename) {
  const [name, ...args] = process.argv.slice(2);
  if (name === undefined || !isRuntimeName(name)) {
    console.error(`usage: runtimes.ts <${Object.keys(RUNTIME_BINARIES).join("|")}> [args...]`);
    process.exit(2);
  }
  const binary = ensureRuntime(name);
  const result = spawnSync(binary, args, { cwd: ROOT, stdio: "inherit", env: { ...process.env, KMS_SIM_RUNTIME: name } });
  process.exit(result.status ?? 1);
}
