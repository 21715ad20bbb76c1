/**
 * An open state folder while it serves: every change record the KMS emits becomes one journal
 * record (with the events it emitted and a moved manual clock), durable through group commit
 * before the request that made it is answered; compaction writes a new snapshot and starts a new
 * journal while requests go on.
 */
import { unlink } from "node:fs/promises";
import { join } from "node:path";
import type { Clock, Kms, KmsEvent, StateChange } from "../index.js";
import type { ManualClock } from "../testing/index.js";
import type { EventLog, FileEventLog } from "./event-log.js";
import { journalGenerations, journalName } from "./folder-layout.js";
import { encodeFolderSnapshot, FOLDER_SNAPSHOT_VERSION, installSnapshot, syncFolder, syncFolderAsync, type FolderSnapshot } from "./folder-snapshot.js";
import { GroupCommit } from "./group-commit.js";
import { frameText, JournalFile } from "./journal-file.js";
import type { StateFolderOptions } from "./state-folder.js";

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
export type CompactionStep =
  | "journal-created"
  | "snapshot-written"
  | "snapshot-synced"
  | "renamed"
  | "events-synced"
  | "folder-synced"
  | "old-journals-removed";

/** An open state folder: the KMS it restored, and the durability of what the KMS changes. */
export interface StateFolder {
  /** The KMS restored from the folder; every change it makes is journaled. */
  readonly kms: Kms;
  /** The clock the KMS reads (the manual clock when there is one, else the host clock). */
  readonly clock: Clock;
  /** The manual clock, when the state was made with one; its moves are journaled too. */
  readonly manual: ManualClock | undefined;
  /** The seed of the state's random source, or null when it draws from the platform CSPRNG. */
  readonly seed: string | null;
  /** The persisted events (one JSON line each, oldest first). */
  readonly events: EventLog;
  /** Resolves once every change so far (and a moved manual clock) is durable. */
  durable(): Promise<void>;
  /** Writes a new snapshot and starts a new journal now (it also happens on its own). */
  compact(): Promise<void>;
  /** Facts for benchmarks and tests. */
  stats(): StateFolderStats;
  /** Waits for durability and any compaction in progress, then closes the files. */
  close(): Promise<void>;
  /** Testing: closes the files at once, as a crash would leave them (nothing more is written). */
  abandon(): void;
}

/** Sizes and counters of a state folder, for benchmarks and tests. */
export interface StateFolderStats {
  /** The journal's generation (it grows by one at each compaction). */
  generation: number;
  /** Bytes in the current journal. */
  journalBytes: number;
  /** Records appended to the current journal. */
  records: number;
  /** Flushes (write plus fdatasync) since the folder was opened: fewer than records under group commit. */
  flushes: number;
  /** Bytes of the current snapshot. */
  snapshotBytes: number;
}

interface CommitItem {
  readonly lines: readonly string[] | null;
}

export class LiveFolder implements StateFolder {
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
