// TypeDoc builds the API reference (docs/api/, Markdown) from the doc comments of the package's
// public entries. `npm run docs` writes it; scripts/check-api-docs.mjs (in `npm test`) fails on any
// warning and on a docs/api/ that differs from a fresh build.
import { readFileSync } from "node:fs";

// One documented module per entry of package.json "exports", found from its types path
// (./dist/testing/index.d.ts -> src/testing/index.ts). A new entry is covered once it is in
// "exports"; its file's top comment names the module: `@module kms-sim/<entry>`.
const pkg = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8"));
const entryPoints = Object.entries(pkg.exports)
  .filter(([subpath]) => subpath !== "./package.json")
  .map(([, target]) => target.types.replace(/^\.\/dist\//, "src/").replace(/\.d\.ts$/, ".ts"));

/** @type {Partial<import("typedoc").TypeDocOptions & import("typedoc-plugin-markdown").PluginOptions>} */
export default {
  entryPoints,
  tsconfig: "tsconfig.typedoc.json",
  out: "docs/api",
  plugin: ["typedoc-plugin-markdown"],
  readme: "none",
  // Source links would name line numbers and change with every edit of the sources.
  disableSources: true,
  hideGenerator: true,
  excludePrivate: true,
  excludeInternal: true,
  treatWarningsAsErrors: true,
  // Referenced by public types but deliberately not exported:
  // - the model's records inside a snapshot (tags, rotation setting, on-demand state, import
  //   details): snapshot contents are a versioned file format, not API;
  // - AWS's KeyState and RotationType unions (KeyMetadata.KeyState, RotationsListEntry.RotationType):
  //   "kms-sim" exports its own KeyState and RotationType (const object and union) under those names;
  // - Request and Response: the platform's WHATWG fetch types, declared for the core in platform.d.ts.
  intentionallyNotExported: [
    "src/model/key.ts:KeyTag",
    "src/model/key.ts:RotationConfig",
    "src/model/key.ts:OnDemandState",
    "src/model/key-material.ts:ImportDetails",
    "src/model/aws-shapes.generated.ts:KeyState",
    "src/model/aws-shapes.generated.ts:RotationType",
    "src/platform.d.ts:Request",
    "src/platform.d.ts:Response",
  ],
  validation: { notExported: true, invalidLink: true, invalidPath: true, rewrittenLink: true, notDocumented: true, unusedMergeModuleWith: true },
};
