/**
 * A binary min-heap of due events ordered by instant, then kind, then key creation order, so that
 * events at the same instant always come out in the same order (determinism across runs).
 */
import type { DueEvent } from "./due.js";

/** Orders due events: earlier first; at the same instant by kind rank, then by key creation order. */
export function compareDue(a: DueEvent, b: DueEvent): number {
  return a.at - b.at || KIND_RANK[a.kind] - KIND_RANK[b.kind] || a.seq - b.seq;
}

const KIND_RANK: Readonly<Record<DueEvent["kind"], number>> = {
  OnDemandRotationCompletion: 0,
  AutomaticRotation: 1,
  ImportedMaterialExpiration: 2,
  KeyDeletion: 3,
};

/** A min-heap of due events. */
export class DueQueue {
  readonly #heap: DueEvent[] = [];

  get size(): number {
    return this.#heap.length;
  }

  peek(): DueEvent | undefined {
    return this.#heap[0];
  }

  push(event: DueEvent): void {
    const heap = this.#heap;
    heap.push(event);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as DueEvent;
      if (compareDue(p, event) <= 0) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = event;
  }

  pop(): DueEvent | undefined {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    let i = 0;
    const n = heap.length;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n && compareDue(heap[right] as DueEvent, heap[left] as DueEvent) < 0) child = right;
      const c = heap[child] as DueEvent;
      if (compareDue(last, c) <= 0) break;
      heap[i] = c;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}
