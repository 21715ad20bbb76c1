/**
 * The automatic rotation schedule: when the next rotation of a key falls, and how enabling
 * rotation, changing its period and re-enabling a key move it. Pure functions over epoch ms.
 *
 * Periods are elapsed time (days x 86,400,000 ms), never calendar days, so a schedule never
 * depends on the host time zone or daylight saving.
 *
 * A key's setting records the next rotation as scheduled when the setting last changed, and how
 * many versions the key had then. Each automatic rotation since then moves the schedule one period
 * past itself; so the next rotation is derived from the setting and the key's history
 * ({@link nextRotationAt}), and an automatic rotation changes nothing but the history: a simulation
 * rotating millions of keys copies no key record.
 */
import { VersionKind } from "../model/key-history.js";
import type { KmsKey, RotationConfig } from "../model/key.js";

/** Milliseconds in one rotation-period day. */
export const DAY_MS = 86_400_000;

/** AWS's default RotationPeriodInDays. */
export const DEFAULT_ROTATION_PERIOD_DAYS = 365;
/** AWS's largest RotationPeriodInDays (the AWS model enforces 90..2560 on requests). */
export const MAX_ROTATION_PERIOD_DAYS = 2560;

/** `at` plus a whole number of days, as elapsed time. */
export function addDays(at: number, days: number): number {
  return at + days * DAY_MS;
}

/**
 * The instant of the key's next automatic rotation (epoch ms) while rotation is on, else null:
 * one period after the last automatic rotation since the setting changed, or the setting's own
 * date when there has been none. (Whether the key is in a state to rotate is nextDue's concern.)
 */
export function nextRotationAt(key: KmsKey): number | null {
  const rotation = key.rotation;
  if (!rotation.enabled || rotation.periodDays === null || rotation.nextRotationAt === null) return null;
  const history = key.history;
  // On-demand versions do not move the schedule: look back past them to the last automatic one.
  for (let index = history.length - 1; index >= rotation.sinceVersion; index--) {
    if (history.kind(index) === VersionKind.AUTOMATIC) return addDays(history.createdAt(index), rotation.periodDays);
  }
  return rotation.nextRotationAt;
}

/** A setting whose next rotation is `at`, counted from the key's present history. */
function scheduledAt(key: KmsKey, periodDays: number, at: number): RotationConfig {
  return { enabled: true, periodDays, nextRotationAt: at, sinceVersion: key.history.length };
}

/**
 * The rotation setting after EnableKeyRotation at `at` with `periodDays`.
 *
 * - Rotation off: the first rotation is one period after `at`.
 * - Rotation already on (a period change, decision 4 of the reference): the next rotation is the
 *   new period after the schedule's anchor (the last automatic rotation, or the enable instant if
 *   none since); when that instant is already past, the key rotates now (`at`).
 */
export function enableRotation(key: KmsKey, periodDays: number, at: number): RotationConfig {
  const next = nextRotationAt(key);
  const oldPeriod = key.rotation.periodDays;
  if (next === null || oldPeriod === null) return scheduledAt(key, periodDays, addDays(at, periodDays));
  const anchor = addDays(next, -oldPeriod);
  return scheduledAt(key, periodDays, Math.max(addDays(anchor, periodDays), at));
}

/**
 * The rotation setting of a key that EnableKey brings back from Disabled at `at`.
 *
 * Seed page: "If the backing key for the newly reenabled CMK is more than a year old, AWS KMS
 * immediately rotates it." kms-sim uses the key's own period as the threshold (at least one
 * period old: rotate at `at`). Otherwise the schedule resumes; a rotation date that passed while
 * the key was disabled moves forward by whole periods to the first one at or after `at`.
 */
export function resumeAfterEnable(key: KmsKey, at: number): RotationConfig {
  const { rotation } = key;
  const current = key.history.current;
  const next = nextRotationAt(key);
  if (next === null || rotation.periodDays === null || current < 0) return rotation;
  const period = rotation.periodDays * DAY_MS;
  if (at - key.history.createdAt(current) >= period) return scheduledAt(key, rotation.periodDays, at);
  if (next >= at) return rotation;
  const missed = Math.ceil((at - next) / period);
  return scheduledAt(key, rotation.periodDays, next + missed * period);
}

/** The rotation setting of a new AWS managed key (with its original version): on, every `periodDays`, counted from creation. */
export function awsManagedRotation(createdAt: number, periodDays: number): RotationConfig {
  return { enabled: true, periodDays, nextRotationAt: addDays(createdAt, periodDays), sinceVersion: 1 };
}
