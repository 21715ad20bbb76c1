/**
 * Rotation compliance every day of a span, from the audit trail (see compliance.ts for the rule).
 * A key's verdict changes only when its condition changes, it rotates, or its backing key crosses
 * the age limit, so the series adds day ranges into per-verdict difference arrays: its cost is the
 * number of those changes, not keys × days.
 */
import type { Kms } from "../index.js";
import { requireTrail } from "./lookup-events.js";
import { COMPLIANT, DAY, NON_COMPLIANT, NOT_APPLICABLE, judge, modelsOf, requireMaxAge } from "./compliance-model.js";

/** Options of {@link evaluateRotationComplianceSeries}. */
export interface RotationComplianceSeriesOptions {
  /** The first day judged (default: when the audit trail started). */
  readonly from?: Date | undefined;
  /** The last instant judged (default: the KMS's present); days run from `from` every 24 hours up to it. */
  readonly to?: Date | undefined;
  /** Also NON_COMPLIANT: a key whose current backing key is older than this many days (default: no limit). */
  readonly maxMaterialAgeDays?: number | undefined;
}

/** The fleet on one day of a series. */
export interface ComplianceDay {
  /** The day (its instant: the series' start plus whole days). */
  readonly Date: Date;
  /** Keys COMPLIANT that day. */
  readonly Compliant: number;
  /** Keys NON_COMPLIANT that day. */
  readonly NonCompliant: number;
  /** Keys NOT_APPLICABLE that day. */
  readonly NotApplicable: number;
}

/** A key that was NON_COMPLIANT on some day of a series. */
export interface NonCompliantKey {
  /** The key id. */
  readonly KeyId: string;
  /** How many of the series' days it was NON_COMPLIANT on. */
  readonly Days: number;
  /** The first sampled day it was NON_COMPLIANT. */
  readonly FirstDate: Date;
  /** The last sampled day it was NON_COMPLIANT. */
  readonly LastDate: Date;
}

/** The result of {@link evaluateRotationComplianceSeries}. */
export interface RotationComplianceSeries {
  /** The first sampled day. */
  readonly StartDate: Date;
  /** The last sampled day. */
  readonly EndDate: Date;
  /** One entry per day, from StartDate every 24 hours. */
  readonly Days: readonly ComplianceDay[];
  /** Keys NON_COMPLIANT on at least one day, in key creation order. */
  readonly NonCompliantKeys: readonly NonCompliantKey[];
}

/**
 * The fleet's rotation compliance on every day of a span, from the audit trail: per day, how many
 * keys were COMPLIANT, NON_COMPLIANT and NOT_APPLICABLE, and which keys were ever NON_COMPLIANT.
 * Each key's compliance changes only when its condition changes, it rotates, or its backing key
 * crosses `maxMaterialAgeDays`, so the cost is the number of those changes, not keys × days.
 * @param kms a KMS with an audit trail (`createKms({ audit: true })`)
 * @param options `from` (default: the trail's start), `to` (default: the KMS's present), `maxMaterialAgeDays`
 * @throws {TypeError} when the KMS keeps no trail
 * @throws {RangeError} when the span starts before the trail, ends after the present, or is reversed
 * @example Ten days of one key without rotation
 * ```ts
 * import { createKms } from "kms-sim";
 * import { ManualClock } from "kms-sim/testing";
 * import { evaluateRotationComplianceSeries } from "kms-sim/sim";
 * const clock = new ManualClock(new Date("2026-01-01T00:00:00Z"));
 * const kms = createKms({ clock, audit: true });
 * await kms.createKey();
 * clock.advance({ days: 9 });
 * (await evaluateRotationComplianceSeries(kms)).Days.map((d) => d.NonCompliant); //=> [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
 * ```
 */
export async function evaluateRotationComplianceSeries(kms: Kms, options: RotationComplianceSeriesOptions = {}): Promise<RotationComplianceSeries> {
  const maxMs = requireMaxAge(options.maxMaterialAgeDays);
  const trail = requireTrail(kms);
  const now = kms.now().getTime();
  const from = options.from?.getTime() ?? trail.startedAt;
  const to = options.to?.getTime() ?? now;
  if (Number.isNaN(from) || Number.isNaN(to) || from > to) throw new RangeError("from and to must be valid Dates, from not after to");
  if (from < trail.startedAt) throw new RangeError(`the audit trail starts at ${new Date(trail.startedAt).toISOString()}: the series cannot start before it`);
  if (to > now) throw new RangeError(`to (${new Date(to).toISOString()}) is after the KMS's present (${new Date(now).toISOString()})`);
  const days = Math.floor((to - from) / DAY) + 1;
  // Difference arrays: counts[v][i] += 1 over a range of days is two writes.
  const counts = [new Int32Array(days + 1), new Int32Array(days + 1), new Int32Array(days + 1)];
  const nonCompliant: NonCompliantKey[] = [];
  const first = (t: number): number => Math.min(days, Math.max(0, Math.ceil((t - from) / DAY)));
  const after = (t: number): number => Math.min(days, Math.max(0, Math.floor((t - from) / DAY) + 1));
  for (const model of await modelsOf(kms, trail)) {
    // The days on which the key's verdict may change.
    const marks = new Set<number>([0, first(model.createdAt), first(model.deletedAt)]);
    for (const t of model.conditionTimes) marks.add(first(t));
    for (const t of model.materialStarts) {
      marks.add(first(t));
      if (Number.isFinite(maxMs)) marks.add(after(t + maxMs));
    }
    marks.add(first(model.materialFrom));
    const sorted = [...marks].filter((i) => i < days).sort((a, b) => a - b);
    let bad = 0;
    let firstBad = -1;
    let lastBad = -1;
    sorted.forEach((start, k) => {
      const end = sorted[k + 1] ?? days;
      const judged = judge(model, from + start * DAY, maxMs);
      if (judged === undefined) return;
      const line = counts[judged.verdict] as Int32Array;
      line[start] = (line[start] as number) + 1;
      line[end] = (line[end] as number) - 1;
      if (judged.verdict === NON_COMPLIANT) {
        bad += end - start;
        if (firstBad < 0) firstBad = start;
        lastBad = end - 1;
      }
    });
    if (bad > 0) nonCompliant.push({ KeyId: model.keyId, Days: bad, FirstDate: new Date(from + firstBad * DAY), LastDate: new Date(from + lastBad * DAY) });
  }
  const out: ComplianceDay[] = [];
  const running = [0, 0, 0];
  for (let i = 0; i < days; i++) {
    for (let v = 0; v < 3; v++) running[v] = (running[v] as number) + ((counts[v] as Int32Array)[i] as number);
    out.push({ Date: new Date(from + i * DAY), Compliant: running[COMPLIANT] as number, NonCompliant: running[NON_COMPLIANT] as number, NotApplicable: running[NOT_APPLICABLE] as number });
  }
  return { StartDate: new Date(from), EndDate: new Date(to), Days: out, NonCompliantKeys: nonCompliant };
}
