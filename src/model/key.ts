/**
 * The KMS key record: one logical resource whose identity (id, ARN, policy, tags, aliases) never
 * changes when its backing key rotates. Records are immutable; updaters return new records. The
 * backing keys themselves live in the key's {@link KeyHistory}, which the record points to and
 * which only the store mutates (append-only), so a rotation copies no record of the past.
 */
import type { KeySpec } from "./aws-shapes.generated.js";
import type { KeyHistory } from "./key-history.js";
import type { SecretBytes } from "./secret-bytes.js";
import type { KeyManager, KeyOrigin, KeyState, KeyUsage } from "./shapes.js";

/** One tag, in the order it was first added. */
export interface KeyTag {
  readonly key: string;
  readonly value: string;
}

/** The automatic rotation setting of a key. */
export interface RotationConfig {
  /** Whether automatic rotation is on (AWS managed keys: always). */
  readonly enabled: boolean;
  /** RotationPeriodInDays while enabled, else null. */
  readonly periodDays: number | null;
  /**
   * Epoch ms of the next automatic rotation as scheduled when this setting was made, while enabled,
   * else null. Automatic rotations since then move it (rotation/schedule.ts `nextRotationAt`, the
   * one place to read the effective date). While the key is disabled the date may pass; EnableKey
   * then decides (catch-up or resume).
   */
  readonly nextRotationAt: number | null;
  /** How many versions the key had when this setting was made. */
  readonly sinceVersion: number;
}

/** The on-demand rotation bookkeeping of a key. */
export interface OnDemandState {
  /** On-demand rotations requested so far (counts against the limit). */
  readonly count: number;
  /** Epoch ms when the rotation in progress was requested, else null. */
  readonly startedAt: number | null;
  /** Epoch ms when the rotation in progress completes, else null. */
  readonly completesAt: number | null;
}

/**
 * How a multi-Region key is related to the others of its family (the same key id in several
 * Regions). Every member holds the whole topology; a change of it (ReplicateKey,
 * UpdatePrimaryRegion, a replica's deletion) updates every member.
 */
export interface MultiRegionLink {
  /** The Region of the primary key. */
  readonly primaryRegion: string;
  /** The Regions of the replicas, in the order they were made. */
  readonly replicaRegions: readonly string[];
}

/**
 * A multi-Region key in a passing state (AWS: "a few seconds"): `Creating` after ReplicateKey,
 * `Updating` during UpdatePrimaryRegion. At `until` the key goes to state `then`.
 */
export interface KeyTransition {
  /** Epoch ms when the transition ends. */
  readonly until: number;
  /** The state the key is in after it. */
  readonly then: KeyState;
}

/** A KMS key as kms-sim holds it. */
export interface KmsKey {
  /** Creation order across the whole KMS: orders listings and breaks ties between same-instant events. */
  readonly seq: number;
  readonly keyId: string;
  readonly arn: string;
  /** Epoch ms. */
  readonly createdAt: number;
  readonly description: string;
  readonly keyUsage: KeyUsage;
  readonly keySpec: KeySpec;
  readonly origin: KeyOrigin;
  readonly keyManager: KeyManager;
  readonly state: KeyState;
  /** Epoch ms when a pending deletion completes, else null. */
  readonly deletionAt: number | null;
  readonly pendingWindowDays: number | null;
  readonly policy: string;
  readonly tags: readonly KeyTag[];
  /**
   * 64 secret bytes drawn at creation for keys whose material AWS KMS generates: a 32-byte root
   * from which every backing key is derived, then a 32-byte seed of their ids (service/materials.ts).
   * Null for keys whose material is imported.
   */
  readonly seeds: SecretBytes | null;
  /** Every backing key ever made, oldest first (mutable, append-only: see KeyHistory). */
  readonly history: KeyHistory;
  readonly rotation: RotationConfig;
  readonly onDemand: OnDemandState;
  /** For AWS managed keys, the service they belong to (e.g. "s3"); else null. */
  readonly awsService: string | null;
  /**
   * For multi-Region keys (`mrk-` ids), the family's topology; absent for single-Region keys. A
   * replica of a key whose material AWS KMS generates shares the primary's `seeds` and `history`
   * (the same objects), so a rotation of the primary is a rotation of every replica at once.
   */
  readonly multiRegion?: MultiRegionLink;
  /** While `Creating` or `Updating`: when that ends and the state after it. */
  readonly transition?: KeyTransition;
}

/** True for a multi-Region replica key. */
export function isReplica(key: KmsKey, region: string): boolean {
  return key.multiRegion !== undefined && key.multiRegion.primaryRegion !== region;
}

/** Rotation setting of a key that has never had automatic rotation enabled. */
export const ROTATION_OFF: RotationConfig = { enabled: false, periodDays: null, nextRotationAt: null, sinceVersion: 0 };

/** On-demand state of a key that has never been rotated on demand. */
export const NO_ON_DEMAND: OnDemandState = { count: 0, startedAt: null, completesAt: null };

/** True when the key has a current backing key. */
export function hasCurrentMaterial(key: KmsKey): boolean {
  return key.history.current >= 0;
}

/** Index of the material waiting for RotateKeyOnDemand (imported, PENDING_ROTATION), or -1. */
export function pendingRotationIndex(key: KmsKey): number {
  const history = key.history;
  if (!history.hasExplicit) return -1;
  for (const [index, material] of history.explicitEntries()) if (material.import?.pendingRotation) return index;
  return -1;
}
