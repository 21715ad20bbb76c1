/**
 * Rotation compliance as the AWS Config managed rule `cmk-backing-key-rotation-enabled` and Security
 * Hub control KMS.4 judge it: a customer managed symmetric encryption key whose material AWS KMS
 * generated is COMPLIANT when automatic rotation is on, NON_COMPLIANT otherwise; every other key
 * (AWS managed, imported material, asymmetric, HMAC) is NOT_APPLICABLE. kms-sim also treats keys
 * pending deletion as NOT_APPLICABLE (AWS's pages are silent; GetKeyRotationStatus reports false for
 * them, and the common checkers skip them rather than flag a key being retired), and can demand a
 * maximum age of the current backing key (`maxMaterialAgeDays`), which catches keys that are
 * disabled and so do not rotate.
 *
 * At the KMS's present the judgement reads the public API (DescribeKey, GetKeyRotationStatus,
 * ListKeyRotations). In the past, and as a daily series over a span, it reads the audit trail: each
 * key's condition changes and rotations (key-life.ts) make its compliance a function of time that
 * changes only at those instants, so a series costs the number of changes, not keys × days.
 */
import { UnsupportedOperationException, type AuditTrail, type KeyCondition, type Kms } from "../index.js";
import { deletedKeyIds, keyLife } from "./key-life.js";
import { requireTrail } from "./lookup-events.js";

/** A key's compliance, as AWS Config reports it. */
export type ComplianceType = "COMPLIANT" | "NON_COMPLIANT" | "NOT_APPLICABLE";

/** One key's evaluation. */
export interface KeyRotationCompliance {
  readonly KeyId: string;
  readonly Compliance: ComplianceType;
  /** Whole days since the key's current backing key became current (absent for keys with none). */
  readonly CurrentKeyMaterialAgeDays?: number;
}

/** Options of {@link evaluateRotationCompliance}. */
export interface RotationComplianceOptions {
  /** The instant to judge (default: the KMS's present). Before the present it needs the audit trail. */
  readonly at?: Date | undefined;
  /** Also NON_COMPLIANT when the current backing key is older than this many days. */
  readonly maxMaterialAgeDays?: number | undefined;
}

/** Options of {@link evaluateRotationComplianceSeries}. */
export interface RotationComplianceSeriesOptions {
  /** The first day judged (default: when the audit trail started). */
  readonly from?: Date | undefined;
  /** The last instant judged (default: the KMS's present); days run from `from` every 24 hours up to it. */
  readonly to?: Date | undefined;
  readonly maxMaterialAgeDays?: number | undefined;
}

/** The fleet on one day of a series. */
export interface ComplianceDay {
  readonly Date: Date;
  readonly Compliant: number;
  readonly NonCompliant: number;
  readonly NotApplicable: number;
}

/** A key that was NON_COMPLIANT on some day of a series. */
export interface NonCompliantKey {
  readonly KeyId: string;
  /** How many of the series' days it was NON_COMPLIANT on. */
  readonly Days: number;
  readonly FirstDate: Date;
  readonly LastDate: Date;
}

/** The result of {@link evaluateRotationComplianceSeries}. */
export interface RotationComplianceSeries {
  readonly StartDate: Date;
  readonly EndDate: Date;
  /** One entry per day, from StartDate every 24 hours. */
  readonly Days: readonly ComplianceDay[];
  /** Keys NON_COMPLIANT on at least one day, in key creation order. */
  readonly NonCompliantKeys: readonly NonCompliantKey[];
}

const DAY = 86_400_000;
const COMPLIANT = 0;
const NON_COMPLIANT = 1;
const NOT_APPLICABLE = 2;
const NAMES: readonly ComplianceType[] = ["COMPLIANT", "NON_COMPLIANT", "NOT_APPLICABLE"];

function requireMaxAge(days: number | undefined): number {
  if (days === undefined) return Number.POSITIVE_INFINITY;
  if (!Number.isFinite(days) || days < 0) throw new RangeError(`maxMaterialAgeDays must be a non-negative number, got ${String(days)}`);
  return days * DAY;
}

/** The AWS Config rule's verdict, from what DescribeKey and GetKeyRotationStatus say. */
function verdict(applicable: boolean, state: string, rotationEnabled: boolean, ageMs: number | undefined, maxMs: number): number {
  if (!applicable || state === "PendingDeletion") return NOT_APPLICABLE;
  if (!rotationEnabled) return NON_COMPLIANT;
  return ageMs !== undefined && ageMs > maxMs ? NON_COMPLIANT : COMPLIANT;
}

function isApplicable(keyManager: unknown, origin: unknown, keySpec: unknown): boolean {
  return keyManager === "CUSTOMER" && origin === "AWS_KMS" && keySpec === "SYMMETRIC_DEFAULT";
}

async function allKeyIds(kms: Kms): Promise<string[]> {
  const ids: string[] = [];
  let marker: string | undefined;
  do {
    const page = await kms.listKeys({ Limit: 1000, ...(marker === undefined ? {} : { Marker: marker }) });
    for (const key of page.Keys ?? []) if (key.KeyId !== undefined) ids.push(key.KeyId);
    marker = page.Truncated ? page.NextMarker : undefined;
  } while (marker !== undefined);
  return ids;
}

/** Instants a key's current backing key changed, from the API: its creation, then each rotation. */
async function materialStartsOf(kms: Kms, keyId: string, created: number): Promise<number[]> {
  const starts = [created];
  let marker: string | undefined;
  try {
    do {
      const page = await kms.listKeyRotations({ KeyId: keyId, Limit: 1000, ...(marker === undefined ? {} : { Marker: marker }) });
      for (const entry of page.Rotations ?? []) if (entry.RotationDate !== undefined) starts.push(entry.RotationDate.getTime());
      marker = page.Truncated ? page.NextMarker : undefined;
    } while (marker !== undefined);
  } catch (error) {
    if (!(error instanceof UnsupportedOperationException)) throw error;
  }
  return starts.sort((a, b) => a - b);
}

/** The last element of a sorted list that is at or before `t`, by index (-1: none). */
function lastAtOrBefore(sorted: readonly number[], t: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((sorted[mid] as number) <= t) low = mid + 1;
    else high = mid;
  }
  return low - 1;
}

/** At the present, from the public API (the direct computation). */
async function evaluateNow(kms: Kms, at: number, maxMs: number): Promise<KeyRotationCompliance[]> {
  const results: KeyRotationCompliance[] = [];
  for (const keyId of await allKeyIds(kms)) {
    const metadata = (await kms.describeKey({ KeyId: keyId })).KeyMetadata;
    const applicable = isApplicable(metadata?.KeyManager, metadata?.Origin, metadata?.KeySpec);
    const state = metadata?.KeyState ?? "Enabled";
    let enabled = false;
    if (applicable) enabled = (await kms.getKeyRotationStatus({ KeyId: keyId })).KeyRotationEnabled === true;
    let age: number | undefined;
    if (metadata?.CurrentKeyMaterialId !== undefined) {
      const starts = await materialStartsOf(kms, keyId, metadata.CreationDate?.getTime() ?? at);
      age = at - (starts[lastAtOrBefore(starts, at)] ?? at);
    }
    results.push({
      KeyId: keyId,
      Compliance: NAMES[verdict(applicable, state, enabled, age, maxMs)] as ComplianceType,
      ...(age === undefined ? {} : { CurrentKeyMaterialAgeDays: Math.floor(age / DAY) }),
    });
  }
  return results;
}

/** One key as a function of time, from the trail (and the API for what predates it). */
interface KeyModel {
  readonly keyId: string;
  readonly seq: number;
  readonly applicable: boolean;
  readonly createdAt: number;
  readonly deletedAt: number;
  /** Condition i holds from conditionTimes[i] (the first from -Infinity for keys older than the trail). */
  readonly conditionTimes: readonly number[];
  readonly conditions: readonly KeyCondition[];
  readonly materialStarts: readonly number[];
  /** From when the key has a current backing key (Infinity: never). */
  readonly materialFrom: number;
}

async function modelOf(kms: Kms, trail: AuditTrail, keyId: string, seq: number, present: boolean): Promise<KeyModel | undefined> {
  const life = keyLife(trail, keyId);
  const times = life.changes.map((c) => c.at);
  const conditions = life.changes.map((c) => c.condition);
  const deletedAt = life.deletedAt ?? Number.POSITIVE_INFINITY;
  const metadata = life.created?.metadata;
  if (life.created !== undefined && metadata !== null && metadata !== undefined) {
    const symmetric = metadata.keySpec === "SYMMETRIC_DEFAULT";
    const generated = metadata.origin === "AWS_KMS";
    return {
      keyId,
      seq,
      applicable: isApplicable(metadata.keyManager, metadata.origin, metadata.keySpec),
      createdAt: life.created.at,
      deletedAt,
      conditionTimes: times,
      conditions,
      materialStarts: [life.created.at, ...life.rotations.map((r) => r.at)],
      materialFrom: !symmetric ? Number.POSITIVE_INFINITY : generated ? life.created.at : (life.imports[0]?.at ?? Number.POSITIVE_INFINITY),
    };
  }
  // The key predates the trail: what it is and its rotations come from the API.
  if (!present) return undefined;
  const described = (await kms.describeKey({ KeyId: keyId })).KeyMetadata;
  const created = described?.CreationDate?.getTime() ?? trail.startedAt;
  const initial = life.initial ?? conditions[0] ?? (await presentCondition(kms, keyId, described?.KeyState ?? "Enabled"));
  return {
    keyId,
    seq,
    applicable: isApplicable(described?.KeyManager, described?.Origin, described?.KeySpec),
    createdAt: created,
    deletedAt,
    conditionTimes: [Number.NEGATIVE_INFINITY, ...times],
    conditions: [initial, ...conditions],
    materialStarts: await materialStartsOf(kms, keyId, created),
    materialFrom: described?.CurrentKeyMaterialId === undefined ? Number.POSITIVE_INFINITY : created,
  };
}

async function presentCondition(kms: Kms, keyId: string, state: KeyCondition["state"] | string): Promise<KeyCondition> {
  let status: { KeyRotationEnabled?: boolean | undefined; RotationPeriodInDays?: number | undefined } = {};
  try {
    status = await kms.getKeyRotationStatus({ KeyId: keyId });
  } catch (error) {
    if (!(error instanceof UnsupportedOperationException)) throw error;
  }
  return { state: state as KeyCondition["state"], rotationEnabled: status.KeyRotationEnabled === true, rotationPeriodInDays: status.RotationPeriodInDays ?? null };
}

/** Every key the trail or the API knows, as models, in creation order. */
async function modelsOf(kms: Kms, trail: AuditTrail): Promise<KeyModel[]> {
  const present = await allKeyIds(kms);
  const presentSet = new Set(present);
  const models: KeyModel[] = [];
  let seq = 0;
  for (const keyId of present) {
    const model = await modelOf(kms, trail, keyId, seq++, true);
    if (model !== undefined) models.push(model);
  }
  for (const keyId of deletedKeyIds(trail)) {
    if (presentSet.has(keyId)) continue;
    const model = await modelOf(kms, trail, keyId, seq++, false);
    if (model !== undefined) models.push(model);
  }
  return models.sort((a, b) => a.createdAt - b.createdAt || a.seq - b.seq);
}

/** A model's verdict at `t` (undefined: the key did not exist then) and its backing key's age. */
function judge(model: KeyModel, t: number, maxMs: number): { verdict: number; age: number | undefined } | undefined {
  if (t < model.createdAt || t >= model.deletedAt) return undefined;
  const condition = model.conditions[Math.max(0, lastAtOrBefore(model.conditionTimes, t))];
  if (condition === undefined) return undefined;
  const start = model.materialStarts[lastAtOrBefore(model.materialStarts, t)];
  const age = t >= model.materialFrom && start !== undefined ? t - start : undefined;
  return { verdict: verdict(model.applicable, condition.state, condition.rotationEnabled, age, maxMs), age };
}

/**
 * Each key's rotation compliance, as AWS Config's `cmk-backing-key-rotation-enabled` (Security Hub
 * KMS.4) judges it, with the age of its current backing key.
 * @param kms the KMS to judge
 * @param options `at` (default: the KMS's present; an instant before it needs the audit trail),
 *   `maxMaterialAgeDays` (also NON_COMPLIANT when the current backing key is older)
 * @returns one entry per key that exists at `at`, in key creation order
 * @throws {RangeError} when `at` is after the KMS's present, or `maxMaterialAgeDays` is negative
 * @throws {TypeError} for an instant before the present on a KMS without an audit trail
 * @example A key without rotation is NON_COMPLIANT
 * ```ts
 * import { createKms } from "kms-sim";
 * import { evaluateRotationCompliance } from "kms-sim/sim";
 * const kms = createKms();
 * await kms.createKey();
 * (await evaluateRotationCompliance(kms)).map((k) => k.Compliance); //=> ["NON_COMPLIANT"]
 * ```
 * @see https://docs.aws.amazon.com/config/latest/developerguide/cmk-backing-key-rotation-enabled.html
 */
export async function evaluateRotationCompliance(kms: Kms, options: RotationComplianceOptions = {}): Promise<KeyRotationCompliance[]> {
  const maxMs = requireMaxAge(options.maxMaterialAgeDays);
  const now = kms.now().getTime();
  const at = options.at?.getTime() ?? now;
  if (Number.isNaN(at)) throw new RangeError("at must be a valid Date");
  if (at > now) throw new RangeError(`at (${new Date(at).toISOString()}) is after the KMS's present (${new Date(now).toISOString()}): the future is not known yet`);
  if (at === now) return evaluateNow(kms, at, maxMs);
  const trail = requireTrail(kms);
  const results: KeyRotationCompliance[] = [];
  for (const model of await modelsOf(kms, trail)) {
    const judged = judge(model, at, maxMs);
    if (judged === undefined) continue;
    results.push({
      KeyId: model.keyId,
      Compliance: NAMES[judged.verdict] as ComplianceType,
      ...(judged.age === undefined ? {} : { CurrentKeyMaterialAgeDays: Math.floor(judged.age / DAY) }),
    });
  }
  return results;
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
