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
 * This module opens a folder (creating, migrating or recovering it); live-folder.ts serves it.
 */
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CHANGE_VERSION, createKms, type Clock, type CryptoProvider, type RandomSource, type StateChange } from "../index.js";
import { ManualClock, seededRandom, type SeededRandom } from "../testing/index.js";
import { FileEventLog } from "./event-log.js";
import {
  encodeFolderSnapshot,
  FOLDER_SNAPSHOT_VERSION,
  installSnapshotSync,
  readFolderSnapshot,
  readLegacyStateFile,
  removeTemporarySnapshot,
  SNAPSHOT_FILE,
  syncFile,
  syncFolder,
  type FolderSnapshot,
  type LoadedSnapshot,
} from "./folder-snapshot.js";
import type { FsyncMode } from "./group-commit.js";
import { EVENTS_FILE, journalGenerations, journalName, LEGACY_STATE_FILE, lockFolder, type JournalEntry } from "./folder-layout.js";
import { JournalDamagedError, JournalFile, readWholeFile, scanJournal } from "./journal-file.js";
import { LiveFolder, type CompactionStep, type StateFolder } from "./live-folder.js";

export type { CompactionStep, StateFolder } from "./live-folder.js";

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
  /** Cryptographic primitives of the KMS (the server passes the node:crypto provider). */
  readonly crypto?: CryptoProvider | undefined;
  /** Random source of a folder without a seed (default: WebCrypto). */
  readonly random?: RandomSource | undefined;
  /** Where to say what recovery and migration did (default: stderr). */
  readonly log?: ((line: string) => void) | undefined;
  /** Testing: called at each compaction step; throw to make the compaction fail there. */
  readonly compactionStep?: ((step: CompactionStep) => void) | undefined;
}


/**
 * A snapshot's keys as change records creating them, a chunk at a time: createKms applies them as it
 * applies the journal's, so the parsed keys of a large snapshot die young (see folder-snapshot.ts).
 */
function* snapshotKeys(loaded: LoadedSnapshot): Generator<StateChange> {
  const { settledAt, keySeq, aliasSeq } = loaded.snapshot.kms;
  for (const keys of loaded.keyChunks()) yield { format: "kms-sim-change", version: CHANGE_VERSION, settledAt, keySeq, aliasSeq, keys };
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

