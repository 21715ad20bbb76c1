// What the published tarball may hold, as a pure rule over `npm pack --dry-run --json` output:
// the build (dist/: .js and .d.ts), package.json, README, CHANGELOG and LICENSE, and nothing else:
// no tests, no sources, no state files, no generated docs; source maps only if every source they
// name ships too; the README, the changelog and every file package.json points at present.
// scripts/check-package.mjs applies it to the real pack; test/package/pack-contents.test.ts shows
// each rule failing.
import { dirname, posix } from "node:path";

const TOP_LEVEL = new Set(["package.json", "README.md", "CHANGELOG.md", "LICENSE"]);
const REQUIRED = ["package.json", "README.md", "CHANGELOG.md"];

/** Every file path package.json names: main, types, exports targets, bin. */
function referencedFiles(pkg) {
  const found = [];
  const walk = (value) => {
    if (typeof value === "string") found.push(value);
    else if (value && typeof value === "object") for (const inner of Object.values(value)) walk(inner);
  };
  walk(pkg.main);
  walk(pkg.types);
  walk(pkg.exports);
  walk(typeof pkg.bin === "string" ? pkg.bin : pkg.bin ?? {});
  return [...new Set(found.map((path) => posix.normalize(path)))];
}

/**
 * @param {readonly string[]} files paths in the tarball, relative to the package root
 * @param {Record<string, unknown>} pkg the package.json
 * @param {(path: string) => string} readText reads a packed file's text (for source maps)
 * @returns {string[]} one sentence per problem; empty when the contents are right
 */
export function packContentProblems(files, pkg, readText) {
  const problems = [];
  const present = new Set(files);
  for (const path of files) {
    if (/(^|\/)(test|tests|__tests__)\//.test(path) || /\.(test|spec|test-d)\.[cm]?[jt]s$/.test(path)) {
      problems.push(`${path} is a test file`);
    } else if (/(^|\/)\.kms-sim\//.test(path) || /(^|\/)state[^/]*\.json$/.test(path) || /\.(tgz|log)$/.test(path) || /(^|\/)\.env/.test(path)) {
      problems.push(`${path} is a state, log or archive file`);
    } else if (path.startsWith("docs/api/")) {
      problems.push(`${path}: the API reference lives in the repository, not in the package`);
    } else if (path.startsWith("dist/")) {
      if (!/\.(js|d\.ts|js\.map)$/.test(path)) problems.push(`${path} is not build output (.js, .d.ts)`);
    } else if (!TOP_LEVEL.has(path)) {
      problems.push(`${path} is outside what the package publishes (dist/, ${[...TOP_LEVEL].join(", ")})`);
    }
    if (path.endsWith(".map")) {
      let sources = [];
      try {
        sources = JSON.parse(readText(path)).sources ?? [];
      } catch {
        problems.push(`${path} is not a readable source map`);
      }
      for (const source of sources) {
        const target = posix.normalize(posix.join(dirname(path), source));
        if (target.startsWith("../") || !present.has(target)) problems.push(`${path} points at ${source}, which the package does not ship`);
      }
    }
  }
  for (const path of REQUIRED) {
    if (!present.has(path)) problems.push(`${path} is missing: every release ships it`);
  }
  for (const path of referencedFiles(pkg)) {
    const file = path.replace(/^\.\//, "");
    if (!present.has(file)) problems.push(`package.json names ${path}, which the package lacks`);
  }
  return problems;
}
