/**
 * The other runtimes kms-sim is tested on: Node 22, 24 and 26, Deno and Bun, as binaries from npm
 * packages pinned in test/runtimes/package-lock.json.
 *
 * Why not dev dependencies: the Node packages declare a `node` bin, so as dependencies of the root
 * package they would be linked as node_modules/.bin/node, which npm puts first on PATH in every
 * script: `npm test` would silently run its "Node 20" steps (vitest, tsc, tsup) on Node 24 or 26.
 *
 * Where: a cache outside the checkout, one folder per lockfile content
 * (~/.cache/kms-sim-runtimes/<sha256 of the lockfile, 16 hex>/, or $KMS_SIM_RUNTIMES_CACHE/...),
 * so a fresh clone (CI runs in one) reuses the binaries a previous run installed instead of
 * unpacking half a gigabyte again. A changed lockfile gets a new folder.
 *
 * Run as a script, it installs what is missing and runs a command under one runtime:
 *   node --import tsx test/support/runtimes.ts node24 node_modules/vitest/vitest.mjs run
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "..", "..");
const PINS = join(ROOT, "test", "runtimes");

/** The runtimes test/runtimes/ pins, and where each package puts its binary. */
export const RUNTIME_BINARIES = {
  node22: "node22/bin/node",
  node24: "node24/bin/node",
  node26: "node26/bin/node",
  deno: "@deno/linux-x64-glibc/deno",
  bun: "@oven/bun-linux-x64/bin/bun",
} as const;

export type RuntimeName = keyof typeof RUNTIME_BINARIES;

export function isRuntimeName(name: string): name is RuntimeName {
  return Object.hasOwn(RUNTIME_BINARIES, name);
}

/** The install folder for the current pins. */
export function runtimesFolder(): string {
  const cache = process.env.KMS_SIM_RUNTIMES_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "kms-sim-runtimes");
  const lock = createHash("sha256").update(readFileSync(join(PINS, "package-lock.json"))).digest("hex");
  return join(cache, lock.slice(0, 16));
}

/** Where the runtime's binary is once installed. */
export function runtimeBinary(name: RuntimeName): string {
  return join(runtimesFolder(), "node_modules", RUNTIME_BINARIES[name]);
}

/**
 * Installs the pinned runtimes unless their folder is complete, and returns the absolute path of
 * the runtime's binary. Installs into a temporary folder renamed into place, so two runs at once
 * never see a half-unpacked tree.
 * @throws when the binary is still missing (the packages exist for linux-x64 with glibc only)
 */
export function ensureRuntime(name: RuntimeName): string {
  const folder = runtimesFolder();
  const done = join(folder, ".complete");
  if (!existsSync(done)) {
    rmSync(folder, { recursive: true, force: true }); // an incomplete leftover, if any
    const staging = `${folder}.${process.pid}.tmp`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    for (const file of ["package.json", "package-lock.json"]) copyFileSync(join(PINS, file), join(staging, file));
    const npm = spawnSync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], {
      cwd: staging,
      stdio: ["ignore", 2, 2], // keep stdout for the command run under the runtime
    });
    if (npm.status !== 0) {
      rmSync(staging, { recursive: true, force: true });
      throw new Error(`npm ci of test/runtimes/ failed (exit ${String(npm.status)})`);
    }
    // npm ci shrugs off an optional dependency it could not fetch: where the packages exist
    // (linux-x64), a missing binary is a failed install, not a finished one.
    const missing = Object.values(RUNTIME_BINARIES).filter((binary) => !existsSync(join(staging, "node_modules", binary)));
    if (process.platform === "linux" && process.arch === "x64" && missing.length > 0) {
      rmSync(staging, { recursive: true, force: true });
      throw new Error(`npm ci of test/runtimes/ left out ${missing.join(", ")}`);
    }
    writeFileSync(join(staging, ".complete"), "");
    try {
      renameSync(staging, folder);
    } catch (error) {
      // Another run finished first: keep its folder.
      rmSync(staging, { recursive: true, force: true });
      if (!existsSync(done)) throw error;
    }
  }
  const binary = runtimeBinary(name);
  if (!existsSync(binary)) {
    throw new Error(
      `${name}: ${binary} is missing after npm ci of test/runtimes/; its package is published for ` +
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
  const env = { ...process.env, KMS_SIM_RUNTIME: name, KMS_SIM_RUNTIME_BINARY: binary };
  const result = spawnSync(binary, args, { cwd: ROOT, stdio: "inherit", env });
  process.exit(result.status ?? 1);
}
