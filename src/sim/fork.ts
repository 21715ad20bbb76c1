/**
 * What-if forks: `fork` copies a KMS at its present state (copy on write: history is shared, not
 * copied), and `diff` says how two KMSs differ, key by key, through the public API.
 */
import type { Kms, KmsForkOptions } from "../index.js";

/**
 * An independent copy of `kms` at its present state, with its own clock (and random source). The
 * fork shares the parent's history, copying a key's history only when one of them changes it, so
 * forking a KMS of a million retained versions costs what forking one of ten thousand does (for the
 * same number of keys). A fork and its parent never affect each other afterwards. With the parent's
 * audit trail kept, the fork's trail starts with the parent's past.
 * @param kms the KMS to copy
 * @param options `clock` (required), `random` (default: a copy of a seeded source at its position,
 *   so parent and fork draw the same bytes for the same calls), `events`, `audit`
 * @returns the fork, a `Kms` like any other
 * @throws {TypeError} without a clock, or without `random` when the parent's source cannot be copied
 * @example Two policies over the same future
 * ```ts
 * import { createKms } from "kms-sim";
 * import { ManualClock, seededRandom } from "kms-sim/testing";
 * import { fork } from "kms-sim/sim";
 * const clock = new ManualClock(new Date("2026-01-01T00:00:00Z"));
 * const kms = createKms({ clock, random: seededRandom(1) });
 * const { KeyMetadata } = await kms.createKey();
 * const other = fork(kms, { clock: new ManualClock(clock.now()) });
 * await other.disableKey({ KeyId: KeyMetadata!.KeyId });
 * (await kms.describeKey({ KeyId: KeyMetadata!.KeyId })).KeyMetadata?.KeyState; //=> "Enabled"
 * ```
 */
export function fork(kms: Kms, options: KmsForkOptions): Kms {
  return kms.fork(options);
}
