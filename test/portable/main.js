/**
 * Command-line entry of the portable smoke suite for Node, Deno and Bun: runs it against the built
 * package (`kms-sim` resolves to dist/ through the package's own "exports") and prints one line of
 * JSON: the runtime, the digest of every step, and the failure if any (then exits non-zero).
 */
import { runSmoke } from "./smoke.js";

const runtime = globalThis.Deno
  ? `deno ${globalThis.Deno.version.deno}`
  : globalThis.Bun
    ? `bun ${globalThis.Bun.version}`
    : `node ${globalThis.process.versions.node}`;

const result = await runSmoke();
console.log(JSON.stringify({ runtime, ...result }));
if (result.failure) throw new Error(`smoke step "${result.failure.check}" failed`);
