/** The host clock: the default `Clock` of `createKms`. The only place kms-sim reads real time. */
import type { Clock } from "../ports.js";

/** A clock that reads the host's current time. */
export const systemClock: Clock = {
  now: () => new Date(Date.now()),
};
