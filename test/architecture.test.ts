/**
 * The dependency rule of docs/architecture (shared) and the ban on ambient time, entropy and
 * Node-only APIs in core code, checked by reading src/ with regular expressions.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = join(import.meta.dirname, "..", "src");

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : [],
  );
}

/** The layer of a file under src/: its top folder, or its name for top-level files. */
function layer(file: string): string {
  const rel = relative(SRC, file).replaceAll("\\", "/");
  if (rel.startsWith("node/") || rel.includes("/node/")) return "node";
  const [top] = rel.split("/");
  if (rel === "index.ts") return "index";
  if (["errors.ts", "errors.generated.ts", "kms-error.ts"].includes(rel)) return "errors";
  if (rel === "ports.ts") return "ports";
  if (rel === "platform.d.ts") return "platform";
  return top ?? rel;
}

/** What each layer may import (other than itself). */
const ALLOWED: Record<string, string[]> = {
  index: ["service", "model", "ports", "errors", "crypto", "helpers"],
  helpers: ["service", "crypto", "errors", "ports"],
  errors: [],
  ports: ["model"],
  model: ["errors"],
  rotation: ["model", "errors"],
  crypto: ["model", "errors", "ports"],
  // access/ is pure policy and grant evaluation: data in, decision out.
  access: ["model", "errors"],
  service: ["model", "rotation", "crypto", "access", "ports", "errors", "defaults"],
  defaults: ["ports"],
  testing: ["ports", "model", "index"],
  // aws/ reads the generated AWS model (data) besides the public API.
  aws: ["index", "model"],
  // The simulation kit and the console stand on the public API; the console draws timelines with sim/.
  sim: ["index"],
  console: ["index", "sim"],
  node: ["index", "aws", "console", "crypto", "ports", "errors", "testing"],
};

/** Third-party packages and the only files that may import them. */
const PACKAGE_HOMES: Record<string, RegExp> = {
  "@noble/": /^(crypto\/noble-provider|crypto\/noble-key-types|defaults\/web-random|testing\/seeded-random|testing\/wrap-key-material)\.ts$/,
  // Loaded on first use with import(): only for RSA over digests and seeded RSA generation.
  "node-forge": /^crypto\/forge-rsa\.ts$/,
  "date-fns": /^(rotation\/.*|testing\/manual-clock|node\/server)\.ts$/,
};

const imports = (source: string): string[] => [
  ...[...source.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']/gm)].map((m) => m[1] as string),
  // Dynamic imports load packages too (forge is loaded lazily).
  ...[...source.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1] as string),
];

const code = (source: string): string =>
  source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");

describe("architecture", () => {
  const all = files(SRC);

  it("finds the source files", () => {
    expect(all.length).toBeGreaterThan(30);
  });

  for (const file of all) {
    const rel = relative(SRC, file).replaceAll("\\", "/");
    it(`${rel} imports only what its layer may`, () => {
      const from = layer(file);
      const problems: string[] = [];
      for (const spec of imports(readFileSync(file, "utf8"))) {
        if (spec.startsWith(".")) {
          const target = layer(join(file, "..", spec.replace(/\.js$/, ".ts")));
          if (target !== from && !(ALLOWED[from] ?? []).includes(target)) problems.push(`${spec} (${from} -> ${target})`);
        } else if (spec.startsWith("node:")) {
          if (from !== "node") problems.push(`${spec} (node: outside a node/ folder)`);
        } else {
          const home = Object.entries(PACKAGE_HOMES).find(([prefix]) => spec.startsWith(prefix));
          if (!home || !home[1].test(rel)) problems.push(`${spec} (package outside its home)`);
        }
      }
      expect(problems).toEqual([]);
    });
  }

  it("core code never reads ambient time or entropy, logs, or uses Buffer", () => {
    const banned = [
      /Date\.now\(/, /new Date\(\)/, /Math\.random\(/, /getRandomValues/, /performance\.now/, /console\./, /\bBuffer\b/,
      /\b(isPast|isFuture|isToday|startOfToday|formatDistanceToNow|constructNow)\b/,
    ];
    const hits: string[] = [];
    for (const file of all) {
      const rel = relative(SRC, file).replaceAll("\\", "/");
      if (rel.startsWith("defaults/") || rel.startsWith("node/") || rel.includes("/node/")) continue;
      const text = code(readFileSync(file, "utf8"));
      for (const pattern of banned) if (pattern.test(text)) hits.push(`${rel}: ${pattern}`);
    }
    expect(hits).toEqual([]);
  });
});
