/**
 * The rule behind rotation compliance, and each key as a function of time: its condition changes and
 * rotations from the audit trail (key-life.ts), and, for keys older than the trail, what the API
 * says of them. compliance.ts judges one instant with it, compliance-series.ts every day of a span.
 */
import { UnsupportedOperationException, type AuditTrail, type KeyCondition, type Kms } from "../index.js";
import { deletedKeyIds, keyLife } from "./key-life.js";
import { allKeyIds } from "./key-ids.js";

/** A key's compliance, as AWS Config reports it. */
export type ComplianceType = "COMPLIANT" | "NON_COMPLIANT" | "NOT_APPLICABLE";

export const DAY = 86_400_000;
export const COMPLIANT = 0;
export const NON_COMPLIANT = 1;
export const NOT_APPLICABLE = 2;
export const NAMES: readonly ComplianceType[] = ["COMPLIANT", "NON_COMPLIANT", "NOT_APPLICABLE"];

export function requireMaxAge(days: number | undefined): number {
  if (days === undefined) return Number.POSITIVE_INFINITY;
  if (!Number.isFinite(days) || days < 0) throw new RangeError(`maxMaterialAgeDays must be a non-negative number, got ${String(days)}`);
  return days * DAY;
}

/** The AWS Config rule's verdict, from what DescribeKey and GetKeyRotationStatus say. */
export function verdict(applicable: boolean, state: string, rotationEnabled: boolean, ageMs: number | undefined, maxMs: number): number {
  if (!applicable || state === "PendingDeletion") return NOT_APPLICABLE;
  if (!rotationEnabled) return NON_COMPLIANT;
  return ageMs !== undefined && ageMs > maxMs ? NON_COMPLIANT : COMPLIANT;
}

export function isApplicable(keyManager: unknown, origin: unknown, keySpec: unknown): boolean {
  return keyManager === "CUSTOMER" && origin === "AWS_KMS" && keySpec === "SYMMETRIC_DEFAULT";
}

/** Instants a key's current backing key changed, from the API: its creation, then each rotation. */
export async function materialStartsOf(kms: Kms, keyId: string, created: number): Promise<number[]> {
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
export function lastAtOrBefore(sorted: readonly number[], t: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((sorted[mid] as number) <= t) low = mid + 1;
    else high = mid;
  }
  return low - 1;
}

/** One key as a function of time, from the trail (and the API for what predates it). */
export interface KeyModel {
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
export async function modelsOf(kms: Kms, trail: AuditTrail): Promise<KeyModel[]> {
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
export function judge(model: KeyModel, t: number, maxMs: number): { verdict: number; age: number | undefined } | undefined {
  if (t < model.createdAt || t >= model.deletedAt) return undefined;
  const condition = model.conditions[Math.max(0, lastAtOrBefore(model.conditionTimes, t))];
  if (condition === undefined) return undefined;
  const start = model.materialStarts[lastAtOrBefore(model.materialStarts, t)];
  const age = t >= model.materialFrom && start !== undefined ? t - start : undefined;
  return { verdict: verdict(model.applicable, condition.state, condition.rotationEnabled, age, maxMs), age };
}

