import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Rotation and date tests must not depend on the host zone: CI runs them under UTC and under a
    // zone with daylight saving (see .ci/run and test/scenarios/time-zones.test.ts).
    env: {},
  },
});
