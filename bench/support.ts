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

/** This process's CPU time (user + system), in ms. */
export const cpuMs = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

/**
 * Times several functions in interleaved rounds and returns each one's median ms per call. On a
 * noisy machine drift hits all of them alike, so their ratios hold even when absolute times move.
 * With `clock: "cpu"` rounds are measured in this process's CPU time: on a machine whose cores are
 * shared by other work, time spent waiting for a core then counts for nobody. With `statistic:
 * "min"` the fastest round stands for each function: contention only ever adds time (evicted
 * caches, a stolen core), so the least disturbed round is the closest to the code's own cost.
 */
export async function interleaved(
  fns: Record<string, () => unknown>,
  {
    rounds = 11,
    roundMs = 60,
    clock = "wall",
    statistic = "median",
  }: { rounds?: number; roundMs?: number; clock?: "wall" | "cpu"; statistic?: "median" | "min" } = {},
): Promise<Record<string, number>> {
  const now = clock === "cpu" ? cpuMs : nowMs;
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(fns).map((k) => [k, []]));
  for (const fn of Object.values(fns)) {
    const until = now() + roundMs * 2;
    for (let i = 0; i < 3 || now() < until; i++) await fn();
  }
  for (let round = 0; round < rounds; round++) {
    for (const [name, fn] of Object.entries(fns)) {
      let calls = 0;
      const start = now();
      let elapsed = 0;
      while (elapsed < roundMs || calls < 2) {
        await fn();
        calls++;
        elapsed = now() - start;
      }
      samples[name]?.push(elapsed / calls);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([name, times]) => [name, statistic === "min" ? Math.min(...times) : median(times)]));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}
