/**
 * The in-memory state of one simulated KMS: keys, aliases, the index from key-material id to
 * material, and the queue of what is due next. Only the service mutates it, and only after every
 * check of an operation has passed, so a call that throws leaves it as it was.
 */
import type { KmsAlias } from "../model/alias.js";
import type { KeyMaterial } from "../model/key-material.js";
import type { KmsKey } from "../model/key.js";
import type { ModelledWrappingAlgorithm, ModelledWrappingKeySpec } from "../crypto/import-wrapping.js";
import type { SecretBytes } from "../model/secret-bytes.js";
import { DueQueue, nextDue, type DueEvent } from "../rotation/index.js";

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

/** The mutable state of one KMS. */
export class Store {
  /** Keys by id, in creation order. */
  readonly keys = new Map<string, KmsKey>();
  /** Aliases by name, in creation order. Change them only through putAlias and removeAlias. */
  readonly aliases = new Map<string, KmsAlias>();
  /**
   * Alias names by target key: the alias quota check and key deletion find a key's aliases without
   * scanning every alias (simulations hold millions of keys and aliases).
   */
  readonly #aliasesByKey = new Map<string, Set<string>>();
  /**
   * The position of every key material among its key's materials, by material id: with the key
   * id a ciphertext names, decrypt finds its material in one lookup. (A number, not a record:
   * simulations retain millions of materials.)
   */
  readonly materialIndex = new Map<string, number>();
  readonly #queue = new DueQueue();
  /** The due event each key is queued under; older queue entries for the key are stale. */
  readonly #queued = new Map<string, DueEvent>();
  /** Import tokens by their hex, until they expire. */
  readonly importParameters = new Map<string, ImportParameters>();
  /** Ids of keys deleted at the end of their waiting period: their ciphertexts get NotFoundException. */
  readonly deletedKeyIds = new Set<string>();
  keySeq = 0;
  aliasSeq = 0;
  /** The latest instant the model has been brought up to (epoch ms); time never goes back. */
  settledAt = Number.NEGATIVE_INFINITY;

  /** Stores `key` (new or updated) and indexes its materials and its next due event. */
  putKey(key: KmsKey): void {
    const previous = this.keys.get(key.keyId);
    this.keys.set(key.keyId, key);
    for (let index = previous?.materials.length ?? 0; index < key.materials.length; index++) {
      const material = key.materials[index] as KeyMaterial;
      this.materialIndex.set(material.id, index);
    }
    this.#schedule(key);
  }

  /** Removes a key, its materials and every alias that points at it. */
  deleteKey(keyId: string): void {
    const key = this.keys.get(keyId);
    if (!key) return;
    for (const material of key.materials) this.materialIndex.delete(material.id);
    for (const name of this.aliasNamesOf(keyId)) this.removeAlias(name);
    for (const [token, parameters] of this.importParameters) if (parameters.keyId === keyId) this.importParameters.delete(token);
    this.keys.delete(keyId);
    this.deletedKeyIds.add(keyId);
    this.#queued.delete(keyId);
  }

  /** Stores an alias (new, or re-pointed: it keeps its place in the listing order). */
  putAlias(alias: KmsAlias): void {
    const previous = this.aliases.get(alias.name);
    if (previous) this.#forget(previous);
    this.aliases.set(alias.name, alias);
    let names = this.#aliasesByKey.get(alias.targetKeyId);
    if (!names) this.#aliasesByKey.set(alias.targetKeyId, (names = new Set()));
    names.add(alias.name);
  }

  /** Removes an alias. */
  removeAlias(name: string): void {
    const alias = this.aliases.get(name);
    if (!alias) return;
    this.aliases.delete(name);
    this.#forget(alias);
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

  /** The material of `key` with id `materialId`, if the key has it. */
  findMaterial(key: KmsKey, materialId: string): KeyMaterial | undefined {
    const index = this.materialIndex.get(materialId);
    const material = index === undefined ? undefined : key.materials[index];
    return material?.id === materialId ? material : undefined;
  }

  /** The earliest due event at or before `at`, removed from the queue; stale entries are skipped. */
  takeDue(at: number): DueEvent | undefined {
    for (let due = this.#queue.peek(); due !== undefined && due.at <= at; due = this.#queue.peek()) {
      this.#queue.pop();
      if (this.#queued.get(due.keyId) === due) {
        this.#queued.delete(due.keyId);
        return due;
      }
    }
    return undefined;
  }

  #schedule(key: KmsKey): void {
    const due = nextDue(key);
    const queued = this.#queued.get(key.keyId);
    if (due && queued && due.at === queued.at && due.kind === queued.kind) return;
    if (due) {
      this.#queued.set(key.keyId, due);
      this.#queue.push(due);
    } else {
      this.#queued.delete(key.keyId);
    }
  }
}
