import { defineConfig } from "tsup";

// One ESM build per package entry, with .d.ts types. Entries map to package.json "exports".
export default defineConfig({
  entry: {
    index: "src/index.ts",
    "testing/index": "src/testing/index.ts",
    "aws/index": "src/aws/index.ts",
    "console/index": "src/console/index.ts",
    "sim/index": "src/sim/index.ts",
    "node/index": "src/node/index.ts",
    "node/cli": "src/node/cli.ts",
  },
  format: ["esm"],
  // Declarations see Node types only for the node entry's sake; core code is checked without them (tsconfig.json).
  dts: { compilerOptions: { types: ["node"] } },
  clean: true,
  // No source maps: they would name ../src/*.ts, which the package does not ship. The output is
  // unminified ESM with the sources' names, readable as it is in a stack trace.
  sourcemap: false,
  target: "es2022",
  platform: "neutral",
  // Only src/node/ imports node: modules; they stay imports in the built node entry.
  external: [/^node:/],
  splitting: true,
  treeshake: true,
});
