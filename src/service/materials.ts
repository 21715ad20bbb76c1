/**
 * Backing keys on demand. A key whose material AWS KMS generates draws 64 bytes once, at creation
 * (its seeds: a 32-byte root, then a 32-byte id seed); every version's secret and KeyMaterialId are
 * derived from them when first needed, so a rotation draws nothing and stores two numbers.
 *
 * - Secret of version v: HKDF-Expand (RFC 5869) with the root as PRK, info
 *   "kms-sim backing key" || uint32be(v), 32 bytes (one HMAC-SHA256).
 * - KeyMaterialId of version 1: the id seed in hex (so CreateKey hashes nothing); of version v > 1:
 *   SHA-256("kms-sim key material id" || id seed || uint32be(v)) in hex. Ids reveal nothing of
 *   the secrets (the id seed is independent of the root), and are unique as long as SHA-256 is.
 *
 * Versions stored explicitly (imported material, material carried over from format-1 snapshots)
 * use their stored id and secret. The sealing keys of versions in cryptographic use are cached per
 * KMS, a bounded number of them (least recently used out), so a simulation that encrypts under a
 * million keys does not keep a million keyed MACs.
 */
import { KeyIdForm } from "../crypto/blob.js";
import type { SealingKey } from "../crypto/seal.js";
import { fromHex, keyIdToBytes, toHex } from "../model/identifiers.js";
import { rotationTypeOf } from "../model/key-history.js";
import type { KeyMaterial } from "../model/key-material.js";
import type { KmsKey } from "../model/key.js";
import { SECRET_ACCESS, type SecretBytes } from "../model/secret-bytes.js";
import type { KmsContext } from "./context.js";

/** Bytes a key's seeds take: root, then id seed. */
export const SEEDS_BYTES = 64;
const ROOT_BYTES = 32;
/** Sealing keys kept per KMS. */
const SEALING_CACHE_SIZE = 16_384;

const encoder = new TextEncoder();
const SECRET_INFO = encoder.encode("kms-sim backing key");
const ID_LABEL = encoder.encode("kms-sim key material id");

/** Fresh seeds for a new key, from the random source (moved into the KMS's secret arena). */
export function newSeeds(ctx: KmsContext): SecretBytes {
  return ctx.secrets.adopt(ctx.random(SEEDS_BYTES));
}

/** Writes `value` as 4 big-endian bytes at the end of `out`. */
function endWithUint32be(out: Uint8Array, value: number): void {
  const at = out.length - 4;
  out[at] = value >>> 24;
  out[at + 1] = (value >>> 16) & 255;
  out[at + 2] = (value >>> 8) & 255;
  out[at + 3] = value & 255;
}

function requireSeeds(key: KmsKey): Uint8Array {
  if (key.seeds === null) throw new Error(`invariant: ${key.arn} has a derived version but no seeds`);
  return key.seeds.reveal(SECRET_ACCESS);
}

/** The KeyMaterialId of version `index + 1` of `key`. */
export function materialId(ctx: KmsContext, key: KmsKey, index: number): string {
  const explicit = key.history.explicit(index);
  if (explicit) return explicit.id;
  const history = key.history;
  // The latest id asked for is kept: a rotation event names the previous version, which the
  // event before it named as current; DescribeKey asks for the current one again and again.
  if (history.idCacheIndex === index) return history.idCache;
  const idSeed = requireSeeds(key).subarray(ROOT_BYTES);
  let id: string;
  if (index === 0) {
    id = toHex(idSeed);
  } else {
    const input = new Uint8Array(ID_LABEL.length + idSeed.length + 4);
    input.set(ID_LABEL);
    input.set(idSeed, ID_LABEL.length);
    endWithUint32be(input, index + 1);
    id = toHex(ctx.crypto.sha256(input));
  }
  history.idCacheIndex = index;
  history.idCache = id;
  return id;
}

/**
 * The secret of version `index + 1`, or null when it is absent (imported material deleted or
 * expired). A derived secret is a fresh array the caller must wipe; an explicit one is a view into
 * the arena the caller must not change.
 */
function materialSecret(ctx: KmsContext, key: KmsKey, index: number): { bytes: Uint8Array; derived: boolean } | null {
  const explicit = key.history.explicit(index);
  if (explicit) return explicit.secret === null ? null : { bytes: explicit.secret.reveal(SECRET_ACCESS), derived: false };
  const root = requireSeeds(key).subarray(0, ROOT_BYTES);
  const info = new Uint8Array(SECRET_INFO.length + 5);
  info.set(SECRET_INFO);
  endWithUint32be(info.subarray(0, info.length - 1), index + 1);
  info[info.length - 1] = 1; // HKDF-Expand's block counter: T(1) = HMAC(PRK, info || 0x01)
  return { bytes: ctx.crypto.hmacSha256(root, info), derived: true };
}

/** True when version `index + 1` exists and its secret is present (can encrypt and decrypt). */
export function hasSecret(key: KmsKey, index: number): boolean {
  if (index < 0 || index >= key.history.length) return false;
  const explicit = key.history.explicit(index);
  return explicit === undefined ? key.seeds !== null : explicit.secret !== null;
}

/** The per-KMS cache of sealing keys, least recently used first. */
export type SealingCache = Map<string, SealingKey>;

/**
 * The sealing key of version `index + 1`, or undefined when the version does not exist or its
 * secret is absent. Built once per version in use and cached.
 */
export function sealingKey(ctx: KmsContext, key: KmsKey, index: number): SealingKey | undefined {
  if (!hasSecret(key, index)) return undefined;
  const cacheKey = `${key.keyId}/${index}`;
  const cache = ctx.sealingKeys;
  const cached = cache.get(cacheKey);
  // An explicit version's bytes can change under the same index (pending imported material
  // deleted, other material imported): the id says whether the cached key is still this one.
  if (cached && (cached.materialId === key.history.explicit(index)?.id || key.history.explicit(index) === undefined)) {
    // Move to the young end; a map keeps insertion order, so the first entry is the oldest.
    cache.delete(cacheKey);
    cache.set(cacheKey, cached);
    return cached;
  }
  const secret = materialSecret(ctx, key, index);
  if (secret === null) return undefined;
  const mac = ctx.crypto.hmacSha256Keyed(secret.bytes);
  if (secret.derived) secret.bytes.fill(0);
  const multiRegion = key.keyId.startsWith("mrk-");
  const made: SealingKey = {
    keyIdForm: multiRegion ? KeyIdForm.MULTI_REGION : KeyIdForm.UUID,
    keyId: multiRegion ? fromHex(key.keyId.slice(4)) : keyIdToBytes(key.keyId),
    version: index + 1,
    materialId: materialId(ctx, key, index),
    mac,
  };
  if (cache.size >= SEALING_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(cacheKey, made);
  return made;
}

/**
 * The index of the explicit version of `key` whose KeyMaterialId is `id`, or -1. Only explicit
 * versions are searched: format-1 ciphertexts (which name material by id) were made by versions
 * that a format-1 snapshot carries over explicitly, and imported material is always explicit.
 */
export function findExplicitVersion(key: KmsKey, id: string): number {
  for (const [index, material] of key.history.explicitEntries()) if (material.id === id) return index;
  return -1;
}

/** A read-only view of version `index + 1` (for listings, events and mappers). */
export function materialView(ctx: KmsContext, key: KmsKey, index: number): KeyMaterial {
  const explicit = key.history.explicit(index);
  return {
    id: materialId(ctx, key, index),
    version: index + 1,
    createdAt: key.history.createdAt(index),
    rotationType: rotationTypeOf(key.history.kind(index)),
    import: explicit?.import ?? null,
  };
}
