/**
 * What a rotation timeline learns from the audit trail: state and rotation-setting spans, when
 * deletion was scheduled and done, the key's management events, and the whole timeline of a key
 * that no longer exists (the API knows nothing of it any more; the trail remembers).
 */
import type { AuditTrail, KeyCondition, KeyManagerType, KeySpec, OriginType } from "../index.js";
import { keyLife, type KeyLife } from "./key-life.js";
import type {
  KeyMaterialBeginning,
  RotationTimeline,
  TimelineEvent,
  TimelineKeyMaterial,
  TimelineRotationSpan,
  TimelineStateSpan,
} from "./timeline.js";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Appends a span starting at `at`, or lets the open one run on when nothing changed. A span that
 * began at this same instant (a key created, then set up in the same instant) gives way to it.
 */
function extend<S extends { StartDate: Date; EndDate?: Date }>(spans: Mutable<S>[], at: number, span: Mutable<S>, same: (a: S, b: S) => boolean): void {
  let last = spans[spans.length - 1];
  if (last !== undefined && same(last, span)) return;
  if (last !== undefined && last.StartDate.getTime() === at) {
    spans.pop();
    last = spans[spans.length - 1];
    if (last !== undefined && same(last, span)) {
      delete last.EndDate;
      return;
    }
  }
  if (last !== undefined) last.EndDate = new Date(at);
  spans.push(span);
}

function rotationSpan(condition: KeyCondition, at: number): Mutable<TimelineRotationSpan> {
  return {
    Enabled: condition.rotationEnabled,
    ...(condition.rotationEnabled && condition.rotationPeriodInDays !== null ? { RotationPeriodInDays: condition.rotationPeriodInDays } : {}),
    StartDate: new Date(at),
  };
}

/**
 * The timeline fields the trail gives for a key.
 * @param creationDate the key's creation (spans start there when the trail saw it, else at the trail's start)
 * @param present the key's condition now, for a key the trail saw no change of
 * @param canRotate whether the key has an automatic rotation setting to show
 */
export function trailFields(trail: AuditTrail, life: KeyLife, creationDate: number, present: KeyCondition | undefined, canRotate: boolean): Partial<RotationTimeline> {
  const since = life.created?.at ?? Math.max(trail.startedAt, creationDate);
  const states: Mutable<TimelineStateSpan>[] = [];
  const settings: Mutable<TimelineRotationSpan>[] = [];
  const apply = (at: number, condition: KeyCondition) => {
    extend(states, at, { KeyState: condition.state, StartDate: new Date(at) }, (a, b) => a.KeyState === b.KeyState);
    extend(settings, at, rotationSpan(condition, at), (a, b) => a.Enabled === b.Enabled && a.RotationPeriodInDays === b.RotationPeriodInDays);
  };
  const before = life.created === undefined ? (life.initial ?? (life.changes.length === 0 ? present : undefined)) : undefined;
  if (before !== undefined) apply(since, before);
  for (const change of life.changes) apply(change.at, change.condition);
  if (life.deletedAt !== undefined) {
    const end = new Date(life.deletedAt);
    for (const spans of [states, settings]) {
      const last = spans[spans.length - 1];
      if (last !== undefined && last.EndDate === undefined) last.EndDate = end;
    }
  }
  const events: TimelineEvent[] = life.events.map((e) => ({
    EventName: e.eventName,
    EventTime: new Date(e.eventTime),
    EventId: e.eventId,
    ...(e.errorCode === undefined ? {} : { ErrorCode: e.errorCode }),
  }));
  return {
    RecordedSince: new Date(since),
    States: states,
    ...(canRotate ? { RotationSettings: settings } : {}),
    ...(life.deletionScheduledAt === undefined ? {} : { DeletionScheduledDate: new Date(life.deletionScheduledAt) }),
    ...(life.deletedAt === undefined ? {} : { DeletedDate: new Date(life.deletedAt) }),
    Events: events,
  };
}

/** Backing keys of a deleted key, from its creation, imports and rotations. */
function recordedMaterials(life: KeyLife, createdAt: number, firstMaterialId: string | undefined, deletedAt: number): TimelineKeyMaterial[] {
  const done: TimelineKeyMaterial[] = [];
  const pending = new Set<string>();
  let current: { id: string; began: KeyMaterialBeginning; start: number } | undefined =
    firstMaterialId === undefined ? undefined : { id: firstMaterialId, began: "CREATED", start: createdAt };
  const steps = [
    ...life.imports.map((i) => ({ at: i.at, kind: "import" as const, id: i.keyMaterialId, type: "" })),
    ...life.rotations.map((r) => ({ at: r.at, kind: "rotation" as const, id: r.currentKeyMaterialId, type: r.rotationType })),
  ].sort((a, b) => a.at - b.at || (a.kind === b.kind ? 0 : a.kind === "import" ? -1 : 1));
  const seen = new Set(firstMaterialId === undefined ? [] : [firstMaterialId]);
  for (const step of steps) {
    if (step.kind === "import") {
      if (current === undefined) current = { id: step.id, began: "IMPORTED", start: step.at };
      else if (!seen.has(step.id)) pending.add(step.id);
      seen.add(step.id);
      continue;
    }
    if (current !== undefined) done.push({ KeyMaterialId: current.id, Began: current.began, StartDate: new Date(current.start), EndDate: new Date(step.at), KeyMaterialState: "NON_CURRENT" });
    pending.delete(step.id);
    seen.add(step.id);
    current = { id: step.id, began: step.type === "ON_DEMAND" ? "ON_DEMAND" : "AUTOMATIC", start: step.at };
  }
  if (current !== undefined) {
    done.push({ KeyMaterialId: current.id, Began: current.began, StartDate: new Date(current.start), EndDate: new Date(deletedAt), KeyMaterialState: "CURRENT" });
  }
  for (const id of pending) done.push({ KeyMaterialId: id, Began: "IMPORTED", KeyMaterialState: "PENDING_ROTATION" });
  return done;
}

/**
 * The timeline of a key the trail saw created and deleted, or undefined when the trail does not
 * know it (the key predates the trail, or never existed).
 */
export function deletedKeyTimeline(trail: AuditTrail, keyId: string): RotationTimeline | undefined {
  const life = keyLife(trail, keyId);
  const metadata = life.created?.metadata;
  if (life.deletedAt === undefined || life.created === undefined || metadata === null || metadata === undefined) return undefined;
  const text = (name: string): string | undefined => (typeof metadata[name] === "string" ? (metadata[name] as string) : undefined);
  const origin = (text("origin") ?? "AWS_KMS") as OriginType;
  const keySpec = (text("keySpec") ?? "SYMMETRIC_DEFAULT") as KeySpec;
  const canRotate = origin === "AWS_KMS" && keySpec === "SYMMETRIC_DEFAULT";
  const last = life.changes[life.changes.length - 1]?.condition;
  return {
    KeyId: keyId,
    Arn: text("arn") ?? keyId,
    Description: life.description ?? "",
    Aliases: [],
    KeyManager: (text("keyManager") ?? "CUSTOMER") as KeyManagerType,
    Origin: origin,
    KeySpec: keySpec,
    KeyState: last?.state ?? "PendingDeletion",
    CreationDate: new Date(life.created.at),
    DeletionDate: new Date(life.deletedAt),
    KeyMaterials: keySpec === "SYMMETRIC_DEFAULT" ? recordedMaterials(life, life.created.at, text("currentKeyMaterialId"), life.deletedAt) : [],
    ...trailFields(trail, life, life.created.at, undefined, canRotate),
  };
}
