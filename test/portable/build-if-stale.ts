/**
 * Global setup of the cross-runtime run: the runtimes load dist/, so build it first unless it is
 * newer than every source (in `npm test` the build has just run; `npm run test:deno` alone builds).
 */
import { execFileSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..", "..");

function newestMtime(paths: readonly string[]): number {
  let newest = 0;
  for (const path of paths) {
    const stat = statSync(path);
    if (stat.isDirectory()) {
      const children = readdirSync(path).map((name) => join(path, name));
      newest = Math.max(newest, newestMtime(children));
    } else {
      newest = Math.max(newest, stat.mtimeMs);
    }
  }
  return newest;
}

export default function setup(): void {
  const built = statSync(join(ROOT, "dist", "index.js"), { throwIfNoEntry: false });
  const inputs = ["src", "package.json", "tsup.config.ts"].map((path) => join(ROOT, path));
  if (built && built.mtimeMs >= newestMtime(inputs)) return;
  console.log("dist/ is missing or older than src/: building it (npm run build)");
  execFileSync("npm", ["run", "build", "--silent"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
}
