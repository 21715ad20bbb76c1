/**
 * `npm run demo:fleet`: the worked simulation of docs/simulation.md. 10,000 per-tenant keys over five
 * years under two policies forked from one start (see fleet-simulation.ts), compared: compliance
 * every day, how the fleets differ, and what retiring a churned tenant's key would break. Seeded:
 * every run prints the same figures (timings aside).
 */
import { deletionImpact, diff, evaluateRotationComplianceSeries, type RotationComplianceSeries } from "../src/sim/index.js";
import { runFleetSimulation, shownTenants } from "./fleet-simulation.js";

const say = (line = "") => console.log(line);
const started = performance.now();
const run = await runFleetSimulation();
const simulated = performance.now();
const churned = run.churnMonth.filter((m) => m !== undefined).length;
say(`${run.tenants.length} tenant keys, ${run.months} months from 2026-01-01 to ${run.end.toISOString().slice(0, 10)}; ${churned} tenants churn`);
say(`simulated both policies in ${((simulated - started) / 1000).toFixed(1)} s`);
say();

say("1. Compliance (AWS Config cmk-backing-key-rotation-enabled), backing keys at most 400 days old, at each year's end");
const series: Record<string, RotationComplianceSeries> = {
  A: await evaluateRotationComplianceSeries(run.a, { maxMaterialAgeDays: 400 }),
  B: await evaluateRotationComplianceSeries(run.b, { maxMaterialAgeDays: 400 }),
};
for (const [policy, s] of Object.entries(series)) {
  // Each 1 January after the start: the fleet as the year closed.
  const years = s.Days.filter((d, i) => i > 0 && d.Date.toISOString().endsWith("-01-01T00:00:00.000Z"));
  say(`   ${policy}: ${years.map((d) => `${d.Date.getUTCFullYear() - 1}: ${d.Compliant}/${d.NonCompliant}/${d.NotApplicable}`).join("  ")}  (compliant/non-compliant/n.a.)`);
  say(`      keys ever non-compliant: ${s.NonCompliantKeys.length}; non-compliant key-days: ${s.Days.reduce((n, d) => n + d.NonCompliant, 0)}`);
}
say();

say("2. How the two fleets differ (diff)");
const differences = await diff(run.a, run.b);
const onlyA = differences.Keys.filter((k) => k.Differences[0] === "only in the first KMS").length;
say(`   ${differences.Keys.length} of ${run.tenants.length} keys differ; ${onlyA} exist only under A (B deleted them)`);
const [stays] = shownTenants(run);
const sample = differences.Keys.find((k) => k.KeyId === run.tenants[stays as number]);
for (const line of sample?.Differences ?? []) say(`   tenant ${stays}: ${line}`);
say();

say("3. Before retiring a churned tenant's key under A: what would become undecryptable");
const [, early] = shownTenants(run);
const impact = await deletionImpact(run.a, run.tenants[early as number] as string);
say(`   tenant ${early} (churned in month ${run.churnMonth[early as number]}): ${impact.Ciphertexts} data keys under ${impact.KeyMaterials.length} backing keys, last used ${impact.LastUsedAt?.toISOString().slice(0, 10)}`);
for (const m of impact.KeyMaterials.filter((k) => k.Ciphertexts > 0)) say(`      ${m.KeyMaterialId.slice(0, 12)}…  ${m.Ciphertexts} ciphertexts, last used ${m.LastUsedAt?.toISOString().slice(0, 10)}`);
say();
say(`the timeline picture: docs/images/fleet-timeline.svg (npm run docs:fleet-timeline); total ${((performance.now() - started) / 1000).toFixed(1)} s`);
