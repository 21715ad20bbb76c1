/**
 * One journal file of a state folder: an append-only sequence of framed records, and the rules that
 * tell a torn tail (a crash while appending: never acknowledged, safe to drop) from damage (a bad
 * record with data after it: acknowledged changes may be at stake, so refuse to start).
 *
 * File layout (little-endian):
 *
 * | bytes | field |
 * |---|---|
 * | 0–7   | magic `KMSJRNL1` |
 * | 8–11  | format version (1) |
 * | 12–15 | generation (the N of `journal-N.log`) |
 * | 16–   | records |
 *
 * One record:
 *
 * | bytes | field |
 * |---|---|
 * | 0–3   | payload length L |
 * | 4–7   | CRC-32 of the payload |
 * | 8–11  | CRC-32 of bytes 0–7 (so a damaged length is caught, not mistaken for a torn tail) |
 * | 12–   | payload: L bytes of UTF-8 JSON |
 *
 * CRC-32 is zlib's (`node:zlib` `crc32`, native, in Node since 20.15): it detects torn and flipped
 * bytes, which is its job here; it is no defence against deliberate tampering, and needs none.
 */
import { closeSync, fdatasync, fstatSync, ftruncateSync, fsyncSync, openSync, readSync, writeSync } from "node:fs";
import { crc32 } from "node:zlib";

const MAGIC = new TextEncoder().encode("KMSJRNL1");
const FORMAT = 1;
/** Bytes of the file header. */
export const FILE_HEADER_BYTES = 16;
/** Bytes of a record's frame before its payload. */
export const RECORD_HEADER_BYTES = 12;

/** A journal that is damaged before its end: the server must not start on it. */
export class JournalDamagedError extends Error {
  constructor(
    /** The damaged journal file. */
    readonly file: string,
    /** Byte offset of the damaged record in it. */
    readonly offset: number,
    /** What is wrong there (a bad checksum, an impossible length). */
    readonly reason: string,
  ) {
    super(
      `${file} is damaged at byte ${offset}: ${reason}. Records follow it, so they may hold acknowledged changes: ` +
        "kms-sim refuses to start rather than drop them. Restore the state folder from a backup; or, to start from " +
        "the records before the damage, copy the folder and truncate this file to that offset.",
    );
    this.name = "JournalDamagedError";
  }
}

/** Frames one payload as a record. */
export function frameRecord(payload: Uint8Array): Uint8Array {
  const frame = new Uint8Array(RECORD_HEADER_BYTES + payload.length);
  const view = new DataView(frame.buffer);
  view.setUint32(0, payload.length, true);
  view.setUint32(4, crc32(payload), true);
  view.setUint32(8, crc32(frame.subarray(0, 8)), true);
  frame.set(payload, RECORD_HEADER_BYTES);
  return frame;
}

/** Frames a JSON text as a record, encoding it straight into the frame (no intermediate copy). */
export function frameText(text: string): Uint8Array {
  const length = Buffer.byteLength(text);
  const frame = Buffer.allocUnsafe(RECORD_HEADER_BYTES + length);
  frame.write(text, RECORD_HEADER_BYTES, "utf8");
  frame.writeUInt32LE(length, 0);
  frame.writeUInt32LE(crc32(frame.subarray(RECORD_HEADER_BYTES)), 4);
  frame.writeUInt32LE(crc32(frame.subarray(0, 8)), 8);
  return frame;
}

/** A file header for generation `generation`. */
export function fileHeader(generation: number): Uint8Array {
  const header = new Uint8Array(FILE_HEADER_BYTES);
  header.set(MAGIC, 0);
  const view = new DataView(header.buffer);
  view.setUint32(8, FORMAT, true);
  view.setUint32(12, generation, true);
  return header;
}

/** What a scan of a journal's bytes found. */
export interface JournalScan {
  /** The payloads of the whole records, in order (views into the scanned bytes). */
  readonly records: Uint8Array[];
  /** Byte offset where the whole records end: the journal's valid length. */
  readonly end: number;
  /** A torn tail after `end`, if any: how many bytes follow and why they are not a record. */
  readonly torn: { readonly bytes: number; readonly reason: string } | null;
}

function allZero(bytes: Uint8Array, from: number): boolean {
  for (let i = from; i < bytes.length; i++) if (bytes[i] !== 0) return false;
  return true;
}

/**
 * Reads the records of a journal file's bytes.
 *
 * A bad record is a torn tail, and ends the journal, when nothing but zeros follows it (a crash
 * while appending leaves a short file, or a file the filesystem extended with zeros before the
 * data reached the disk). A bad record with data after it is damage.
 * @throws {JournalDamagedError} for damage before the tail, naming the file and byte offset
 */
export function scanJournal(bytes: Uint8Array, file: string, generation: number): JournalScan {
  if (bytes.length < FILE_HEADER_BYTES) {
    // Creation itself was interrupted (the header is written and synced before any record).
    return { records: [], end: 0, torn: { bytes: bytes.length, reason: "the file header is incomplete" } };
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < MAGIC.length; i++) {
    if (bytes[i] !== MAGIC[i]) throw new JournalDamagedError(file, 0, "it does not start with a kms-sim journal header");
  }
  if (view.getUint32(8, true) !== FORMAT) throw new JournalDamagedError(file, 8, `journal format ${view.getUint32(8, true)} is not one this build reads`);
  if (view.getUint32(12, true) !== generation) {
    throw new JournalDamagedError(file, 12, `its header says generation ${view.getUint32(12, true)}, its name ${generation}`);
  }
  const records: Uint8Array[] = [];
  let offset = FILE_HEADER_BYTES;
  while (offset < bytes.length) {
    const torn = (reason: string) => ({ records, end: offset, torn: { bytes: bytes.length - offset, reason } });
    if (bytes.length - offset < RECORD_HEADER_BYTES) return torn("the last record's header is incomplete");
    const length = view.getUint32(offset, true);
    if (crc32(bytes.subarray(offset, offset + 8)) !== view.getUint32(offset + 8, true)) {
      if (allZero(bytes, offset)) return torn("the last record was never written (zeros)");
      throw new JournalDamagedError(file, offset, "a record header fails its checksum");
    }
    const next = offset + RECORD_HEADER_BYTES + length;
    if (next > bytes.length) return torn(`the last record is incomplete (${bytes.length - offset} of ${RECORD_HEADER_BYTES + length} bytes)`);
    const payload = bytes.subarray(offset + RECORD_HEADER_BYTES, next);
    if (crc32(payload) !== view.getUint32(offset + 4, true)) {
      if (allZero(bytes, next)) return torn("the last record's payload fails its checksum (written in part)");
      throw new JournalDamagedError(file, offset, "a record fails its checksum");
    }
    records.push(payload);
    offset = next;
  }
  return { records, end: offset, torn: null };
}

/** Reads a whole file (journals stay under the compaction limit, so they fit in memory). */
export function readWholeFile(path: string): Uint8Array {
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    const bytes = new Uint8Array(size);
    let read = 0;
    while (read < size) {
      const n = readSync(fd, bytes, read, size - read, read);
      if (n === 0) break;
      read += n;
    }
    return read === size ? bytes : bytes.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/** An open journal file, appended at its end. */
export class JournalFile {
  private constructor(
    readonly path: string,
    readonly generation: number,
    private readonly fd: number,
    /** Bytes in the file, including records written but not yet synced. */
    public size: number,
  ) {}

  /** Creates a new, empty journal (header written and synced; the caller syncs the folder). */
  static create(path: string, generation: number): JournalFile {
    const fd = openSync(path, "wx", 0o600);
    const header = fileHeader(generation);
    writeSync(fd, header, 0, header.length, 0);
    fsyncSync(fd);
    return new JournalFile(path, generation, fd, header.length);
  }

  /**
   * Opens an existing journal to append after its whole records, truncating a torn tail (synced,
   * so the dropped bytes cannot come back). A file whose header was torn is written anew.
   */
  static reopen(path: string, generation: number, end: number): JournalFile {
    const fd = openSync(path, "r+");
    let size = end;
    if (end < FILE_HEADER_BYTES) {
      ftruncateSync(fd, 0);
      const header = fileHeader(generation);
      writeSync(fd, header, 0, header.length, 0);
      size = header.length;
    } else if (fstatSync(fd).size !== end) {
      ftruncateSync(fd, end);
    }
    fsyncSync(fd);
    return new JournalFile(path, generation, fd, size);
  }

  #closed = false;

  /** Writes frames after the last byte (to the page cache: durable only after {@link sync}). */
  write(frames: readonly Uint8Array[]): void {
    // A closed descriptor's number may already belong to another file: never write through it.
    if (this.#closed) throw new Error(`${this.path} is closed`);
    const total = frames.reduce((sum, frame) => sum + frame.length, 0);
    const bytes = frames.length === 1 ? (frames[0] as Uint8Array) : new Uint8Array(total);
    if (frames.length !== 1) {
      let at = 0;
      for (const frame of frames) {
        bytes.set(frame, at);
        at += frame.length;
      }
    }
    let written = 0;
    while (written < bytes.length) written += writeSync(this.fd, bytes, written, bytes.length - written, this.size + written);
    this.size += bytes.length;
  }

  /** fdatasync: the records written so far reach the disk (with the file size they need). */
  sync(done: (error: Error | null) => void): void {
    if (this.#closed) done(new Error(`${this.path} is closed`));
    else fdatasync(this.fd, done);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    closeSync(this.fd);
  }
}
