/**
 * A key's backing-key history, held compactly: a simulation retains millions of versions, and a
 * rotation must cost a few words of memory and no copying. Per version the history keeps only when
 * it became current and how (two numbers in one growable array); its id and secret are derived on
 * demand from the key's seeds (see service/materials.ts). Versions whose id and secret cannot be
 * derived — imported material, and material carried over from format-1 snapshots — are stored
 * explicitly beside the compact part.
 *
 * A history is mutable and append-only (imported material may also change state), and only the
 * store mutates it, after every check of an operation has passed. Forks share histories: the
 * owner token says which store may write in place; any other store clones first (copy on write).
 */
import type { ImportDetails } from "./key-material.js";
import type { SecretBytes } from "./secret-bytes.js";
import type { RotationType } from "./shapes.js";

/** How a version came to be: the key's original material, or a rotation of either type. */
export const VersionKind = { ORIGINAL: 0, AUTOMATIC: 1, ON_DEMAND: 2 } as const;
export type VersionKind = (typeof VersionKind)[keyof typeof VersionKind];

/** The rotation type a version kind reports (null for the original material). */
export function rotationTypeOf(kind: VersionKind): RotationType | null {
  return kind === VersionKind.AUTOMATIC ? "AUTOMATIC" : kind === VersionKind.ON_DEMAND ? "ON_DEMAND" : null;
}

/** The version kind of a rotation type. */
export function versionKindOf(type: RotationType | null): VersionKind {
  return type === "AUTOMATIC" ? VersionKind.AUTOMATIC : type === "ON_DEMAND" ? VersionKind.ON_DEMAND : VersionKind.ORIGINAL;
}

/** A version whose id and secret are stored rather than derived. */
export interface ExplicitMaterial {
  /** 64 lowercase hex characters. */
  readonly id: string;
  /** The 256-bit secret, or null while imported material is absent (deleted or expired). */
  readonly secret: SecretBytes | null;
  /** Present for imported material only. */
  readonly import: ImportDetails | null;
}

/** The compact history of one key's backing keys. */
export class KeyHistory {
  /** Interleaved per version: [createdAt epoch ms, VersionKind, createdAt, kind, ...]. */
  #entries: number[];
  /** Explicit versions by index, or null when every version is derived (the common case). */
  #explicit: Map<number, ExplicitMaterial> | null;
  #current: number;
  /** The store allowed to mutate this history in place (see the file comment). */
  owner: object;
  /**
   * The derived KeyMaterialId last computed for this history, and its version index (-1: none):
   * a cache for service/materials.ts (ids never change once derived).
   */
  idCacheIndex = -1;
  idCache = "";

  constructor(owner: object, entries: number[] = [], current = -1, explicit: Map<number, ExplicitMaterial> | null = null) {
    this.owner = owner;
    this.#entries = entries;
    this.#current = current;
    this.#explicit = explicit !== null && explicit.size > 0 ? explicit : null;
  }

  /** Number of versions (index = version - 1). */
  get length(): number {
    return this.#entries.length >> 1;
  }

  /** Index of the current version, or -1 when the key has none yet. */
  get current(): number {
    return this.#current;
  }

  /** Epoch ms when version `index` was made (for rotations: its RotationDate). */
  createdAt(index: number): number {
    return this.#entries[2 * index] as number;
  }

  /** How version `index` came to be. */
  kind(index: number): VersionKind {
    return this.#entries[2 * index + 1] as VersionKind;
  }

  /** The explicit material at `index`, if that version is explicit. */
  explicit(index: number): ExplicitMaterial | undefined {
    return this.#explicit?.get(index);
  }

  /** True when some version is explicit (imported or carried over). */
  get hasExplicit(): boolean {
    return this.#explicit !== null;
  }

  /** Explicit versions, by index, in index order. */
  *explicitEntries(): IterableIterator<[number, ExplicitMaterial]> {
    if (this.#explicit === null) return;
    const indexes = [...this.#explicit.keys()].sort((a, b) => a - b);
    for (const index of indexes) yield [index, this.#explicit.get(index) as ExplicitMaterial];
  }

  /** Appends a version; `makeCurrent` (the default) makes it the current one. */
  append(createdAt: number, kind: VersionKind, explicit?: ExplicitMaterial, makeCurrent = true): number {
    const index = this.length;
    this.#entries.push(createdAt, kind);
    if (explicit !== undefined) this.setExplicit(index, explicit);
    if (makeCurrent) this.#current = index;
    return index;
  }

  /** Replaces the explicit material of an existing version. */
  setExplicit(index: number, material: ExplicitMaterial): void {
    if (this.#explicit === null) this.#explicit = new Map();
    this.#explicit.set(index, material);
  }

  /** Changes when and how an existing version became current (a pending import that rotates in). */
  setMade(index: number, createdAt: number, kind: VersionKind): void {
    this.#entries[2 * index] = createdAt;
    this.#entries[2 * index + 1] = kind;
  }

  /** Makes version `index` current. */
  setCurrent(index: number): void {
    this.#current = index;
  }

  /** Drops versions from `length` on (only material that never became part of the key). */
  truncate(length: number): void {
    this.#entries.length = 2 * length;
    if (this.#explicit !== null) {
      for (const index of [...this.#explicit.keys()]) if (index >= length) this.#explicit.delete(index);
      if (this.#explicit.size === 0) this.#explicit = null;
    }
    if (this.#current >= length) this.#current = -1;
  }

  /** An independent copy owned by `owner` (copy on write for forks; pure updates of imported keys). */
  clone(owner: object): KeyHistory {
    return new KeyHistory(owner, [...this.#entries], this.#current, this.#explicit === null ? null : new Map(this.#explicit));
  }

  /** The compact part from version index `from` on: [createdAt, kind, ...]. */
  entriesFrom(from: number): number[] {
    return this.#entries.slice(2 * from);
  }
}
