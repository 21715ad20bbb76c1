/**
 * A calendar queue of scheduled items: one bucket per day, a small heap of the days that have
 * buckets. Each item is in the queue at most once and knows where (its bucket and position), so
 * rescheduling removes the old place at once and nothing stale piles up; the items are the callers'
 * own long-lived objects (the store's per-key entries), so a rotation allocates nothing here.
 *
 * Pushing is O(1) (an append to the day's bucket) and popping O(1) amortized (a bucket is sorted
 * once, when it becomes the front, and usually is already in order: the items of one day are
 * pushed in the order the previous ones were applied). A binary heap of every item cost
 * O(log n) per rotation with a cache miss per level; here the queue's own work per rotation does
 * not grow with the number of keys (what still grows is reading the keys themselves from memory:
 * docs/simulation.md).
 */
import { DAY_MS } from "./schedule.js";

/** What the queue needs of an item: when it is due, its rank among same-instant kinds, its key's creation order. */
export interface Scheduled {
  /** Epoch ms. */
  dueAt: number;
  /** Order among kinds due at the same instant (see due-event.ts). */
  dueRank: number;
  /** Creation order of the item's key: the last tie-breaker. */
  readonly seq: number;
  /** The queue's bookkeeping: the item's day bucket (NaN when not queued) and position in it. */
  queueDay: number;
  queueIndex: number;
}

/** The order of due items: earlier first; at the same instant by kind rank, then by key creation order. */
export function compareScheduled(a: Scheduled, b: Scheduled): number {
  return a.dueAt - b.dueAt || a.dueRank - b.dueRank || a.seq - b.seq;
}

/** A min-heap of day numbers (there are few: one per day that has something due). */
class DayHeap {
  readonly #days: number[] = [];

  push(day: number): void {
    const days = this.#days;
    let i = days.length;
    days.push(day);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = days[parent] as number;
      if (p <= day) break;
      days[i] = p;
      i = parent;
    }
    days[i] = day;
  }

  pop(): number | undefined {
    const days = this.#days;
    const top = days[0];
    const last = days.pop();
    if (top === undefined || last === undefined || days.length === 0) return top;
    let i = 0;
    const n = days.length;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && (days[right] as number) < (days[left] as number) ? right : left;
      const c = days[child] as number;
      if (last <= c) break;
      days[i] = c;
      i = child;
    }
    days[i] = last;
    return top;
  }
}

/** A priority queue of scheduled items in {@link compareScheduled} order. */
export class DueQueue<T extends Scheduled> {
  readonly #buckets = new Map<number, T[]>();
  /** Days with a bucket; a day may appear twice or outlive its bucket (skipped when popped). */
  readonly #days = new DayHeap();
  /** The sorted bucket being consumed, its day, and the position of its next item. */
  #front: T[] | null = null;
  #frontDay = Number.NaN;
  #frontAt = 0;
  #size = 0;

  /** Items in the queue. */
  get size(): number {
    return this.#size;
  }

  /** The bucket pushed to last and its day: pushes come in runs to the same day. */
  #lastBucket: T[] | null = null;
  #lastDay = Number.NaN;

  /** Queues `item` (not already queued) at its `dueAt`. */
  push(item: T): void {
    this.#size += 1;
    const day = Math.floor(item.dueAt / DAY_MS);
    const front = this.#front;
    if (front !== null && day <= this.#frontDay) {
      if (day === this.#frontDay) return this.#insertIntoFront(front, item);
      this.#shelveFront();
    }
    let bucket = day === this.#lastDay ? this.#lastBucket : this.#buckets.get(day);
    if (bucket === undefined || bucket === null) {
      this.#buckets.set(day, (bucket = []));
      this.#days.push(day);
    }
    this.#lastBucket = bucket;
    this.#lastDay = day;
    item.queueDay = day;
    item.queueIndex = bucket.length;
    bucket.push(item);
  }

  /** Takes `item` out of the queue, if it is in it. */
  remove(item: T): void {
    const day = item.queueDay;
    if (Number.isNaN(day)) return;
    this.#size -= 1;
    item.queueDay = Number.NaN;
    const bucket = this.#buckets.get(day) as T[];
    if (bucket === this.#front) {
      bucket.splice(item.queueIndex, 1);
      reindex(bucket, item.queueIndex);
      return;
    }
    const last = bucket.pop() as T;
    if (last !== item) {
      bucket[item.queueIndex] = last;
      last.queueIndex = item.queueIndex;
    }
    if (bucket.length === 0) this.#dropBucket(day);
  }

  #dropBucket(day: number): void {
    this.#buckets.delete(day);
    if (day === this.#lastDay) {
      this.#lastBucket = null;
      this.#lastDay = Number.NaN;
    }
  }

  /** Takes the first item if it is due at or before `at`. */
  popDue(at: number): T | undefined {
    const front = this.#openFront();
    if (front === null) return undefined;
    const item = front[this.#frontAt] as T;
    if (item.dueAt > at) return undefined;
    this.#frontAt += 1;
    this.#size -= 1;
    item.queueDay = Number.NaN;
    return item;
  }

  peek(): T | undefined {
    const front = this.#openFront();
    return front === null ? undefined : front[this.#frontAt];
  }

  pop(): T | undefined {
    const front = this.#openFront();
    if (front === null) return undefined;
    const item = front[this.#frontAt] as T;
    this.#frontAt += 1;
    this.#size -= 1;
    item.queueDay = Number.NaN;
    return item;
  }

  /** The front bucket with at least one item left, opening (sorting) the next day's if needed. */
  #openFront(): T[] | null {
    const current = this.#front;
    if (current !== null && this.#frontAt < current.length) return current;
    if (current !== null) {
      this.#dropBucket(this.#frontDay);
      this.#front = null;
      this.#frontDay = Number.NaN;
    }
    for (let day = this.#days.pop(); day !== undefined; day = this.#days.pop()) {
      const bucket = this.#buckets.get(day);
      if (bucket === undefined || bucket.length === 0) continue;
      if (day === this.#lastDay) {
        // The front is never pushed to as a plain bucket (pushes insert in order instead).
        this.#lastBucket = null;
        this.#lastDay = Number.NaN;
      }
      // Positions are kept right by push and remove; only a sort moves items.
      if (!isSorted(bucket)) {
        bucket.sort(compareScheduled);
        reindex(bucket, 0);
      }
      this.#front = bucket;
      this.#frontDay = day;
      this.#frontAt = 0;
      return bucket;
    }
    return null;
  }

  /** Inserts into the unconsumed, sorted part of the front bucket. */
  #insertIntoFront(front: T[], item: T): void {
    let low = this.#frontAt;
    let high = front.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (compareScheduled(front[mid] as T, item) <= 0) low = mid + 1;
      else high = mid;
    }
    item.queueDay = this.#frontDay;
    front.splice(low, 0, item);
    reindex(front, low);
  }

  /** Puts the front bucket back among the others (an item arrived for an earlier day). */
  #shelveFront(): void {
    const front = this.#front as T[];
    front.splice(0, this.#frontAt);
    reindex(front, 0);
    if (front.length === 0) this.#dropBucket(this.#frontDay);
    else this.#days.push(this.#frontDay);
    this.#front = null;
    this.#frontDay = Number.NaN;
    this.#frontAt = 0;
  }
}

/** True when `bucket` is already in order (the usual case: one check instead of a sort). */
function isSorted<T extends Scheduled>(bucket: T[]): boolean {
  for (let i = 1; i < bucket.length; i++) if (compareScheduled(bucket[i - 1] as T, bucket[i] as T) > 0) return false;
  return true;
}

/** Sets `queueIndex` of `bucket`'s items from `from` on to their positions. */
function reindex<T extends Scheduled>(bucket: T[], from: number): void {
  for (let i = from; i < bucket.length; i++) (bucket[i] as T).queueIndex = i;
}
