/**
 * `kms-sim/console`: the web console as a portable WHATWG fetch handler over a `Kms`. `kms-sim
 * serve` mounts it at `GET /` and `/console/`; any runtime that speaks fetch can mount it too.
 *
 * @module kms-sim/console
 */
export { createConsoleHandler, isConsolePath, MAX_FORM_BYTES } from "./handler.js";
export type { ConsoleClockControl, ConsoleDuration, ConsoleEventPage, ConsoleEventSource, ConsoleOptions } from "./options.js";
export { CONTENT_SECURITY_POLICY, LOOPBACK_HOSTS } from "./security.js";
