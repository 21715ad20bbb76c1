#!/usr/bin/env node
// Package checks on the packed tarball, after `npm run build`:
//  0. its contents (scripts/pack-contents.mjs): build output and package metadata only;
//  1. publint and @arethetypeswrong/cli (types resolve for every entry under node16/bundler ESM);
//  2. a separate ESM project imports every entry ("kms-sim", "/testing", "/aws", "/node",
//     "/console", "/sim") from the tarball, runs, and type-checks: proof that what we publish works
//     outside this repo.
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { packContentProblems } from "./pack-contents.mjs";

const root = resolve(import.meta.dirname, "..");
const work = mkdtempSync(join(tmpdir(), "kms-sim-pack-"));
const run = (cmd, args, cwd = root) => execFileSync(cmd, args, { cwd, stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });

try {
  const [dryRun] = JSON.parse(run("npm", ["pack", "--dry-run", "--json", "--silent"]));
  const files = dryRun.files.map((file) => file.path);
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const problems = packContentProblems(files, pkg, (path) => readFileSync(join(root, path), "utf8"));
  if (problems.length > 0) throw new Error(`the package would publish what it should not:\n  ${problems.join("\n  ")}`);
  console.log(`pack contents: ok (${files.length} files, ${Math.round(dryRun.size / 1024)} kB packed, ${Math.round(dryRun.unpackedSize / 1024)} kB unpacked)`);

  run("npm", ["pack", "--silent", "--pack-destination", work]);
  const tarball = join(work, readdirSync(work).find((f) => f.endsWith(".tgz")));
  console.log(`packed ${tarball}`);

  run(join(root, "node_modules/.bin/publint"), ["run", tarball, "--strict"]);
  console.log("publint: ok");
  run(join(root, "node_modules/.bin/attw"), [tarball, "--profile", "esm-only"]);
  console.log("attw: ok");

  // A consumer project with the tarball as its kms-sim and this repo's installed dependencies.
  const consumer = join(work, "consumer");
  const modules = join(consumer, "node_modules");
  mkdirSync(join(modules, "kms-sim"), { recursive: true });
  run("tar", ["-xzf", tarball, "-C", join(modules, "kms-sim"), "--strip-components=1"]);
  mkdirSync(join(modules, "@noble"), { recursive: true });
  mkdirSync(join(modules, "@types"), { recursive: true });
  // The consumer is a Node project: it has Node's types, as any user of kms-sim/node would.
  for (const dep of ["@noble/ciphers", "@noble/curves", "@noble/hashes", "@noble/post-quantum", "date-fns", "node-forge", "@types/node", "undici-types"]) {
    symlinkSync(join(root, "node_modules", dep), join(modules, dep), "dir");
  }
  writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", type: "module", private: true }));
  const program = `
import { createKms, NotFoundException } from "kms-sim";
import { ManualClock, seededRandom } from "kms-sim/testing";
import { createRequestHandler } from "kms-sim/aws";
import { startServer, nodeCryptoProvider } from "kms-sim/node";
import { createConsoleHandler } from "kms-sim/console";
import { renderTimelineSvg, rotationTimeline } from "kms-sim/sim";
const handler = createRequestHandler(createKms());
const server = await startServer({ port: 0 });
await server.close();
const nodeCrypto: boolean = typeof nodeCryptoProvider.aesGcmEncrypt === "function" && typeof handler.handle === "function";
const clock = new ManualClock(new Date("2026-01-01T00:00:00Z"));
const kms = createKms({ clock, random: seededRandom(7) });
const { KeyMetadata } = await kms.createKey({ Description: "consumer" });
const keyId: string = KeyMetadata!.KeyId;
await kms.enableKeyRotation({ KeyId: keyId });
clock.advance({ days: 730 });
const rotations = (await kms.listKeyRotations({ KeyId: keyId })).Rotations ?? [];
let notFound = false;
try { await kms.describeKey({ KeyId: "alias/missing" }); } catch (e) { notFound = e instanceof NotFoundException; }
const consoleHandler = createConsoleHandler({ kms, clock, csrfToken: "consumer-token-0123456789" });
const page = await consoleHandler(new Request("http://127.0.0.1/"));
const svg: string = renderTimelineSvg(await rotationTimeline(kms, keyId), { now: clock.now() });
const consoleOk: boolean = page.status === 200 && (await page.text()).includes("Customer managed keys") && svg.startsWith("<svg");
console.log(JSON.stringify({ keyId, rotations: rotations.length, notFound, nodeCrypto, consoleOk }));
`;
  writeFileSync(join(consumer, "main.ts"), program);
  writeFileSync(join(consumer, "main.mjs"), program.replace(/: (string|boolean)/g, "").replace(/!\./g, "."));
  writeFileSync(
    join(consumer, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", strict: true, noEmit: true, types: ["node"], lib: ["ES2022", "DOM"] }, files: ["main.ts"] }),
  );
  run(join(root, "node_modules/.bin/tsc"), ["-p", join(consumer, "tsconfig.json")], consumer);
  const output = JSON.parse(run("node", ["main.mjs"], consumer));
  if (output.rotations !== 2 || output.notFound !== true || output.nodeCrypto !== true || output.consoleOk !== true || !/^[0-9a-f-]{36}$/.test(output.keyId)) {
    throw new Error(`consumer project got ${JSON.stringify(output)}`);
  }
  console.log(`consumer project: ok ${JSON.stringify(output)}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
