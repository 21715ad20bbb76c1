import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";

const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

export default defineConfig({
  resolve: {
    // Docs examples import the package by name, as users do; tests run them against src/.
    alias: [
      { find: /^kms-sim\/testing$/, replacement: src("testing/index.ts") },
      { find: /^kms-sim\/node$/, replacement: src("node/index.ts") },
      { find: /^kms-sim\/aws$/, replacement: src("aws/index.ts") },
      { find: /^kms-sim\/console$/, replacement: src("console/index.ts") },
      { find: /^kms-sim\/sim$/, replacement: src("sim/index.ts") },
      { find: /^kms-sim$/, replacement: src("index.ts") },
    ],
  },
  test: {
    include: ["test/**/*.test.ts"],
    // The cross-runtime smoke run needs dist/ and other runtimes: npm run test:portable (its own config).
    exclude: [...configDefaults.exclude, "test/portable/cross-runtime.test.ts"],
    // RSA key generation (imported material), child processes and the AWS CLI share two cores with
    // the rest of the suite in CI: give single tests room beyond vitest's 5 s default.
    testTimeout: 20_000,
    // Vitest's default is one worker fewer than the cores: one worker on the 2-core CI machines, so
    // the suites that mostly wait on child processes (the endpoint, the AWS CLI, boto3, Chromium,
    // the crash test) would run one after another. Two workers overlap those waits with CPU work.
    maxWorkers: 2,
    // The same for setup hooks: test/clients/aws-cli.test.ts's beforeAll starts the Python AWS CLI,
    // which took over 10 s (vitest's default) with the machine's two cores shared by other suites.
    hookTimeout: 30_000,
    // Dates must never depend on the host zone: tests run under UTC unless the script asks for
    // another zone (npm run test:time-zones reruns the date-heavy suites under America/New_York).
    env: { TZ: process.env.TZ ?? "UTC" },
  },
});
