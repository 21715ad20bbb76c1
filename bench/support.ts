/** Small helpers shared by the benchmarks: timing, heap readings and table printing. */

export const nowMs = (): number => performance.now();

/** Runs `fn` until at least `minMs` have passed; returns the mean ms per call. */
export function timePerCall(fn: () => void, minMs = 300): number {
  for (let i = 0; i < 3; i++) fn();
  let calls = 0;
  const start = nowMs();
  let elapsed = 0;
  while (elapsed < minMs) {
    fn();
    calls++;
    elapsed = nowMs() - start;
  }
  return elapsed / calls;
}

/** Async variant of {@link timePerCall}. */
export async function timePerCallAsync(fn: () => Promise<unknown>, minMs = 300): Promise<number> {
  for (let i = 0; i < 3; i++) await fn();
  let calls = 0;
  const start = nowMs();
  let elapsed = 0;
  while (elapsed < minMs) {
    await fn();
    calls++;
    elapsed = nowMs() - start;
  }
  return elapsed / calls;
}

/** Heap in use after a full collection (needs node --expose-gc). */
export function settledHeap(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
  return process.memoryUsage().heapUsed;
}

export function printTable(title: string, rows: Record<string, string | number>[]): void {
  console.log(`\n## ${title}`);
  console.table(rows);
}

export const fmt = (n: number, digits = 2): string => n.toFixed(digits);
