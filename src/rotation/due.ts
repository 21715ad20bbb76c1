/**
 * The pure rotation engine: from key records and two instants, everything that becomes due between
 * them, in time order, each at its exact scheduled instant. It reads no clock, makes no random
 * bytes and mutates nothing; the service supplies new material and applies the results.
 */
import type { KmsKey } from "../model/key.js";
import { DueQueue, compareDue } from "./due-queue.js";
import { afterAutomaticRotation } from "./schedule.js";

/** Something that happens to a key at a scheduled instant. */
export interface DueEvent {
  readonly kind: "AutomaticRotation" | "OnDemandRotationCompletion" | "ImportedMaterialExpiration" | "KeyDeletion";
  readonly keyId: string;
  /** Epoch ms. */
  readonly at: number;
  /** The key's creation order, for deterministic ordering of same-instant events. */
  readonly seq: number;
}

function candidate(key: KmsKey, kind: DueEvent["kind"], at: number): DueEvent {
  return { kind, keyId: key.keyId, at, seq: key.seq };
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
export function nextDue(key: KmsKey): DueEvent | undefined {
  let best: DueEvent | undefined;
  if (key.state === "PendingDeletion" && key.deletionAt !== null) {
    best = earlier(best, candidate(key, "KeyDeletion", key.deletionAt));
  }
  if (key.onDemand.completesAt !== null) {
    best = earlier(best, candidate(key, "OnDemandRotationCompletion", key.onDemand.completesAt));
  }
  if (key.state === "Enabled" && key.rotation.enabled && key.rotation.nextRotationAt !== null && key.current >= 0) {
    best = earlier(best, candidate(key, "AutomaticRotation", key.rotation.nextRotationAt));
  }
  // Only imported material expires; AWS-generated keys skip the scan (it runs on every rotation).
  if (key.origin === "EXTERNAL") {
    for (const material of key.materials) {
      const details = material.import;
      if (details?.imported && details.validTo !== null) {
        best = earlier(best, candidate(key, "ImportedMaterialExpiration", details.validTo));
      }
    }
  }
  return best;
}

function earlier(best: DueEvent | undefined, event: DueEvent): DueEvent {
  return best === undefined || compareDue(event, best) < 0 ? event : best;
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

/** The key after every imported material whose ValidTo is at or before `at` expired. */
export function expireImportedMaterial(key: KmsKey, at: number): KmsKey {
  let lostAssociated = false;
  const materials = key.materials.map((material) => {
    const details = material.import;
    if (!details?.imported || details.validTo === null || details.validTo > at) return material;
    if (!details.pendingRotation) lostAssociated = true;
    return { ...material, secret: null, import: { ...details, imported: false } };
  });
  const state = lostAssociated && key.state !== "PendingDeletion" ? "PendingImport" : key.state;
  return { ...key, materials, state };
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
