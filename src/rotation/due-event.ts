/**
 * What the engine says happens to a key at a scheduled instant, and the one order in which such
 * events are applied: earlier first; at the same instant by kind, then by key creation order, so
 * that events at the same instant always come out in the same order (determinism across runs).
 */

/** Something that happens to a key at a scheduled instant. */
export interface DueEvent {
  readonly kind: DueKind;
  readonly keyId: string;
  /** Epoch ms. */
  readonly at: number;
  /** The key's creation order, for deterministic ordering of same-instant events. */
  readonly seq: number;
}

/** The kinds of due event. */
export type DueKind =
  | "AutomaticRotation"
  | "OnDemandRotationCompletion"
  | "ImportedMaterialExpiration"
  | "KeyDeletion"
  /** A multi-Region key's `Creating` or `Updating` ends. */
  | "TransitionEnd";

/** Order of kinds due at the same instant: an on-demand rotation completes before the automatic one. */
export const DUE_KIND_RANK: Readonly<Record<DueKind, number>> = {
  OnDemandRotationCompletion: 0,
  AutomaticRotation: 1,
  ImportedMaterialExpiration: 2,
  KeyDeletion: 3,
  TransitionEnd: 4,
};

/** Orders due events: earlier first; at the same instant by kind rank, then by key creation order. */
export function compareDue(a: DueEvent, b: DueEvent): number {
  return a.at - b.at || DUE_KIND_RANK[a.kind] - DUE_KIND_RANK[b.kind] || a.seq - b.seq;
}
