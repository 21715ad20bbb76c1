/**
 * What `createConsoleHandler` is given: the KMS, a view of the clock (and, for a manual clock, a way
 * to move it), the server's event list, a per-server CSRF token, and a hook that runs after every
 * change. Interfaces, not classes, so any host (the Node server, a Deno or Bun script, a test) can
 * supply them.
 */
import type { Clock, Kms, KmsEvent } from "../index.js";

/** A move of the clock: whole years, months and days (date-fns `Duration`-compatible). */
export interface ConsoleDuration {
  /** Whole years to add (calendar years, UTC). */
  readonly years?: number;
  /** Whole months to add (calendar months, UTC; the day clamps to the month's end). */
  readonly months?: number;
  /** Whole days of 24 hours to add. */
  readonly days?: number;
}

/** Moves a manual clock. The console calls `kms.tick()` after each move, so due rotations apply. */
export interface ConsoleClockControl {
  /** Moves the clock forward by `duration` (the header's **Advance clock**). */
  advance(duration: ConsoleDuration): void | Promise<void>;
  /** Sets the clock to `instant`; the model never goes back, so an earlier instant changes nothing. */
  set(instant: Date): void | Promise<void>;
}

/** One page of events, newest first. */
export interface ConsoleEventPage {
  /** The events of this page, newest first. */
  readonly events: readonly KmsEvent[];
  /** How many events there are in all. */
  readonly total: number;
}

/** The host's event list (the console keeps none itself). */
export interface ConsoleEventSource {
  /** `limit` events, newest first, after skipping the `offset` newest. */
  page(request: { readonly offset: number; readonly limit: number }): ConsoleEventPage | Promise<ConsoleEventPage>;
}

/** Options of `createConsoleHandler`. */
export interface ConsoleOptions {
  /** The KMS the console shows and changes, only through its public operations. */
  readonly kms: Kms;
  /** The clock `kms` reads: the console shows its present in every page header. */
  readonly clock: Clock;
  /** Given for a manual clock: the header then offers **Advance clock** and **Set clock**. */
  readonly clockControl?: ConsoleClockControl;
  /** The emitted events, for the **Events** page. */
  readonly events?: ConsoleEventSource;
  /**
   * A secret of at least 16 characters, fresh for each server (e.g. 32 random bytes in base64url):
   * every state-changing form carries it, and a POST without it is refused with 403.
   */
  readonly csrfToken: string;
  /** Awaited after every state-changing console action, before the response is sent (persistence). */
  readonly afterChange?: () => Promise<void>;
  /**
   * Host names the console answers to (default: 127.0.0.1, localhost, ::1). Any other Host header
   * gets 403, which defeats DNS rebinding. `"any"` turns the check off (only for a console
   * deliberately exposed beyond this machine).
   */
  readonly allowedHosts?: readonly string[] | "any";
  /** The Region the console opens in (default: the KMS's own); the header's selector switches it. */
  readonly region?: string;
  /** On-demand rotations a key may have (default 25, AWS's quota); pass the KMS's own setting. */
  readonly onDemandRotationLimit?: number;
}
