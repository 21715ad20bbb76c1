/**
 * `npm run docs:fleet-timeline`: redraws docs/images/fleet-timeline.svg from the worked simulation
 * (demo/fleet-simulation.ts). test/docs-fleet-timeline.test.ts checks the committed file matches.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fleetTimelineSvg, runFleetSimulation } from "../demo/fleet-simulation.js";

/** Where the picture lives. */
export const FLEET_TIMELINE = join(import.meta.dirname, "..", "docs", "images", "fleet-timeline.svg");

/** The picture, drawn from the whole simulation. */
export async function drawFleetTimeline(): Promise<string> {
  return `${await fleetTimelineSvg(await runFleetSimulation())}\n`;
}

if (process.argv[1] !== undefined && import.meta.filename === process.argv[1]) {
  writeFileSync(FLEET_TIMELINE, await drawFleetTimeline());
  console.log(`wrote ${FLEET_TIMELINE}`);
}
