#!/usr/bin/env node
// The API reference check (in `npm test`): TypeDoc builds docs/api/ afresh into a temporary folder
// with the project's config (typedoc.config.mjs), where any warning (an export without a doc
// comment, a broken {@link}, a public type referring to one that is not exported) fails the build;
// then the fresh build must equal the committed docs/api/ file for file, every package entry must
// be a module of that name, and every relative link in the reference and in the README must land.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const committed = join(root, "docs", "api");
const work = mkdtempSync(join(tmpdir(), "kms-sim-api-"));
const fresh = join(work, "api");

const filesUnder = (dir) =>
  existsSync(dir)
    ? readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
        .sort()
    : [];

const failures = [];
try {
  try {
    execFileSync(join(root, "node_modules/.bin/typedoc"), ["--out", fresh, "--logLevel", "Warn"], { cwd: root, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
  } catch (error) {
    throw new Error(`TypeDoc reported warnings or errors (treatWarningsAsErrors):\n${error.stdout ?? ""}${error.stderr ?? ""}`);
  }

  const want = filesUnder(fresh);
  const have = filesUnder(committed);
  const missing = want.filter((file) => !have.includes(file));
  const extra = have.filter((file) => !want.includes(file));
  const changed = want.filter((file) => have.includes(file) && readFileSync(join(fresh, file), "utf8") !== readFileSync(join(committed, file), "utf8"));
  if (missing.length + extra.length + changed.length > 0) {
    const list = (label, files) => (files.length ? [`  ${label}: ${files.slice(0, 10).join(", ")}${files.length > 10 ? `, … (${files.length})` : ""}`] : []);
    failures.push(
      ["docs/api/ is not what the sources produce: run `npm run docs` and commit docs/api/", ...list("missing", missing), ...list("stale", changed), ...list("left over", extra)].join("\n"),
    );
  }

  // Each entry of package.json "exports" is a module named after it: `@module kms-sim/<entry>` in
  // the entry file's top comment (TypeDoc would otherwise name it after the folder).
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const entries = Object.keys(pkg.exports).filter((subpath) => subpath !== "./package.json").map((subpath) => subpath.replace(/^\./, pkg.name));
  const index = readFileSync(join(fresh, "README.md"), "utf8");
  const modules = [...index.matchAll(/^- \[([^\]]+)\]\(/gm)].map((match) => match[1]);
  if (JSON.stringify([...modules].sort()) !== JSON.stringify([...entries].sort())) {
    failures.push(`the reference documents modules ${modules.join(", ")}; package.json exports ${entries.join(", ")}: give each entry file \`@module <entry>\` in its top comment`);
  }

  // Relative links: within the reference, and from the README into it.
  for (const [base, files] of [[fresh, want], [root, ["README.md"]]]) {
    for (const file of files) {
      const text = readFileSync(join(base, file), "utf8");
      for (const [, target] of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        if (/^[a-z]+:/i.test(target)) continue;
        const path = resolve(dirname(join(base, file)), decodeURIComponent(target));
        const landed = base === root ? existsSync(path) : existsSync(path) && path.startsWith(fresh);
        if (!landed) failures.push(`${base === root ? "" : "docs/api/"}${file} links to ${target}, which does not exist`);
      }
    }
  }
  if (failures.length > 0) throw new Error(failures.join("\n"));
  console.log(`api docs: ok (${want.length} files, modules ${modules.join(", ")})`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
