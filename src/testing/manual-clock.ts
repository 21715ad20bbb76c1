/**
 * A clock that moves only when told: the time machine for rotation tests and simulations.
 */
import type { Duration } from "date-fns";
import type { Clock } from "../ports.js";

/**
 * A manually driven {@link Clock}.
 * @example Ten years in one line
 * ```ts
 * import { createKms } from "kms-sim";
 * import { ManualClock } from "kms-sim/testing";
 * const clock = new ManualClock(new Date("2026-01-01T00:00:00Z"));
 * const kms = createKms({ clock });
 * clock.advance({ years: 10 });
 * clock.now().toISOString(); //=> "2036-01-01T00:00:00.000Z"
 * ```
 */
export class ManualClock implements Clock {
  #now: number;

  /** @throws {RangeError} when `start` is an invalid Date. */
  constructor(start: Date) {
    this.#now = ManualClock.#epoch(start, "start");
  }

  /** The clock's current instant (a fresh Date each call). */
  now(): Date {
    return new Date(this.#now);
  }

  /**
   * Jumps to `date` (forwards or backwards; kms-sim itself never goes back in time, see docs).
   * @throws {RangeError} when `date` is an invalid Date.
   */
  set(date: Date): void {
    this.#now = ManualClock.#epoch(date, "date");
  }

  /**
   * Moves the clock forward by a date-fns Duration (`{ days: 365 }`, `{ years: 2, hours: 3 }`) or
   * by milliseconds. Units follow date-fns `add` (months clamp to the month's end) on
   * the UTC calendar, so results never depend on the host time zone: a day is always 24 hours.
   * @throws {RangeError} when the result is not a valid instant.
   */
  advance(by: Duration | number): void {
    if (typeof by === "number") {
      if (!Number.isFinite(by)) throw new RangeError("advance needs a finite number of milliseconds");
      this.#now = ManualClock.#epoch(new Date(this.#now + by), "advance");
      return;
    }
    this.#now = ManualClock.#epoch(addUtc(this.#now, by), "advance");
  }

  static #epoch(date: Date, field: string): number {
    const ms = date instanceof Date ? date.getTime() : Number.NaN;
    if (Number.isNaN(ms)) throw new RangeError(`${field} must be a valid Date`);
    return ms;
  }
}

/**
 * date-fns `add` semantics (years and months first, clamping the day to the month's end; then
 * weeks and days; then the clock units), computed on the UTC calendar. date-fns itself reads
 * calendar fields in the host time zone, which would make `{ days: 1 }` 23 or 25 hours across a
 * daylight-saving change; here a day is always 24 h and a year the same UTC date next year.
 */
function addUtc(epochMs: number, duration: Duration): Date {
  const d = new Date(epochMs);
  const months = (duration.years ?? 0) * 12 + (duration.months ?? 0);
  if (months !== 0) {
    const day = d.getUTCDate();
    const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
    const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
    d.setUTCFullYear(target.getUTCFullYear(), target.getUTCMonth(), Math.min(day, lastDay));
  }
  const days = (duration.weeks ?? 0) * 7 + (duration.days ?? 0);
  const ms =
    days * 86_400_000 +
    (duration.hours ?? 0) * 3_600_000 +
    (duration.minutes ?? 0) * 60_000 +
    (duration.seconds ?? 0) * 1_000;
  return new Date(d.getTime() + ms);
}
