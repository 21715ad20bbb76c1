/**
 * Group commit: records appended while a flush is on the disk share the next flush; a record is
 * acknowledged only after the sync of its file; an older file's records are synced before a newer
 * file's are written; after a failed write or sync nothing more is acknowledged.
 */
import { describe, expect, it } from "vitest";
import { GroupCommit, type CommitTarget } from "../../src/node/group-commit.js";

/** A file whose syncs complete when the test says so; it logs what happened, in order. */
function fakeFile(name: string, log: string[]) {
  const syncs: ((error: Error | null) => void)[] = [];
  const target: CommitTarget = {
    write: (frames) => log.push(`${name} write ${frames.map((f) => f[0]).join(",")}`),
    sync: (done) => {
      log.push(`${name} sync`);
      syncs.push(done);
    },
  };
  return { target, completeSync: (error: Error | null = null) => (syncs.shift() as (e: Error | null) => void)(error), pendingSyncs: () => syncs.length };
}

const frame = (n: number) => Uint8Array.of(n);
const settled = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe("GroupCommit", () => {
  it("acknowledges a record only after its sync, and groups the records that arrive meanwhile into one flush", async () => {
    const log: string[] = [];
    const durable: number[] = [];
    const file = fakeFile("a", log);
    const commit = new GroupCommit<number>("always", (items) => durable.push(...items), () => undefined);
    const acked: number[] = [];
    commit.append(file.target, frame(1), 1);
    void commit.durable().then(() => acked.push(1));
    for (const n of [2, 3, 4]) {
      commit.append(file.target, frame(n), n);
      void commit.durable().then(() => acked.push(n));
    }
    await settled();
    expect([log, acked]).toEqual([["a write 1", "a sync"], []]);
    file.completeSync();
    await settled();
    expect([log, acked, durable]).toEqual([["a write 1", "a sync", "a write 2,3,4", "a sync"], [1], [1]]);
    file.completeSync();
    await settled();
    expect([acked, durable, commit.flushes]).toEqual([[1, 2, 3, 4], [1, 2, 3, 4], 2]);
    expect(commit.durable()).toBe(commit.durable()); // nothing pending: one resolved promise, no allocation
  });

  it("syncs an older journal's records before writing a newer journal's", async () => {
    const log: string[] = [];
    const older = fakeFile("old", log);
    const newer = fakeFile("new", log);
    const commit = new GroupCommit<number>("always", () => undefined, () => undefined);
    commit.append(older.target, frame(1), 1);
    commit.append(older.target, frame(2), 2);
    commit.append(newer.target, frame(3), 3);
    let acked = false;
    void commit.durable().then(() => (acked = true));
    older.completeSync();
    await settled();
    expect(log).toEqual(["old write 1", "old sync", "old write 2", "old sync"]);
    older.completeSync();
    await settled();
    expect([log.slice(4), acked]).toEqual([["new write 3", "new sync"], false]);
    newer.completeSync();
    await settled();
    expect(acked).toBe(true);
  });

  it("acknowledges nothing after a failed sync: waiting requests and later ones are refused", async () => {
    const log: string[] = [];
    const file = fakeFile("a", log);
    const failures: string[] = [];
    const commit = new GroupCommit<number>("always", () => undefined, (error) => failures.push(error.message));
    commit.append(file.target, frame(1), 1);
    const waiting = commit.durable();
    file.completeSync(new Error("EIO: i/o error, fdatasync"));
    await expect(waiting).rejects.toThrow("EIO: i/o error, fdatasync");
    await expect(commit.durable()).rejects.toThrow("EIO");
    expect(() => commit.append(file.target, frame(2), 2)).toThrow("EIO");
    expect(failures).toEqual(["EIO: i/o error, fdatasync"]);
  });

  it("with fsync never, writes each record at once and never syncs", async () => {
    const log: string[] = [];
    const file = fakeFile("a", log);
    const durable: number[] = [];
    const commit = new GroupCommit<number>("never", (items) => durable.push(...items), () => undefined);
    commit.append(file.target, frame(1), 1);
    commit.append(file.target, frame(2), 2);
    await commit.durable();
    expect([log, durable, file.pendingSyncs(), commit.flushes]).toEqual([["a write 1", "a write 2"], [1, 2], 0, 0]);
  });
});
