/**
 * The private material of asymmetric and HMAC KMS keys, loaded for the operations that use it.
 * Nothing is made at CreateKey (it stays instant, and the state holds only the key's 64 bytes of
 * seeds); the first operation that needs a key loads it, and a bounded cache per KMS keeps it:
 *
 * - ECC, Ed25519, ML-DSA and HMAC keys of origin AWS_KMS: derived from the key's 32-byte root
 *   (crypto/key-material.ts), the same root always giving the same key. Nothing is stored.
 * - RSA keys of origin AWS_KMS: the pair is made at first use (by the platform, or from the root
 *   with `rsaKeyGeneration: "seeded"`) and then stored with the key as its one explicit material
 *   (history version 1, no import details), through the store, so the operation's change record
 *   and every later snapshot carry it. Stored even when seeded: restoring a state then never
 *   depends on the option it is restored with, nor spends seconds re-deriving each RSA key.
 * - Keys of origin EXTERNAL: the imported material, stored the same way with its import details.
 */
import { KeyCache } from "../crypto/key-cache.js";
import { deriveKeyMaterial } from "../crypto/key-material.js";
import { loadKey, type LoadedKey, type SignOptions } from "../crypto/loaded-key.js";
import { keyFamilyOf } from "../model/algorithms.js";
import { toHex } from "../model/identifiers.js";
import { VersionKind } from "../model/key-history.js";
import type { KmsKey } from "../model/key.js";
import { SECRET_ACCESS } from "../model/secret-bytes.js";
import type { KmsContext } from "./context.js";
import { newSeeds } from "./materials.js";

/** Loaded keys kept per KMS (least recently used out): loading RSA keys is what is expensive. */
export const LOADED_KEY_CACHE_SIZE = 1024;

/** Bytes of the root at the start of a key's seeds (service/materials.ts). */
const ROOT_BYTES = 32;

/** One cached key. */
export interface LoadedKeyEntry {
  readonly key: LoadedKey;
  /** An RSA pair (PKCS #8) made at first use and not stored with its KMS key yet, else undefined. */
  unstoredPair: Uint8Array | undefined;
}

/** A fresh cache of loaded keys for one KMS. */
export function newLoadedKeyCache(): KeyCache<LoadedKeyEntry> {
  return new KeyCache<LoadedKeyEntry>(LOADED_KEY_CACHE_SIZE);
}

/** The stored material of `key` (imported, or an RSA pair made earlier), a view into the arena. */
function storedMaterial(key: KmsKey): Uint8Array | undefined {
  if (key.history.length === 0) return undefined;
  return key.history.explicit(0)?.secret?.reveal(SECRET_ACCESS);
}

async function loadEntry(ctx: KmsContext, key: KmsKey): Promise<LoadedKeyEntry> {
  const stored = storedMaterial(key);
  // loadKey copies what it keeps: the arena's bytes are never handed out.
  if (stored) return { key: await loadKey(ctx.keyTypes, key.keySpec, stored), unstoredPair: undefined };
  if (key.seeds === null) throw new Error(`invariant: ${key.arn} has no key material to load`);
  const root = key.seeds.reveal(SECRET_ACCESS).subarray(0, ROOT_BYTES);
  const material = await deriveKeyMaterial(ctx.keyTypes, ctx.crypto.hmacSha256Keyed(root), key.keySpec, {
    rsa: ctx.settings.rsaKeyGeneration,
  });
  const loaded = await loadKey(ctx.keyTypes, key.keySpec, material.privateMaterial);
  if (keyFamilyOf(key.keySpec) === "RSA") return { key: loaded, unstoredPair: material.privateMaterial };
  material.privateMaterial.fill(0);
  return { key: loaded, unstoredPair: undefined };
}

/**
 * `key`, with seeds. Only asymmetric and HMAC keys of kms-sim 0.1 (format-1 snapshots) lack them:
 * 0.1 made no material for these keys, so a migrated one gets its seeds at its first use, drawn
 * from the random source and stored then (migration itself draws nothing).
 */
function withSeeds(ctx: KmsContext, key: KmsKey): KmsKey {
  if (key.seeds !== null || key.origin !== "AWS_KMS" || key.history.length > 0) return key;
  const seeded = { ...key, seeds: newSeeds(ctx) };
  ctx.store.putKey(seeded);
  return seeded;
}

/**
 * Stores an RSA pair made at first use as the key's one material, unless the key meanwhile got one
 * (a concurrent first use stored its own) or is gone. The pair's bytes move into the arena.
 */
function storePair(ctx: KmsContext, keyId: string, entry: LoadedKeyEntry, at: number): void {
  const pair = entry.unstoredPair as Uint8Array;
  entry.unstoredPair = undefined;
  const current = ctx.store.getKey(keyId);
  if (current === undefined || current.seeds === null || current.history.length > 0) {
    pair.fill(0);
    return;
  }
  // The id version 1 of a derived history would have (materials.ts); it is never shown for RSA keys.
  const id = toHex(current.seeds.reveal(SECRET_ACCESS).subarray(ROOT_BYTES));
  ctx.store.editHistory(current, 0, (history) =>
    history.append(at, VersionKind.ORIGINAL, { id, secret: ctx.secrets.adopt(pair), import: null }),
  );
}

/**
 * Runs `work` with the loaded private key of an asymmetric or HMAC key whose state and usage the
 * caller checked. An RSA pair made at this first use is stored with the key when `work` succeeds;
 * when it throws (a signature that does not verify, a dry run) nothing changes, and the pair waits
 * in the cache for the first use that succeeds, which stores that same pair. No operation shows
 * anything of a pair before it is stored.
 * @param at the operation's instant (when a stored pair was made).
 */
export async function withLoadedKey<T>(ctx: KmsContext, key: KmsKey, at: number, work: (loaded: LoadedKey) => T | Promise<T>): Promise<T> {
  const entry = await ctx.loadedKeys.get(key.keyId, () => loadEntry(ctx, withSeeds(ctx, key)));
  const result = await work(entry.key);
  if (entry.unstoredPair !== undefined) storePair(ctx, key.keyId, entry, at);
  return result;
}

/** Sign's options: hedged with the random source when the KMS asks for AWS-like randomized signatures. */
export function signOptionsOf(ctx: KmsContext): SignOptions {
  return ctx.settings.randomizedSignatures ? { random: ctx.random } : {};
}
