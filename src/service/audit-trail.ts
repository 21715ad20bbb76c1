/**
 * The audit trail's storage: every recorded event in time order, indexed by key and by event name,
 * so a lookup by key or operation costs the size of its answer, not of the trail. Positions are
 * reserved when a call begins (its instant is known then), so the trail stays in time order even
 * when asynchronous calls finish out of order; an event is readable once its call has ended.
 *
 * Forks share a trail's past: a fork's trail starts with a view of its parent's first `length`
 * positions (never copied: the parent only ever appends) and appends its own after them. Each
 * trail has its own lineage, which names the calls it records (request-ids.ts).
 */
import type { Scope } from "../model/identifiers.js";
import type { CryptoProvider } from "../ports.js";
import type { AuditEntry } from "./audit-entry.js";

/** A read-only view of an audit trail: what the simulation kit queries (`kms.auditTrail()`). */
export interface AuditTrail {
  /** When the trail started (epoch ms): when its KMS (or the KMS it was forked from) started recording. */
  readonly startedAt: number;
  /** Positions recorded so far, including calls still running. */
  readonly length: number;
  /** The event at `position` (0 is the oldest), or undefined while its call is still running. */
  event(position: number): AuditEntry | undefined;
  /** Positions of the events whose resources include the key (a key id), oldest first. */
  positionsOfKey(keyId: string): readonly number[];
  /** Positions of the events named `eventName` (e.g. "Encrypt", "RotateKey"), oldest first. */
  positionsOfEventName(eventName: string): readonly number[];
  /** The first position whose event happened at or after `at` (epoch ms); `length` when none did. */
  positionAt(at: number): number;
  /** The instant (epoch ms) of the event at `position`, known from the moment its call began. */
  timeAt(position: number): number;
}

/** Inserts `position` into an ascending list (almost always at the end). */
function insertSorted(list: number[], position: number): void {
  let i = list.length;
  while (i > 0 && (list[i - 1] as number) > position) i--;
  if (i === list.length) list.push(position);
  else list.splice(i, 0, position);
}

function indexInto(index: Map<string, number[]>, name: string, position: number): void {
  let list = index.get(name);
  if (list === undefined) index.set(name, (list = []));
  insertSorted(list, position);
}

/** One trail: its own events after its base's (a parent's, for forks). */
export class AuditTrailLog implements AuditTrail {
  readonly #base: AuditTrailLog | null;
  readonly #baseLength: number;
  /** Own events by position - baseLength (holes: retention off). */
  readonly #entries: (AuditEntry | undefined)[] = [];
  /** Own events' instants, by position - baseLength, for time seeks (known from reservation on). */
  readonly #times: number[] = [];
  readonly #byKey = new Map<string, number[]>();
  readonly #byName = new Map<string, number[]>();
  #forks = 0;
  /** False when only a sink receives events: positions are still counted (they name calls). */
  readonly retain: boolean;
  readonly lineage: string;
  readonly scope: Scope;
  readonly crypto: CryptoProvider;
  readonly startedAt: number;

  constructor(options: { scope: Scope; crypto: CryptoProvider; startedAt: number; retain: boolean; base?: AuditTrailLog; lineage?: string }) {
    this.scope = options.scope;
    this.crypto = options.crypto;
    this.startedAt = options.startedAt;
    this.retain = options.retain;
    this.#base = options.base ?? null;
    this.#baseLength = options.base?.length ?? 0;
    this.lineage = options.lineage ?? "0";
  }

  get length(): number {
    return this.#baseLength + this.#times.length;
  }

  /** Takes the next position for an event at `at` (epoch ms). */
  reserve(at: number): number {
    this.#times.push(at);
    return this.#baseLength + this.#times.length - 1;
  }

  /** Stores a finished event at its reserved position and indexes it. */
  fill(entry: AuditEntry): void {
    if (!this.retain) return;
    const own = entry.position - this.#baseLength;
    this.#entries[own] = entry;
    for (const keyId of entry.keyIds) indexInto(this.#byKey, keyId, entry.position);
    indexInto(this.#byName, entry.eventName, entry.position);
  }

  event(position: number): AuditEntry | undefined {
    if (position < this.#baseLength) return this.#base?.event(position);
    return this.#entries[position - this.#baseLength];
  }

  timeAt(position: number): number {
    if (position < this.#baseLength) return this.#base === null ? Number.NEGATIVE_INFINITY : this.#base.timeAt(position);
    return this.#times[position - this.#baseLength] as number;
  }

  #positions(index: "byKey" | "byName", name: string): number[] {
    const inherited = this.#base === null ? [] : this.#base.#positions(index, name).filter((p) => p < this.#baseLength);
    const own = (index === "byKey" ? this.#byKey : this.#byName).get(name);
    return own === undefined ? inherited : inherited.length === 0 ? own.slice() : inherited.concat(own);
  }

  positionsOfKey(keyId: string): readonly number[] {
    return this.#positions("byKey", keyId);
  }

  positionsOfEventName(eventName: string): readonly number[] {
    return this.#positions("byName", eventName);
  }

  positionAt(at: number): number {
    let low = 0;
    let high = this.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.timeAt(mid) < at) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** The trail of a fork made now: this trail's past, and a lineage of its own. */
  fork(): AuditTrailLog {
    this.#forks++;
    return new AuditTrailLog({
      scope: this.scope,
      crypto: this.crypto,
      startedAt: this.startedAt,
      retain: this.retain,
      base: this,
      lineage: `${this.lineage}.${this.length}.${this.#forks}`,
    });
  }
}

/**
 * One Region's view of the account's trail, what `kms.inRegion(region).auditTrail()` returns: like
 * CloudTrail's event history, LookupEvents in a Region finds the events of that Region only (a
 * multi-Region key's rotation is one event per Region, each found in its own). Positions stay the
 * account trail's; another Region's event reads as a hole. While the account uses one Region the
 * view filters nothing.
 */
export class RegionTrail implements AuditTrail {
  readonly #log: AuditTrailLog;
  readonly #region: string;
  readonly #filtering: () => boolean;

  /**
   * @param filtering true when the account has Regions besides this one (read at each query: a
   *   Region may come into use later)
   */
  constructor(log: AuditTrailLog, region: string, filtering: () => boolean) {
    this.#log = log;
    this.#region = region;
    this.#filtering = filtering;
  }

  get startedAt(): number {
    return this.#log.startedAt;
  }

  get length(): number {
    return this.#log.length;
  }

  event(position: number): AuditEntry | undefined {
    const event = this.#log.event(position);
    return event === undefined || !this.#filtering() || event.scope.region === this.#region ? event : undefined;
  }

  #own(positions: readonly number[]): readonly number[] {
    if (!this.#filtering()) return positions;
    return positions.filter((position) => this.#log.event(position)?.scope.region === this.#region);
  }

  positionsOfKey(keyId: string): readonly number[] {
    return this.#own(this.#log.positionsOfKey(keyId));
  }

  positionsOfEventName(eventName: string): readonly number[] {
    return this.#own(this.#log.positionsOfEventName(eventName));
  }

  positionAt(at: number): number {
    return this.#log.positionAt(at);
  }

  timeAt(position: number): number {
    return this.#log.timeAt(position);
  }
}
