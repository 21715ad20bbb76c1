/**
 * Change records: what one operation changed, as JSON-serializable data, so the endpoint's journal
 * persists a delta instead of the whole state. The store notes which keys, aliases and import
 * tokens an operation touched (store.ts); {@link takeChange} turns that into a record, and
 * {@link applyChange} replays one. Replay needs neither the random source nor the clock: a record
 * holds the resulting records themselves (new keys with their seeds, each key's changed history
 * tail), never the operation that produced them.
 *
 * The one property everything rests on, tested over random histories of every operation: applying
 * the records of an operation to a snapshot taken before it gives exactly the snapshot taken after.
 */
import type { SecretArena } from "../model/secret-bytes.js";
import {
  grantFromSnapshot,
  grantToSnapshot,
  importParametersFromSnapshot,
  importParametersToSnapshot,
  keyFromSnapshot,
  keyToSnapshot,
  principalFromSnapshot,
  principalToSnapshot,
  type AliasSnapshot,
  type GrantSnapshot,
  type ImportParametersSnapshot,
  type KeySnapshot,
  type PrincipalSnapshot,
} from "./snapshot.js";
import type { ChangedParts, Store } from "./store.js";
import type { Account } from "./account.js";
import { relinkFamily } from "./multi-region.js";
import { usageToSnapshot, type KeyUsageSnapshot } from "./key-usage.js";

/**
 * The change record format this build writes. Format 3 adds `regions` (what changed in the
 * account's other Regions); format 2 records (one Region) are read as they are.
 */
export const CHANGE_VERSION = 3;

/** What one operation (or `tick`) changed. Absent members mean "nothing of that kind". */
export interface StateChange {
  /** Marks the data as a kms-sim change record. */
  readonly format: "kms-sim-change";
  /** The change record format version of the build that wrote it. */
  readonly version: number;
  /** The instant the model reached (epoch ms). */
  readonly settledAt: number | null;
  /** The key creation counter after the operation (see {@link KmsSnapshot.keySeq}). */
  readonly keySeq: number;
  /** The alias creation counter after the operation. */
  readonly aliasSeq: number;
  /** Position of the seeded random source after the operation, when the KMS uses one. */
  readonly random?: number;
  /** Keys created or changed: the whole record, with the history from the first changed version. */
  readonly keys?: readonly KeySnapshot[];
  /** Keys deleted at the end of their waiting period, in order. */
  readonly deletedKeys?: readonly string[];
  /** Aliases created or re-pointed: their whole records. */
  readonly aliases?: readonly AliasSnapshot[];
  /** Names of aliases deleted (by DeleteAlias or with their key). */
  readonly removedAliases?: readonly string[];
  /** Import tokens issued by GetParametersForImport. */
  readonly importParameters?: readonly ImportParametersSnapshot[];
  /** Import tokens gone: expired, or deleted with their key. */
  readonly removedImportParameters?: readonly string[];
  /** Keys whose usage changed: the key's counters and last use, and those of the backing keys used. */
  readonly usage?: readonly {
    /** The key used. */
    readonly keyId: string;
    /** Its usage record, with the counters of the backing keys used. */
    readonly usage: KeyUsageSnapshot;
  }[];
  /** Principals registered or replaced (`putPrincipal`). */
  readonly principals?: readonly PrincipalSnapshot[];
  /** Grants created. */
  readonly grants?: readonly GrantSnapshot[];
  /** Ids of grants retired, revoked or deleted with their key. */
  readonly removedGrants?: readonly string[];
  /** The creation order the next grant gets, once any grant was made. */
  readonly grantSeq?: number;
  /** What changed in the account's other Regions (format 3), each with its Region's counters. */
  readonly regions?: readonly RegionChange[];
}

/** What one operation changed in one more Region of the account. */
export interface RegionChange
  extends Pick<
    StateChange,
    | "keySeq"
    | "aliasSeq"
    | "keys"
    | "deletedKeys"
    | "aliases"
    | "removedAliases"
    | "importParameters"
    | "removedImportParameters"
    | "usage"
    | "grants"
    | "removedGrants"
    | "grantSeq"
  > {
  /** The Region, e.g. `eu-west-1`. */
  readonly region: string;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A receiver of change records; it runs synchronously at the end of each operation that changed something. */
export type StateChangeSink = (change: StateChange) => void;

/**
 * The record of what changed since the last call in any Region of the account, or null when
 * nothing did.
 * @param randomPosition the seeded random source's position, or undefined when it is not seeded.
 * @param lastRandom the position the previous record carried (a moved position alone is a change:
 *   after a crash the stream must not repeat).
 */
export function takeChange(account: Account, randomPosition: number | undefined, lastRandom: number | undefined): StateChange | null {
  const store = account.homeContext.store;
  const parts = store.takeChanges();
  const regions: RegionChange[] = [];
  if (account.regions.size > 1) {
    for (const [name, ctx] of account.regions) {
      if (name === account.home) continue;
      const changed = ctx.store.takeChanges();
      if (changed !== null) regions.push({ region: name, ...regionChange(ctx.store, changed) });
    }
  }
  const randomMoved = randomPosition !== undefined && randomPosition !== lastRandom;
  if (parts === null && regions.length === 0 && !randomMoved) return null;
  const change: Mutable<StateChange> = {
    format: "kms-sim-change",
    version: CHANGE_VERSION,
    settledAt: Number.isFinite(store.settledAt) ? store.settledAt : null,
    keySeq: store.keySeq,
    aliasSeq: store.aliasSeq,
  };
  if (randomPosition !== undefined) change.random = randomPosition;
  if (store.grantSeq > 0) change.grantSeq = store.grantSeq;
  if (parts !== null) {
    Object.assign(change, regionChange(store, parts));
    const principals: PrincipalSnapshot[] = [];
    for (const arn of parts.principals) {
      const principal = store.getPrincipal(arn);
      if (principal !== undefined) principals.push(principalToSnapshot(principal));
    }
    if (principals.length > 0) change.principals = principals;
  }
  if (regions.length > 0) change.regions = regions;
  return change;
}

/** What changed in one Region's store, as record members. */
function regionChange(store: Store, parts: ChangedParts): Omit<RegionChange, "region"> {
  const change: Mutable<Omit<RegionChange, "region">> = { keySeq: store.keySeq, aliasSeq: store.aliasSeq };
  if (store.grantSeq > 0) change.grantSeq = store.grantSeq;
  const keys: KeySnapshot[] = [];
  for (const [keyId, from] of parts.keys) {
    const key = store.getKey(keyId);
    if (key !== undefined) keys.push(keyToSnapshot(key, Math.min(from, key.history.length)));
  }
  keys.sort((a, b) => a.seq - b.seq);
  if (keys.length > 0) change.keys = keys;
  if (parts.deletedKeys.length > 0) change.deletedKeys = [...parts.deletedKeys];
  const aliases: AliasSnapshot[] = [];
  const removedAliases: string[] = [];
  for (const name of parts.aliases) {
    const alias = store.getAlias(name);
    if (alias === undefined) removedAliases.push(name);
    else aliases.push({ ...alias });
  }
  aliases.sort((a, b) => a.seq - b.seq);
  if (aliases.length > 0) change.aliases = aliases;
  if (removedAliases.length > 0) change.removedAliases = removedAliases;
  const tokens: ImportParametersSnapshot[] = [];
  const removedTokens: string[] = [];
  for (const token of parts.importTokens) {
    const parameters = store.getImportParameters(token);
    if (parameters === undefined) removedTokens.push(token);
    else tokens.push(importParametersToSnapshot(parameters));
  }
  if (tokens.length > 0) change.importParameters = tokens;
  if (removedTokens.length > 0) change.removedImportParameters = removedTokens;
  const usage: { keyId: string; usage: KeyUsageSnapshot }[] = [];
  for (const [keyId, indexes] of parts.usage) {
    const record = store.usageOf(keyId);
    if (record !== undefined) usage.push({ keyId, usage: usageToSnapshot(record, indexes) });
  }
  if (usage.length > 0) change.usage = usage;
  const grants: GrantSnapshot[] = [];
  const removedGrants: string[] = [];
  for (const grantId of parts.grants) {
    const grant = store.getGrant(grantId);
    if (grant === undefined) removedGrants.push(grantId);
    else grants.push(grantToSnapshot(grant));
  }
  grants.sort((a, b) => a.seq - b.seq);
  if (grants.length > 0) change.grants = grants;
  if (removedGrants.length > 0) change.removedGrants = removedGrants;
  return change;
}

/**
 * Applies one change record to an account (every Region it names).
 * @throws {TypeError} when the value is not a kms-sim change record
 * @throws {RangeError} for a record of an unknown version, or one that does not fit the state
 */
export function applyChange(account: Account, change: StateChange, secrets: SecretArena): void {
  if (typeof change !== "object" || change === null || change.format !== "kms-sim-change") {
    throw new TypeError("not a kms-sim change record");
  }
  if (change.version !== CHANGE_VERSION && change.version !== 2) {
    throw new RangeError(`kms-sim change record version ${String(change.version)} is not supported: this build reads versions 2 and ${CHANGE_VERSION}`);
  }
  const home = account.homeContext.store;
  const touched = new Set<string>();
  applyRegionChange(home, change, secrets, touched);
  for (const principal of change.principals ?? []) home.putPrincipal(principalFromSnapshot(principal));
  for (const part of change.regions ?? []) applyRegionChange(account.region(part.region).store, part, secrets, touched);
  // Multi-Region families whose members were rebuilt share one history again.
  for (const keyId of touched) relinkFamily(account, keyId);
  for (const ctx of account.regions.values()) ctx.store.settledAt = change.settledAt ?? Number.NEGATIVE_INFINITY;
}

function applyRegionChange(store: Store, change: Omit<RegionChange, "region">, secrets: SecretArena, touched: Set<string>): void {
  // Deletions first: they happened while the operation brought the model up to date, and the
  // aliases they removed may have been re-created by the operation itself.
  for (const keyId of change.deletedKeys ?? []) store.deleteKey(keyId);
  for (const saved of change.keys ?? []) {
    store.putKey(keyFromSnapshot(saved, store, secrets, store.getKey(saved.keyId)));
    if (saved.multiRegion !== undefined) touched.add(saved.keyId);
    // Records kms-sim writes carry usage apart (below); a snapshot's keys replayed as records (the
    // state folder restores its snapshot so) carry theirs inside.
    if (saved.usage !== undefined && saved.usage !== null) store.applyUsage(saved.keyId, saved.usage);
  }
  for (const name of change.removedAliases ?? []) store.removeAlias(name);
  for (const alias of change.aliases ?? []) {
    // A name deleted and created again within one operation goes to the end, as it did then.
    if (store.getAlias(alias.name)?.seq !== alias.seq) store.removeAlias(alias.name);
    store.putAlias({ ...alias });
  }
  for (const token of change.removedImportParameters ?? []) store.removeImportParameters(token);
  for (const parameters of change.importParameters ?? []) store.putImportParameters(importParametersFromSnapshot(parameters, secrets));
  for (const { keyId, usage } of change.usage ?? []) store.applyUsage(keyId, usage);
  for (const grantId of change.removedGrants ?? []) store.removeGrant(grantId);
  for (const grant of change.grants ?? []) store.putGrant(grantFromSnapshot(grant));
  if (change.grantSeq !== undefined) store.setGrantSeq(change.grantSeq);
  store.setCounters(change.keySeq, change.aliasSeq);
}
