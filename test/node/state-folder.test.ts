/**
 * The state folder in process: what a KMS changed comes back after a restart (closed or crashed),
 * over random histories of every operation and through compactions; a torn tail is dropped with a
 * line saying so; damage refuses the start; a compaction failing (or the process stopping) at any
 * of its steps loses nothing; a kms-sim 0.1 state file is migrated once; `--fsync never` syncs
 * nothing and still keeps everything the process wrote.
 */
import fc from "fast-check";
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createKms, type KmsSnapshot } from "../../src/index.js";
import { frameRecord, JournalDamagedError } from "../../src/node/journal-file.js";
import { openStateFolder, type CompactionStep, type StateFolder, type StateFolderOptions } from "../../src/node/state-folder.js";
import { ManualClock, seededRandom } from "../../src/testing/index.js";
import { history, play, World } from "../support/random-history.js";

const root = mkdtempSync(join(tmpdir(), "kms-sim-folder-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let folders = 0;
const freshDir = () => join(root, `f${++folders}`);

const START = new Date("2026-01-01T00:00:00Z");

function open(dir: string, options: StateFolderOptions = {}, lines: string[] = []): StateFolder {
  return openStateFolder(dir, { seed: "folder", clockMode: "manual", start: START, log: (line) => lines.push(line), ...options });
}

/**
 * What must survive: the KMS snapshot, the clock, the events. The instant the model was last
 * brought up to is left out: a read-only call moves it without a record (read-only requests write
 * nothing), and the next call brings the model up to date with the same result.
 */
async function picture(folder: StateFolder) {
  const events = await folder.events.read(0, 1_000_000);
  return { kms: { ...folder.kms.snapshot(), settledAt: null }, now: folder.clock.now().toISOString(), events };
}

async function someWork(folder: StateFolder, label: string): Promise<string> {
  const { kms } = folder;
  const keyId = (await kms.createKey({ Description: label })).KeyMetadata?.KeyId as string;
  await kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 90 });
  await kms.createAlias({ AliasName: `alias/${label}`, TargetKeyId: keyId });
  await kms.encrypt({ KeyId: keyId, Plaintext: new Uint8Array([1, 2, 3]) });
  folder.manual?.advance({ days: 100 });
  await kms.tick();
  await folder.durable();
  return keyId;
}

describe("state folder", () => {
  it("creates its layout with private permissions and restores everything after a close", async () => {
    const dir = freshDir();
    const first = open(dir);
    await someWork(first, "a");
    const before = await picture(first);
    await first.close();
    expect(readdirSync(dir).sort()).toEqual(["events.jsonl", "journal-000001.log", "snapshot.json"]);
    // The folder holds secret key material: only its owner may read it.
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const name of readdirSync(dir)) expect([name, statSync(join(dir, name)).mode & 0o777]).toEqual([name, 0o600]);
    const second = open(dir, { seed: "ignored", start: new Date("2030-01-01T00:00:00Z") });
    expect(await picture(second)).toEqual(before);
    expect(before.events).toHaveLength(1);
    await second.close();
  });

  it("restores every acknowledged change of random histories of every operation after a crash, through compactions", async () => {
    await fc.assert(
      fc.asyncProperty(history(25), async (steps) => {
        const dir = freshDir();
        let folder = open(dir, { compactAt: 2048 });
        const world = new World();
        for (const [i, s] of steps.entries()) {
          await play(folder.kms, folder.manual as ManualClock, world, s);
          await folder.durable();
          if (i % 7 === 6) {
            // Crash and restart mid-history: the rest of the history runs on the restored state.
            const before = await picture(folder);
            folder.abandon();
            folder = open(dir, { compactAt: 2048 });
            expect(await picture(folder)).toEqual(before);
          }
        }
        const before = await picture(folder);
        folder.abandon();
        const after = open(dir);
        expect(await picture(after)).toEqual(before);
        await after.close();
      }),
      { numRuns: 12 },
    );
    // About 300 fdatasyncs: seconds alone, but far longer when the crash test's 16 clients share
    // the disk in the other worker (a CI run under load timed out at vitest's 20 s).
  }, 180_000);

  it("continues the random stream after a crash: the same plaintext encrypts under fresh nonces", async () => {
    const dir = freshDir();
    const first = open(dir);
    const keyId = (await first.kms.createKey()).KeyMetadata?.KeyId as string;
    const plaintext = new TextEncoder().encode("same");
    const one = (await first.kms.encrypt({ KeyId: keyId, Plaintext: plaintext })).CiphertextBlob as Uint8Array;
    await first.durable();
    first.abandon();
    const second = open(dir);
    const two = (await second.kms.encrypt({ KeyId: keyId, Plaintext: plaintext })).CiphertextBlob as Uint8Array;
    expect(Buffer.from(two).equals(Buffer.from(one))).toBe(false);
    expect(second.kms.snapshot().random?.position).toBeGreaterThan(0);
    await second.close();
  });

  it("drops a torn last record, truncates the journal and says so", async () => {
    const dir = freshDir();
    const first = open(dir);
    await someWork(first, "a");
    const before = await picture(first);
    first.abandon();
    const journal = join(dir, "journal-000001.log");
    const size = readFileSync(journal).length;
    appendFileSync(journal, frameRecord(new TextEncoder().encode(`{"c":${"9".repeat(200)}}`)).subarray(0, 14)); // a record cut short
    const lines: string[] = [];
    const second = open(dir, {}, lines);
    expect(lines).toEqual([
      `kms-sim: ${journal}: dropped a torn record at byte ${size} (14 bytes: the last record is incomplete (14 of 218 bytes)); ` +
        `it was never acknowledged (the server stopped while writing it); truncated the journal to ${size} bytes`,
    ]);
    expect(readFileSync(journal).length).toBe(size);
    expect(await picture(second)).toEqual(before);
    await second.close();
  });

  it("refuses to start on a flipped byte before the end of the journal, naming the file and offset", async () => {
    const dir = freshDir();
    const first = open(dir);
    await someWork(first, "a");
    await first.close();
    const journal = join(dir, "journal-000001.log");
    const bytes = readFileSync(journal);
    const second = 16 + 12 + bytes.readUInt32LE(16); // offset of the second record
    bytes[second + 20] = (bytes[second + 20] as number) ^ 0x04;
    writeFileSync(journal, bytes);
    let caught: unknown;
    try {
      open(dir);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(JournalDamagedError);
    expect((caught as Error).message).toMatch(new RegExp(`^${journal.replace(/[.]/g, "\\.")} is damaged at byte ${second}: a record fails its checksum`));
    expect(existsSync(join(dir, "lock"))).toBe(false);
  });

  it("refuses a folder in use by another live process", () => {
    const dir = freshDir();
    mkdirSync(dir);
    writeFileSync(join(dir, "lock"), `${process.ppid}\n`);
    expect(() => open(dir)).toThrow(`${dir} is in use by kms-sim process ${process.ppid}`);
  });

  const STEPS: CompactionStep[] = ["journal-created", "snapshot-written", "snapshot-synced", "events-synced", "renamed", "folder-synced", "old-journals-removed"];

  describe.each(STEPS)("compaction failing at %s", (failing) => {
    it("loses nothing if the process stops there, and nothing if it goes on serving", async () => {
      const dir = freshDir();
      const injected = (step: CompactionStep) => {
        if (step === failing) throw new Error(`injected failure at ${step}`);
      };
      const lines: string[] = [];
      const folder = open(dir, { compactionStep: injected }, lines);
      await someWork(folder, "before");
      // A change in flight when compaction starts lands in the new journal.
      const inFlight = folder.kms.createKey({ Description: "in flight" });
      await expect(folder.compact()).rejects.toThrow(`injected failure at ${failing}`);
      await inFlight;
      await folder.durable();
      expect(lines.at(-1)).toBe(`kms-sim: compaction failed (injected failure at ${failing}); the journal keeps every change`);

      // The process stops right there.
      const atFailure = await picture(folder);
      folder.abandon();
      const restarted = open(dir);
      expect(await picture(restarted)).toEqual(atFailure);
      expect(readdirSync(dir).filter((name) => name.endsWith(".tmp"))).toEqual([]);

      // Or it goes on serving: later changes, and a later compaction, keep everything.
      await someWork(restarted, "after");
      await restarted.compact();
      const done = await picture(restarted);
      expect(readdirSync(dir).filter((name) => name.startsWith("journal-"))).toHaveLength(1);
      restarted.abandon();
      const last = open(dir);
      expect(await picture(last)).toEqual(done);
      expect(done.kms.keys.map((key) => key.description)).toEqual(["before", "in flight", "after"]);
      await last.close();
    });
  });

  it("compacts on its own when the journal outgrows the limit, keeping one journal and every event", async () => {
    const dir = freshDir();
    const folder = open(dir, { compactAt: 4096 });
    for (let i = 0; i < 8; i++) await someWork(folder, `k${i}`);
    await folder.compact();
    const stats = folder.stats();
    expect(stats.generation).toBeGreaterThan(2);
    const before = await picture(folder);
    expect(before.events.length).toBeGreaterThan(8);
    await folder.close();
    expect(readdirSync(dir).filter((name) => name.startsWith("journal-"))).toEqual([`journal-${String(stats.generation).padStart(6, "0")}.log`]);
    const reopened = open(dir);
    expect(await picture(reopened)).toEqual(before);
    await reopened.close();
  });

  it("migrates a kms-sim 0.1 state file once, with a line saying so", async () => {
    const dir = freshDir();
    mkdirSync(dir);
    const clock = new ManualClock(START);
    const events: unknown[] = [];
    const kms = createKms({ clock, random: seededRandom("legacy"), events: (event) => events.push(event) });
    const keyId = (await kms.createKey({ Description: "old" })).KeyMetadata?.KeyId as string;
    await kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 90 });
    const blob = (await kms.encrypt({ KeyId: keyId, Plaintext: Uint8Array.of(7) })).CiphertextBlob as Uint8Array;
    clock.advance({ days: 91 });
    await kms.tick();
    const legacy = { format: "kms-sim-server-state", version: 1, clock: { mode: "manual", now: clock.now().toISOString() }, seed: "legacy", events, kms: kms.snapshot() };
    writeFileSync(join(dir, "state.json"), JSON.stringify(legacy));
    const lines: string[] = [];
    const folder = open(dir, { seed: "ignored" }, lines);
    expect(lines).toEqual([
      `kms-sim: migrated ${join(dir, "state.json")} (1 keys, 1 events) into the state folder ${dir}; the old file is kept as state.json.migrated and no longer read`,
    ]);
    expect(folder.kms.snapshot()).toEqual(kms.snapshot());
    expect(folder.clock.now()).toEqual(clock.now());
    expect((await folder.events.read(0, 10)).map((line) => JSON.parse(line))).toEqual(events);
    expect((await folder.kms.decrypt({ CiphertextBlob: blob })).Plaintext).toEqual(Uint8Array.of(7));
    // The random stream goes on where the old server stopped.
    expect((await folder.kms.createKey()).KeyMetadata?.KeyId).toBe((await kms.createKey()).KeyMetadata?.KeyId);
    await folder.close();
    expect(existsSync(join(dir, "state.json"))).toBe(false);
    expect(existsSync(join(dir, "state.json.migrated"))).toBe(true);
    const again: string[] = [];
    const reopened = open(dir, {}, again);
    expect(again).toEqual([]);
    expect(reopened.kms.snapshot().keys).toHaveLength(2);
    await reopened.close();
  });

  it("points a --state naming an old state file at its folder", async () => {
    const dir = freshDir();
    mkdirSync(dir);
    const file = join(dir, "state.json");
    writeFileSync(file, JSON.stringify({ format: "kms-sim-server-state", version: 1, clock: { mode: "system", now: null }, seed: null, events: [], kms: createKms().snapshot() }));
    expect(() => open(file)).toThrow(`--state names a folder now; ${file} is a kms-sim 0.1 state file: start with --state ${dir} (the file is migrated on first start)`);
  });

  it("with fsync never, syncs nothing and still restores what the process wrote", async () => {
    const dir = freshDir();
    const folder = open(dir, { fsync: "never" });
    await someWork(folder, "fast");
    const before = await picture(folder);
    expect(folder.stats().flushes).toBe(0);
    expect(folder.stats().records).toBeGreaterThan(4);
    folder.abandon();
    const reopened = open(dir, { fsync: "never" });
    expect(await picture(reopened)).toEqual(before);
    await reopened.close();
  });
});

export type { KmsSnapshot };
