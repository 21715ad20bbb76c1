/**
 * The automatic rotation schedule: when the next rotation of a key falls, and how enabling
 * rotation, changing its period and re-enabling a key move it. Pure functions over epoch ms.
 *
 * Periods are elapsed time (days x 86,400,000 ms), never calendar days, so a schedule never
 * depends on the host time zone or daylight saving.
 */
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
 * The rotation setting after EnableKeyRotation at `at` with `periodDays`.
 *
 * - Rotation off: the first rotation is one period after `at`.
 * - Rotation already on (a period change, decision 4 of the reference): the next rotation is the
 *   new period after the schedule's anchor (the last automatic rotation, or the enable instant if
 *   none since); when that instant is already past, the key rotates now (`at`).
 */
export function enableRotation(rotation: RotationConfig, periodDays: number, at: number): RotationConfig {
  if (!rotation.enabled || rotation.periodDays === null || rotation.nextRotationAt === null) {
    return { enabled: true, periodDays, nextRotationAt: addDays(at, periodDays) };
  }
  const anchor = addDays(rotation.nextRotationAt, -rotation.periodDays);
  return { enabled: true, periodDays, nextRotationAt: Math.max(addDays(anchor, periodDays), at) };
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
  if (!rotation.enabled || rotation.periodDays === null || rotation.nextRotationAt === null || current < 0) {
    return rotation;
  }
  const period = rotation.periodDays * DAY_MS;
  if (at - key.history.createdAt(current) >= period) return { ...rotation, nextRotationAt: at };
  if (rotation.nextRotationAt >= at) return rotation;
  const missed = Math.ceil((at - rotation.nextRotationAt) / period);
  return { ...rotation, nextRotationAt: rotation.nextRotationAt + missed * period };
}

/** The rotation setting after an automatic rotation at `at`: one period later. */
export function afterAutomaticRotation(rotation: RotationConfig, at: number): RotationConfig {
  if (rotation.periodDays === null) return rotation;
  return { ...rotation, nextRotationAt: addDays(at, rotation.periodDays) };
}

/** The rotation setting of a new AWS managed key: on, every `periodDays`, counted from creation. */
export function awsManagedRotation(createdAt: number, periodDays: number): RotationConfig {
  return { enabled: true, periodDays, nextRotationAt: addDays(createdAt, periodDays) };
}
