/**
 * The endpoint's events (`GET /_kms-sim/events`), oldest first, one JSON line each, with paging by
 * event id (`?after=<id>&limit=<n>`).
 *
 * With a state folder they live in `events.jsonl`, not in memory: a simulation that rotates a
 * million keys emits a million events (about 400 bytes each). What stays in memory, and only once
 * a page is asked for, is an index of 4 bytes per event (a hash of its id) plus one file offset per
 * 64 events; a page is read from the file. Without a state folder they are kept in memory.
 */
import { closeSync, constants, fdatasync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";

/** Most events one page returns. */
export const MAX_EVENTS_PAGE = 10_000;

/** Where the endpoint keeps its events. */
export interface EventLog {
  /** Events kept so far. */
  readonly count: number;
  /** Appends events, each one line of JSON (no newline inside: JSON.stringify escapes them). */
  append(lines: readonly string[]): void;
  /** The ordinal after the event with this id, or undefined when no kept event has it. */
  ordinalAfter(id: string): Promise<number | undefined>;
  /** Up to `limit` event lines from ordinal `from`. */
  read(from: number, limit: number): Promise<string[]>;
}

/** The id of an event line (the first `"id"` member: events start `{"version":"0","id":...`). */
export function idOfLine(line: string): string {
  const at = line.indexOf('"id":"');
  if (at < 0) return "";
  return line.slice(at + 6, line.indexOf('"', at + 6));
}

/** FNV-1a of a string: the in-memory index holds this instead of the id. */
function hashId(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** Events in memory (an endpoint without a state folder). */
export class MemoryEventLog implements EventLog {
  readonly #lines: string[] = [];
  readonly #ordinals = new Map<string, number>();

  get count(): number {
    return this.#lines.length;
  }

  append(lines: readonly string[]): void {
    for (const line of lines) {
      this.#lines.push(line);
      this.#ordinals.set(idOfLine(line), this.#lines.length);
    }
  }

  async ordinalAfter(id: string): Promise<number | undefined> {
    return this.#ordinals.get(id);
  }

  async read(from: number, limit: number): Promise<string[]> {
    return this.#lines.slice(from, from + limit);
  }
}

const CHECKPOINT_EVERY = 64;
const CHUNK = 1 << 20;

/** Events in a file of JSON lines, append-only; a torn or unsynced tail is cut back by the owner. */
export class FileEventLog implements EventLog {
  readonly #fd: number;
  #closed = false;
  #count: number;
  /** Bytes of the file that hold whole events. */
  #bytes: number;
  /** Built on the first read: id hashes by ordinal, and the offset of every 64th event. */
  #hashes: Uint32Array | null = null;
  #checkpoints: number[] = [];

  private constructor(fd: number, count: number, bytes: number) {
    this.#fd = fd;
    this.#count = count;
    this.#bytes = bytes;
  }

  /**
   * Opens the file, cut back to the `bytes` (holding `count` events) a snapshot vouches for: the
   * events after them are replayed from the journal.
   * @throws {Error} when the file is shorter than that (it lost synced data)
   */
  static open(path: string, count: number, bytes: number): FileEventLog {
    const handle = openSync(path, constants.O_RDWR | constants.O_CREAT, 0o600);
    const size = fstatSync(handle).size;
    if (size < bytes) {
      closeSync(handle);
      throw new Error(`${path} holds ${size} bytes where the snapshot recorded ${bytes}: the events file lost synced data`);
    }
    if (size !== bytes) ftruncateSync(handle, bytes);
    return new FileEventLog(handle, count, bytes);
  }

  get count(): number {
    return this.#count;
  }

  /** Bytes of whole events in the file. */
  get bytes(): number {
    return this.#bytes;
  }

  append(lines: readonly string[]): void {
    if (lines.length === 0) return;
    if (this.#closed) throw new Error("the events file is closed");
    const text = `${lines.join("\n")}\n`;
    const bytes = new TextEncoder().encode(text);
    let written = 0;
    while (written < bytes.length) written += writeSync(this.#fd, bytes, written, bytes.length - written, this.#bytes + written);
    if (this.#hashes) {
      let offset = this.#bytes;
      for (const line of lines) {
        this.#index(this.#count, offset, line);
        this.#count += 1;
        offset += Buffer.byteLength(line) + 1;
      }
    } else {
      this.#count += lines.length;
    }
    this.#bytes += bytes.length;
  }

  /** fdatasync of the events written so far. */
  sync(): Promise<void> {
    if (this.#closed) return Promise.reject(new Error("the events file is closed"));
    return new Promise((resolve, reject) => fdatasync(this.#fd, (error) => (error ? reject(error) : resolve())));
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    closeSync(this.#fd);
  }

  #index(ordinal: number, offset: number, line: string): void {
    let hashes = this.#hashes as Uint32Array;
    if (ordinal >= hashes.length) {
      const grown = new Uint32Array(Math.max(1024, hashes.length * 2));
      grown.set(hashes);
      hashes = this.#hashes = grown;
    }
    hashes[ordinal] = hashId(idOfLine(line));
    if (ordinal % CHECKPOINT_EVERY === 0) this.#checkpoints.push(offset);
  }

  /** Reads the lines of the file from `offset`, calling `each` until it returns false. */
  #scan(offset: number, each: (line: string, start: number) => boolean): void {
    const buffer = Buffer.allocUnsafe(CHUNK);
    let carry = Buffer.alloc(0);
    let carryStart = offset;
    let position = offset;
    while (position < this.#bytes) {
      const n = readSync(this.#fd, buffer, 0, Math.min(CHUNK, this.#bytes - position), position);
      if (n === 0) break;
      position += n;
      const data = carry.length > 0 ? Buffer.concat([carry, buffer.subarray(0, n)]) : buffer.subarray(0, n);
      let start = 0;
      let newline = data.indexOf(10, start);
      while (newline >= 0) {
        if (!each(data.toString("utf8", start, newline), carryStart + start)) return;
        start = newline + 1;
        newline = data.indexOf(10, start);
      }
      carry = Buffer.from(data.subarray(start));
      carryStart += start;
    }
  }

  #ensureIndex(): void {
    if (this.#hashes) return;
    this.#hashes = new Uint32Array(Math.max(1024, this.#count));
    this.#checkpoints = [];
    let ordinal = 0;
    this.#scan(0, (line, start) => {
      this.#index(ordinal++, start, line);
      return true;
    });
  }

  async ordinalAfter(id: string): Promise<number | undefined> {
    this.#ensureIndex();
    const hashes = this.#hashes as Uint32Array;
    const wanted = hashId(id);
    // Newest first: clients page forward from recent events.
    for (let ordinal = this.#count - 1; ordinal >= 0; ordinal--) {
      if (hashes[ordinal] !== wanted) continue;
      const [line] = await this.read(ordinal, 1);
      if (line !== undefined && idOfLine(line) === id) return ordinal + 1;
    }
    return undefined;
  }

  async read(from: number, limit: number): Promise<string[]> {
    this.#ensureIndex();
    const lines: string[] = [];
    if (from >= this.#count || limit <= 0) return lines;
    const checkpoint = Math.floor(from / CHECKPOINT_EVERY);
    let skip = from - checkpoint * CHECKPOINT_EVERY;
    this.#scan(this.#checkpoints[checkpoint] ?? 0, (line) => {
      if (skip > 0) skip -= 1;
      else lines.push(line);
      return lines.length < limit;
    });
    return lines;
  }
}

/**
 * Answers `GET /_kms-sim/events[?after=<id>][&limit=<n>]`: a JSON array of events, oldest first.
 * When more events follow the page, `x-kms-sim-next-after` names the last one returned.
 */
export async function serveEvents(log: EventLog, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const query = new URLSearchParams((request.url ?? "").split("?")[1] ?? "");
  const fail = (status: number, message: string) => {
    const body = JSON.stringify({ message });
    response.writeHead(status, { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) });
    response.end(body);
  };
  const limitText = query.get("limit");
  const limit = limitText === null ? undefined : Number(limitText);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > MAX_EVENTS_PAGE)) {
    return fail(400, `limit must be a whole number from 1 to ${MAX_EVENTS_PAGE}, got ${limitText}`);
  }
  const after = query.get("after");
  let from = 0;
  if (after !== null) {
    const ordinal = await log.ordinalAfter(after);
    if (ordinal === undefined) return fail(404, `No event has the id ${JSON.stringify(after)}.`);
    from = ordinal;
  }
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (limit !== undefined) {
    const lines = await log.read(from, limit);
    const last = lines[lines.length - 1];
    if (last !== undefined && from + lines.length < log.count) headers["x-kms-sim-next-after"] = idOfLine(last);
    const body = `[${lines.join(",")}]`;
    headers["content-length"] = String(Buffer.byteLength(body));
    response.writeHead(200, headers);
    response.end(body);
    return;
  }
  // Everything after `from`, in pages, so a long history is never one string in memory.
  response.writeHead(200, headers);
  response.write("[");
  const total = log.count;
  for (let at = from; at < total; at += MAX_EVENTS_PAGE) {
    const lines = await log.read(at, Math.min(MAX_EVENTS_PAGE, total - at));
    if (lines.length === 0) break;
    const ok = response.write(`${at > from ? "," : ""}${lines.join(",")}`);
    if (!ok) await new Promise((resolve) => response.once("drain", resolve));
  }
  response.end("]");
}
