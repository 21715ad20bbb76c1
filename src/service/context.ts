/**
 * The wiring every operation shares: ports, settings, the store, and the two things only the
 * service does with them — bringing the model up to the present (applying what the rotation
 * engine says is due, emitting events) and minting ids and key material from the random source.
 */
import { fromHex, uuidV4FromBytes, type Scope } from "../model/identifiers.js";
import { VersionKind } from "../model/key-history.js";
import { pendingRotationIndex, type KmsKey } from "../model/key.js";
import type { SecretArena } from "../model/secret-bytes.js";
import type { RotationType } from "../model/shapes.js";
import type { KeyCache } from "../crypto/key-cache.js";
import type { RsaGeneration } from "../crypto/key-material.js";
import type { LoadedKeyEntry } from "./key-type-material.js";
import type { Clock, CryptoProvider, EventSink, KeyTypeProvider, KmsEvent, RandomSource } from "../ports.js";
import { completeOnDemand, DAY_MS, endTransition, expireImportedMaterial } from "../rotation/index.js";
import { forgetMember, replicasOf } from "./multi-region.js";
import type { Call, KeyPolicyCache } from "./authorization.js";
import type { IdentityPolicyCache } from "./callers.js";
import { materialId, type SealingCache } from "./materials.js";
import type { KeyEntry, Store } from "./store.js";
import type { Account } from "./account.js";
import type { AuditRecorder } from "./audit.js";

/** The policy knobs of a simulated KMS, with their defaults resolved. */
export interface KmsSettings {
  /** Days between rotations of AWS managed keys (1095: the seed page; 365: AWS since 2022). */
  readonly awsManagedRotationPeriodDays: number;
  /** On-demand rotations allowed per key (AWS: 25). */
  readonly onDemandRotationLimit: number;
  /** How long an on-demand rotation takes; 0 completes it within the request. */
  readonly onDemandRotationDurationMs: number;
  /** How long a new grant takes to take effect without its grant token; 0: at once. */
  readonly grantPropagationDelayMs: number;
  /** How long a new multi-Region replica stays `Creating`; 0: it is ready within ReplicateKey. */
  readonly replicaCreationDurationMs: number;
  /** How long both keys of an UpdatePrimaryRegion stay `Updating`; 0: the change is immediate. */
  readonly primaryRegionUpdateDurationMs: number;
  /** How RSA key pairs are made at first use: by the platform (fast) or from the key's seeds (reproducible). */
  readonly rsaKeyGeneration: RsaGeneration;
  /** True when ECDSA and ML-DSA signatures are hedged with bytes from the random source, as AWS's differ per call. */
  readonly randomizedSignatures: boolean;
}

/** Everything an operation may use. */
export interface KmsContext {
  readonly store: Store;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly crypto: CryptoProvider;
  readonly scope: Scope;
  readonly settings: KmsSettings;
  /** Where this KMS keeps its key material bytes. */
  readonly secrets: SecretArena;
  /** Sealing keys of the backing keys in cryptographic use (see materials.ts). */
  readonly sealingKeys: SealingCache;
  /** The cryptography of asymmetric and HMAC keys. */
  readonly keyTypes: KeyTypeProvider;
  /** Asymmetric and HMAC keys in use, loaded (see key-type-material.ts). */
  readonly loadedKeys: KeyCache<LoadedKeyEntry>;
  readonly sink: EventSink | undefined;
  /** Events emitted since the last `tick()` started collecting, or null when nobody collects. */
  collected: KmsEvent[] | null;
  /** The audit trail's recorder, or null when the KMS keeps no trail (audit.ts). */
  readonly audit: AuditRecorder | null;
  /** Compiled key policies, one per key and policy text (not part of the state). */
  readonly keyPolicies: KeyPolicyCache;
  /** Compiled IAM identity policies of registered principals (not part of the state). */
  readonly identityPolicies: IdentityPolicyCache;
  /**
   * The request in progress while an operation's synchronous part runs (authorization.ts):
   * resolving a key authorizes it for this request.
   */
  call: Call | null;
  /** The account this Region belongs to: the other Regions, and what they share. */
  readonly account: Account;
}

/** A fresh UUID v4 from the random source. */
export function newUuid(ctx: KmsContext): string {
  return uuidV4FromBytes(ctx.random(16));
}

/** Sends an event to the sink and to the current `tick()` collection. */
export function emit(ctx: KmsContext, event: KmsEvent): void {
  ctx.collected?.push(event);
  ctx.sink?.(event);
  ctx.audit?.serviceEvent(ctx, event);
}

/**
 * An event's id, derived from what makes the event unique rather than drawn from the random
 * source, so attaching a sink never changes the random stream (the same seed gives the same key
 * ids with or without listeners). A KeyMaterialId is already a unique 32-byte hash (or random id
 * seed): a rotation's event id is a UUID made of the new material id's first 16 bytes, an
 * expiration's of the expired material id's last 16, so building an event costs no hash of its own
 * (a simulator with a sink gets a million events without a million more SHA-256 calls). Events
 * without material (deletions) hash their type, key and instant.
 */
function eventId(ctx: KmsContext, detailType: string, keyId: string, at: number, materialId: string): string {
  if (detailType === "KMS CMK Rotation") return uuidV4FromBytes(fromHex(materialId.slice(0, 32)));
  if (detailType === "KMS Imported Key Material Expiration") return uuidV4FromBytes(fromHex(materialId.slice(32)));
  return uuidV4FromBytes(ctx.crypto.sha256(encoder.encode(`${detailType}\0${keyId}\0${at}`)).subarray(0, 16));
}

const encoder = new TextEncoder();

/** True when someone will receive events (building them is the costly part of a rotation). */
function listening(ctx: KmsContext): boolean {
  return ctx.collected !== null || ctx.sink !== undefined || ctx.audit !== null;
}

/** Emits "KMS CMK Rotation" for a rotation of `key` from version index `previous` to `current` at `at`. */
export function emitRotation(ctx: KmsContext, key: KmsKey, previous: number, current: number, at: number): void {
  if (!listening(ctx)) return;
  const currentId = materialId(ctx, key, current);
  emit(ctx, {
    version: "0",
    id: eventId(ctx, "KMS CMK Rotation", key.keyId, at, currentId),
    "detail-type": "KMS CMK Rotation",
    source: "aws.kms",
    account: ctx.scope.accountId,
    time: new Date(at).toISOString(),
    region: ctx.scope.region,
    resources: [key.arn],
    detail: {
      "key-id": key.keyId,
      "key-origin": key.origin,
      "rotation-type": key.history.kind(current) === VersionKind.ON_DEMAND ? "ON_DEMAND" : "AUTOMATIC",
      "previous-key-material-id": materialId(ctx, key, previous),
      "current-key-material-id": currentId,
    },
  });
}

/** Emits an event with only the key (and, for expirations, the material) in its detail. */
function emitKeyEvent(
  ctx: KmsContext,
  key: KmsKey,
  at: number,
  event:
    | { "detail-type": "KMS CMK Deletion"; detail: { "key-id": string } }
    | { "detail-type": "KMS Imported Key Material Expiration"; detail: { "key-id": string; "key-material-id": string } },
): void {
  if (!listening(ctx)) return;
  const materialId = "key-material-id" in event.detail ? event.detail["key-material-id"] : "";
  emit(ctx, {
    version: "0",
    id: eventId(ctx, event["detail-type"], key.keyId, at, materialId),
    source: "aws.kms",
    account: ctx.scope.accountId,
    time: new Date(at).toISOString(),
    region: ctx.scope.region,
    resources: [key.arn],
    ...event,
  } as KmsEvent);
}

/**
 * Rotates `key` at `at`: a new backing key becomes current (for EXTERNAL keys, the imported
 * material waiting as PENDING_ROTATION), the old one is kept, and the event is emitted.
 * @param entry the key's store entry, when the caller has it (the queue does): saves a lookup.
 * @returns the rotated key (already stored).
 */
export function rotateNow(ctx: KmsContext, key: KmsKey, at: number, type: RotationType, entry?: KeyEntry): KmsKey {
  const previous = key.history.current;
  const kind = type === "AUTOMATIC" ? VersionKind.AUTOMATIC : VersionKind.ON_DEMAND;
  let rotated: KmsKey;
  const pending = key.origin === "EXTERNAL" ? pendingRotationIndex(key) : -1;
  if (pending >= 0) {
    rotated = ctx.store.editHistory(key, pending, (history) => {
      const material = history.explicit(pending);
      if (material?.import) history.setExplicit(pending, { ...material, import: { ...material.import, pendingRotation: false } });
      history.setMade(pending, at, kind);
      history.setCurrent(pending);
    });
  } else {
    rotated = ctx.store.appendVersion(entry ?? (ctx.store.entryOf(key.keyId) as KeyEntry), key, at, kind);
  }
  if (previous >= 0) emitRotation(ctx, rotated, previous, rotated.history.current, at);
  if (rotated.multiRegion !== undefined) rotateReplicas(ctx, rotated, previous, pending, at, kind);
  return rotated;
}

/**
 * The replicas of a rotated multi-Region primary rotate at the same instant. Those of a key whose
 * material AWS KMS generates share its history, so the new version is already theirs: each gets
 * its Region's event. Those of an imported key make current the material they imported for it.
 */
function rotateReplicas(ctx: KmsContext, primary: KmsKey, previous: number, pending: number, at: number, kind: VersionKind): void {
  for (const replica of replicasOf(ctx.account, primary)) {
    let key = replica.key;
    if (pending >= 0 && key.history !== primary.history) {
      key = replica.ctx.store.editHistory(key, pending, (history) => {
        const material = history.explicit(pending);
        if (material?.import) history.setExplicit(pending, { ...material, import: { ...material.import, pendingRotation: false } });
        history.setMade(pending, at, kind);
        history.setCurrent(pending);
      });
    }
    if (previous >= 0) emitRotation(replica.ctx, key, previous, key.history.current, at);
  }
}

/** Applies the event due for `entry`'s key (its `dueKind` at its `dueAt`). */
function applyDue(ctx: KmsContext, entry: KeyEntry): void {
  const key = entry.key;
  const at = entry.dueAt;
  // The engine decides what each event does to the key (rotation/); the service adds what needs
  // state or material (the new version, events, deletion from the store).
  switch (entry.dueKind) {
    case "KeyDeletion":
      ctx.store.deleteKey(key.keyId);
      ctx.loadedKeys.delete(key.keyId);
      emitKeyEvent(ctx, key, at, { "detail-type": "KMS CMK Deletion", detail: { "key-id": key.keyId } });
      if (key.multiRegion !== undefined) forgetMember(ctx, key, at, DAY_MS);
      return;
    case "TransitionEnd":
      ctx.store.putKey(endTransition(key));
      return;
    case "AutomaticRotation":
      rotateNow(ctx, key, at, "AUTOMATIC", entry);
      return;
    case "OnDemandRotationCompletion":
      rotateNow(ctx, completeOnDemand(key), at, "ON_DEMAND", entry);
      return;
    case "ImportedMaterialExpiration": {
      const expired = expireImportedMaterial(key, at);
      ctx.store.putKey(expired);
      // Expired material must not stay usable in memory (HMAC and asymmetric keys keep it loaded).
      ctx.loadedKeys.delete(key.keyId);
      for (const [index, material] of expired.history.explicitEntries()) {
        if (key.history.explicit(index)?.import?.imported && !material.import?.imported) {
          emitKeyEvent(ctx, key, at, {
            "detail-type": "KMS Imported Key Material Expiration",
            detail: { "key-id": key.keyId, "key-material-id": material.id },
          });
        }
      }
      return;
    }
  }
}

/**
 * Brings the model up to the clock's present: applies, in time order, everything due up to now in
 * every Region of the account (they share the clock). Time never goes back: a clock set to the
 * past leaves the model at the latest instant it reached.
 * @returns the instant (epoch ms) the operation runs at.
 */
export function settle(ctx: KmsContext): number {
  const now = Math.max(ctx.clock.now().getTime(), ctx.store.settledAt);
  if (Number.isNaN(now)) throw new RangeError("the clock returned an invalid Date");
  settleTo(ctx, now);
  return now;
}

/** Applies everything due at or before `at`, in every Region. */
export function settleTo(ctx: KmsContext, at: number): void {
  const regions = ctx.account.regions;
  if (regions.size === 1) {
    // One Region (the common case): its queue alone, as before Regions existed.
    for (let entry = ctx.store.takeDue(at); entry !== undefined; entry = ctx.store.takeDue(at)) applyDue(ctx, entry);
  } else {
    settleRegions(regions, at);
  }
  // An asynchronous operation settles to the instant it started at, which may be behind a call
  // that finished meanwhile: the model never goes back.
  for (const region of regions.values()) region.store.settledAt = Math.max(region.store.settledAt, at);
}

/**
 * Several Regions: their queues merged, earliest first (same instant: by kind, then by Region in
 * the order they were first used, then by key creation order), so an event in one Region that
 * changes another (a replica's deletion ends its primary's PendingReplicaDeletion) is applied in
 * time order with that Region's own events.
 */
function settleRegions(regions: ReadonlyMap<string, KmsContext>, at: number): void {
  for (;;) {
    let first: KmsContext | undefined;
    let firstEntry: KeyEntry | undefined;
    for (const region of regions.values()) {
      const entry = region.store.peekDue(at);
      if (entry === undefined) continue;
      if (firstEntry === undefined || entry.dueAt < firstEntry.dueAt || (entry.dueAt === firstEntry.dueAt && entry.dueRank < firstEntry.dueRank)) {
        first = region;
        firstEntry = entry;
      }
    }
    if (first === undefined) return;
    applyDue(first, first.store.takeDue(at) as KeyEntry);
  }
}
