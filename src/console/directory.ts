/**
 * The key lists, paged, from the public API alone: ListKeys in creation order, each key classified
 * by DescribeKey's KeyManager (once per key, see {@link KeyManagers}), scanning only as far as the
 * page asked for needs. ListKeys and ListAliases pages cost their own size; what a walk over 10,000
 * keys costs is its per-key work, so the walk does one hash lookup per key and builds nothing per
 * key (a Map or Set of 10,000 ids alone costs several milliseconds on a slow machine).
 */
import { AccessDeniedException, NotFoundException, type Kms, type KeyMetadata } from "../index.js";
import { allKeyIds } from "../sim/key-ids.js";

/** One row of a key table. */
export interface KeyRow {
  readonly metadata: KeyMetadata;
  readonly aliases: readonly string[];
  /** Undefined when the key's rotation status cannot be read (EXTERNAL, asymmetric, HMAC). */
  readonly rotation: { readonly enabled: boolean; readonly periodDays?: number; readonly next?: Date } | undefined;
}

/** One page of a key table. */
export interface KeyPage {
  readonly rows: readonly KeyRow[];
  /** 1-based. */
  readonly page: number;
  readonly hasNext: boolean;
}

/** Which keys, which page. */
export interface KeyQuery {
  /** Case-insensitive substring of an alias name or the key id; empty for all. */
  readonly filter: string;
  /** 1-based. */
  readonly page: number;
  readonly size: number;
}

/**
 * The ids of the keys with an alias whose name contains `wanted` (lower case): one walk over
 * ListAliases that keeps only the matches.
 */
async function keysWithAliasMatching(kms: Kms, wanted: string): Promise<Set<string>> {
  const matched = new Set<string>();
  let marker: string | undefined;
  do {
    const page = await kms.listAliases({ Limit: 100, ...(marker === undefined ? {} : { Marker: marker }) });
    for (const alias of page.Aliases ?? []) {
      if (alias.TargetKeyId !== undefined && alias.AliasName !== undefined && alias.AliasName.toLowerCase().includes(wanted)) matched.add(alias.TargetKeyId);
    }
    marker = page.Truncated ? page.NextMarker : undefined;
  } while (marker !== undefined);
  return matched;
}

/** The alias names of one key. */
export async function aliasNamesOf(kms: Kms, keyId: string): Promise<string[]> {
  const names: string[] = [];
  let marker: string | undefined;
  do {
    const page = await kms.listAliases({ KeyId: keyId, Limit: 100, ...(marker === undefined ? {} : { Marker: marker }) });
    for (const alias of page.Aliases ?? []) if (alias.AliasName !== undefined) names.push(alias.AliasName);
    marker = page.Truncated ? page.NextMarker : undefined;
  } while (marker !== undefined);
  return names;
}

/**
 * DescribeKey, or undefined for a key that was deleted meanwhile (its waiting period ended). A key
 * whose policy does not let the console's caller describe it is still listed, with its id alone:
 * it is customer managed (AWS managed keys let their account describe them).
 */
async function describe(kms: Kms, keyId: string): Promise<KeyMetadata | undefined> {
  try {
    return (await kms.describeKey({ KeyId: keyId })).KeyMetadata;
  } catch (error) {
    if (error instanceof NotFoundException) return undefined;
    if (error instanceof AccessDeniedException) return { KeyId: keyId, KeyManager: "CUSTOMER" };
    throw error;
  }
}

/** GetKeyRotationStatus as a row shows it; undefined where the key cannot rotate automatically. */
export async function rotationOf(kms: Kms, metadata: KeyMetadata): Promise<KeyRow["rotation"]> {
  if (metadata.KeySpec !== "SYMMETRIC_DEFAULT" || metadata.Origin !== "AWS_KMS") return undefined;
  const status = await kms.getKeyRotationStatus({ KeyId: metadata.KeyId });
  return {
    enabled: status.KeyRotationEnabled === true,
    ...(status.RotationPeriodInDays === undefined ? {} : { periodDays: status.RotationPeriodInDays }),
    ...(status.NextRotationDate === undefined ? {} : { next: status.NextRotationDate }),
  };
}

async function toRows(kms: Kms, found: readonly KeyMetadata[]): Promise<KeyRow[]> {
  return Promise.all(
    found.map(async (metadata) => ({
      metadata,
      aliases: await aliasNamesOf(kms, metadata.KeyId),
      rotation: await rotationOf(kms, metadata),
    })),
  );
}

/**
 * Who manages each key, remembered across requests: a key's KeyManager never changes in its life
 * (AWS managed keys are never deleted, key ids are never reused), so each key is described for its
 * classification once, and deep pages and the AWS managed list cost one ListKeys walk, not 10,000
 * DescribeKey calls.
 */
export class KeyManagers {
  readonly #known = new Map<string, "CUSTOMER" | "AWS">();

  /** The manager of `keyId` if it was classified before: no call, no await (the walk's hot path). */
  known(keyId: string): "CUSTOMER" | "AWS" | undefined {
    return this.#known.get(keyId);
  }

  /** The manager of `keyId`, describing the key if it is new (undefined: deleted meanwhile). */
  async of(kms: Kms, keyId: string): Promise<{ manager: "CUSTOMER" | "AWS"; metadata?: KeyMetadata } | undefined> {
    const known = this.#known.get(keyId);
    if (known !== undefined) return { manager: known };
    const metadata = await describe(kms, keyId);
    if (metadata === undefined) return undefined;
    const manager = metadata.KeyManager === "AWS" ? "AWS" : "CUSTOMER";
    this.#known.set(keyId, manager);
    return { manager, metadata };
  }

  /** How many keys are classified. */
  get size(): number {
    return this.#known.size;
  }

  /**
   * Forgets keys that ListKeys no longer has (deleted after their waiting period): one more walk,
   * taken only when a complete walk listed fewer keys than are remembered.
   */
  async forgetDeleted(kms: Kms): Promise<void> {
    const listed = new Set(await allKeyIds(kms));
    for (const keyId of this.#known.keys()) if (!listed.has(keyId)) this.#known.delete(keyId);
  }
}

/**
 * Walks ListKeys in creation order, classifying each key that passes `prefilter`, until the page
 * is full (and one more key proves there is a next page); then describes the page's keys. A
 * complete walk without a prefilter classifies every listed key, so remembering more keys than it
 * listed means some were deleted: only then are the remembered keys pruned.
 */
async function scan(
  kms: Kms,
  managers: KeyManagers,
  query: KeyQuery,
  manager: "CUSTOMER" | "AWS",
  prefilter: ((keyId: string) => boolean) | undefined,
): Promise<{ found: KeyMetadata[]; hasNext: boolean }> {
  const skip = (query.page - 1) * query.size;
  const picked: { keyId: string; metadata?: KeyMetadata }[] = [];
  let listed = 0;
  let seen = 0;
  let hasNext = false;
  let marker: string | undefined;
  walk: do {
    const listing = await kms.listKeys({ Limit: 1000, ...(marker === undefined ? {} : { Marker: marker }) });
    for (const key of listing.Keys ?? []) {
      if (key.KeyId === undefined) continue;
      listed += 1;
      if (prefilter !== undefined && !prefilter(key.KeyId)) continue;
      // Known keys are classified without an await: a deep page walks every key before it.
      const classified = managers.known(key.KeyId);
      const known = classified !== undefined ? { manager: classified } : await managers.of(kms, key.KeyId);
      if (known === undefined || known.manager !== manager) continue;
      seen += 1;
      if (seen <= skip) continue;
      if (picked.length === query.size) {
        hasNext = true;
        break walk;
      }
      picked.push({ keyId: key.KeyId, ...("metadata" in known && known.metadata ? { metadata: known.metadata } : {}) });
    }
    marker = listing.Truncated ? listing.NextMarker : undefined;
  } while (marker !== undefined);
  if (!hasNext && prefilter === undefined && managers.size > listed) await managers.forgetDeleted(kms);
  const found: KeyMetadata[] = [];
  for (const { keyId, metadata } of picked) {
    const current = metadata ?? (await describe(kms, keyId));
    if (current !== undefined) found.push(current);
  }
  return { found, hasNext };
}

/**
 * A page of keys of one manager, in creation order. Without a filter only the keys up to the end
 * of the page are described; a filter first finds the keys whose alias names match (one walk over
 * ListAliases), then describes only the keys that match. Key ids are lower-case hex, so the
 * lower-cased filter is matched against them as they are.
 */
async function keysOf(kms: Kms, managers: KeyManagers, query: KeyQuery, manager: "CUSTOMER" | "AWS"): Promise<KeyPage> {
  const wanted = query.filter.toLowerCase();
  const byAlias = wanted === "" ? undefined : await keysWithAliasMatching(kms, wanted);
  const prefilter = byAlias === undefined ? undefined : (keyId: string) => keyId.includes(wanted) || byAlias.has(keyId);
  const { found, hasNext } = await scan(kms, managers, query, manager, prefilter);
  return { rows: await toRows(kms, found), page: query.page, hasNext };
}

/** A page of customer managed keys, in creation order. */
export function customerManagedKeys(kms: Kms, managers: KeyManagers, query: KeyQuery): Promise<KeyPage> {
  return keysOf(kms, managers, query, "CUSTOMER");
}

/** A page of AWS managed keys, in the order AWS created them. */
export function awsManagedKeys(kms: Kms, managers: KeyManagers, query: KeyQuery): Promise<KeyPage> {
  return keysOf(kms, managers, query, "AWS");
}
