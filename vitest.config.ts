import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Dates must never depend on the host zone: tests run under UTC unless the script asks for
    // another zone (npm run test:time-zones reruns the date-heavy suites under America/New_York).
    env: { TZ: process.env.TZ ?? "UTC" },
  },
});
