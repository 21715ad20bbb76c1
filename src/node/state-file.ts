/**
 * The local endpoint's state file: the whole KMS snapshot plus what the server itself owns (clock
 * mode and position, seed, events so far). Written atomically — a temporary file, fsync, rename —
 * so a crash at any moment leaves either the old state or the new one, never a torn file.
 */
import { open, readFile, rename, rm } from "node:fs/promises";
import { dirname, join, basename } from "node:path";
import type { KmsEvent, KmsSnapshot } from "../index.js";

/** The state file format this build writes and reads. */
export const STATE_FILE_VERSION = 1;

/** What the state file holds. */
export interface ServerState {
  /** Marks the file as a kms-sim state file. */
  readonly format: "kms-sim-server-state";
  /** {@link STATE_FILE_VERSION} of the build that wrote it; another version is refused. */
  readonly version: number;
  /** The server's clock: the host clock, or a manual one and the instant it was at. */
  readonly clock: {
    /** `"system"` follows the host clock; `"manual"` moves only through `/_kms-sim/clock`. */
    readonly mode: "system" | "manual";
    /** The manual clock's instant (ISO 8601), or null for the system clock. */
    readonly now: string | null;
  };
  /** The seed of the random source, or null when it is the platform's CSPRNG. */
  readonly seed: string | null;
  /** Every event emitted so far, oldest first (what `/_kms-sim/events` serves). */
  readonly events: readonly KmsEvent[];
  /** The KMS itself: its snapshot, secret material included. */
  readonly kms: KmsSnapshot;
}

/**
 * Reads a state file, or undefined when there is none.
 * @throws {Error} when the file exists but is not a kms-sim state file of a readable version
 */
export async function readState(path: string): Promise<ServerState | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const state = JSON.parse(text) as ServerState;
  if (state?.format !== "kms-sim-server-state") throw new Error(`${path} is not a kms-sim state file`);
  if (state.version !== STATE_FILE_VERSION) {
    throw new Error(`${path} has state file version ${String(state.version)}; this kms-sim reads version ${STATE_FILE_VERSION}`);
  }
  return state;
}

let sequence = 0;

/** Writes `text` to `path` atomically (temporary file in the same folder, fsync, rename). */
export async function writeAtomically(path: string, text: string): Promise<void> {
  sequence += 1;
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${sequence}.tmp`);
  const handle = await open(temporary, "w", 0o600);
  try {
    await handle.writeFile(text, "utf8");
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
