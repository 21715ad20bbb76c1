/**
 * Loaded keys by material, least recently used first out. Loading an RSA key costs WebCrypto
 * imports, and deriving one reproducibly costs seconds, so the service keeps the promise of each
 * key it uses: concurrent first uses share one load, and a failed load is forgotten (the next use
 * tries again) rather than cached.
 */
export class KeyCache<T> {
  readonly #entries = new Map<string, Promise<T>>();

  /** @param capacity keys kept before the least recently used one is dropped (default 1024). */
  constructor(readonly capacity = 1024) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError("capacity must be a positive integer");
  }

  /** The value for `id`, loading it with `load` on first use. */
  get(id: string, load: () => Promise<T>): Promise<T> {
    let entry = this.#entries.get(id);
    if (entry) {
      // Map keeps insertion order: re-inserting marks the entry most recently used.
      this.#entries.delete(id);
    } else {
      entry = load();
      entry.catch(() => {
        if (this.#entries.get(id) === entry) this.#entries.delete(id);
      });
    }
    this.#entries.set(id, entry);
    if (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value as string);
    return entry;
  }

  /** Forgets `id` (its material was deleted). */
  delete(id: string): void {
    this.#entries.delete(id);
  }

  /** Number of keys held. */
  get size(): number {
    return this.#entries.size;
  }
}
