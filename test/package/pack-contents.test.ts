/**
 * The rule scripts/check-package.mjs applies to `npm pack --dry-run --json` (after the build, in
 * `npm test`): here each part of it is shown to fail on the tarball it must refuse.
 */
import { describe, expect, it } from "vitest";
import { packContentProblems } from "../../scripts/pack-contents.mjs";

const pkg = {
  main: "./dist/index.js",
  types: "./dist/index.d.ts",
  exports: {
    ".": { types: "./dist/index.d.ts", import: "./dist/index.js" },
    "./testing": { types: "./dist/testing/index.d.ts", import: "./dist/testing/index.js" },
    "./package.json": "./package.json",
  },
  bin: { "kms-sim": "./dist/node/cli.js" },
};
const good = [
  "package.json",
  "README.md",
  "CHANGELOG.md",
  "dist/index.js",
  "dist/index.d.ts",
  "dist/testing/index.js",
  "dist/testing/index.d.ts",
  "dist/node/cli.js",
  "dist/chunk-ABC.js",
];
const noMaps = (path: string): string => {
  throw new Error(`unexpected read of ${path}`);
};

describe("pack contents", () => {
  it("accepts the build output and package metadata", () => {
    expect(packContentProblems(good, pkg, noMaps)).toEqual([]);
  });

  it("refuses tests, sources, state files, archives and the API reference", () => {
    const files = [...good, "test/unit/x.test.ts", "dist/x.test.js", "src/index.ts", ".kms-sim/state.json", "kms-sim-0.1.0.tgz", "docs/api/README.md"];
    expect(packContentProblems(files, pkg, noMaps)).toEqual([
      "test/unit/x.test.ts is a test file",
      "dist/x.test.js is a test file",
      "src/index.ts is outside what the package publishes (dist/, package.json, README.md, CHANGELOG.md, LICENSE)",
      ".kms-sim/state.json is a state, log or archive file",
      "kms-sim-0.1.0.tgz is a state, log or archive file",
      "docs/api/README.md: the API reference lives in the repository, not in the package",
    ]);
  });

  it("refuses a source map that names sources the package does not ship, and accepts one whose sources ship", () => {
    const maps: Record<string, string> = {
      "dist/index.js.map": JSON.stringify({ version: 3, sources: ["../src/index.ts"], mappings: "" }),
      "dist/testing/index.js.map": JSON.stringify({ version: 3, sources: ["../index.js"], mappings: "" }),
    };
    const read = (path: string): string => maps[path] ?? "";
    expect(packContentProblems([...good, ...Object.keys(maps)], pkg, read)).toEqual([
      "dist/index.js.map points at ../src/index.ts, which the package does not ship",
    ]);
  });

  it("refuses a package without its README or changelog, or whose exports, types or bin name a file it lacks", () => {
    const files = good.filter((path) => !["dist/testing/index.d.ts", "dist/node/cli.js", "CHANGELOG.md"].includes(path));
    expect(packContentProblems(files, pkg, noMaps)).toEqual([
      "CHANGELOG.md is missing: every release ships it",
      "package.json names dist/testing/index.d.ts, which the package lacks",
      "package.json names dist/node/cli.js, which the package lacks",
    ]);
  });
});
