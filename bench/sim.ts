/**
 * The simulation kit (issue 15), each figure against a baseline measured in the same run:
 * - the audit trail's overhead on Encrypt of 32 bytes (goal: at most 1.3 times Encrypt without it),
 *   as the account root and as a role that IAM allows;
 * - the time to fork a KMS of 10,000 keys holding 10,000 retained versions and one holding
 *   1,000,000 (goal: at most 2 times apart: forking copies keys, not history);
 * - the compliance series of 100,000 keys over five years (printed, with its cost per key-day).
 *
 * `npm run bench -- sim`.
 */
import { createKms, type Kms } from "../src/index.js";
import { evaluateRotationComplianceSeries } from "../src/sim/index.js";
import { ManualClock, seededRandom } from "../src/testing/index.js";
import { fmt, interleaved, nowMs, printTable, settledHeap } from "./support.js";

const START = new Date("2026-01-01T00:00:00Z");
const DAY = 86_400_000;

async function auditOverhead(): Promise<void> {
  const plaintext = new Uint8Array(32).fill(7);
  const make = (audit: boolean) => createKms({ clock: new ManualClock(START), random: seededRandom("bench-audit"), audit });
  const without = make(false);
  const withTrail = make(true);
  // The sink keeps the last record only: its cost is building one per call, not holding them all.
  let lastRecord: unknown;
  const withSink = createKms({ clock: new ManualClock(START), random: seededRandom("bench-audit"), audit: (r) => void (lastRecord = r) });
  const ids = await Promise.all([without, withTrail, withSink].map(async (kms) => (await kms.createKey()).KeyMetadata?.KeyId as string));
  const encrypt = (kms: Kms, KeyId: string) => () => kms.encrypt({ KeyId, Plaintext: plaintext });
  // The same role, allowed by its IAM policy, calling with and without a trail: the record keeps
  // the caller by reference, and its userIdentity is built only when the record is read.
  const role = "arn:aws:iam::111122223333:role/app";
  const principals = { [role]: { Policies: [{ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "kms:Encrypt", Resource: "*" }] }] } };
  const roleWithout = createKms({ clock: new ManualClock(START), random: seededRandom("bench-audit"), principals });
  const roleTrail = createKms({ clock: new ManualClock(START), random: seededRandom("bench-audit"), principals, audit: true });
  const roleIds = await Promise.all([roleWithout, roleTrail].map(async (kms) => (await kms.createKey()).KeyMetadata?.KeyId as string));
  // Garbage the kept trail leaves is this process's work too: CPU time, each one's best round
  // (contention on the shared machine only ever adds time).
  const times = await interleaved(
    {
      without: encrypt(without, ids[0] as string),
      trail: encrypt(withTrail, ids[1] as string),
      sink: encrypt(withSink, ids[2] as string),
      roleWithout: encrypt(roleWithout.as(role), roleIds[0] as string),
      roleTrail: encrypt(roleTrail.as(role), roleIds[1] as string),
    },
    { rounds: 41, roundMs: 60, clock: "cpu", statistic: "min" },
  );
  if (lastRecord === undefined) throw new Error("the audit sink received no record");
  const base = times.without as number;
  const roleBase = times.roleWithout as number;
  printTable("Audit trail overhead: Encrypt 32 B (CPU time, best of 41 interleaved rounds)", [
    { audit: "none (baseline)", "us per call": fmt(base * 1000, 2), "x baseline": "1.00" },
    { audit: "kept (audit: true)", "us per call": fmt((times.trail as number) * 1000, 2), "x baseline": fmt((times.trail as number) / base) },
    { audit: "sink (a record built per call)", "us per call": fmt((times.sink as number) * 1000, 2), "x baseline": fmt((times.sink as number) / base) },
    { audit: "as a role, none (baseline 2)", "us per call": fmt(roleBase * 1000, 2), "x baseline": "1.00" },
    { audit: "as a role, kept", "us per call": fmt((times.roleTrail as number) * 1000, 2), "x baseline": fmt((times.roleTrail as number) / roleBase) },
  ]);
  console.log(
    `audit overhead on Encrypt 32 B: ${fmt((times.trail as number) / base)} x without audit, ` +
      `${fmt((times.roleTrail as number) / roleBase)} x as a role (goal: at most 1.3)`,
  );
}

/** A KMS of `keys` keys rotated until each holds `versions` backing keys. */
async function fleetOfVersions(keys: number, versions: number): Promise<{ kms: Kms; clock: ManualClock }> {
  const clock = new ManualClock(START);
  const kms = createKms({ clock, random: seededRandom(`bench-fork-${versions}`) });
  for (let i = 0; i < keys; i++) {
    const id = (await kms.createKey()).KeyMetadata?.KeyId as string;
    await kms.enableKeyRotation({ KeyId: id, RotationPeriodInDays: 90 });
  }
  clock.advance((versions - 1) * 90 * DAY);
  await kms.tick({ collect: false });
  return { kms, clock };
}

async function forkTime(): Promise<void> {
  const keys = 10_000;
  const small = await fleetOfVersions(keys, 1);
  const large = await fleetOfVersions(keys, 100);
  const forks: Kms[] = [];
  const fork = (f: { kms: Kms; clock: ManualClock }) => () => {
    forks.push(f.kms.fork({ clock: new ManualClock(f.clock.now()) }));
    if (forks.length > 4) forks.shift();
  };
  const times = await interleaved({ small: fork(small), large: fork(large) }, { rounds: 15, roundMs: 150, clock: "cpu", statistic: "min" });
  // The copy on write a fork defers: the first rotation of every key after forking copies its history.
  const child = large.kms.fork({ clock: new ManualClock(large.clock.now()) });
  const heap = settledHeap();
  const childClock = new ManualClock(large.clock.now());
  const grandchild = child.fork({ clock: childClock });
  childClock.advance(90 * DAY);
  const start = nowMs();
  await grandchild.tick({ collect: false });
  const firstWrites = nowMs() - start;
  printTable(`Fork: ${keys} keys (CPU time, best of 15 interleaved rounds)`, [
    { "retained versions": keys, "fork ms": fmt(times.small as number, 2) },
    { "retained versions": keys * 100, "fork ms": fmt(times.large as number, 2) },
  ]);
  console.log(`fork time, 1,000,000 / 10,000 retained versions = ${fmt((times.large as number) / (times.small as number))} (goal: at most 2)`);
  console.log(
    `then, in the fork: first rotation of each of ${keys} keys (each copies its 100-version history once) ${fmt(firstWrites, 0)} ms, ` +
      `heap +${fmt((settledHeap() - heap) / 1e6, 1)} MB`,
  );
}

async function complianceSeries(): Promise<void> {
  const keys = 100_000;
  const clock = new ManualClock(START);
  const kms = createKms({ clock, random: seededRandom("bench-compliance"), audit: true });
  const createStart = nowMs();
  const ids: string[] = [];
  for (let i = 0; i < keys; i++) {
    const id = (await kms.createKey()).KeyMetadata?.KeyId as string;
    ids.push(id);
    // Two thirds rotate (periods 90 to 730 days), a third never do.
    if (i % 3 !== 2) await kms.enableKeyRotation({ KeyId: id, RotationPeriodInDays: [90, 180, 365, 730][i % 4] as number });
  }
  // Five years; each year a tenth of the fleet churns: disabled, then (the year after) scheduled for deletion.
  for (let year = 0; year < 5; year++) {
    clock.advance({ years: 1 });
    await kms.tick({ collect: false });
    for (let i = year; i < keys; i += 10) await kms.disableKey({ KeyId: ids[i] as string });
    if (year > 0) for (let i = year - 1; i < keys; i += 10) await kms.scheduleKeyDeletion({ KeyId: ids[i] as string, PendingWindowInDays: 30 });
  }
  const setupSeconds = (nowMs() - createStart) / 1000;
  const events = kms.auditTrail()?.length ?? 0;
  const start = nowMs();
  const series = await evaluateRotationComplianceSeries(kms, { maxMaterialAgeDays: 400 });
  const seconds = (nowMs() - start) / 1000;
  const keyDays = series.Days.reduce((sum, d) => sum + d.Compliant + d.NonCompliant + d.NotApplicable, 0);
  const last = series.Days[series.Days.length - 1];
  printTable("Compliance series: 100,000 keys over five years, from the audit trail", [
    {
      keys,
      days: series.Days.length,
      "trail events": events,
      "setup s": fmt(setupSeconds, 1),
      "series s": fmt(seconds, 2),
      "ns per key-day": fmt((seconds * 1e9) / keyDays, 1),
      "last day C/NC/NA": `${last?.Compliant}/${last?.NonCompliant}/${last?.NotApplicable}`,
    },
  ]);
  console.log(`compliance series for ${keys} keys x ${series.Days.length} days: ${fmt(seconds, 2)} s`);
}

export async function simBenchmark(): Promise<void> {
  await auditOverhead();
  await forkTime();
  await complianceSeries();
}
