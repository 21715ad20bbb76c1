/**
 * `kms-sim serve --state PATH`: the state folder. A snapshot, an append-only journal of the change
 * records every operation emits since it, and the events file.
 *
 * ```
 * PATH/
 *   snapshot.json          the state at the start of generation N (FolderSnapshot)
 *   journal-00000N.log     change records since then (journal-file.ts), replayed in order
 *   journal-00000M.log     ...and later generations' (a compaction in progress, or one that failed)
 *   events.jsonl           every event, one JSON line each (event-log.ts)
 *   lock                   the pid of the server using the folder
 * ```
 *
 * Every change record is durable before the response that reports it leaves (group-commit.ts);
 * on start the snapshot is loaded and the journals replayed (a torn last record is dropped and the
 * journal truncated, with a line on stderr; damage before the tail refuses the start). When the
 * journal outgrows the snapshot (at least 1 MiB, at most 64 MiB), compaction writes a new snapshot
 * and starts a new journal; a crash at any of its steps loses nothing (see {@link CompactionStep}).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { unlink } from "node:fs/promises";
import { join } from "node:path";
import { createKms, type Clock, type CryptoProvider, type Kms, type KmsEvent, type RandomSource, type StateChange } from "../index.js";
import { ManualClock, seededRandom, type SeededRandom } from "../testing/index.js";
import { FileEventLog } from "./event-log.js";
import {
  encodeFolderSnapshot,
  FOLDER_SNAPSHOT_VERSION,
  syncFile,
  installSnapshot,
  installSnapshotSync,
  readFolderSnapshot,
  readLegacyStateFile,
  removeTemporarySnapshot,
  SNAPSHOT_FILE,
  syncFolder,
  syncFolderAsync,
  type FolderSnapshot,
  type LoadedSnapshot,
  type SnapshotStep,
} from "./folder-snapshot.js";
import { GroupCommit, type FsyncMode } from "./group-commit.js";
import { frameText, JournalDamagedError, JournalFile, readWholeFile, scanJournal } from "./journal-file.js";

/** The legacy state file a folder may hold, migrated on first start. */
export const LEGACY_STATE_FILE = "state.json";
export const EVENTS_FILE = "events.jsonl";
const LOCK_FILE = "lock";
const MIN_COMPACT_BYTES = 1 << 20;
const MAX_COMPACT_BYTES = 64 << 20;

/**
 * The steps of a compaction, in order. A crash after any of them loses nothing:
 * - `journal-created`: the new journal exists (empty or with new records); the old snapshot and
 *   journal still hold everything before it; recovery replays both journals.
 * - `snapshot-written`, `snapshot-synced`: only a temporary file, ignored and removed on start.
 * - `events-synced`: the events the new snapshot covers are on disk.
 * - `renamed`, `folder-synced`: the new snapshot is installed (or, before the folder sync, maybe
 *   not yet: then the old one is, with the old journal beside it).
 * - `old-journals-removed`: done.
 */
export type CompactionStep = "journal-created" | SnapshotStep | "events-synced" | "folder-synced" | "old-journals-removed";

/** Options of {@link openStateFolder}. */
export interface StateFolderOptions {
  /** Seed of a new folder's random source (default: the platform CSPRNG). */
  readonly seed?: string | undefined;
  /** Clock of a new folder. */
  readonly clockMode?: "system" | "manual" | undefined;
  /** Start of a new folder's manual clock (default: now). */
  readonly start?: Date | undefined;
  /** `always` (default): fdatasync before acknowledging; `never`: leave it to the OS. */
  readonly fsync?: FsyncMode | undefined;
  /** Journal bytes that start a compaction (default: the snapshot's size, within 1 to 64 MiB). */
  readonly compactAt?: number | undefined;
  readonly crypto?: CryptoProvider | undefined;
  /** Random source of a folder without a seed (default: WebCrypto). */
  readonly random?: RandomSource | undefined;
  /** Where to say what recovery and migration did (default: stderr). */
  readonly log?: ((line: string) => void) | undefined;
  /** Testing: called at each compaction step; throw to make the compaction fail there. */
  readonly compactionStep?: ((step: CompactionStep) => void) | undefined;
}

/** An open state folder: the KMS it restored, and the durability of what the KMS changes. */
export interface StateFolder {
  readonly kms: Kms;
  readonly clock: Clock;
  readonly manual: ManualClock | undefined;
  readonly seed: string | null;
  readonly events: FileEventLog;
  /** Resolves once every change so far (and a moved manual clock) is durable. */
  durable(): Promise<void>;
  /** Writes a new snapshot and starts a new journal now (it also happens on its own). */
  compact(): Promise<void>;
  /** Facts for benchmarks and tests. */
  stats(): { generation: number; journalBytes: number; records: number; flushes: number; snapshotBytes: number };
  /** Waits for durability and any compaction in progress, then closes the files. */
  close(): Promise<void>;
  /** Testing: closes the files at once, as a crash would leave them (nothing more is written). */
  abandon(): void;
}

/** One journal record's payload: a change record, the events it emitted, the manual clock's position. */
interface JournalEntry {
  readonly c?: StateChange;
  readonly e?: KmsEvent[];
  readonly t?: number;
}

interface CommitItem {
  readonly lines: readonly string[] | null;
}

const journalName = (generation: number): string => `journal-${String(generation).padStart(6, "0")}.log`;

function journalGenerations(dir: string): number[] {
  const generations: number[] = [];
  for (const name of readdirSync(dir)) {
    const match = /^journal-(\d+)\.log$/.exec(name);
    if (match) generations.push(Number(match[1]));
  }
  return generations.sort((a, b) => a - b);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Claims the folder for this process: two servers appending to one journal would corrupt it. */
function lockFolder(dir: string): () => void {
  const path = join(dir, LOCK_FILE);
  if (existsSync(path)) {
    const pid = Number(readFileSync(path, "utf8").trim());
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
      throw new Error(`${dir} is in use by kms-sim process ${pid} (if that process is not kms-sim, delete ${path})`);
    }
  }
  writeFileSync(path, `${process.pid}\n`, { mode: 0o600 });
  return () => rmSync(path, { force: true });
}

/** The change record format of this build (a record of another version fails loudly on replay). */
const CHANGE_FORMAT_VERSION = 2;

/**
 * A snapshot's keys as change records creating them, a chunk at a time: createKms applies them as it
 * applies the journal's, so the parsed keys of a large snapshot die young (see folder-snapshot.ts).
 */
function* snapshotKeys(loaded: LoadedSnapshot): Generator<StateChange> {
  const { settledAt, keySeq, aliasSeq } = loaded.snapshot.kms;
  for (const keys of loaded.keyChunks()) yield { format: "kms-sim-change", version: CHANGE_FORMAT_VERSION, settledAt, keySeq, aliasSeq, keys };
}

function* chain<T>(...parts: Iterable<T>[]): Generator<T> {
  for (const part of parts) yield* part;
}

/** The snapshot of a new folder: an empty KMS with the requested seed and clock. */
function freshSnapshot(options: StateFolderOptions, crypto: CryptoProvider | undefined): FolderSnapshot {
  const seed = options.seed ?? null;
  const mode = options.clockMode ?? "system";
  const kms = createKms({ ...(seed === null ? {} : { random: seededRandom(seed) }), ...(crypto ? { crypto } : {}) });
  return {
    format: "kms-sim-state-folder",
    version: FOLDER_SNAPSHOT_VERSION,
    generation: 1,
    clock: { mode, now: mode === "manual" ? (options.start ?? new Date()).getTime() : null },
    seed,
    events: { count: 0, bytes: 0 },
    kms: kms.snapshot(),
  };
}

/**
 * Migrates a kms-sim 0.1 state file found in the folder: its events go to the events file, the rest
 * to the first snapshot; the file is then renamed `state.json.migrated` (kept, never read again).
 */
function migrateLegacy(dir: string, log: (line: string) => void): FolderSnapshot | undefined {
  const legacyPath = join(dir, LEGACY_STATE_FILE);
  const legacy = readLegacyStateFile(legacyPath);
  if (!legacy) return undefined;
  // The events first, synced: the snapshot installed next vouches for them.
  const lines = legacy.events.map((event) => `${JSON.stringify(event)}\n`).join("");
  const eventsPath = join(dir, EVENTS_FILE);
  writeFileSync(eventsPath, lines, { mode: 0o600 });
  syncFile(eventsPath);
  const snapshot: FolderSnapshot = {
    format: "kms-sim-state-folder",
    version: FOLDER_SNAPSHOT_VERSION,
    generation: 1,
    clock: { mode: legacy.clock.mode, now: legacy.clock.now === null ? null : Date.parse(legacy.clock.now) },
    seed: legacy.seed,
    events: { count: legacy.events.length, bytes: Buffer.byteLength(lines) },
    kms: legacy.kms,
  };
  installSnapshotSync(dir, encodeFolderSnapshot(snapshot));
  renameSync(legacyPath, `${legacyPath}.migrated`);
  syncFolder(dir);
  log(
    `kms-sim: migrated ${legacyPath} (${legacy.kms.keys.length} keys, ${legacy.events.length} events) into the state folder ${dir}; ` +
      `the old file is kept as ${LEGACY_STATE_FILE}.migrated and no longer read`,
  );
  return snapshot;
}

/**
 * Opens (creating, migrating or recovering) a state folder.
 * @throws {JournalDamagedError} when a journal is damaged before its end
 * @throws {Error} when the folder is in use, or holds a snapshot this build cannot read
 */
export function openStateFolder(dir: string, options: StateFolderOptions = {}): StateFolder {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  if (existsSync(dir) && !statSync(dir).isDirectory()) {
    const legacy = readLegacyStateFile(dir);
    throw new Error(
      legacy
        ? `--state names a folder now; ${dir} is a kms-sim 0.1 state file: start with --state ${join(dir, "..")} (the file is migrated on first start)`
        : `--state ${dir} is a file; it must name a folder (created if missing)`,
    );
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const unlock = lockFolder(dir);
  try {
    return recover(dir, options, log, unlock);
  } catch (error) {
    unlock();
    throw error;
  }
}

function recover(dir: string, options: StateFolderOptions, log: (line: string) => void, unlock: () => void): StateFolder {
  removeTemporarySnapshot(dir);
  const crypto = options.crypto;
  let loaded = readFolderSnapshot(dir);
  const legacyPath = join(dir, LEGACY_STATE_FILE);
  if (loaded === undefined) {
    if (journalGenerations(dir).length > 0) {
      throw new Error(`${dir} holds journals but no ${SNAPSHOT_FILE}: the folder is damaged (the snapshot is never removed, only replaced)`);
    }
    if (migrateLegacy(dir, log) === undefined) {
      rmSync(join(dir, EVENTS_FILE), { force: true });
      installSnapshotSync(dir, encodeFolderSnapshot(freshSnapshot(options, crypto)));
    }
    loaded = readFolderSnapshot(dir) as LoadedSnapshot;
  } else if (existsSync(legacyPath) && readLegacyStateFile(legacyPath)) {
    // A migration that stopped after installing its snapshot: finish it.
    renameSync(legacyPath, `${legacyPath}.migrated`);
    syncFolder(dir);
    log(`kms-sim: ${legacyPath} was already migrated into ${dir}; renamed it ${LEGACY_STATE_FILE}.migrated`);
  }
  const base = loaded.snapshot;
  const snapshotBytes = loaded.bytes;

  // Journals older than the snapshot are covered by it (a compaction stopped before removing them).
  const generations = journalGenerations(dir);
  for (const generation of generations.filter((g) => g < base.generation)) rmSync(join(dir, journalName(generation)));
  const live = generations.filter((g) => g >= base.generation);

  const events = FileEventLog.open(join(dir, EVENTS_FILE), base.events.count, base.events.bytes);
  let clockNow = base.clock.now;
  let randomPosition = base.kms.random?.position;
  let records = 0;
  let journalBytes = 0;
  const scans = live.map((generation) => {
    const path = join(dir, journalName(generation));
    return { generation, path, scan: scanJournal(readWholeFile(path), path, generation) };
  });
  scans.forEach(({ path, scan }, index) => {
    if (scan.torn && scans.slice(index + 1).some((later) => later.scan.records.length > 0)) {
      throw new JournalDamagedError(path, scan.end, `${scan.torn.reason}, yet a later journal holds records`);
    }
  });
  let journal: JournalFile | undefined;
  for (const [index, { generation, path, scan }] of scans.entries()) {
    journalBytes += scan.end;
    records += scan.records.length;
    if (scan.torn) {
      log(
        `kms-sim: ${path}: dropped a torn record at byte ${scan.end} (${scan.torn.bytes} bytes: ${scan.torn.reason}); ` +
          `it was never acknowledged (the server stopped while writing it); truncated the journal to ${scan.end} bytes`,
      );
    }
    const isLast = index === scans.length - 1;
    if (isLast || scan.torn) {
      const file = JournalFile.reopen(path, generation, scan.end);
      if (isLast) journal = file;
      else file.close();
    }
  }
  if (!journal) {
    journal = JournalFile.create(join(dir, journalName(base.generation)), base.generation);
    syncFolder(dir);
  }

  /**
   * The change records, parsed one at a time as createKms applies them: each dies young instead of
   * a whole journal's worth of parsed records living through the restore (at 100,000 keys that is
   * most of a restart's garbage-collection time). The clock and random position come out as a side
   * effect, read once the replay is over.
   */
  function* replay(): Generator<StateChange> {
    const decoder = new TextDecoder("utf-8", { fatal: true });
    for (const { path, scan } of scans) {
      let offset = 16;
      for (const payload of scan.records) {
        let entry: JournalEntry;
        try {
          entry = JSON.parse(decoder.decode(payload)) as JournalEntry;
        } catch {
          throw new JournalDamagedError(path, offset, "a record passes its checksum but is not a journal entry");
        }
        offset += 12 + payload.length;
        if (entry.e) events.append(entry.e.map((event) => JSON.stringify(event)));
        if (entry.t !== undefined) clockNow = entry.t;
        if (entry.c) {
          if (entry.c.random !== undefined) randomPosition = entry.c.random;
          yield entry.c;
        }
      }
    }
  }

  const manual = base.clock.mode === "manual" ? new ManualClock(new Date(clockNow ?? Date.now())) : undefined;
  const clock: Clock = manual ?? { now: () => new Date() };
  const seed = base.seed;
  // Made on first use, after the replay has found the last random position.
  let seeded: SeededRandom | undefined;
  const current = (): SeededRandom => (seeded ??= seededRandom(seed as string, randomPosition === undefined ? {} : { position: randomPosition }));
  const random: RandomSource | undefined =
    seed === null
      ? options.random
      : Object.defineProperties((length: number) => current()(length), {
          seed: { get: () => seed },
          position: { get: () => current().position },
        });
  const folder = new LiveFolder(dir, options, unlock, {
    journal,
    events,
    base,
    snapshotBytes,
    journalBytes,
    records,
    manual,
  });
  const kms = createKms({
    clock,
    ...(random ? { random } : {}),
    ...(crypto ? { crypto } : {}),
    state: base.kms,
    replay: chain(snapshotKeys(loaded), replay()),
    events: (event) => folder.noteEvent(event),
    changes: (change) => folder.record(change),
  });
  if (manual && clockNow !== null) manual.set(new Date(clockNow));
  folder.attach(kms, clock, seed);
  return folder;
}

class LiveFolder implements StateFolder {
  kms!: Kms;
  clock!: Clock;
  seed: string | null = null;
  readonly manual: ManualClock | undefined;
  readonly events: FileEventLog;
  readonly #dir: string;
  readonly #options: StateFolderOptions;
  readonly #unlock: () => void;
  readonly #commit: GroupCommit<CommitItem>;
  #journal: JournalFile;
  /** Journals that are still open (older generations during a compaction). */
  #older: JournalFile[] = [];
  #snapshotGeneration: number;
  #snapshotBytes: number;
  #journalBytes: number;
  #nextCompaction: number;
  #records: number;
  #compaction: Promise<void> | null = null;
  #pendingEvents: string[] = [];
  #lastClock: number | undefined;
  /** Events in records so far, and the events file's size once they are all written. */
  #recordedEvents: number;
  #recordedEventBytes: number;
  #closed = false;

  constructor(
    dir: string,
    options: StateFolderOptions,
    unlock: () => void,
    state: {
      journal: JournalFile;
      events: FileEventLog;
      base: FolderSnapshot;
      snapshotBytes: number;
      journalBytes: number;
      records: number;
      manual: ManualClock | undefined;
    },
  ) {
    this.#dir = dir;
    this.#options = options;
    this.#unlock = unlock;
    this.#journal = state.journal;
    this.events = state.events;
    this.manual = state.manual;
    this.#snapshotGeneration = state.base.generation;
    this.#snapshotBytes = state.snapshotBytes;
    this.#journalBytes = state.journalBytes;
    this.#records = state.records;
    this.#nextCompaction = this.#threshold();
    this.#recordedEvents = state.events.count;
    this.#recordedEventBytes = state.events.bytes;
    this.#lastClock = state.manual?.now().getTime();
    this.#commit = new GroupCommit<CommitItem>(
      options.fsync ?? "always",
      (items) => {
        if (this.#closed) return;
        try {
          for (const item of items) if (item.lines) this.events.append(item.lines);
        } catch (error) {
          // The events stay in the journal and are rebuilt from it on the next start.
          (options.log ?? ((line: string) => process.stderr.write(`${line}\n`)))(`kms-sim: events.jsonl could not be written (${(error as Error).message})`);
        }
      },
      (error) => (options.log ?? ((line: string) => process.stderr.write(`${line}\n`)))(
        `kms-sim: the journal could not be written (${error.message}); no further change can be acknowledged`,
      ),
    );
  }

  /** Completes the folder once the KMS is restored (the replay moved the clock and the events). */
  attach(kms: Kms, clock: Clock, seed: string | null): void {
    this.kms = kms;
    this.clock = clock;
    this.seed = seed;
    this.#lastClock = this.manual?.now().getTime();
    this.#recordedEvents = this.events.count;
    this.#recordedEventBytes = this.events.bytes;
  }

  #threshold(): number {
    return this.#options.compactAt ?? Math.min(MAX_COMPACT_BYTES, Math.max(MIN_COMPACT_BYTES, this.#snapshotBytes));
  }

  noteEvent(event: KmsEvent): void {
    this.#pendingEvents.push(JSON.stringify(event));
  }

  /** The change sink: one journal record per operation that changed something. */
  record(change: StateChange | undefined): void {
    if (this.#closed) return;
    let text = change ? `{"c":${JSON.stringify(change)}` : "{";
    let lines: string[] | null = null;
    if (this.#pendingEvents.length > 0) {
      lines = this.#pendingEvents;
      this.#pendingEvents = [];
      text += `${change ? "," : ""}"e":[${lines.join(",")}]`;
      this.#recordedEvents += lines.length;
      for (const line of lines) this.#recordedEventBytes += Buffer.byteLength(line) + 1;
    }
    const now = this.manual?.now().getTime();
    if (now !== this.#lastClock && now !== undefined) {
      text += `${text.length > 1 ? "," : ""}"t":${now}`;
      this.#lastClock = now;
    }
    const frame = frameText(`${text}}`);
    try {
      this.#commit.append(this.#journal, frame, { lines });
    } catch {
      return; // the failure is reported, and every durable() now rejects
    }
    this.#records += 1;
    this.#journalBytes += frame.length;
    if (this.#journalBytes >= this.#nextCompaction && this.#compaction === null) {
      setImmediate(() => {
        if (this.#compaction === null && !this.#closed) void this.compact().catch(() => undefined);
      });
    }
  }

  durable(): Promise<void> {
    // Events or a clock move without a change record (a clock moved past nothing due).
    const now = this.manual?.now().getTime();
    if (this.#pendingEvents.length > 0 || (now !== undefined && now !== this.#lastClock)) this.record(undefined);
    return this.#commit.durable();
  }

  compact(): Promise<void> {
    if (this.#compaction) return this.#compaction;
    const run = this.#compact().finally(() => {
      this.#compaction = null;
    });
    this.#compaction = run;
    return run;
  }

  async #compact(): Promise<void> {
    const step = this.#options.compactionStep ?? (() => undefined);
    const dir = this.#dir;
    const log = this.#options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
    const generation = this.#journal.generation + 1;
    try {
      // Switch journals and take the snapshot in one synchronous step: every record before this
      // instant is in the old journal and in the snapshot, every record after it in the new one.
      // tick() runs synchronously to its end and emits what the model changed but no record has
      // carried yet (an operation awaiting WebCrypto may have brought the model up to date before
      // its await); the record below carries pending events and a moved clock.
      this.kms.tick({ collect: false }).catch(() => undefined);
      this.durable().catch(() => undefined);
      const fresh = JournalFile.create(join(dir, journalName(generation)), generation);
      syncFolder(dir);
      this.#older.push(this.#journal);
      this.#journal = fresh;
      this.#journalBytes = fresh.size;
      const snapshot: FolderSnapshot = {
        format: "kms-sim-state-folder",
        version: FOLDER_SNAPSHOT_VERSION,
        generation,
        clock: { mode: this.manual ? "manual" : "system", now: this.#lastClock ?? null },
        seed: this.seed,
        events: { count: this.#recordedEvents, bytes: this.#recordedEventBytes },
        kms: this.kms.snapshot(),
      };
      step("journal-created");
      const text = encodeFolderSnapshot(snapshot);
      await installSnapshot(
        dir,
        text,
        async () => {
          // The old journal's records, and so the events the snapshot counts, reach the disk first.
          await this.#commit.durable();
          if (this.events.bytes < snapshot.events.bytes) throw new Error("the events file is behind the journal");
          await this.events.sync();
          step("events-synced");
        },
        step,
        () => !this.#closed,
      );
      this.#snapshotGeneration = generation;
      this.#snapshotBytes = Buffer.byteLength(text);
      await syncFolderAsync(dir);
      step("folder-synced");
      // Every older journal is covered now: those open here, and any a restart found beside them.
      for (const old of this.#older.splice(0)) old.close();
      for (const old of journalGenerations(dir).filter((g) => g < generation)) await unlink(join(dir, journalName(old)));
      await syncFolderAsync(dir);
      step("old-journals-removed");
      this.#nextCompaction = this.#journalBytes + this.#threshold();
    } catch (error) {
      // Nothing is lost: the journals since the installed snapshot are all kept and replayed on start.
      this.#nextCompaction = this.#journalBytes + this.#threshold();
      if (!this.#closed) log(`kms-sim: compaction failed (${(error as Error).message}); the journal keeps every change`);
      throw error;
    }
  }

  stats() {
    return {
      generation: this.#snapshotGeneration,
      journalBytes: this.#journalBytes,
      records: this.#records,
      flushes: this.#commit.flushes,
      snapshotBytes: this.#snapshotBytes,
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    try {
      await this.durable();
      await this.#compaction?.catch(() => undefined);
      await this.events.sync();
    } finally {
      this.#closeFiles();
    }
  }

  abandon(): void {
    if (!this.#closed) this.#closeFiles();
  }

  #closeFiles(): void {
    this.#closed = true;
    for (const file of [...this.#older.splice(0), this.#journal]) {
      try {
        file.close();
      } catch {
        // already closed
      }
    }
    try {
      this.events.close();
    } catch {
      // already closed
    }
    this.#unlock();
  }
}
