/**
 * The key lists, paged, from the public API alone. AWS managed keys are exactly the targets of the
 * `alias/aws/*` aliases (AWS creates each with its alias, and nobody can move or delete one), so
 * their list comes from ListAliases. Customer managed keys are every other key: ListKeys in
 * creation order, each classified by DescribeKey's KeyManager, scanning only as far as the page
 * asked for needs (the first page of 10,000 keys describes 26 of them). A filter matches alias
 * names and key ids, which needs every alias once.
 */
import { NotFoundException, type Kms, type KeyMetadata } from "../index.js";

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

const AWS_ALIAS_PREFIX = "alias/aws/";

/** Every alias, as key id -> alias names in creation order. */
async function aliasesByKey(kms: Kms): Promise<Map<string, string[]>> {
  const byKey = new Map<string, string[]>();
  let marker: string | undefined;
  do {
    const page = await kms.listAliases({ Limit: 100, ...(marker === undefined ? {} : { Marker: marker }) });
    for (const alias of page.Aliases ?? []) {
      if (alias.TargetKeyId === undefined || alias.AliasName === undefined) continue;
      const names = byKey.get(alias.TargetKeyId);
      if (names) names.push(alias.AliasName);
      else byKey.set(alias.TargetKeyId, [alias.AliasName]);
    }
    marker = page.Truncated ? page.NextMarker : undefined;
  } while (marker !== undefined);
  return byKey;
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

/** DescribeKey, or undefined for a key that was deleted meanwhile (its waiting period ended). */
async function describe(kms: Kms, keyId: string): Promise<KeyMetadata | undefined> {
  try {
    return (await kms.describeKey({ KeyId: keyId })).KeyMetadata;
  } catch (error) {
    if (error instanceof NotFoundException) return undefined;
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

function matches(filter: string, keyId: string, aliases: readonly string[]): boolean {
  if (filter === "") return true;
  const wanted = filter.toLowerCase();
  return keyId.toLowerCase().includes(wanted) || aliases.some((name) => name.toLowerCase().includes(wanted));
}

async function toRows(kms: Kms, found: readonly KeyMetadata[], aliases: Map<string, string[]> | undefined): Promise<KeyRow[]> {
  return Promise.all(
    found.map(async (metadata) => ({
      metadata,
      aliases: aliases ? (aliases.get(metadata.KeyId) ?? []) : await aliasNamesOf(kms, metadata.KeyId),
      rotation: await rotationOf(kms, metadata),
    })),
  );
}

/** A page of customer managed keys, in creation order. */
export async function customerManagedKeys(kms: Kms, query: KeyQuery): Promise<KeyPage> {
  const aliases = query.filter === "" ? undefined : await aliasesByKey(kms);
  const skip = (query.page - 1) * query.size;
  const found: KeyMetadata[] = [];
  let seen = 0;
  let hasNext = false;
  let marker: string | undefined;
  scan: do {
    const listing = await kms.listKeys({ Limit: 1000, ...(marker === undefined ? {} : { Marker: marker }) });
    for (const key of listing.Keys ?? []) {
      if (key.KeyId === undefined) continue;
      if (aliases && !matches(query.filter, key.KeyId, aliases.get(key.KeyId) ?? [])) continue;
      if (aliases?.get(key.KeyId)?.some((name) => name.startsWith(AWS_ALIAS_PREFIX))) continue;
      const metadata = await describe(kms, key.KeyId);
      if (metadata === undefined || metadata.KeyManager === "AWS") continue;
      seen += 1;
      if (seen <= skip) continue;
      if (found.length === query.size) {
        hasNext = true;
        break scan;
      }
      found.push(metadata);
    }
    marker = listing.Truncated ? listing.NextMarker : undefined;
  } while (marker !== undefined);
  return { rows: await toRows(kms, found, aliases), page: query.page, hasNext };
}

/** A page of AWS managed keys, in the order AWS created them. */
export async function awsManagedKeys(kms: Kms, query: KeyQuery): Promise<KeyPage> {
  const aliases = await aliasesByKey(kms);
  const ids: string[] = [];
  for (const [keyId, names] of aliases) {
    if (names.some((name) => name.startsWith(AWS_ALIAS_PREFIX)) && matches(query.filter, keyId, names)) ids.push(keyId);
  }
  const skip = (query.page - 1) * query.size;
  const found: KeyMetadata[] = [];
  for (const keyId of ids.slice(skip, skip + query.size)) {
    const metadata = await describe(kms, keyId);
    if (metadata?.KeyManager === "AWS") found.push(metadata);
  }
  return { rows: await toRows(kms, found, aliases), page: query.page, hasNext: ids.length > skip + query.size };
}
