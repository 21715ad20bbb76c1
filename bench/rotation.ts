/**
 * Rotation at scale: N keys with rotation on (mixed periods, a tenth disabled for two years),
 * ten simulated years. Prints rotations per second, heap bytes per retained key version, and the
 * cost of one rotation as a ratio to making one backing key's random bytes (32 bytes from the same
 * seeded random source) in the same run; then the per-rotation cost ratio between 100k and 10k keys.
 */
import { createKms } from "../src/index.js";
import { ManualClock, seededRandom } from "../src/testing/index.js";
import { fmt, nowMs, printTable, settledHeap, timePerCall } from "./support.js";

const PERIODS = [90, 180, 365, 730, 1000, 2560];

interface RotationRun {
  keys: number;
  rotations: number;
  versions: number;
  seconds: number;
  perRotationUs: number;
  heapPerVersion: number;
}

async function run(keyCount: number): Promise<RotationRun> {
  const clock = new ManualClock(new Date("2026-01-01T00:00:00Z"));
  const random = seededRandom(`bench-${keyCount}`);
  const heapBefore = settledHeap();
  const kms = createKms({ clock, random });
  const ids: string[] = [];
  for (let i = 0; i < keyCount; i++) {
    const id = (await kms.createKey()).KeyMetadata?.KeyId as string;
    ids.push(id);
    await kms.enableKeyRotation({ KeyId: id, RotationPeriodInDays: PERIODS[i % PERIODS.length] as number });
  }
  let rotations = 0;
  let tickMs = 0;
  for (let year = 1; year <= 10; year++) {
    if (year === 3) for (let i = 0; i < keyCount; i += 10) await kms.disableKey({ KeyId: ids[i] as string });
    if (year === 5) for (let i = 0; i < keyCount; i += 10) await kms.enableKey({ KeyId: ids[i] as string });
    clock.advance({ days: 365 });
    const start = nowMs();
    rotations += (await kms.tick()).length;
    tickMs += nowMs() - start;
  }
  // Catch-ups on re-enable happened inside enableKey: count them too, untimed.
  const versions = kms.snapshot().keys.reduce((sum, key) => sum + key.history.length, 0);
  const heapAfter = settledHeap();
  const heapPerVersion = (heapAfter - heapBefore) / versions;
  ids.length = 0;
  return {
    keys: keyCount,
    rotations,
    versions,
    seconds: tickMs / 1000,
    perRotationUs: (tickMs * 1000) / rotations,
    heapPerVersion,
  };
}

export async function rotationBenchmark(): Promise<void> {
  const random = seededRandom("baseline");
  const randomUs = timePerCall(() => {
    for (let i = 0; i < 1000; i++) random(32);
  }) * 1000 / 1000;
  const small = await run(10_000);
  const large = await run(100_000);
  printTable("Rotation engine: 10 simulated years", [small, large].map((r) => ({
    keys: r.keys,
    rotations: r.rotations,
    "retained versions": r.versions,
    "rotations/s": Math.round(r.rotations / r.seconds),
    "us per rotation": fmt(r.perRotationUs),
    "x random(32)": fmt(r.perRotationUs / randomUs, 1),
    "heap bytes/version": Math.round(r.heapPerVersion),
  })));
  console.log(`baseline: one backing key's random bytes (seededRandom, 32 B) = ${fmt(randomUs, 3)} us`);
  const growth = large.perRotationUs / small.perRotationUs;
  console.log(`per-rotation cost, 100k keys / 10k keys = ${fmt(growth)} (linear growth: at most 1.5)`);
}
