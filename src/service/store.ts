/**
 * The in-memory state of one simulated KMS: keys, aliases, import tokens, registered principals,
 * grants, counters, each key's usage (key-usage.ts), and the queue of what is due next. Only the service mutates it, and only after
 * every check of an operation has passed, so a call that throws leaves it as it was.
 *
 * Every change goes through a method here, which is what lets the store report what an operation
 * changed (see changes.ts): the journal of `kms-sim serve --state` persists those deltas instead of
 * the whole state. It is also the one place that can copy the state for a fork (`fork()`), sharing
 * what it can and copying on write what either side later changes.
 */
import type { GrantRecord } from "../access/grants.js";
import { accountOfPrincipal } from "../access/principal.js";
import type { ModelledWrappingAlgorithm, ModelledWrappingKeySpec } from "../crypto/import-wrapping.js";
import type { KmsAlias } from "../model/alias.js";
import type { KeyHistory, VersionKind } from "../model/key-history.js";
import type { KmsKey } from "../model/key.js";
import type { SecretBytes } from "../model/secret-bytes.js";
import { OrderedIndex } from "./ordered-index.js";
import { applyUsageSnapshot, KeyUsageRecord, type KeyUsageSnapshot, type UsageKind } from "./key-usage.js";
import { DUE_KIND_RANK, DueQueue, nextDueInto, type DueKind, type Scheduled } from "../rotation/index.js";

/** One GetParametersForImport answer: the wrapping key pair behind an import token. */
export interface ImportParameters {
  /** The token's bytes in hex (the map key). */
  readonly token: string;
  readonly keyId: string;
  readonly wrappingAlgorithm: ModelledWrappingAlgorithm;
  readonly wrappingKeySpec: ModelledWrappingKeySpec;
  /** Epoch ms after which the token is expired (issue time + 24 h). */
  readonly validTo: number;
  /** The RSA private key, PKCS #8. */
  readonly privateKey: SecretBytes;
}

/**
 * A principal registered with the KMS (`createKms({ principals })`, `kms.putPrincipal`): its IAM
 * identity policies and, for callers over the wire, its access key.
 */
export interface PrincipalRecord {
  /** The user, role or account root ARN, as registered. */
  readonly arn: string;
  /** IAM identity policy documents, as JSON text (validated when put). */
  readonly policies: readonly string[];
  readonly accessKeyId: string | null;
  /** When set, requests signed with `accessKeyId` must carry a valid SigV4 signature made with it. */
  readonly secretAccessKey: string | null;
}

/** A grant as the store keeps it: the evaluator's record plus where it lives and when it was made. */
export interface StoredGrant extends GrantRecord {
  readonly keyId: string;
  /** Epoch ms. */
  readonly createdAt: number;
  /** Creation order across the whole KMS (ListGrants' order and markers). */
  readonly seq: number;
}

/**
 * How grants are indexed by grantee: an account principal in either form (`111122223333` or its
 * root ARN) under one key, any other principal under its ARN.
 */
export function granteeIndexKey(principal: string): string {
  const account = accountOfPrincipal(principal);
  return account === undefined ? principal : `account:${account}`;
}

/**
 * A key's place in the store, stable for the key's life: the queue points at it, so applying a due
 * event needs no lookup by id (a hash lookup among a million keys is a cache miss; a rotation must
 * cost less than that).
 */
export interface KeyEntry extends Scheduled {
  /** The key's current record. */
  key: KmsKey;
  /** What is due for the key at `dueAt`, while the entry is queued. */
  dueKind: DueKind;
  /** The key's usage record, once it has been used (key-usage.ts). */
  usage: KeyUsageRecord | null;
}

/** What changed since the last {@link Store.takeChanges}: ids and names, resolved when taken. */
export interface ChangedParts {
  /** Key ids, each with the lowest history index that changed (history.length: none did). */
  readonly keys: Map<string, number>;
  /** Keys deleted at the end of their waiting period, in the order they were deleted. */
  readonly deletedKeys: string[];
  readonly aliases: Set<string>;
  readonly importTokens: Set<string>;
  /** Key ids whose usage changed, each with the version indexes whose counters changed. */
  readonly usage: Map<string, Set<number>>;
  /** ARNs of principals put. */
  readonly principals: Set<string>;
  /** Ids of grants created or removed. */
  readonly grants: Set<string>;
}

function noChanges(): ChangedParts {
  return { keys: new Map(), deletedKeys: [], aliases: new Set(), importTokens: new Set(), usage: new Map(), principals: new Set(), grants: new Set() };
}

/** The mutable state of one KMS. */
export class Store {
  readonly #entries = new Map<string, KeyEntry>();
  /** The same entries in creation order, for paged listings. */
  readonly #keyOrder = new OrderedIndex<KeyEntry>();
  /** Aliases in creation order, for paged listings. */
  readonly #aliasOrder = new OrderedIndex<KmsAlias>();
  /** Aliases by name, in creation order. */
  readonly #aliases = new Map<string, KmsAlias>();
  /**
   * Alias names by target key: the alias quota check and key deletion find a key's aliases without
   * scanning every alias (simulations hold millions of keys and aliases).
   */
  readonly #aliasesByKey = new Map<string, Set<string>>();
  readonly #queue = new DueQueue<KeyEntry>();
  /** Import tokens by their hex, until they expire. */
  readonly #importParameters = new Map<string, ImportParameters>();
  /** Ids of keys deleted at the end of their waiting period: their ciphertexts get NotFoundException. */
  readonly #deletedKeyIds = new Set<string>();
  /** Registered principals by ARN, in registration order (IAM is global: shared by every Region's store). */
  readonly #principals: Map<string, PrincipalRecord>;
  readonly #principalsByAccessKey: Map<string, string>;
  /** Grants by id, in creation order. */
  readonly #grants = new Map<string, StoredGrant>();
  /** Each key's grants in creation order: ListGrants, the quota, deletion with the key. */
  readonly #grantsByKey = new Map<string, Map<string, StoredGrant>>();
  /**
   * Each key's grants by grantee ({@link granteeIndexKey}): authorization looks at the few grants
   * that could be the caller's, not at all 50,000 a key may have.
   */
  readonly #grantsByGrantee = new Map<string, Map<string, Set<StoredGrant>>>();
  /** Grants by retiring principal (ListRetirableGrants), across keys. */
  readonly #grantsByRetiring = new Map<string, Set<StoredGrant>>();
  #grantSeq = 0;
  /**
   * Histories owned by this token may be changed in place; others are copied first (forks). Held
   * in a cell every Region's store of the account shares, so a fork disowns them all at once.
   */
  readonly #ownerCell: { owner: object };
  #changes: ChangedParts | null = null;
  #keySeq = 0;
  #aliasSeq = 0;
  /** The latest instant the model has been brought up to (epoch ms); time never goes back. */
  settledAt = Number.NEGATIVE_INFINITY;

  /**
   * @param account the store of another Region of the same account, if any: this one shares its
   *   history owner (a multi-Region replica shares its primary's history object) and its principals
   *   (IAM is global); only that store records principal changes.
   */
  constructor(account?: Store) {
    this.#ownerCell = account === undefined ? { owner: {} } : account.#ownerCell;
    this.#principals = account === undefined ? new Map() : account.#principals;
    this.#principalsByAccessKey = account === undefined ? new Map() : account.#principalsByAccessKey;
  }

  /** The token new histories are made with (they belong to this store). */
  get owner(): object {
    return this.#ownerCell.owner;
  }

  /** The creation order the next key gets. */
  get keySeq(): number {
    return this.#keySeq;
  }

  /** The creation order the next alias gets. */
  get aliasSeq(): number {
    return this.#aliasSeq;
  }

  /** Takes the next key creation order. */
  nextKeySeq(): number {
    return this.#keySeq++;
  }

  /** Takes the next alias creation order. */
  nextAliasSeq(): number {
    return this.#aliasSeq++;
  }

  /** Sets both counters (restoring a snapshot or applying a change). */
  setCounters(keySeq: number, aliasSeq: number): void {
    this.#keySeq = keySeq;
    this.#aliasSeq = aliasSeq;
  }

  // ---- keys ----

  getKey(keyId: string): KmsKey | undefined {
    return this.#entries.get(keyId)?.key;
  }

  /** Every key, in creation order. */
  *keys(): IterableIterator<KmsKey> {
    for (const entry of this.#entries.values()) yield entry.key;
  }

  /** Up to `count` keys whose creation order is `from` or later, in creation order. */
  keysFrom(from: number, count: number): KmsKey[] {
    return this.#keyOrder.from(from, count).map((entry) => entry.key);
  }

  /** Up to `count` aliases (optionally of one key) whose creation order is `from` or later, in creation order. */
  aliasesFrom(from: number, count: number, targetKeyId?: string): KmsAlias[] {
    if (targetKeyId === undefined) return this.#aliasOrder.from(from, count);
    const names = this.#aliasesByKey.get(targetKeyId);
    if (names === undefined) return [];
    const own = [...names].map((name) => this.#aliases.get(name) as KmsAlias).filter((alias) => alias.seq >= from);
    return own.sort((a, b) => a.seq - b.seq).slice(0, count);
  }

  get keyCount(): number {
    return this.#entries.size;
  }

  isDeletedKeyId(keyId: string): boolean {
    return this.#deletedKeyIds.has(keyId);
  }

  /** Ids of keys deleted at the end of their waiting period, in deletion order. */
  deletedKeyIds(): IterableIterator<string> {
    return this.#deletedKeyIds.values();
  }

  /**
   * Stores `key` (new or updated) and queues its next due event. A record whose history is not the
   * stored one replaces the history as a whole (pure updaters of imported keys copy theirs).
   */
  putKey(key: KmsKey): void {
    const entry = this.#entries.get(key.keyId);
    if (entry === undefined) {
      this.#insert(key);
      return;
    }
    const replacedHistory = entry.key.history !== key.history;
    if (replacedHistory && key.history.owner !== this.#ownerCell.owner) key = { ...key, history: key.history.clone(this.#ownerCell.owner) };
    entry.key = key;
    this.#touch(key.keyId, replacedHistory ? 0 : key.history.length);
    this.#schedule(entry);
  }

  #insert(key: KmsKey): void {
    if (key.history.owner !== this.#ownerCell.owner) key = { ...key, history: key.history.clone(this.#ownerCell.owner) };
    const entry: KeyEntry = {
      key, dueKind: "AutomaticRotation", dueAt: 0, dueRank: 0, seq: key.seq, queueDay: Number.NaN, queueIndex: -1, usage: null,
    };
    this.#entries.set(key.keyId, entry);
    this.#keyOrder.add(entry);
    this.#touch(key.keyId, 0);
    this.#schedule(entry);
  }

  /**
   * Appends a version to `entry`'s key (already updated by the caller to `key`, e.g. with its next
   * rotation date) and stores the record. The hot path of a simulation: no lookup, no copy of the
   * past (unless the history is shared with a fork, once).
   */
  appendVersion(entry: KeyEntry, key: KmsKey, at: number, kind: VersionKind): KmsKey {
    const owned = this.#own(key);
    const index = owned.history.append(at, kind);
    entry.key = owned;
    if (this.#changes !== null) this.#touch(owned.keyId, index);
    this.#schedule(entry);
    return owned;
  }

  /** The entry of a stored key (for {@link appendVersion} outside the queue's path). */
  entryOf(keyId: string): KeyEntry | undefined {
    return this.#entries.get(keyId);
  }

  /**
   * Changes the history of `key` in place (imported material: a new version, a re-import, a
   * deletion) after `update` made its new record; `from` is the lowest version index the change
   * touches. Stores the record.
   */
  editHistory(key: KmsKey, from: number, edit: (history: KeyHistory) => void): KmsKey {
    const owned = this.#own(key);
    edit(owned.history);
    const entry = this.#entries.get(owned.keyId) as KeyEntry;
    entry.key = owned;
    this.#touch(owned.keyId, from);
    this.#schedule(entry);
    return owned;
  }

  /** `key`, with its history copied first if this store does not own it. */
  #own(key: KmsKey): KmsKey {
    return key.history.owner === this.#ownerCell.owner ? key : { ...key, history: key.history.clone(this.#ownerCell.owner) };
  }

  /** Removes a key, its import tokens, its grants and every alias that points at it. */
  deleteKey(keyId: string): void {
    const entry = this.#entries.get(keyId);
    if (!entry) return;
    for (const name of this.aliasNamesOf(keyId)) this.removeAlias(name);
    for (const grantId of [...(this.#grantsByKey.get(keyId)?.keys() ?? [])]) this.removeGrant(grantId);
    for (const [token, parameters] of this.#importParameters) if (parameters.keyId === keyId) this.removeImportParameters(token);
    this.#entries.delete(keyId);
    this.#keyOrder.remove(entry.seq);
    this.#queue.remove(entry);
    this.#deletedKeyIds.add(keyId);
    this.#changes?.keys.delete(keyId);
    this.#changes?.usage.delete(keyId);
    this.#changes?.deletedKeys.push(keyId);
  }

  /** Records a key id as deleted (restoring a snapshot). */
  addDeletedKeyId(keyId: string): void {
    this.#deletedKeyIds.add(keyId);
  }

  // ---- usage ----

  /** The usage record of a key, or undefined when it has never been used (or does not exist). */
  usageOf(keyId: string): Readonly<KeyUsageRecord> | undefined {
    return this.#entries.get(keyId)?.usage ?? undefined;
  }

  /** The key's usage record, made or copied (a fork's) so this store may change it. */
  #ownUsage(entry: KeyEntry): KeyUsageRecord {
    const usage = entry.usage;
    if (usage !== null && usage.owner === this.#ownerCell.owner) return usage;
    entry.usage = usage === null ? new KeyUsageRecord(this.#ownerCell.owner) : usage.clone(this.#ownerCell.owner);
    return entry.usage;
  }

  /**
   * Counts one successful tracked request on a key: its use count goes up and it becomes the last
   * use. The request's events are named by (`anchorKeyId`, `anchorSeq`); pass the key's own id and
   * -1 to name them by this key's new use count.
   * @returns the key's new use count
   */
  recordKeyUse(keyId: string, operation: string, at: number, anchorKeyId: string, anchorSeq: number): number {
    const entry = this.#entries.get(keyId);
    if (entry === undefined) return 0;
    const usage = this.#ownUsage(entry);
    usage.uses++;
    usage.lastOperation = operation;
    usage.lastAt = at;
    usage.anchorKeyId = anchorKeyId;
    usage.anchorSeq = anchorSeq < 0 ? usage.uses : anchorSeq;
    this.#touchUsage(keyId);
    return usage.uses;
  }

  /** Counts one use of backing key `index` of a key (-1: a key without backing keys) at `at`. */
  recordMaterialUse(keyId: string, index: number, kind: UsageKind, at: number): void {
    const entry = this.#entries.get(keyId);
    if (entry === undefined) return;
    const usage = this.#ownUsage(entry);
    usage.total.count(kind, at);
    if (index >= 0) usage.material(index).count(kind, at);
    this.#touchUsage(keyId)?.add(index);
  }

  /** Replaces or updates a key's usage record from a snapshot or change record. */
  applyUsage(keyId: string, saved: KeyUsageSnapshot): void {
    const entry = this.#entries.get(keyId);
    if (entry === undefined) throw new RangeError(`usage of key ${keyId}, which the state does not hold`);
    applyUsageSnapshot(this.#ownUsage(entry), saved);
    const touched = this.#touchUsage(keyId);
    for (const material of saved.materials) touched?.add(material.index);
  }

  #touchUsage(keyId: string): Set<number> | undefined {
    const usage = this.#changes?.usage;
    if (usage === undefined) return undefined;
    let indexes = usage.get(keyId);
    if (indexes === undefined) usage.set(keyId, (indexes = new Set()));
    return indexes;
  }

  // ---- aliases ----

  getAlias(name: string): KmsAlias | undefined {
    return this.#aliases.get(name);
  }

  hasAlias(name: string): boolean {
    return this.#aliases.has(name);
  }

  /** Every alias, in creation order. */
  aliases(): IterableIterator<KmsAlias> {
    return this.#aliases.values();
  }

  /** Stores an alias (new, or re-pointed: it keeps its place in the listing order). */
  putAlias(alias: KmsAlias): void {
    const previous = this.#aliases.get(alias.name);
    if (previous) this.#forget(previous);
    if (previous && previous.seq !== alias.seq) this.#aliasOrder.remove(previous.seq);
    this.#aliases.set(alias.name, alias);
    if (previous?.seq === alias.seq) this.#aliasOrder.replace(alias);
    else this.#aliasOrder.add(alias);
    let names = this.#aliasesByKey.get(alias.targetKeyId);
    if (!names) this.#aliasesByKey.set(alias.targetKeyId, (names = new Set()));
    names.add(alias.name);
    this.#changes?.aliases.add(alias.name);
  }

  /** Removes an alias. */
  removeAlias(name: string): void {
    const alias = this.#aliases.get(name);
    if (!alias) return;
    this.#aliases.delete(name);
    this.#aliasOrder.remove(alias.seq);
    this.#forget(alias);
    this.#changes?.aliases.add(name);
  }

  #forget(alias: KmsAlias): void {
    const names = this.#aliasesByKey.get(alias.targetKeyId);
    names?.delete(alias.name);
    if (names?.size === 0) this.#aliasesByKey.delete(alias.targetKeyId);
  }

  /** Names of the aliases that point at `keyId`. */
  aliasNamesOf(keyId: string): string[] {
    return [...(this.#aliasesByKey.get(keyId) ?? [])];
  }

  /** How many aliases point at `keyId`. */
  aliasCountOf(keyId: string): number {
    return this.#aliasesByKey.get(keyId)?.size ?? 0;
  }

  // ---- import tokens ----

  getImportParameters(token: string): ImportParameters | undefined {
    return this.#importParameters.get(token);
  }

  importParameters(): IterableIterator<ImportParameters> {
    return this.#importParameters.values();
  }

  putImportParameters(parameters: ImportParameters): void {
    this.#importParameters.set(parameters.token, parameters);
    this.#changes?.importTokens.add(parameters.token);
  }

  removeImportParameters(token: string): void {
    if (this.#importParameters.delete(token)) this.#changes?.importTokens.add(token);
  }

  // ---- principals ----

  getPrincipal(arn: string): PrincipalRecord | undefined {
    return this.#principals.get(arn);
  }

  /** Every registered principal, in registration order. */
  principals(): IterableIterator<PrincipalRecord> {
    return this.#principals.values();
  }

  get principalCount(): number {
    return this.#principals.size;
  }

  /** The principal an access key id belongs to. */
  principalOfAccessKey(accessKeyId: string): PrincipalRecord | undefined {
    const arn = this.#principalsByAccessKey.get(accessKeyId);
    return arn === undefined ? undefined : this.#principals.get(arn);
  }

  /**
   * Registers a principal or replaces its record (it keeps its place). The caller has checked that
   * no other principal holds the access key id.
   */
  putPrincipal(record: PrincipalRecord): void {
    const previous = this.#principals.get(record.arn);
    if (previous?.accessKeyId != null) this.#principalsByAccessKey.delete(previous.accessKeyId);
    this.#principals.set(record.arn, record);
    if (record.accessKeyId !== null) this.#principalsByAccessKey.set(record.accessKeyId, record.arn);
    this.#changes?.principals.add(record.arn);
  }

  // ---- grants ----

  getGrant(grantId: string): StoredGrant | undefined {
    return this.#grants.get(grantId);
  }

  /** Every grant, in creation order. */
  grants(): IterableIterator<StoredGrant> {
    return this.#grants.values();
  }

  /** The grants of one key, in creation order. */
  grantsOfKey(keyId: string): IterableIterator<StoredGrant> {
    return (this.#grantsByKey.get(keyId) ?? new Map<string, StoredGrant>()).values();
  }

  grantCountOf(keyId: string): number {
    return this.#grantsByKey.get(keyId)?.size ?? 0;
  }

  /** The grants of a key whose grantee is one of `grantees` ({@link granteeIndexKey} forms). */
  grantsForGrantees(keyId: string, grantees: readonly string[]): StoredGrant[] {
    const byGrantee = this.#grantsByGrantee.get(keyId);
    if (byGrantee === undefined) return [];
    const found: StoredGrant[] = [];
    for (const grantee of grantees) for (const grant of byGrantee.get(grantee) ?? []) if (!found.includes(grant)) found.push(grant);
    return found;
  }

  /** Grants whose retiring principal is exactly `principal`, in creation order. */
  grantsRetirableBy(principal: string): StoredGrant[] {
    return [...(this.#grantsByRetiring.get(principal) ?? [])].sort((a, b) => a.seq - b.seq);
  }

  /** The creation order the next grant gets. */
  get grantSeq(): number {
    return this.#grantSeq;
  }

  nextGrantSeq(): number {
    return this.#grantSeq++;
  }

  setGrantSeq(grantSeq: number): void {
    this.#grantSeq = grantSeq;
  }

  /** Stores a new grant. */
  putGrant(grant: StoredGrant): void {
    if (this.#grants.has(grant.grantId)) this.removeGrant(grant.grantId);
    this.#grants.set(grant.grantId, grant);
    let ofKey = this.#grantsByKey.get(grant.keyId);
    if (!ofKey) this.#grantsByKey.set(grant.keyId, (ofKey = new Map()));
    ofKey.set(grant.grantId, grant);
    let byGrantee = this.#grantsByGrantee.get(grant.keyId);
    if (!byGrantee) this.#grantsByGrantee.set(grant.keyId, (byGrantee = new Map()));
    const granteeKey = granteeIndexKey(grant.granteePrincipal);
    let same = byGrantee.get(granteeKey);
    if (!same) byGrantee.set(granteeKey, (same = new Set()));
    same.add(grant);
    if (grant.retiringPrincipal !== undefined) {
      let retirable = this.#grantsByRetiring.get(grant.retiringPrincipal);
      if (!retirable) this.#grantsByRetiring.set(grant.retiringPrincipal, (retirable = new Set()));
      retirable.add(grant);
    }
    this.#changes?.grants.add(grant.grantId);
  }

  /** Removes a grant (retired, revoked, or deleted with its key). */
  removeGrant(grantId: string): void {
    const grant = this.#grants.get(grantId);
    if (!grant) return;
    this.#grants.delete(grantId);
    const ofKey = this.#grantsByKey.get(grant.keyId);
    ofKey?.delete(grantId);
    if (ofKey?.size === 0) this.#grantsByKey.delete(grant.keyId);
    const byGrantee = this.#grantsByGrantee.get(grant.keyId);
    const granteeKey = granteeIndexKey(grant.granteePrincipal);
    const same = byGrantee?.get(granteeKey);
    same?.delete(grant);
    if (same?.size === 0) byGrantee?.delete(granteeKey);
    if (byGrantee?.size === 0) this.#grantsByGrantee.delete(grant.keyId);
    if (grant.retiringPrincipal !== undefined) {
      const retirable = this.#grantsByRetiring.get(grant.retiringPrincipal);
      retirable?.delete(grant);
      if (retirable?.size === 0) this.#grantsByRetiring.delete(grant.retiringPrincipal);
    }
    this.#changes?.grants.add(grantId);
  }

  // ---- the queue ----

  /**
   * The key entry with the earliest due event at or before `at` (its `dueKind` at its `dueAt`),
   * taken out of the queue; the caller applies the event, which queues the key's next one.
   */
  takeDue(at: number): KeyEntry | undefined {
    return this.#queue.popDue(at);
  }

  /** The key entry with the earliest due event at or before `at`, left in the queue. */
  peekDue(at: number): KeyEntry | undefined {
    const entry = this.#queue.peek();
    return entry !== undefined && entry.dueAt <= at ? entry : undefined;
  }

  /**
   * Points a stored multi-Region replica at its primary's history (restoring a snapshot, applying
   * a change record): not a change of its own, so nothing is recorded.
   */
  shareHistory(keyId: string, history: KeyHistory, seeds: KmsKey["seeds"]): void {
    const entry = this.#entries.get(keyId);
    if (entry === undefined || entry.key.history === history) return;
    entry.key = { ...entry.key, history, seeds };
    this.#schedule(entry);
  }

  /** Queues the entry's next due event (the engine's nextDue), replacing the one queued. */
  #schedule(entry: KeyEntry): void {
    const queued = !Number.isNaN(entry.queueDay);
    if (!queued) {
      if (nextDueInto(entry.key, entry)) this.#enqueue(entry);
      return;
    }
    const at = entry.dueAt;
    const kind = entry.dueKind;
    const due = nextDueInto(entry.key, entry);
    if (due && entry.dueAt === at && entry.dueKind === kind) return;
    // The queue finds the entry by where it was queued (queueDay), not by its new dueAt.
    this.#queue.remove(entry);
    if (due) this.#enqueue(entry);
  }

  #enqueue(entry: KeyEntry): void {
    entry.dueRank = DUE_KIND_RANK[entry.dueKind];
    this.#queue.push(entry);
  }

  // ---- forks ----

  /**
   * An independent copy of this state, for `kms.fork()`. It takes time in the number of keys and
   * aliases, not in the number of versions they hold: the copy shares every key record, history and
   * usage record with this store, and from now on neither store owns them, so each copies one
   * before its first change to it (copy on write, per key). Nor do the other Regions' stores of this
   * account, which share its owner.
   * @param home the fork's home store, when this is another Region's store of the account
   */
  fork(home?: Store): Store {
    const copy = new Store(home);
    this.#ownerCell.owner = {};
    for (const entry of this.#entries.values()) {
      const twin: KeyEntry = {
        key: entry.key, dueKind: entry.dueKind, dueAt: entry.dueAt, dueRank: entry.dueRank, seq: entry.seq,
        queueDay: Number.NaN, queueIndex: -1, usage: entry.usage,
      };
      copy.#entries.set(twin.key.keyId, twin);
      copy.#keyOrder.add(twin);
      if (!Number.isNaN(entry.queueDay)) copy.#queue.push(twin);
    }
    for (const alias of this.#aliases.values()) {
      copy.#aliases.set(alias.name, alias);
      copy.#aliasOrder.add(alias);
    }
    for (const [keyId, names] of this.#aliasesByKey) copy.#aliasesByKey.set(keyId, new Set(names));
    for (const [token, parameters] of this.#importParameters) copy.#importParameters.set(token, parameters);
    for (const keyId of this.#deletedKeyIds) copy.#deletedKeyIds.add(keyId);
    // Principals and grants are immutable records (a change replaces or removes one): the fork
    // shares them and builds its own indexes, so a grant made or retired on one side is not on the other.
    // Another Region's store shares the fork's home store's principals (IAM is global).
    if (home === undefined) for (const principal of this.#principals.values()) copy.putPrincipal(principal);
    for (const grant of this.#grants.values()) copy.putGrant(grant);
    copy.#grantSeq = this.#grantSeq;
    copy.#keySeq = this.#keySeq;
    copy.#aliasSeq = this.#aliasSeq;
    copy.settledAt = this.settledAt;
    return copy;
  }

  // ---- change tracking ----

  /** Starts recording what changes (for the journal); until then nothing is recorded. */
  trackChanges(): void {
    this.#changes ??= noChanges();
  }

  /** What changed since the last call (or since tracking started), and starts afresh. */
  takeChanges(): ChangedParts | null {
    const changes = this.#changes;
    if (changes === null) return null;
    const empty =
      changes.keys.size === 0 &&
      changes.deletedKeys.length === 0 &&
      changes.aliases.size === 0 &&
      changes.importTokens.size === 0 &&
      changes.usage.size === 0 &&
      changes.principals.size === 0 &&
      changes.grants.size === 0;
    if (empty) return null;
    this.#changes = noChanges();
    return changes;
  }

  #touch(keyId: string, historyFrom: number): void {
    const keys = this.#changes?.keys;
    if (keys === undefined) return;
    const previous = keys.get(keyId);
    if (previous === undefined || historyFrom < previous) keys.set(keyId, historyFrom);
  }
}
