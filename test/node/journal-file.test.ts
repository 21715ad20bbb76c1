/**
 * Journal framing and recovery rules: whole records come back in order; a torn tail (a record cut
 * short, or never written and left as zeros) ends the journal; a bad record with data after it is
 * damage, refused with the file and byte offset named.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  FILE_HEADER_BYTES,
  fileHeader,
  frameRecord,
  frameText,
  JournalDamagedError,
  JournalFile,
  RECORD_HEADER_BYTES,
  scanJournal,
} from "../../src/node/journal-file.js";

const dir = mkdtempSync(join(tmpdir(), "kms-sim-journal-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const payloads = ['{"n":1}', '{"n":2,"pad":"' + "x".repeat(40) + '"}', '{"n":3}'].map((p) => new TextEncoder().encode(p));

/** A journal of generation 7 holding the three payloads; also the offset of each record. */
function journal(): { bytes: Uint8Array; offsets: number[] } {
  const parts = [fileHeader(7), ...payloads.map(frameRecord)];
  const offsets: number[] = [];
  let size = 0;
  for (const part of parts) {
    if (size >= FILE_HEADER_BYTES) offsets.push(size);
    size += part.length;
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return { bytes, offsets };
}

function damageAt(bytes: Uint8Array, offset: number): JournalDamagedError {
  try {
    scanJournal(bytes, "/state/journal-000007.log", 7);
  } catch (error) {
    expect(error).toBeInstanceOf(JournalDamagedError);
    const damage = error as JournalDamagedError;
    expect([damage.file, damage.offset]).toEqual(["/state/journal-000007.log", offset]);
    expect(damage.message).toContain(`/state/journal-000007.log is damaged at byte ${offset}`);
    return damage;
  }
  throw new Error("expected JournalDamagedError");
}

describe("scanJournal", () => {
  it("returns every whole record in order and the journal's valid length", () => {
    const { bytes } = journal();
    const scan = scanJournal(bytes, "j", 7);
    expect(scan.records.map(text)).toEqual(payloads.map(text));
    expect([scan.end, scan.torn]).toEqual([bytes.length, null]);
  });

  it("drops a last record cut short at any byte, keeping the records before it", () => {
    const { bytes, offsets } = journal();
    const last = offsets[2] as number;
    for (let cut = last + 1; cut < bytes.length; cut++) {
      const scan = scanJournal(bytes.subarray(0, cut), "j", 7);
      expect(scan.records.map(text), `cut at ${cut}`).toEqual(payloads.slice(0, 2).map(text));
      expect([scan.end, scan.torn?.bytes]).toEqual([last, cut - last]);
    }
  });

  it("drops a last record the filesystem left as zeros, or whose payload is half written", () => {
    const { bytes, offsets } = journal();
    const zeros = new Uint8Array(bytes.length + 64);
    zeros.set(bytes);
    const scan = scanJournal(zeros, "j", 7);
    expect([scan.records.length, scan.end, scan.torn?.reason]).toEqual([3, bytes.length, "the last record was never written (zeros)"]);
    const half = Uint8Array.from(bytes);
    half.fill(0, (offsets[2] as number) + RECORD_HEADER_BYTES + 2);
    const torn = scanJournal(half, "j", 7);
    expect([torn.records.length, torn.end, torn.torn?.reason]).toEqual([2, offsets[2], "the last record's payload fails its checksum (written in part)"]);
  });

  it("treats a file shorter than its header as a journal whose creation was interrupted", () => {
    const scan = scanJournal(fileHeader(7).subarray(0, 5), "j", 7);
    expect([scan.records, scan.end, scan.torn?.reason]).toEqual([[], 0, "the file header is incomplete"]);
  });

  it("refuses a flipped byte in a record before the last, naming the file and the record's offset", () => {
    const { bytes, offsets } = journal();
    const flipped = Uint8Array.from(bytes);
    const at = (offsets[1] as number) + RECORD_HEADER_BYTES + 3;
    flipped[at] = (flipped[at] as number) ^ 0x01;
    expect(damageAt(flipped, offsets[1] as number).reason).toBe("a record fails its checksum");
  });

  it("refuses a damaged length, which would otherwise pass for a torn tail", () => {
    const { bytes, offsets } = journal();
    const flipped = Uint8Array.from(bytes);
    const at = (offsets[0] as number) + 2;
    flipped[at] = (flipped[at] as number) ^ 0x40; // the length now points past the end of the file
    expect(damageAt(flipped, offsets[0] as number).reason).toBe("a record header fails its checksum");
  });

  it("refuses a file that is not a journal of this generation", () => {
    const { bytes } = journal();
    const foreign = Uint8Array.from(bytes);
    foreign[0] = 0x58;
    damageAt(foreign, 0);
    expect(() => scanJournal(bytes, "j", 8)).toThrow("its header says generation 7, its name 8");
  });
});

describe("frameText", () => {
  it("frames a JSON text exactly as frameRecord frames its UTF-8 bytes", () => {
    const text = '{"c":"é✓ 𝄞"}';
    expect(Buffer.from(frameText(text)).equals(Buffer.from(frameRecord(new TextEncoder().encode(text))))).toBe(true);
  });
});

describe("JournalFile", () => {
  it("appends after the header, and reopening truncates a torn tail to the last whole record", () => {
    const path = join(dir, "journal-000003.log");
    const file = JournalFile.create(path, 3);
    file.write([frameRecord(payloads[0] as Uint8Array), frameRecord(payloads[1] as Uint8Array)]);
    const whole = file.size;
    file.write([frameRecord(payloads[2] as Uint8Array).subarray(0, 9)]);
    file.close();
    const scan = scanJournal(readFileSync(path), path, 3);
    expect([scan.records.length, scan.end]).toEqual([2, whole]);
    const reopened = JournalFile.reopen(path, 3, scan.end);
    expect(statSync(path).size).toBe(whole);
    reopened.write([frameRecord(payloads[2] as Uint8Array)]);
    reopened.close();
    expect(scanJournal(readFileSync(path), path, 3).records.map(text)).toEqual(payloads.map(text));
  });

  it("rewrites the header of a journal whose creation was interrupted", () => {
    const path = join(dir, "journal-000004.log");
    writeFileSync(path, fileHeader(4).subarray(0, 3));
    JournalFile.reopen(path, 4, 0).close();
    expect(scanJournal(readFileSync(path), path, 4)).toEqual({ records: [], end: FILE_HEADER_BYTES, torn: null });
  });
});
