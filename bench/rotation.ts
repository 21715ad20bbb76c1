/**
 * Rotation at scale: N keys with rotation on (periods mixed from 90 to 2,560 days), ten simulated
 * years, one `tick({ collect: false })`. Prints, per size: key creation time, tick time, rotations
 * per second, heap bytes per retained backing key, and the cost of one rotation as a multiple of
 * drawing one backing key's worth of random bytes (32 bytes from `seededRandom`) in the same run;
 * then the per-rotation cost ratio between the largest and the smallest size, and the cost of a
 * rotation when the events are collected.
 *
 * `npm run bench -- rotation` runs 10k (after a warm-up run, the median of five), 100k and 1M keys;
 * the baseline is the median of three measures taken between the runs. Add `--skip-million` (or
 * set KMS_SIM_BENCH_SKIP_MILLION=1) to leave out the million.
 */
import { createKms } from "../src/index.js";
import { ManualClock, seededRandom } from "../src/testing/index.js";
import { fmt, interleaved, nowMs, printTable, settledHeap } from "./support.js";

const PERIODS = [90, 180, 365, 730, 1000, 2560];
const START = Date.parse("2026-01-01T00:00:00Z");
const DAY = 86_400_000;

interface RotationRun {
  keys: number;
  listening: Listening;
  createSeconds: number;
  rotations: number;
  versions: number;
  tickSeconds: number;
  perRotationUs: number;
  heapPerVersion: number;
}

/** Rotations ten years of the mixed periods make, counted from the schedule itself (keys all start at START). */
function expectedRotations(keyCount: number, end: number): number {
  let total = 0;
  for (let i = 0; i < keyCount; i++) total += Math.floor((end - START) / ((PERIODS[i % PERIODS.length] as number) * DAY));
  return total;
}

/** How events are received: not at all, collected by tick(), or counted by a sink (built, not kept). */
type Listening = "none" | "collect" | "sink";

async function run(keyCount: number, listening: Listening = "none"): Promise<RotationRun> {
  const clock = new ManualClock(new Date(START));
  const heapBefore = settledHeap();
  let counted = 0;
  const collect = listening === "collect";
  const kms = createKms({
    clock,
    random: seededRandom(`bench-${keyCount}`),
    ...(listening === "sink" ? { events: () => void counted++ } : {}),
  });
  const createStart = nowMs();
  for (let i = 0; i < keyCount; i++) {
    const id = (await kms.createKey()).KeyMetadata?.KeyId as string;
    await kms.enableKeyRotation({ KeyId: id, RotationPeriodInDays: PERIODS[i % PERIODS.length] as number });
  }
  const createSeconds = (nowMs() - createStart) / 1000;
  clock.advance({ years: 10 });
  const start = nowMs();
  const events = await kms.tick({ collect });
  const tickSeconds = (nowMs() - start) / 1000;
  const rotations = expectedRotations(keyCount, clock.now().getTime());
  if (collect && events.length !== rotations) throw new Error(`expected ${rotations} rotations, got ${events.length} events`);
  if (listening === "sink" && counted !== rotations) throw new Error(`expected ${rotations} rotations, the sink counted ${counted}`);
  if (keyCount <= 10_000) {
    // Cross-check the count the other runs rely on against the state itself.
    const versions = kms.snapshot().keys.reduce((sum, key) => sum + key.history.length, 0);
    if (versions !== keyCount + rotations) throw new Error(`expected ${keyCount + rotations} versions, found ${versions}`);
  }
  const versions = keyCount + rotations;
  const heapPerVersion = (settledHeap() - heapBefore) / versions;
  // The KMS must still be alive when the heap is measured: unused after the tick, the collector
  // may free it first (a 1M run once measured a negative heap per version).
  if (kms.region === "") throw new Error("unreachable");
  events.length = 0;
  return { keys: keyCount, listening, createSeconds, rotations, versions, tickSeconds, perRotationUs: (tickSeconds * 1e6) / rotations, heapPerVersion };
}

/** One 32-byte draw from seededRandom, in microseconds (median of interleaved rounds). */
async function randomDrawUs(): Promise<number> {
  const random = seededRandom("baseline");
  const { draw } = await interleaved({ draw: () => { for (let i = 0; i < 1000; i++) random(32); } }, { rounds: 7, roundMs: 40 });
  return (draw as number) * 1000 / 1000;
}

/** The run with the median tick of `count` fresh runs of `keyCount` keys (a 10k tick takes under 0.1 s: one is noise). */
async function medianRun(keyCount: number, count: number): Promise<RotationRun> {
  const runs: RotationRun[] = [];
  for (let i = 0; i < count; i++) runs.push(await run(keyCount));
  runs.sort((a, b) => a.perRotationUs - b.perRotationUs);
  return runs[Math.floor(count / 2)] as RotationRun;
}

export async function rotationBenchmark(): Promise<void> {
  const skipMillion = process.argv.includes("--skip-million") || process.env.KMS_SIM_BENCH_SKIP_MILLION === "1";
  // A first run compiles the hot path: measured cold, the smallest size looked twice as costly as
  // it is and hid how the cost per rotation grows with the number of keys.
  await run(10_000);
  const baselines = [await randomDrawUs()];
  const runs: RotationRun[] = [await medianRun(10_000, 5), await run(100_000)];
  baselines.push(await randomDrawUs());
  if (!skipMillion) runs.push(await run(1_000_000));
  const withEvents = [await run(100_000, "sink"), await run(100_000, "collect")];
  baselines.push(await randomDrawUs());
  const randomUs = baselines.sort((a, b) => a - b)[1] as number;
  const described = { none: "nobody listens", sink: "a sink counts them", collect: "tick() collects them" };
  printTable("Rotation engine: ten simulated years, one tick", [...runs, ...withEvents].map((r) => ({
    keys: r.keys,
    events: described[r.listening],
    "create s": fmt(r.createSeconds, 1),
    rotations: r.rotations,
    "tick s": fmt(r.tickSeconds, 2),
    "rotations/s": Math.round(r.rotations / r.tickSeconds),
    "us per rotation": fmt(r.perRotationUs, 3),
    "x random(32)": fmt(r.perRotationUs / randomUs, 2),
    "heap bytes/version": Math.round(r.heapPerVersion),
  })));
  console.log(`baseline: one backing key's random bytes (seededRandom, 32 B) = ${fmt(randomUs, 3)} us`);
  const smallest = runs[0] as RotationRun;
  const largest = runs[runs.length - 1] as RotationRun;
  console.log(
    `per-rotation cost, ${largest.keys} keys / ${smallest.keys} keys = ${fmt(largest.perRotationUs / smallest.perRotationUs)} (goal: at most 1.3)`,
  );
  console.log(`cost per rotation: ${fmt(largest.perRotationUs / randomUs, 2)} x random(32) at ${largest.keys} keys (goal: at most 3)`);
  if (!skipMillion) console.log(`1,000,000 keys: created in ${fmt(largest.createSeconds, 1)} s, ten years ticked in ${fmt(largest.tickSeconds, 1)} s (goal: at most 20 s)`);
}
