/** Small helpers shared by the benchmarks: timing, heap readings and table printing. */

export const nowMs = (): number => performance.now();

/**
 * Runs `fn` for a warm-up period (so the JIT has optimised it), then until at least `minMs` have
 * passed; returns the mean ms per call.
 */
export function timePerCall(fn: () => void, minMs = 300): number {
  const warmUntil = nowMs() + minMs / 2;
  for (let i = 0; i < 3 || nowMs() < warmUntil; i++) fn();
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
  const warmUntil = nowMs() + minMs / 2;
  for (let i = 0; i < 3 || nowMs() < warmUntil; i++) await fn();
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

/**
 * Times several functions in interleaved rounds and returns each one's median ms per call. On a
 * noisy machine drift hits all of them alike, so their ratios hold even when absolute times move.
 */
export async function interleaved(
  fns: Record<string, () => unknown>,
  { rounds = 11, roundMs = 60 }: { rounds?: number; roundMs?: number } = {},
): Promise<Record<string, number>> {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(fns).map((k) => [k, []]));
  for (const fn of Object.values(fns)) {
    const until = nowMs() + roundMs * 2;
    for (let i = 0; i < 3 || nowMs() < until; i++) await fn();
  }
  for (let round = 0; round < rounds; round++) {
    for (const [name, fn] of Object.entries(fns)) {
      let calls = 0;
      const start = nowMs();
      let elapsed = 0;
      while (elapsed < roundMs || calls < 2) {
        await fn();
        calls++;
        elapsed = nowMs() - start;
      }
      samples[name]?.push(elapsed / calls);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([name, times]) => [name, median(times)]));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}
