/**
 * What the engine says happens to a key at a scheduled instant, and the one order in which such
 * events are applied: earlier first; at the same instant by kind, then by key creation order, so
 * that events at the same instant always come out in the same order (determinism across runs).
 */

/** Something that happens to a key at a scheduled instant. */
export interface DueEvent {
  readonly kind: "AutomaticRotation" | "OnDemandRotationCompletion" | "ImportedMaterialExpiration" | "KeyDeletion";
  readonly keyId: string;
  /** Epoch ms. */
  readonly at: number;
  /** The key's creation order, for deterministic ordering of same-instant events. */
  readonly seq: number;
}

const KIND_RANK: Readonly<Record<DueEvent["kind"], number>> = {
  OnDemandRotationCompletion: 0,
  AutomaticRotation: 1,
  ImportedMaterialExpiration: 2,
  KeyDeletion: 3,
};

/** Orders due events: earlier first; at the same instant by kind rank, then by key creation order. */
export function compareDue(a: DueEvent, b: DueEvent): number {
  return a.at - b.at || KIND_RANK[a.kind] - KIND_RANK[b.kind] || a.seq - b.seq;
}
