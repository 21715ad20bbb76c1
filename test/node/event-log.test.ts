/**
 * The endpoint's event logs, in a file and in memory: events come back oldest first, pages start
 * after a given event id, and a file reopened at a snapshot's length drops what came after it.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FileEventLog, idOfLine, MemoryEventLog, type EventLog } from "../../src/node/event-log.js";

const dir = mkdtempSync(join(tmpdir(), "kms-sim-events-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const id = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
/** Event lines as the endpoint writes them (the id is the second member), with some non-ASCII text. */
const line = (i: number) => JSON.stringify({ version: "0", id: id(i), "detail-type": "KMS CMK Rotation", detail: { "key-id": `k${i}`, note: "é✓\n" } });
const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => line(from + k));

async function behavesAsALog(log: EventLog) {
  log.append(lines(0, 150));
  log.append(lines(150, 200));
  expect(log.count).toBe(200);
  expect(await log.read(0, 3)).toEqual(lines(0, 3));
  expect(await log.read(63, 3)).toEqual(lines(63, 66));
  expect(await log.read(190, 50)).toEqual(lines(190, 200));
  expect(await log.read(200, 5)).toEqual([]);
  expect(await log.ordinalAfter(id(0))).toBe(1);
  expect(await log.ordinalAfter(id(129))).toBe(130);
  expect(await log.ordinalAfter(id(199))).toBe(200);
  expect(await log.ordinalAfter(id(200))).toBeUndefined();
  log.append(lines(200, 201));
  expect(await log.ordinalAfter(id(200))).toBe(201);
  expect(await log.read(199, 5)).toEqual(lines(199, 201));
}

describe("event logs", () => {
  it("reads an event's id from its line", () => {
    expect(idOfLine(line(5))).toBe(id(5));
  });

  it("in a file: pages by ordinal and by id, the index kept up as events are appended", async () => {
    const log = FileEventLog.open(join(dir, "a.jsonl"), 0, 0);
    await behavesAsALog(log);
    log.close();
  });

  it("in memory: the same", async () => {
    await behavesAsALog(new MemoryEventLog());
  });

  it("reopened at a snapshot's length, drops the events after it; refuses a file shorter than that", async () => {
    const path = join(dir, "b.jsonl");
    const log = FileEventLog.open(path, 0, 0);
    log.append(lines(0, 10));
    const bytes = log.bytes;
    log.append(lines(10, 20));
    await log.sync();
    log.close();
    const reopened = FileEventLog.open(path, 10, bytes);
    expect([reopened.count, statSync(path).size]).toEqual([10, bytes]);
    expect(await reopened.read(0, 100)).toEqual(lines(0, 10));
    reopened.close();
    writeFileSync(path, lines(0, 2).join("\n"));
    expect(() => FileEventLog.open(path, 10, bytes)).toThrow(`${path} holds ${statSync(path).size} bytes where the snapshot recorded ${bytes}`);
  });
});
