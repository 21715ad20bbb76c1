/**
 * Multi-Region key families: the same `mrk-` key id in several Regions of the account, one primary
 * and its replicas. What they share (AWS KMS Developer Guide, "Multi-Region keys"): the key
 * material, spec, usage, origin, the automatic rotation setting and the topology. A replica of a
 * key whose material AWS KMS generates holds the primary's `seeds` and `history` objects, so a
 * rotation of the primary reaches every replica at the same instant, by construction; this module
 * adds what sharing cannot: one rotation event per Region, topology updates, and relinking the
 * shared objects after a snapshot or change record is read.
 */
import { pendingRotationIndex, type KmsKey, type MultiRegionLink } from "../model/key.js";
import type { Account } from "./account.js";
import type { KmsContext } from "./context.js";

/** One member of a family: its Region's context and its record there. */
export interface Member {
  readonly ctx: KmsContext;
  readonly key: KmsKey;
}

/** The Regions of a family, primary first. */
export function familyRegions(link: MultiRegionLink): string[] {
  return [link.primaryRegion, ...link.replicaRegions];
}

/** The members of `key`'s family that exist, primary first (one Region each). */
export function familyOf(account: Account, key: KmsKey): Member[] {
  const link = key.multiRegion;
  if (link === undefined) return [];
  const members: Member[] = [];
  for (const region of familyRegions(link)) {
    const ctx = account.existing(region);
    const found = ctx?.store.getKey(key.keyId);
    if (ctx !== undefined && found !== undefined) members.push({ ctx, key: found });
  }
  return members;
}

/** The family's primary, if it exists. */
export function primaryOf(account: Account, key: KmsKey): Member | undefined {
  const link = key.multiRegion;
  if (link === undefined) return undefined;
  const ctx = account.existing(link.primaryRegion);
  const found = ctx?.store.getKey(key.keyId);
  return ctx === undefined || found === undefined ? undefined : { ctx, key: found };
}

/** The replicas of a primary that exist, in the order they were made. */
export function replicasOf(account: Account, primary: KmsKey): Member[] {
  return familyOf(account, primary).slice(1);
}

/** True when `key` is a replica in `ctx`'s Region. */
export function isReplicaIn(ctx: KmsContext, key: KmsKey): boolean {
  return key.multiRegion !== undefined && key.multiRegion.primaryRegion !== ctx.scope.region;
}

/** Stores the new topology on every member given (their current records). */
export function setTopology(members: readonly Member[], link: MultiRegionLink): void {
  for (const member of members) {
    const current = member.ctx.store.getKey(member.key.keyId) ?? member.key;
    member.ctx.store.putKey({ ...current, multiRegion: link });
  }
}

/**
 * A member of a family was deleted at the end of its waiting period: the others forget its Region,
 * and a primary waiting in PendingReplicaDeletion for its last replica starts its own waiting
 * period now (AWS: "the waiting period begins when the last of its replica keys is deleted").
 */
export function forgetMember(ctx: KmsContext, deleted: KmsKey, at: number, dayMs: number): void {
  const link = deleted.multiRegion;
  const region = ctx.scope.region;
  if (link === undefined || link.primaryRegion === region) return;
  const remaining: MultiRegionLink = { primaryRegion: link.primaryRegion, replicaRegions: link.replicaRegions.filter((r) => r !== region) };
  const members = familyOf(ctx.account, { ...deleted, multiRegion: remaining });
  setTopology(members, remaining);
  const primary = primaryOf(ctx.account, { ...deleted, multiRegion: remaining });
  if (primary === undefined || primary.key.state !== "PendingReplicaDeletion" || remaining.replicaRegions.length > 0) return;
  const days = primary.key.pendingWindowDays ?? 30;
  primary.ctx.store.putKey({ ...primary.key, state: "PendingDeletion", deletionAt: at + days * dayMs });
}

/**
 * Points every member of the family of `keyId` at one history and one set of seeds (after a
 * snapshot or change record rebuilt the records separately): the longest history, the primary's
 * on a tie, since a replica may have stored an RSA pair made at its first use. Keys whose material
 * is imported keep their own histories (each Region imports for itself). The history is one the
 * account owns (a fork's parent and the fork each relink onto a copy of their own).
 */
export function relinkFamily(account: Account, keyId: string): void {
  let link: MultiRegionLink | undefined;
  for (const ctx of account.regions.values()) {
    link = ctx.store.getKey(keyId)?.multiRegion;
    if (link !== undefined) break;
  }
  if (link === undefined) return;
  const members: Member[] = [];
  for (const region of familyRegions(link)) {
    const ctx = account.existing(region);
    const key = ctx?.store.getKey(keyId);
    if (ctx !== undefined && key !== undefined) members.push({ ctx, key });
  }
  const first = members[0];
  if (first === undefined || first.key.origin !== "AWS_KMS") return;
  let source = first.key;
  for (const member of members) if (member.key.history.length > source.history.length) source = member.key;
  // After a fork no store owns the shared history: the family gets one copy it owns, not one per member.
  const owner = first.ctx.store.owner;
  const history = source.history.owner === owner ? source.history : source.history.clone(owner);
  for (const member of members) member.ctx.store.shareHistory(keyId, history, source.seeds);
}

/**
 * True when a multi-Region primary of imported material has material pending rotation that some
 * replica has not imported yet (`PENDING_MULTI_REGION_IMPORT_AND_ROTATION`).
 */
export function pendingMultiRegionImport(ctx: KmsContext, primary: KmsKey): boolean {
  if (primary.multiRegion === undefined || primary.origin !== "EXTERNAL") return false;
  const index = pendingRotationIndex(primary);
  if (index < 0) return false;
  return replicasOf(ctx.account, primary).some((replica) => !(replica.key.history.explicit(index)?.import?.imported ?? false));
}

/** Relinks every multi-Region family of the account (after a snapshot is restored). */
export function relinkAll(account: Account): void {
  if (account.regions.size < 2) return;
  for (const [region, ctx] of account.regions) {
    for (const key of ctx.store.keys()) if (key.multiRegion?.primaryRegion === region) relinkFamily(account, key.keyId);
  }
}
