/**
 * The pure rotation engine: from key records and two instants, everything that becomes due between
 * them, in time order, each at its exact scheduled instant. It reads no clock, makes no random
 * bytes and mutates nothing; the service supplies new material and applies the results.
 */
import type { KmsKey } from "../model/key.js";
import { compareDue, type DueEvent } from "./due-event.js";
import { DueQueue } from "./due-queue.js";
import { afterAutomaticRotation } from "./schedule.js";

/** A due event carrying a reference of the caller's (the store keeps its per-key entry there). */
export type DueEventOf<R> = DueEvent & { readonly ref: R };

function earlier<R>(best: DueEventOf<R> | undefined, kind: DueEvent["kind"], at: number, key: KmsKey, ref: R): DueEventOf<R> {
  const event: DueEventOf<R> = { kind, keyId: key.keyId, at, seq: key.seq, ref };
  return best === undefined || compareDue(event, best) < 0 ? event : best;
}

/**
 * The earliest event due for `key`, or undefined when nothing is scheduled.
 *
 * - A pending deletion completes at DeletionDate.
 * - An on-demand rotation in progress completes at its completion instant.
 * - Automatic rotation happens only while the key is Enabled (seed page: a disabled key is not
 *   rotated), for keys with rotation on and material to rotate.
 * - Imported material expires at its ValidTo.
 */
export function nextDue(key: KmsKey): DueEvent | undefined;
export function nextDue<R>(key: KmsKey, ref: R): DueEventOf<R> | undefined;
export function nextDue<R>(key: KmsKey, ref?: R): DueEventOf<R | undefined> | undefined {
  // The common case first, allocation-free beyond the event itself: a simulation asks this once
  // per rotation.
  const rotation = key.rotation;
  if (
    key.state === "Enabled" && rotation.enabled && rotation.nextRotationAt !== null && key.history.current >= 0 &&
    key.onDemand.completesAt === null && !key.history.hasExplicit
  ) {
    return { kind: "AutomaticRotation", keyId: key.keyId, at: rotation.nextRotationAt, seq: key.seq, ref };
  }
  let best: DueEventOf<R | undefined> | undefined;
  if (key.state === "PendingDeletion" && key.deletionAt !== null) best = earlier(best, "KeyDeletion", key.deletionAt, key, ref);
  if (key.onDemand.completesAt !== null) best = earlier(best, "OnDemandRotationCompletion", key.onDemand.completesAt, key, ref);
  if (key.state === "Enabled" && rotation.enabled && rotation.nextRotationAt !== null && key.history.current >= 0) {
    best = earlier(best, "AutomaticRotation", rotation.nextRotationAt, key, ref);
  }
  // Only imported material expires; AWS-generated keys have no explicit versions to scan.
  for (const [, material] of key.history.explicitEntries()) {
    const details = material.import;
    if (details?.imported && details.validTo !== null) best = earlier(best, "ImportedMaterialExpiration", details.validTo, key, ref);
  }
  return best;
}

/**
 * The key's schedule after `due` happened (the new backing key itself is the caller's to add).
 * @returns the updated key, or null when the event deleted it.
 */
export function advanceSchedule(key: KmsKey, due: DueEvent): KmsKey | null {
  switch (due.kind) {
    case "KeyDeletion":
      return null;
    case "AutomaticRotation":
      return { ...key, rotation: afterAutomaticRotation(key.rotation, due.at) };
    case "OnDemandRotationCompletion":
      return { ...key, onDemand: { ...key.onDemand, startedAt: null, completesAt: null } };
    case "ImportedMaterialExpiration":
      return expireImportedMaterial(key, due.at);
  }
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
  const state = lostAssociated && key.state !== "PendingDeletion" ? "PendingImport" : key.state;
  return { ...key, history, state };
}

/**
 * Everything due for `keys` after `from` and up to and including `to`, in time order.
 * A clock jump over N rotation dates yields N rotations, each at its own instant.
 */
export function dueBetween(keys: Iterable<KmsKey>, from: number, to: number): DueEvent[] {
  const byId = new Map<string, KmsKey>();
  const queue = new DueQueue();
  for (const key of keys) {
    byId.set(key.keyId, key);
    const due = nextDue(key);
    if (due) queue.push(due);
  }
  const out: DueEvent[] = [];
  for (let due = queue.pop(); due !== undefined && due.at <= to; due = queue.pop()) {
    const key = byId.get(due.keyId);
    if (!key) continue;
    const next = advanceSchedule(key, due);
    if (due.at > from) out.push(due);
    if (next === null) {
      byId.delete(due.keyId);
      continue;
    }
    byId.set(next.keyId, next);
    const following = nextDue(next);
    if (following) queue.push(following);
  }
  return out;
}
