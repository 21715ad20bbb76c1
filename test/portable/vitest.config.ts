import { defineConfig } from "vitest/config";
import base from "../../vitest.config.js";

// The cross-runtime run: its own config because it needs dist/ (built after the unit suite) and
// other runtimes, and must not run inside the unit suite that Node 24 and 26 also run.
export default defineConfig({
  // The in-process reference run resolves the package entries to src/, as the unit suite does.
  resolve: base.resolve ?? {},
  test: {
    include: ["test/portable/cross-runtime.test.ts"],
    globalSetup: ["test/portable/build-if-stale.ts"],
    env: { TZ: process.env.TZ ?? "UTC" },
  },
});
