/**
 * Items in ascending `seq` order with O(log n) seek, for the List operations: a page that starts at
 * a marker costs its own size, not the size of everything before it (a console or CI suite pages
 * through tens of thousands of keys). Removal leaves a hole that is compacted away once holes are
 * half the array.
 */

/** An item with a stable, unique creation order. */
export interface Sequenced {
  readonly seq: number;
}

export class OrderedIndex<T extends Sequenced> {
  #items: (T | null)[] = [];
  #holes = 0;

  /** Adds an item whose seq is above every seq added before. */
  add(item: T): void {
    const last = this.#items[this.#items.length - 1];
    if (last && last.seq >= item.seq) {
      // Out of order (a replayed record re-creating something): insert in place.
      const at = this.#seek(item.seq);
      if (this.#items[at]?.seq === item.seq) this.#items[at] = item;
      else this.#items.splice(at, 0, item);
      return;
    }
    this.#items.push(item);
  }

  /** Replaces the item with the same seq (an updated record). */
  replace(item: T): void {
    const at = this.#find(item.seq);
    if (this.#items[at]?.seq === item.seq) this.#items[at] = item;
    else this.add(item);
  }

  /** Removes the item with this seq, if present. */
  remove(seq: number): void {
    const at = this.#find(seq);
    if (this.#items[at]?.seq !== seq) return;
    this.#items[at] = null;
    this.#holes += 1;
    if (this.#holes * 2 > this.#items.length) {
      this.#items = this.#items.filter((item) => item !== null);
      this.#holes = 0;
    }
  }

  /** Up to `count` items with seq >= `from`, in order, filtered by `keep`. */
  from(from: number, count: number, keep?: (item: T) => boolean): T[] {
    const out: T[] = [];
    for (let i = this.#seek(from); i < this.#items.length && out.length < count; i++) {
      const item = this.#items[i];
      if (item !== null && item !== undefined && (keep === undefined || keep(item))) out.push(item);
    }
    return out;
  }

  /** Index of the first item (not hole) with seq >= `seq`. */
  #find(seq: number): number {
    let at = this.#seek(seq);
    while (this.#items[at] === null) at++;
    return at;
  }

  /** Index of the first slot whose item has seq >= `seq` (holes keep no seq: search around them). */
  #seek(seq: number): number {
    const items = this.#items;
    let low = 0;
    let high = items.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      let probe = mid;
      while (probe < high && items[probe] === null) probe++;
      if (probe === high) {
        high = mid;
        continue;
      }
      if ((items[probe] as T).seq < seq) low = probe + 1;
      else high = mid;
    }
    return low;
  }
}
