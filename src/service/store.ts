/**
 * The in-memory state of one simulated KMS: keys, aliases, the index from key-material id to
 * material, and the queue of what is due next. Only the service mutates it, and only after every
 * check of an operation has passed, so a call that throws leaves it as it was.
 */
import type { KmsAlias } from "../model/alias.js";
import type { KeyMaterial } from "../model/key-material.js";
import type { KmsKey } from "../model/key.js";
import { DueQueue, nextDue, type DueEvent } from "../rotation/index.js";

/** Where a key material lives: its key and its position among the key's materials. */
export interface MaterialLocation {
  readonly keyId: string;
  readonly index: number;
}

/** The mutable state of one KMS. */
export class Store {
  /** Keys by id, in creation order. */
  readonly keys = new Map<string, KmsKey>();
  /** Aliases by name, in creation order. */
  readonly aliases = new Map<string, KmsAlias>();
  /** Every key material by id: decrypt finds a ciphertext's material in one lookup. */
  readonly materials = new Map<string, MaterialLocation>();
  readonly #queue = new DueQueue();
  /** The due event each key is queued under; older queue entries for the key are stale. */
  readonly #queued = new Map<string, DueEvent>();
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
      this.materials.set(material.id, { keyId: key.keyId, index });
    }
    this.#schedule(key);
  }

  /** Removes a key, its materials and every alias that points at it. */
  deleteKey(keyId: string): void {
    const key = this.keys.get(keyId);
    if (!key) return;
    for (const material of key.materials) this.materials.delete(material.id);
    for (const [name, alias] of this.aliases) if (alias.targetKeyId === keyId) this.aliases.delete(name);
    this.keys.delete(keyId);
    this.deletedKeyIds.add(keyId);
    this.#queued.delete(keyId);
  }

  /** The key and material a material id names, if both still exist. */
  findMaterial(materialId: string): { key: KmsKey; material: KeyMaterial } | undefined {
    const location = this.materials.get(materialId);
    if (!location) return undefined;
    const key = this.keys.get(location.keyId);
    const material = key?.materials[location.index];
    return key && material ? { key, material } : undefined;
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
