/**
 * docs/images/fleet-timeline.svg is what `npm run docs:fleet-timeline` draws from the worked
 * simulation (demo/fleet-simulation.ts). The script runs the whole 10,000-tenant fleet; the picture
 * shows three tenants, whose keys depend on their tenant numbers only (seeds are drawn in tenant
 * order), so a fleet of the first 200 tenants must draw the very same file, byte for byte.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fleetTimelineSvg, runFleetSimulation, shownTenants } from "../demo/fleet-simulation.js";
import { FLEET_TIMELINE } from "../scripts/fleet-timeline.js";

describe("docs/images/fleet-timeline.svg", () => {
  it("is what the worked simulation draws", { timeout: 120_000 }, async () => {
    const run = await runFleetSimulation({ tenants: 200 });
    expect(Math.max(...shownTenants(run))).toBeLessThan(200);
    expect(`${await fleetTimelineSvg(run)}\n`).toBe(readFileSync(FLEET_TIMELINE, "utf8"));
  });
});
