/**
 * The snapshot of a state folder (`snapshot.json`): the KMS snapshot plus what the server owns (clock
 * mode and position, seed, how much of `events.jsonl` it covers) and the generation of the first
 * journal to replay after it. Installed atomically: temporary file, fsync, rename, fsync of the
 * folder, so a crash leaves the old snapshot or the new one, never a torn file.
 */
import { closeSync, fsync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { open, rename } from "node:fs/promises";
import { join } from "node:path";
import type { KeySnapshot, KmsEvent, KmsSnapshot } from "../index.js";

/** The folder snapshot format this build writes and reads. */
export const FOLDER_SNAPSHOT_VERSION = 1;
export const SNAPSHOT_FILE = "snapshot.json";
export const SNAPSHOT_TEMP_FILE = "snapshot.json.tmp";

/** What `snapshot.json` holds. */
export interface FolderSnapshot {
  readonly format: "kms-sim-state-folder";
  readonly version: number;
  /** Journals numbered from this one on continue this snapshot; older ones are covered by it. */
  readonly generation: number;
  /** The clock: its mode, and a manual clock's position (epoch ms). */
  readonly clock: { readonly mode: "system" | "manual"; readonly now: number | null };
  readonly seed: string | null;
  /** The part of `events.jsonl` this snapshot covers (synced before the snapshot was installed). */
  readonly events: { readonly count: number; readonly bytes: number };
  readonly kms: KmsSnapshot;
}

/** The first line of `snapshot.json`: the snapshot without its keys, which follow one per line. */
interface SnapshotHeader extends FolderSnapshot {
  /** Key lines after the header. */
  readonly keyLines: number;
  /** Distinct key policies: a key line's `policy` is an index here (most keys share the default). */
  readonly policies: readonly string[];
}

/** A snapshot read back: the header (its `kms.keys` empty when they come in `keyChunks`) and the keys. */
export interface LoadedSnapshot {
  readonly snapshot: FolderSnapshot;
  /** The keys, a few hundred at a time, parsed as they are asked for. */
  keyChunks(): Generator<KeySnapshot[]>;
  readonly bytes: number;
}

const KEYS_PER_CHUNK = 256;

/**
 * The text of `snapshot.json`: a header line, then one line per key. Keys are parsed a chunk at a
 * time on restore, so a restart with 100,000 keys never holds them all as parsed JSON at once (most
 * of what a restart of a large state spends is garbage collection of exactly that); policies are
 * stored once each. A format-1 KMS snapshot (migrated from kms-sim 0.1) stays whole in the header.
 */
export function encodeFolderSnapshot(snapshot: FolderSnapshot): string {
  if (snapshot.kms.version !== 2) return `${JSON.stringify({ ...snapshot, keyLines: 0, policies: [] })}\n`;
  const policies = new Map<string, number>();
  const lines: string[] = [];
  for (const key of snapshot.kms.keys) {
    let index = policies.get(key.policy);
    if (index === undefined) policies.set(key.policy, (index = policies.size));
    lines.push(JSON.stringify({ ...key, policy: index }));
  }
  const header: SnapshotHeader = { ...snapshot, kms: { ...snapshot.kms, keys: [] }, keyLines: lines.length, policies: [...policies.keys()] };
  lines.unshift(JSON.stringify(header));
  lines.push("");
  return lines.join("\n");
}

/** The state file of kms-sim 0.1 (`--state .kms-sim/state.json`), migrated once into a folder. */
export interface LegacyStateFile {
  readonly format: "kms-sim-server-state";
  readonly version: 1;
  readonly clock: { readonly mode: "system" | "manual"; readonly now: string | null };
  readonly seed: string | null;
  readonly events: readonly KmsEvent[];
  readonly kms: KmsSnapshot;
}

/** Reads `snapshot.json`, or undefined when the folder has none. */
export function readFolderSnapshot(dir: string): LoadedSnapshot | undefined {
  const path = join(dir, SNAPSHOT_FILE);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const damaged = () => new Error(`${path} is not valid: the snapshot is damaged (it is only ever installed whole, by rename)`);
  let end = bytes.indexOf(10);
  let header: SnapshotHeader;
  try {
    header = JSON.parse(bytes.toString("utf8", 0, end < 0 ? bytes.length : end)) as SnapshotHeader;
  } catch {
    throw damaged();
  }
  if (header?.format !== "kms-sim-state-folder") throw new Error(`${path} is not a kms-sim state folder snapshot`);
  if (header.version !== FOLDER_SNAPSHOT_VERSION) {
    throw new Error(`${path} has format version ${String(header.version)}; this kms-sim reads version ${FOLDER_SNAPSHOT_VERSION}`);
  }
  const { keyLines, policies, ...snapshot } = header;
  function* keyChunks(): Generator<KeySnapshot[]> {
    let chunk: KeySnapshot[] = [];
    for (let line = 0; line < keyLines; line++) {
      const start = end + 1;
      end = bytes.indexOf(10, start);
      if (end < 0) throw damaged();
      let key: KeySnapshot & { policy: string | number };
      try {
        key = JSON.parse(bytes.toString("utf8", start, end)) as KeySnapshot & { policy: string | number };
      } catch {
        throw damaged();
      }
      if (typeof key.policy === "number") key.policy = policies[key.policy] as string;
      chunk.push(key);
      if (chunk.length === KEYS_PER_CHUNK) {
        yield chunk;
        chunk = [];
      }
    }
    if (chunk.length > 0) yield chunk;
  }
  return { snapshot, keyChunks, bytes: bytes.length };
}

/** Reads a kms-sim 0.1 state file, or undefined when `path` is not one. */
export function readLegacyStateFile(path: string): LegacyStateFile | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
  let state: LegacyStateFile;
  try {
    state = JSON.parse(text) as LegacyStateFile;
  } catch {
    return undefined;
  }
  if (state?.format !== "kms-sim-server-state") return undefined;
  if (state.version !== 1) throw new Error(`${path} has state file version ${String(state.version)}; this kms-sim migrates version 1`);
  return state;
}

/** fsync of a folder: makes renames, creations and removals in it durable. */
export function syncFolder(dir: string): void {
  const fd = openSync(dir, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** fsync of a file by path. */
export function syncFile(path: string): void {
  const fd = openSync(path, "r+");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** fsync of a folder without blocking the event loop. */
export async function syncFolderAsync(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await new Promise<void>((resolve, reject) => fsync(handle.fd, (error) => (error ? reject(error) : resolve())));
  } finally {
    await handle.close();
  }
}

/** Installs a snapshot synchronously (at start, before serving): temp file, fsync, rename, fsync folder. */
export function installSnapshotSync(dir: string, text: string): void {
  const temporary = join(dir, SNAPSHOT_TEMP_FILE);
  const fd = openSync(temporary, "w", 0o600);
  try {
    const bytes = Buffer.from(text, "utf8");
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written, written);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, join(dir, SNAPSHOT_FILE));
  syncFolder(dir);
}

/** The steps of installing a snapshot during compaction, for failure injection in tests. */
export type SnapshotStep = "snapshot-written" | "snapshot-synced" | "renamed";

/**
 * Writes the temporary snapshot file and syncs it; `beforeRename` runs between the sync and the
 * rename (compaction waits there for the old journal and the events file to be durable).
 */
export async function installSnapshot(
  dir: string,
  text: string,
  beforeRename: () => Promise<void>,
  step: (name: SnapshotStep) => void,
  stillOwner: () => boolean,
): Promise<void> {
  const temporary = join(dir, SNAPSHOT_TEMP_FILE);
  const handle = await open(temporary, "w", 0o600);
  try {
    await handle.writeFile(text, "utf8");
    step("snapshot-written");
    await handle.sync();
    step("snapshot-synced");
  } finally {
    await handle.close();
  }
  await beforeRename();
  // A server that gave up the folder (closed, or abandoned in a test) must not install anything.
  if (!stillOwner()) throw new Error("the state folder was closed during compaction");
  await rename(temporary, join(dir, SNAPSHOT_FILE));
  step("renamed");
}

/** Removes a leftover temporary snapshot (from a crash during compaction: never installed). */
export function removeTemporarySnapshot(dir: string): void {
  rmSync(join(dir, SNAPSHOT_TEMP_FILE), { force: true });
}
