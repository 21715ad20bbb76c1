/**
 * What `kms.fork` takes, and the fork's random source when none is given. The fork itself is the
 * store's (Store.fork) and createKms's (the rest of the KMS around the forked store).
 */
import { webRandom } from "../defaults/web-random.js";
import type { Clock, EventSink, RandomSource } from "../ports.js";
import type { AuditSink } from "./audit.js";

/** Options of `kms.fork`. */
export interface KmsForkOptions {
  /** The fork's own clock (forks run side by side, each at its own present). */
  readonly clock: Clock;
  /**
   * The fork's random source. Default: a copy of the parent's at its present position when it can
   * be copied (`seededRandom`'s can: parent and fork then draw the same bytes for the same calls),
   * the host's randomness when the parent uses it; otherwise this option is required.
   */
  readonly random?: RandomSource;
  /** Receives the fork's events (the parent's sink is not inherited). */
  readonly events?: EventSink;
  /**
   * The fork's audit trail. Default: the parent's kept trail continues in the fork (the past shared,
   * the future its own); a parent's sink is not inherited.
   */
  readonly audit?: boolean | AuditSink;
}

/**
 * A fork's random source when none is given: a copy of the parent's (`seededRandom`'s `fork()`),
 * or the host's randomness, which has no state to copy.
 * @throws {TypeError} when the parent's source is stateful and cannot be copied
 */
export function forkedRandom(random: RandomSource): RandomSource {
  if (random === webRandom) return random;
  const fork = (random as { fork?: unknown }).fork;
  if (typeof fork === "function") return fork.call(random) as RandomSource;
  throw new TypeError("kms.fork needs { random }: this KMS's random source cannot be copied (seededRandom's can)");
}

