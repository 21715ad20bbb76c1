/**
 * The pure rotation engine: from key records and two instants, everything that becomes due between
 * them, in time order, each at its exact scheduled instant. It reads no clock, makes no random
 * bytes and mutates nothing; the service supplies new material and applies the results.
 */
import { VersionKind } from "../model/key-history.js";
import type { KmsKey } from "../model/key.js";
import { isScheduledForDeletion } from "../model/key-state.js";
import { compareDue, DUE_KIND_RANK, type DueEvent, type DueKind } from "./due-event.js";
import { DueQueue, type Scheduled } from "./due-queue.js";
import { nextRotationAt } from "./schedule.js";

function earlier(best: DueEvent | undefined, kind: DueKind, at: number, key: KmsKey): DueEvent {
  const event: DueEvent = { kind, keyId: key.keyId, at, seq: key.seq };
  return best === undefined || compareDue(event, best) < 0 ? event : best;
}

/** Where {@link nextDueInto} writes what is due next. */
export interface DueTarget {
  dueAt: number;
  dueKind: DueKind;
}

/**
 * Writes the key's next due event into `target` (without allocating: the store asks this once per
 * rotation, for its own per-key entry).
 * @returns false when nothing is scheduled (`target` is then untouched).
 */
export function nextDueInto(key: KmsKey, target: DueTarget): boolean {
  const automaticAt = key.state === "Enabled" && key.history.current >= 0 ? nextRotationAt(key) : null;
  // The common case first: a key whose only future is its next automatic rotation.
  if (automaticAt !== null && key.onDemand.completesAt === null && !key.history.hasExplicit) {
    target.dueAt = automaticAt;
    target.dueKind = "AutomaticRotation";
    return true;
  }
  const due = nextDueOf(key, automaticAt);
  if (due === undefined) return false;
  target.dueAt = due.at;
  target.dueKind = due.kind;
  return true;
}

/**
 * The earliest event due for `key`, or undefined when nothing is scheduled.
 *
 * - A pending deletion completes at DeletionDate.
 * - An on-demand rotation in progress completes at its completion instant.
 * - Automatic rotation happens only while the key is Enabled (seed page: a disabled key is not
 *   rotated), for keys with rotation on and material to rotate.
 * - Imported material expires at its ValidTo.
 * - A multi-Region key's `Creating` or `Updating` ends when its transition says.
 */
export function nextDue(key: KmsKey): DueEvent | undefined {
  return nextDueOf(key, key.state === "Enabled" && key.history.current >= 0 ? nextRotationAt(key) : null);
}

function nextDueOf(key: KmsKey, automaticAt: number | null): DueEvent | undefined {
  let best: DueEvent | undefined;
  if (key.state === "PendingDeletion" && key.deletionAt !== null) best = earlier(best, "KeyDeletion", key.deletionAt, key);
  if (key.onDemand.completesAt !== null) best = earlier(best, "OnDemandRotationCompletion", key.onDemand.completesAt, key);
  if (key.transition !== undefined) best = earlier(best, "TransitionEnd", key.transition.until, key);
  if (automaticAt !== null) best = earlier(best, "AutomaticRotation", automaticAt, key);
  // Only imported material expires; AWS-generated keys have no explicit versions to scan.
  for (const [, material] of key.history.explicitEntries()) {
    const details = material.import;
    if (details?.imported && details.validTo !== null) best = earlier(best, "ImportedMaterialExpiration", details.validTo, key);
  }
  return best;
}

/** `key` with one more version made at `at` (a copy: the input is untouched). */
function withVersion(key: KmsKey, at: number, kind: VersionKind): KmsKey {
  const history = key.history.clone(key.history.owner);
  history.append(at, kind);
  return { ...key, history };
}

/**
 * The key after `due` happened, as a new record, or null when the event deleted it. Rotations
 * append their version here with AWS-generated material's bookkeeping only (the service appends
 * in place and derives the material; see service/context.ts).
 */
export function advanceSchedule(key: KmsKey, due: DueEvent): KmsKey | null {
  switch (due.kind) {
    case "KeyDeletion":
      return null;
    case "AutomaticRotation":
      return withVersion(key, due.at, VersionKind.AUTOMATIC);
    case "OnDemandRotationCompletion":
      return withVersion(completeOnDemand(key), due.at, VersionKind.ON_DEMAND);
    case "ImportedMaterialExpiration":
      return expireImportedMaterial(key, due.at);
    case "TransitionEnd":
      return endTransition(key);
  }
}

/**
 * The key after its `Creating` or `Updating` ended, without the transition: in the state saved for
 * it when the key is still in that transient state. A key whose state changed meanwhile keeps its
 * new state: ScheduleKeyDeletion is allowed while Updating, and deleted or expired imported
 * material makes the key PendingImport; going back to the saved state would undo those.
 */
export function endTransition(key: KmsKey): KmsKey {
  if (key.transition === undefined) return key;
  const { transition, ...rest } = key;
  return key.state === "Creating" || key.state === "Updating" ? { ...rest, state: transition.then } : rest;
}

/** The key with its on-demand rotation in progress marked complete (the new version is added separately). */
export function completeOnDemand(key: KmsKey): KmsKey {
  return { ...key, onDemand: { ...key.onDemand, startedAt: null, completesAt: null } };
}

/**
 * The key after every imported material whose ValidTo is at or before `at` expired. The history is
 * copied (imported keys have few versions), so the input key is untouched.
 */
export function expireImportedMaterial(key: KmsKey, at: number): KmsKey {
  let lostAssociated = false;
  let history = key.history;
  for (const [index, material] of key.history.explicitEntries()) {
    const details = material.import;
    if (!details?.imported || details.validTo === null || details.validTo > at) continue;
    if (!details.pendingRotation) lostAssociated = true;
    if (history === key.history) history = key.history.clone(key.history.owner);
    history.setExplicit(index, { ...material, secret: null, import: { ...details, imported: false } });
  }
  if (history === key.history) return key;
  const state = lostAssociated && !isScheduledForDeletion(key.state) ? "PendingImport" : key.state;
  return { ...key, history, state };
}

/** A key's slot in dueBetween's queue. */
interface Slot extends Scheduled {
  key: KmsKey;
  kind: DueKind;
}

function queueNext(queue: DueQueue<Slot>, slot: Slot): void {
  const due = nextDue(slot.key);
  if (due === undefined) return;
  slot.dueAt = due.at;
  slot.kind = due.kind;
  slot.dueRank = DUE_KIND_RANK[due.kind];
  queue.push(slot);
}

/**
 * Everything due for `keys` after `from` and up to and including `to`, in time order.
 * A clock jump over N rotation dates yields N rotations, each at its own instant.
 */
export function dueBetween(keys: Iterable<KmsKey>, from: number, to: number): DueEvent[] {
  const queue = new DueQueue<Slot>();
  for (const key of keys) {
    queueNext(queue, { key, kind: "AutomaticRotation", dueAt: 0, dueRank: 0, seq: key.seq, queueDay: Number.NaN, queueIndex: -1 });
  }
  const out: DueEvent[] = [];
  for (let slot = queue.peek(); slot !== undefined && slot.dueAt <= to; slot = queue.peek()) {
    queue.pop();
    const due: DueEvent = { kind: slot.kind, keyId: slot.key.keyId, at: slot.dueAt, seq: slot.seq };
    if (due.at > from) out.push(due);
    const next = advanceSchedule(slot.key, due);
    if (next === null) continue;
    slot.key = next;
    queueNext(queue, slot);
  }
  return out;
}
