/**
 * The layout of a state folder: its file names, the journal's record payload, and the lock that
 * keeps a second server off a folder in use.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { KmsEvent, StateChange } from "../index.js";

/** The kms-sim 0.1 state file a folder may hold, migrated on first start. */
export const LEGACY_STATE_FILE = "state.json";
export const EVENTS_FILE = "events.jsonl";
const LOCK_FILE = "lock";

/** One journal record's payload: a change record, the events it emitted, the manual clock's position. */
export interface JournalEntry {
  readonly c?: StateChange;
  readonly e?: KmsEvent[];
  readonly t?: number;
}

export const journalName = (generation: number): string => `journal-${String(generation).padStart(6, "0")}.log`;

export function journalGenerations(dir: string): number[] {
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
export function lockFolder(dir: string): () => void {
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

