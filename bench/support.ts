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
  const entries = Object.entries(fns);
  for (let round = 0; round < rounds; round++) {
    // Each round starts with the next function: none always runs right after the same neighbour
    // (garbage one leaves behind is collected during the next one's time).
    const order = [...entries.slice(round % entries.length), ...entries.slice(0, round % entries.length)];
    for (const [name, fn] of order) {
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
  // "min": each function's best round, the least disturbed by other load on a shared machine.
  return Object.fromEntries(Object.entries(samples).map(([name, times]) => [name, statistic === "min" ? Math.min(...times) : median(times)]));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** A `kms-sim serve` in its own process (bench/ runs it through tsx, as `npm start` does). */
export interface Endpoint {
  readonly url: string;
  /** Milliseconds from spawn to "listening" (process start, recovery, bind). */
  readonly startMs: number;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Builds the `kms-sim` command as published (tsup, ESM, no type declarations) into .scratch/, and
 * returns the path of its cli.js: what `npx kms-sim serve` runs. Source run through tsx (`npm start`)
 * answers measurably slower, so the endpoint's speed is measured on the build.
 */
export async function buildCli(): Promise<string> {
  const { build } = await import("tsup");
  const { join } = await import("node:path");
  const root = join(import.meta.dirname, "..");
  const outDir = join(root, ".scratch", "bench-build");
  await build({
    config: false,
    entry: { "node/cli": join(root, "src/node/cli.ts") },
    format: ["esm"],
    outDir,
    platform: "node",
    target: "es2022",
    external: [/^node:/],
    dts: false,
    sourcemap: false,
    clean: true,
    silent: true,
  });
  return join(outDir, "node", "cli.js");
}

/** Starts `kms-sim serve --port 0 ...args` (from source through tsx, or a built cli.js) and resolves once it listens. */
export async function startEndpoint(args: readonly string[] = [], env: Record<string, string> = {}, cli?: string): Promise<Endpoint> {
  const { spawn } = await import("node:child_process");
  const { join } = await import("node:path");
  const started = nowMs();
  const entry = cli ? [cli] : ["--import", "tsx", join(import.meta.dirname, "..", "src/node/cli.ts")];
  const child = spawn(process.execPath, [...entry, "serve", "--port", "0", ...args], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, ...env },
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.once("exit", (code) => reject(new Error(`endpoint exited with ${code}`)));
  });
  const startMs = nowMs() - started;
  return {
    url,
    startMs,
    stop: async (signal = "SIGTERM") => {
      child.kill(signal);
      await exited;
    },
  };
}

/**
 * Sends `amount` identical requests over `connections` keep-alive connections, each connection one
 * request at a time (a client waiting for its answer); returns requests per second. Counted by
 * requests, not by time, so a measurement "at 1,000 keys" adds a known number of keys. (autocannon's
 * `amount` mode ends on its one-second ticker, too coarse for that; the endpoint benchmark uses it
 * for fixed-duration runs.)
 */
export async function load(
  url: string,
  { target, body, connections = 1, amount }: { target: string; body: string; connections?: number; amount: number },
): Promise<number> {
  const http = await import("node:http");
  const { hostname, port } = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const headers = { "content-type": "application/x-amz-json-1.1", "x-amz-target": `TrentService.${target}`, "content-length": String(Buffer.byteLength(body)) };
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const request = http.request({ hostname, port, method: "POST", path: "/", agent, headers }, (response) => {
        response.on("data", () => undefined);
        response.on("end", () => (response.statusCode === 200 ? resolve() : reject(new Error(`${target}: HTTP ${response.statusCode}`))));
      });
      request.on("error", reject);
      request.end(body);
    });
  let left = amount;
  const started = nowMs();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (left > 0) {
        left -= 1;
        await one();
      }
    }),
  );
  const seconds = (nowMs() - started) / 1000;
  agent.destroy();
  return amount / seconds;
}

/** Median of numbers. */
export function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}
