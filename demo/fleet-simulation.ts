/**
 * The worked simulation of docs/simulation.md: a SaaS fleet of per-tenant keys over five years,
 * under two policies forked from the same starting state and run side by side over the same future.
 *
 * - Policy A ("today"): every tenant key rotates yearly; a churned tenant's key is disabled and kept.
 * - Policy B ("proposed"): every tenant key rotates every 180 days; a churned tenant's key is
 *   disabled, and scheduled for deletion (30-day waiting period) three months later.
 *
 * Tenants churn on a fixed schedule (a hash of the tenant number), use their key once a year (a data
 * key), and everything is seeded, so every run gives the same ids, dates and figures.
 * `npm run demo:fleet` prints the comparison; `npm run docs:fleet-timeline` redraws the committed SVG.
 */
import { createKms, type Kms } from "../src/index.js";
import { fork, renderTimelineSvg, rotationTimeline, type RotationTimeline } from "../src/sim/index.js";
import { ManualClock, seededRandom } from "../src/testing/index.js";

/** The simulation's start. */
export const FLEET_START = new Date("2026-01-01T00:00:00Z");

/** Options of {@link runFleetSimulation}. */
export interface FleetOptions {
  /** Tenants, one key each (default 10,000). */
  readonly tenants?: number;
  /** Simulated years (default 5). */
  readonly years?: number;
}

/** Both policies after the simulated years. */
export interface FleetRun {
  readonly tenants: readonly string[];
  /** The month (1-based) each tenant churns in, or undefined when it stays. */
  readonly churnMonth: readonly (number | undefined)[];
  readonly a: Kms;
  readonly b: Kms;
  readonly end: Date;
  readonly months: number;
}

/** The month tenant `i` churns in (1..months), or undefined: a quarter of the tenants over the span. */
export function churnMonthOf(i: number, months: number): number | undefined {
  const slot = Math.imul(i + 1, 2654435761) >>> 0;
  const month = (slot % (months * 4)) + 1;
  return month <= months ? month : undefined;
}

/**
 * Runs the fleet under both policies.
 * @returns the two KMSs (both keep an audit trail) at the end of the span, and the tenants' keys
 */
export async function runFleetSimulation(options: FleetOptions = {}): Promise<FleetRun> {
  const count = options.tenants ?? 10_000;
  const months = (options.years ?? 5) * 12;
  const clock = new ManualClock(FLEET_START);
  const base = createKms({ clock, random: seededRandom("fleet"), audit: true });
  const tenants: string[] = [];
  for (let i = 0; i < count; i++) {
    const keyId = (await base.createKey({ Description: `tenant ${i}` })).KeyMetadata?.KeyId as string;
    await base.createAlias({ AliasName: `alias/tenant-${i}`, TargetKeyId: keyId });
    await base.enableKeyRotation({ KeyId: keyId }); // 365 days
    await base.generateDataKey({ KeyId: keyId, KeySpec: "AES_256" });
    tenants.push(keyId);
  }
  const churnMonth = tenants.map((_, i) => churnMonthOf(i, months));

  // The same start, two futures.
  const aClock = new ManualClock(clock.now());
  const bClock = new ManualClock(clock.now());
  const a = fork(base, { clock: aClock });
  const b = fork(base, { clock: bClock });
  for (const keyId of tenants) await b.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 180 });

  const churnedIn = new Map<number, number[]>();
  churnMonth.forEach((month, i) => {
    if (month !== undefined) churnedIn.set(month, [...(churnedIn.get(month) ?? []), i]);
  });
  for (let month = 1; month <= months; month++) {
    aClock.advance({ months: 1 });
    bClock.advance({ months: 1 });
    for (const i of churnedIn.get(month) ?? []) {
      await a.disableKey({ KeyId: tenants[i] as string });
      await b.disableKey({ KeyId: tenants[i] as string });
    }
    for (const i of churnedIn.get(month - 3) ?? []) await b.scheduleKeyDeletion({ KeyId: tenants[i] as string, PendingWindowInDays: 30 });
    // A twelfth of the tenants each month, each once a year: a data key while the tenant stays.
    for (let i = month % 12; i < count; i += 12) {
      const churned = churnMonth[i];
      if (churned !== undefined && churned <= month) continue;
      for (const kms of [a, b]) await kms.generateDataKey({ KeyId: tenants[i] as string, KeySpec: "AES_256" });
    }
    await a.tick({ collect: false });
    await b.tick({ collect: false });
  }
  return { tenants, churnMonth, a, b, end: aClock.now(), months };
}

/**
 * The tenants the timeline picture shows: one that stays, one that leaves in the second year, and
 * one that leaves late enough that policy B's deletion is still pending at the end. Each tenant's
 * keys depend on its number only (its seeds are drawn when it is created, in tenant order), so the
 * picture is the same for any fleet that includes these tenants.
 */
export function shownTenants(run: Pick<FleetRun, "churnMonth" | "months">): number[] {
  const stays = run.churnMonth.findIndex((m) => m === undefined);
  const early = run.churnMonth.findIndex((m) => m !== undefined && m >= 12 && m <= 24);
  const late = run.churnMonth.findIndex((m) => m === run.months - 3);
  return [stays, early, late];
}

/** The timeline SVG of docs/images/fleet-timeline.svg: the shown tenants under both policies. */
export async function fleetTimelineSvg(run: FleetRun): Promise<string> {
  const timelines: RotationTimeline[] = [];
  for (const i of shownTenants(run)) {
    for (const [policy, kms] of [["A", run.a], ["B", run.b]] as const) {
      const timeline = await rotationTimeline(kms, run.tenants[i] as string);
      timelines.push({ ...timeline, Aliases: [`${policy}: alias/tenant-${i}`] });
    }
  }
  return renderTimelineSvg(timelines, {
    now: run.end,
    width: 1100,
    title: "Three tenants' keys over five years: policy A (yearly rotation, churned keys kept) and B (180 days, churned keys deleted)",
  });
}
