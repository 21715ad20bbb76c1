/**
 * A calendar queue of due events: one bucket per day, a small heap of the days that have buckets.
 * Pushing is O(1) (an append to the day's bucket) and popping is O(1) amortized (a bucket is sorted
 * once, when it becomes the front, and usually is already in order: the events of one day are
 * pushed in the order the previous ones were applied). A binary heap of every event costs
 * O(log n) per rotation, with a cache miss per level: at a million keys that doubled the cost of a
 * rotation (docs/simulation.md).
 */
import { compareDue, type DueEvent } from "./due-event.js";

const DAY_MS = 86_400_000;

/** A min-heap of day numbers (there are few: one per day that has something due). */
class DayHeap {
  readonly #days: number[] = [];

  get size(): number {
    return this.#days.length;
  }

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

/** A priority queue of due events in {@link compareDue} order. */
export class DueQueue<T extends DueEvent = DueEvent> {
  readonly #buckets = new Map<number, T[]>();
  readonly #days = new DayHeap();
  /** The sorted bucket being consumed, its day, and the position of its next event. */
  #front: T[] | null = null;
  #frontDay = 0;
  #frontAt = 0;
  #size = 0;

  /** Events in the queue. */
  get size(): number {
    return this.#size;
  }

  push(event: T): void {
    this.#size += 1;
    const day = Math.floor(event.at / DAY_MS);
    const front = this.#front;
    if (front !== null) {
      if (day === this.#frontDay) return this.#insertSorted(front, event);
      if (day < this.#frontDay) this.#shelveFront();
    }
    let bucket = this.#buckets.get(day);
    if (bucket === undefined) {
      this.#buckets.set(day, (bucket = []));
      this.#days.push(day);
    }
    bucket.push(event);
  }

  peek(): T | undefined {
    const front = this.#openFront();
    return front === null ? undefined : front[this.#frontAt];
  }

  pop(): T | undefined {
    const front = this.#openFront();
    if (front === null) return undefined;
    const event = front[this.#frontAt] as T;
    this.#frontAt += 1;
    this.#size -= 1;
    return event;
  }

  /** The front bucket with at least one event left, opening (sorting) the next day's if needed. */
  #openFront(): T[] | null {
    let front = this.#front;
    if (front !== null && this.#frontAt < front.length) return front;
    if (front !== null) {
      this.#buckets.delete(this.#frontDay);
      this.#front = null;
    }
    for (let day = this.#days.pop(); day !== undefined; day = this.#days.pop()) {
      front = this.#buckets.get(day) as T[];
      if (front.length === 0) {
        this.#buckets.delete(day);
        continue;
      }
      front.sort(compareDue);
      this.#front = front;
      this.#frontDay = day;
      this.#frontAt = 0;
      return front;
    }
    return null;
  }

  /** Inserts into the unconsumed, sorted part of the front bucket. */
  #insertSorted(front: T[], event: T): void {
    let low = this.#frontAt;
    let high = front.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (compareDue(front[mid] as T, event) <= 0) low = mid + 1;
      else high = mid;
    }
    if (low === front.length) front.push(event);
    else front.splice(low, 0, event);
  }

  /** Puts the front bucket back among the others (an event arrived for an earlier day). */
  #shelveFront(): void {
    const front = this.#front as T[];
    front.splice(0, this.#frontAt);
    if (front.length === 0) this.#buckets.delete(this.#frontDay);
    else this.#days.push(this.#frontDay);
    this.#front = null;
    this.#frontAt = 0;
  }
}
