/**
 * Group commit: records appended while a flush is on the disk wait together and share the next
 * flush, so concurrent requests pay for one fdatasync between them instead of one each, and a
 * lone request pays for exactly one.
 *
 * A record is appended synchronously (in the order the state changed) and becomes durable some
 * time later; {@link GroupCommit.durable} resolves once every record appended before the call is.
 * Records may target different files (compaction starts a new journal while records of the old
 * one are still in flight): a flush writes and syncs each file's run of records in order, the
 * older file first, so a record is never on disk before one it depends on.
 */

/** Where records go: a journal file. */
export interface CommitTarget {
  write(frames: readonly Uint8Array[]): void;
  sync(done: (error: Error | null) => void): void;
}

/** How a record reaches the disk: `always` fdatasyncs before acknowledging; `never` leaves it to the OS. */
export type FsyncMode = "always" | "never";

interface Pending<T> {
  readonly target: CommitTarget;
  readonly frame: Uint8Array;
  readonly item: T;
}

interface Waiter {
  readonly seq: number;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

const RESOLVED = Promise.resolve();

/** Batches records into shared flushes. `T` is what the owner wants back once a record is durable. */
export class GroupCommit<T> {
  #pending: Pending<T>[] = [];
  #waiters: Waiter[] = [];
  #appended = 0;
  #durable = 0;
  #flushing = false;
  #failure: Error | undefined;
  /** Flushes so far (a measure of grouping: records / flushes). */
  flushes = 0;

  /**
   * @param mode `always` (fdatasync per flush) or `never` (write at once, no sync).
   * @param onDurable called with each record's item, in order, once it is durable.
   * @param onFailure called once if a write or sync fails: nothing is durable after that.
   */
  constructor(
    private readonly mode: FsyncMode,
    private readonly onDurable: (items: readonly T[]) => void,
    private readonly onFailure: (error: Error) => void,
  ) {}

  /** The first write or sync error, after which every wait rejects. */
  get failure(): Error | undefined {
    return this.#failure;
  }

  /** Appends a framed record for `target`. */
  append(target: CommitTarget, frame: Uint8Array, item: T): void {
    if (this.#failure) throw this.#failure;
    this.#appended += 1;
    if (this.mode === "never") {
      // Straight to the OS: survives the process being killed, not the machine losing power.
      try {
        target.write([frame]);
      } catch (error) {
        this.#fail(error as Error);
        throw error;
      }
      this.#durable = this.#appended;
      this.onDurable([item]);
      return;
    }
    this.#pending.push({ target, frame, item });
    if (!this.#flushing) this.#flush();
  }

  /** Resolves when every record appended so far is durable; rejects if the journal failed. */
  durable(): Promise<void> {
    if (this.#failure) return Promise.reject(this.#failure);
    if (this.#durable === this.#appended) return RESOLVED;
    return new Promise((resolve, reject) => this.#waiters.push({ seq: this.#appended, resolve, reject }));
  }

  #flush(): void {
    const batch = this.#pending;
    this.#pending = [];
    this.#flushing = true;
    const last = this.#appended;
    // Runs of consecutive records for the same target, in order.
    const runs: { target: CommitTarget; frames: Uint8Array[] }[] = [];
    for (const { target, frame } of batch) {
      const run = runs[runs.length - 1];
      if (run && run.target === target) run.frames.push(frame);
      else runs.push({ target, frames: [frame] });
    }
    const next = (index: number): void => {
      const run = runs[index];
      if (!run) {
        this.#done(last, batch);
        return;
      }
      try {
        run.target.write(run.frames);
      } catch (error) {
        this.#fail(error as Error);
        return;
      }
      run.target.sync((error) => {
        if (error) this.#fail(error);
        else next(index + 1);
      });
    };
    next(0);
  }

  #done(seq: number, batch: readonly Pending<T>[]): void {
    this.flushes += 1;
    this.#durable = seq;
    this.#flushing = false;
    try {
      this.onDurable(batch.map((pending) => pending.item));
    } finally {
      let i = 0;
      while (i < this.#waiters.length && (this.#waiters[i] as Waiter).seq <= seq) (this.#waiters[i++] as Waiter).resolve();
      this.#waiters.splice(0, i);
      // Whatever arrived during this flush goes in the next one, together.
      if (this.#pending.length > 0) this.#flush();
    }
  }

  #fail(error: Error): void {
    if (this.#failure) return;
    this.#failure = error;
    this.#flushing = false;
    this.#pending = [];
    for (const waiter of this.#waiters.splice(0)) waiter.reject(error);
    this.onFailure(error);
  }
}
