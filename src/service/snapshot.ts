/**
 * Snapshots: the whole state of a KMS as versioned, JSON-serializable data, and back. A snapshot
 * holds every key's secret seeds and imported material (hex): store it like the keys themselves.
 *
 * Format 2 holds each key's history compactly (when and how each version was made; explicit
 * material only where it cannot be derived). Format 1 (kms-sim 0.1, every version's id and secret
 * stored) is read and migrated: its versions stay explicit, so their ids and every ciphertext they
 * made stay valid; later rotations derive from seeds computed from the key's first material.
 */
import { parseKeyPolicy } from "../access/index.js";
import { fromHex, toHex } from "../model/identifiers.js";
import { defaultKeyPolicy } from "../model/policy.js";
import { KeyHistory, versionKindOf, type VersionKind } from "../model/key-history.js";
import type { ImportDetails } from "../model/key-material.js";
import type { KeyTag, KeyTransition, KmsKey, MultiRegionLink, OnDemandState, RotationConfig } from "../model/key.js";
import { SECRET_ACCESS, type SecretArena } from "../model/secret-bytes.js";
import type { KeyManager, KeyOrigin, KeyState, KeyUsage, RotationType } from "../model/shapes.js";
import type { KeySpec } from "../model/aws-shapes.generated.js";
import type { ModelledWrappingAlgorithm, ModelledWrappingKeySpec } from "../crypto/import-wrapping.js";
import type { CryptoProvider } from "../ports.js";
import { usageToSnapshot, type KeyUsageSnapshot } from "./key-usage.js";
import type { ImportParameters, PrincipalRecord, StoredGrant } from "./store.js";
import { Store } from "./store.js";
import type { Account } from "./account.js";

/**
 * The snapshot format version this build writes. Format 3 adds the account's other Regions
 * (`regions`) and multi-Region keys (`multiRegion`, `transition`); a format-2 snapshot is a format-3
 * one of a single Region without them, read as it is.
 */
export const SNAPSHOT_VERSION = 3;

/** A version whose id and secret are stored, in a snapshot. */
export interface ExplicitMaterialSnapshot {
  /** Version index (version - 1). */
  readonly index: number;
  /** Its KeyMaterialId (64 lowercase hex). */
  readonly id: string;
  /** The secret bytes in hex, or null while imported material is absent. */
  readonly secretHex: string | null;
  /** For imported material: whether it is present, its expiry and description; else null. */
  readonly import: ImportDetails | null;
}

/**
 * A key's history in a snapshot, or its changed tail in a change record: versions before `from`
 * are unchanged (always 0 in a snapshot).
 */
export interface HistorySnapshot {
  /** Number of versions. */
  readonly length: number;
  /** Index of the current version, or -1. */
  readonly current: number;
  /** First version index described here. */
  readonly from: number;
  /** For versions from..length-1: creation instant (epoch ms) and kind (0 original, 1 automatic, 2 on demand), interleaved. */
  readonly made: readonly number[];
  /** Explicit versions with index >= from. */
  readonly explicit: readonly ExplicitMaterialSnapshot[];
}

/** One key in a snapshot or change record. */
export interface KeySnapshot {
  /** Creation order across the whole KMS: orders listings and same-instant events. */
  readonly seq: number;
  /** The key id (a UUID). */
  readonly keyId: string;
  /** The key ARN. */
  readonly arn: string;
  /** Epoch ms of creation. */
  readonly createdAt: number;
  /** The key's description. */
  readonly description: string;
  /** What the key is for. */
  readonly keyUsage: KeyUsage;
  /** The key spec, e.g. `SYMMETRIC_DEFAULT`. */
  readonly keySpec: KeySpec;
  /** `AWS_KMS` or `EXTERNAL`. */
  readonly origin: KeyOrigin;
  /** `CUSTOMER` or `AWS`. */
  readonly keyManager: KeyManager;
  /** The key state. */
  readonly state: KeyState;
  /** Epoch ms when a pending deletion completes, else null. */
  readonly deletionAt: number | null;
  /** The waiting period of a pending deletion, in days, else null. */
  readonly pendingWindowDays: number | null;
  /** The key policy document (JSON text). */
  readonly policy: string;
  /** The key's tags, in the order they were first added. */
  readonly tags: readonly KeyTag[];
  /** The automatic rotation setting. */
  readonly rotation: RotationConfig;
  /** On-demand rotations so far, and the one in progress. */
  readonly onDemand: OnDemandState;
  /** For AWS managed keys, their service (e.g. "s3"); else null. */
  readonly awsService: string | null;
  /** The key's seeds (root and id seed, 64 bytes) in hex; present when `history.from` is 0. */
  readonly seedsHex?: string | null;
  /** When and how each key material version was made, and the ones stored explicitly. */
  readonly history: HistorySnapshot;
  /**
   * Multi-Region keys only: the primary's Region and the replicas' (format 3). A replica of a key
   * whose material AWS KMS generates carries the same seeds and history as its primary; a restore
   * makes them one shared history again.
   */
  readonly multiRegion?: MultiRegionLink;
  /** While `Creating` or `Updating`: when that ends and the state after it (format 3). */
  readonly transition?: KeyTransition;
  /**
   * In a snapshot: the key's usage (GetKeyLastUsage, per backing key counters), null when it was
   * never used. Absent in change records (they carry usage apart; a record's key that has it, as
   * the state folder's snapshot keys have, applies it) and in snapshots written before kms-sim
   * tracked usage, whose keys are tracked from the snapshot's instant on.
   */
  readonly usage?: KeyUsageSnapshot | null;
}

/** One alias in a snapshot. */
export interface AliasSnapshot {
  /** The alias name, `alias/...`. */
  readonly name: string;
  /** The bare key id it points at. */
  readonly targetKeyId: string;
  /** Epoch ms of CreateAlias. */
  readonly createdAt: number;
  /** Epoch ms of the last CreateAlias or UpdateAlias. */
  readonly updatedAt: number;
  /** Creation order, for listings. */
  readonly seq: number;
}

/** One unexpired import token with its RSA private key (PKCS #8, hex). */
export interface ImportParametersSnapshot {
  /** The import token (hex) that GetParametersForImport returned. */
  readonly token: string;
  /** The key the token is for. */
  readonly keyId: string;
  /** The wrapping algorithm asked for. */
  readonly wrappingAlgorithm: ModelledWrappingAlgorithm;
  /** The size of the RSA wrapping key. */
  readonly wrappingKeySpec: ModelledWrappingKeySpec;
  /** Epoch ms when the token expires (24 hours after it was issued). */
  readonly validTo: number;
  /** The RSA private key that unwraps imported material (PKCS #8, hex). */
  readonly privateKeyHex: string;
}

/** One registered principal (its secret access key in clear: treat the snapshot like the keys). */
export interface PrincipalSnapshot {
  /** The principal's ARN: a user, role, federated user or account root. */
  readonly arn: string;
  /** Its IAM identity policies, as JSON text. */
  readonly policies: readonly string[];
  /** The access key id it signs requests with over the wire, if any. */
  readonly accessKeyId: string | null;
  /** The secret of that access key, if signatures are verified. */
  readonly secretAccessKey: string | null;
}

/** One grant. */
export interface GrantSnapshot {
  /** The grant's id, 64 hex digits. */
  readonly grantId: string;
  /** The id of the key the grant is on. */
  readonly keyId: string;
  /** The ARN of that key. */
  readonly keyArn: string;
  /** The grant's `Name`, when it was given one. */
  readonly name?: string;
  /** Who the grant is for. */
  readonly granteePrincipal: string;
  /** Who may retire it besides the grantee and the issuing account, if anyone. */
  readonly retiringPrincipal?: string;
  /** `arn:aws:iam::<account>:root` of the account that created it. */
  readonly issuingAccount: string;
  /** The operations it allows. */
  readonly operations: readonly string[];
  /** Its encryption-context constraints, if any. */
  readonly constraints?: {
    /** The request's encryption context must equal these pairs. */
    readonly EncryptionContextEquals?: Readonly<Record<string, string>>;
    /** The request's encryption context must contain these pairs. */
    readonly EncryptionContextSubset?: Readonly<Record<string, string>>;
  };
  /** When it was created (epoch ms). */
  readonly createdAt: number;
  /** Its place in creation order, which ListGrants follows. */
  readonly seq: number;
}

/**
 * The whole state of one simulated KMS, from `kms.snapshot()`: plain JSON-serializable data that
 * `createKms({ state })` continues from. It holds every key's secret material in hex: store it like
 * the keys themselves. Beyond the fields documented here, treat its contents as a file format, not
 * an API: they follow {@link KmsSnapshot.version}.
 */
export interface KmsSnapshot {
  /** Marks the data as a kms-sim snapshot. */
  readonly format: "kms-sim-snapshot";
  /** The snapshot format version; `createKms` refuses one it does not read. */
  readonly version: number;
  /** The Region of the KMS that took it; a restore into another Region is refused. */
  readonly region: string;
  /** The account id of the KMS that took it; a restore into another account is refused. */
  readonly accountId: string;
  /** The latest instant the model reached (epoch ms), or null before the first operation. */
  readonly settledAt: number | null;
  /** The counter behind each key's creation order, which listings follow. */
  readonly keySeq: number;
  /** The counter behind each alias's creation order, which listings follow. */
  readonly aliasSeq: number;
  /** Seed and position of a seeded random source, when the KMS uses one. */
  readonly random: {
    /** The seed given to `seededRandom`. */
    readonly seed: string;
    /** Bytes drawn so far: `seededRandom(seed, { position })` continues the same stream. */
    readonly position: number;
  } | null;
  /** Every key that exists, with all its key material versions. */
  readonly keys: readonly KeySnapshot[];
  /** Every alias. */
  readonly aliases: readonly AliasSnapshot[];
  /** Keys deleted at the end of their waiting period: their ciphertexts get `NotFoundException`. */
  readonly deletedKeyIds: readonly string[];
  /** Unexpired import tokens with their RSA private keys (PKCS #8, hex). */
  readonly importParameters: readonly ImportParametersSnapshot[];
  /** Registered principals (access control); absent when there are none. */
  readonly principals?: readonly PrincipalSnapshot[];
  /** Grants, in creation order; absent when there are none. */
  readonly grants?: readonly GrantSnapshot[];
  /** The creation order the next grant gets; absent while no grant was ever made. */
  readonly grantSeq?: number;
  /**
   * The account's other Regions that hold anything, in the order they were first used (format 3;
   * absent when only `region` does). Principals are the account's and live at the top level.
   */
  readonly regions?: readonly RegionSnapshot[];
}

/** The state of one more Region of the account in a snapshot: its keys, aliases, grants and counters. */
export interface RegionSnapshot {
  /** The Region, e.g. `eu-west-1`. */
  readonly region: string;
  /** The counter behind the creation order of the Region's keys. */
  readonly keySeq: number;
  /** The counter behind the creation order of the Region's aliases. */
  readonly aliasSeq: number;
  /** Every key of the Region. */
  readonly keys: readonly KeySnapshot[];
  /** Every alias of the Region. */
  readonly aliases: readonly AliasSnapshot[];
  /** Keys of the Region deleted at the end of their waiting period. */
  readonly deletedKeyIds: readonly string[];
  /** Unexpired import tokens of the Region's keys. */
  readonly importParameters: readonly ImportParametersSnapshot[];
  /** Grants on the Region's keys, in creation order; absent when there are none. */
  readonly grants?: readonly GrantSnapshot[];
  /** The creation order the next grant of the Region gets; absent while none was made. */
  readonly grantSeq?: number;
}

/** A principal's record as a snapshot. */
export function principalToSnapshot(record: PrincipalRecord): PrincipalSnapshot {
  return { arn: record.arn, policies: [...record.policies], accessKeyId: record.accessKeyId, secretAccessKey: record.secretAccessKey };
}

/** A principal's record from a snapshot. */
export function principalFromSnapshot(saved: PrincipalSnapshot): PrincipalRecord {
  return { arn: saved.arn, policies: [...saved.policies], accessKeyId: saved.accessKeyId, secretAccessKey: saved.secretAccessKey };
}

function copyContext(context: Readonly<Record<string, string>> | undefined): Record<string, string> | undefined {
  return context === undefined ? undefined : { ...context };
}

/** A grant as a snapshot (a deep copy). */
export function grantToSnapshot(grant: StoredGrant): GrantSnapshot {
  const { constraints, ...rest } = grant;
  const equals = copyContext(constraints?.EncryptionContextEquals);
  const subset = copyContext(constraints?.EncryptionContextSubset);
  return {
    ...rest,
    operations: [...grant.operations],
    ...(constraints === undefined
      ? {}
      : { constraints: { ...(equals ? { EncryptionContextEquals: equals } : {}), ...(subset ? { EncryptionContextSubset: subset } : {}) } }),
  };
}

/** A grant from a snapshot. */
export function grantFromSnapshot(saved: GrantSnapshot): StoredGrant {
  return grantToSnapshot(saved as StoredGrant) as StoredGrant;
}

function copyLink(link: MultiRegionLink): MultiRegionLink {
  return { primaryRegion: link.primaryRegion, replicaRegions: [...link.replicaRegions] };
}

/** A key as a snapshot (from = 0) or as the changed part of a change record. */
export function keyToSnapshot(key: KmsKey, from = 0): KeySnapshot {
  const { history, seeds, ...header } = key;
  const explicit: ExplicitMaterialSnapshot[] = [];
  for (const [index, material] of history.explicitEntries()) {
    if (index < from) continue;
    explicit.push({
      index,
      id: material.id,
      secretHex: material.secret === null ? null : toHex(material.secret.reveal(SECRET_ACCESS)),
      import: material.import === null ? null : { ...material.import },
    });
  }
  const snapshot: KeySnapshot = {
    ...header,
    tags: header.tags.map((tag) => ({ ...tag })),
    rotation: { ...header.rotation },
    onDemand: { ...header.onDemand },
    ...(header.multiRegion === undefined ? {} : { multiRegion: copyLink(header.multiRegion) }),
    ...(header.transition === undefined ? {} : { transition: { ...header.transition } }),
    history: { length: history.length, current: history.current, from, made: history.entriesFrom(from), explicit },
  };
  return from === 0 ? { ...snapshot, seedsHex: seeds === null ? null : toHex(seeds.reveal(SECRET_ACCESS)) } : snapshot;
}

function explicitFromSnapshot(saved: ExplicitMaterialSnapshot, secrets: SecretArena) {
  return {
    id: saved.id,
    secret: saved.secretHex === null ? null : secrets.adopt(fromHex(saved.secretHex)),
    import: saved.import === null ? null : { ...saved.import },
  };
}

/**
 * The key a snapshot (or change record) describes. With `from` above 0 the unchanged versions come
 * from `existing`, whose history is changed in place (the caller owns it).
 */
export function keyFromSnapshot(saved: KeySnapshot, store: Store, secrets: SecretArena, existing?: KmsKey): KmsKey {
  // Usage is the store's, not the key record's (restoreStore and applyChange apply it).
  const { history: savedHistory, seedsHex, usage: _usage, ...header } = saved;
  let history: KeyHistory;
  if (savedHistory.from === 0 || existing === undefined) {
    if (savedHistory.from !== 0) throw new RangeError(`change record continues key ${saved.keyId}, which the state does not hold`);
    history = new KeyHistory(store.owner);
  } else {
    history = existing.history.owner === store.owner ? existing.history : existing.history.clone(store.owner);
    history.truncate(savedHistory.from);
  }
  const made = savedHistory.made;
  for (let i = 0; i + 1 < made.length; i += 2) history.append(made[i] as number, made[i + 1] as VersionKind, undefined, false);
  for (const material of savedHistory.explicit) history.setExplicit(material.index, explicitFromSnapshot(material, secrets));
  history.setCurrent(savedHistory.current);
  if (history.length !== savedHistory.length) throw new RangeError(`the history of key ${saved.keyId} is inconsistent`);
  const seeds = seedsHex === undefined ? (existing?.seeds ?? null) : seedsHex === null ? null : secrets.adopt(fromHex(seedsHex));
  const key: KmsKey = {
    ...header,
    tags: header.tags.map((tag) => ({ ...tag })),
    rotation: { ...header.rotation },
    onDemand: { ...header.onDemand },
    seeds,
    history,
  };
  if (header.multiRegion !== undefined) (key as { multiRegion?: MultiRegionLink }).multiRegion = copyLink(header.multiRegion);
  if (header.transition !== undefined) (key as { transition?: KeyTransition }).transition = { ...header.transition };
  return key;
}

/** An import token's record as a snapshot. */
export function importParametersToSnapshot({ privateKey, ...rest }: ImportParameters): ImportParametersSnapshot {
  return { ...rest, privateKeyHex: toHex(privateKey.reveal(SECRET_ACCESS)) };
}

/** An import token's record from a snapshot. */
export function importParametersFromSnapshot({ privateKeyHex, ...rest }: ImportParametersSnapshot, secrets: SecretArena): ImportParameters {
  return { ...rest, privateKey: secrets.adopt(fromHex(privateKeyHex)) };
}

/** The parts of one Region's store in a snapshot. */
function regionParts(store: Store): Omit<RegionSnapshot, "region"> {
  return {
    keySeq: store.keySeq,
    aliasSeq: store.aliasSeq,
    keys: Array.from(store.keys(), (key) => {
      const usage = store.usageOf(key.keyId);
      return { ...keyToSnapshot(key), usage: usage === undefined ? null : usageToSnapshot(usage) };
    }),
    aliases: Array.from(store.aliases(), (alias) => ({ ...alias })),
    deletedKeyIds: [...store.deletedKeyIds()],
    importParameters: Array.from(store.importParameters(), importParametersToSnapshot),
    ...(store.grantSeq > 0 ? { grants: Array.from(store.grants(), grantToSnapshot), grantSeq: store.grantSeq } : {}),
  };
}

/** True when a Region's store holds nothing and never did (a Region only looked at). */
function isUnused(store: Store): boolean {
  return store.keySeq === 0 && store.aliasSeq === 0 && store.grantSeq === 0 && store.importParameters().next().done === true;
}

/** Copies the account, every Region, into a snapshot (the home Region at the top level). */
export function takeSnapshot(account: Account, random: { seed?: unknown; position?: unknown }): KmsSnapshot {
  const seeded = typeof random.seed === "string" && typeof random.position === "number";
  const store = account.homeContext.store;
  const { keys, aliases, deletedKeyIds, importParameters, keySeq, aliasSeq, grants, grantSeq } = regionParts(store);
  const regions: RegionSnapshot[] = [];
  for (const [name, ctx] of account.regions) {
    if (name !== account.home && !isUnused(ctx.store)) regions.push({ region: name, ...regionParts(ctx.store) });
  }
  return {
    format: "kms-sim-snapshot",
    version: SNAPSHOT_VERSION,
    region: account.home,
    accountId: account.accountId,
    settledAt: Number.isFinite(store.settledAt) ? store.settledAt : null,
    keySeq,
    aliasSeq,
    random: seeded ? { seed: random.seed as string, position: random.position as number } : null,
    keys,
    aliases,
    deletedKeyIds,
    importParameters,
    // Optional members: a state without principals, grants or other Regions snapshots as before.
    ...(store.principalCount > 0 ? { principals: Array.from(store.principals(), principalToSnapshot) } : {}),
    ...(grants !== undefined ? { grants, grantSeq } : {}),
    ...(regions.length > 0 ? { regions } : {}),
  };
}

/** One key material in a format-1 snapshot. */
interface MaterialSnapshotV1 {
  readonly id: string;
  readonly version: number;
  readonly createdAt: number;
  readonly rotationType: RotationType | null;
  readonly secretHex: string | null;
  readonly import: ImportDetails | null;
}

type KeySnapshotV1 = Omit<KeySnapshot, "history" | "seedsHex"> & { readonly materials: readonly MaterialSnapshotV1[]; readonly current: number };

const MIGRATED_ROOT_INFO = new TextEncoder().encode("kms-sim migrated key seeds");

/**
 * A format-1 key in format 2. Every stored version stays explicit (its id and secret are kept, so
 * its ciphertexts decrypt); keys that AWS KMS generates material for get seeds for later rotations,
 * derived from their first secret (HMAC-SHA256, two blocks), so migration needs no randomness.
 */
function migrateKeyV1(saved: KeySnapshotV1, crypto: CryptoProvider): KeySnapshot {
  const { materials, current, ...header } = saved;
  let seedsHex: string | null = null;
  const first = materials[0]?.secretHex;
  if (saved.origin === "AWS_KMS" && first) {
    const secret = fromHex(first);
    const block = (counter: number) => {
      const info = new Uint8Array(MIGRATED_ROOT_INFO.length + 1);
      info.set(MIGRATED_ROOT_INFO);
      info[info.length - 1] = counter;
      return crypto.hmacSha256(secret, info);
    };
    seedsHex = toHex(block(1)) + toHex(block(2));
    secret.fill(0);
  }
  const made: number[] = [];
  for (const material of materials) made.push(material.createdAt, versionKindOf(material.rotationType));
  return {
    ...header,
    // Format 1 stored the effective next rotation: it stands as of the key's present history.
    rotation: { ...header.rotation, sinceVersion: materials.length },
    seedsHex,
    history: {
      length: materials.length,
      current,
      from: 0,
      made,
      explicit: materials.map((material, index) => ({ index, id: material.id, secretHex: material.secretHex, import: material.import })),
    },
  };
}

/**
 * A key's usage from its snapshot. A snapshot written before kms-sim tracked usage says nothing of
 * it: such keys are tracked from the snapshot's instant, as AWS tracks keys that predate tracking.
 */
function restoreUsage(store: Store, saved: KeySnapshot, settledAt: number | null): void {
  if (saved.usage !== undefined && saved.usage !== null) {
    store.applyUsage(saved.keyId, saved.usage);
  } else if (saved.usage === undefined && settledAt !== null && settledAt > saved.createdAt) {
    store.applyUsage(saved.keyId, { uses: 0, last: null, trackingStartAt: settledAt, materials: [] });
  }
}

/**
 * A key's policy as this build reads it. kms-sim before access control stored policies without
 * evaluating them and accepted any JSON object with a `Statement`; one of those that does not
 * validate now (`{"Statement": []}`, say) would lock everyone out of the key, so it becomes the
 * default key policy, as if the key had been created without one. Valid texts are kept as they are
 * (checked once per distinct text: a million keys share a handful of policies).
 */
function policyReader(): (policy: string, accountId: string) => string {
  const valid = new Set<string>();
  return (policy, accountId) => {
    if (valid.has(policy)) return policy;
    try {
      parseKeyPolicy(policy);
    } catch {
      return defaultKeyPolicy(accountId);
    }
    valid.add(policy);
    return policy;
  };
}

/** Fills a Region's store from its part of a snapshot. */
function fillStore(
  store: Store,
  part: Omit<RegionSnapshot, "region">,
  accountId: string,
  secrets: SecretArena,
  readPolicy: (policy: string, accountId: string) => string,
  settledAt: number | null,
): void {
  for (const saved of part.keys) {
    const policy = readPolicy(saved.policy, accountId);
    store.putKey(keyFromSnapshot(policy === saved.policy ? saved : { ...saved, policy }, store, secrets));
    restoreUsage(store, saved, settledAt);
  }
  for (const alias of part.aliases) store.putAlias({ ...alias });
  for (const id of part.deletedKeyIds) store.addDeletedKeyId(id);
  for (const parameters of part.importParameters) store.putImportParameters(importParametersFromSnapshot(parameters, secrets));
  for (const grant of part.grants ?? []) store.putGrant(grantFromSnapshot(grant));
  store.setGrantSeq(part.grantSeq ?? 0);
  store.setCounters(part.keySeq, part.aliasSeq);
}

/**
 * Rebuilds the stores of an account from a snapshot (format 3 or 2, or format 1 migrated): the
 * home Region's and those of the other Regions, which share the home store's principals. The
 * caller relinks multi-Region families (multi-region.ts) once every Region is in place.
 * @throws {TypeError} when the value is not a kms-sim snapshot
 * @throws {RangeError} when its version is not one this build reads
 */
export function restoreState(
  snapshot: KmsSnapshot,
  secrets: SecretArena,
  crypto: CryptoProvider,
): { home: Store; others: [string, Store][] } {
  if (typeof snapshot !== "object" || snapshot === null || snapshot.format !== "kms-sim-snapshot") {
    throw new TypeError("createKms({ state }) needs a snapshot made by kms.snapshot()");
  }
  if (snapshot.version !== SNAPSHOT_VERSION && snapshot.version !== 2 && snapshot.version !== 1) {
    throw new RangeError(
      `kms-sim snapshot version ${String(snapshot.version)} is not supported: this build reads versions 1 to ${SNAPSHOT_VERSION}`,
    );
  }
  const keys: readonly KeySnapshot[] =
    snapshot.version === 1 ? (snapshot.keys as unknown as KeySnapshotV1[]).map((key) => migrateKeyV1(key, crypto)) : snapshot.keys;
  const home = new Store();
  const readPolicy = policyReader();
  fillStore(home, { ...snapshot, keys }, snapshot.accountId, secrets, readPolicy, snapshot.settledAt);
  for (const principal of snapshot.principals ?? []) home.putPrincipal(principalFromSnapshot(principal));
  home.settledAt = snapshot.settledAt ?? Number.NEGATIVE_INFINITY;
  const others: [string, Store][] = [];
  for (const part of snapshot.regions ?? []) {
    const store = new Store(home);
    fillStore(store, part, snapshot.accountId, secrets, readPolicy, snapshot.settledAt);
    store.settledAt = home.settledAt;
    others.push([part.region, store]);
  }
  return { home, others };
}
