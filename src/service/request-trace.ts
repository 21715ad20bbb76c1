/**
 * What one request touched, noted where every operation passes anyway: key resolution
 * (resolve.ts), the lookup of a ciphertext's key, and the sealing and opening of data with a
 * backing key (operations/cryptography.ts). When the request ends, `run` (create-kms.ts) reads the
 * trace to record usage (last-usage.ts) and the audit trail (audit.ts), so operations added later
 * are recorded without code of their own.
 *
 * The trace belongs to the request's {@link Call} (authorization.ts), which `run` installs while an
 * operation's synchronous part runs; an operation that notes after an `await` re-enters its call
 * with `resumeCall`, as it must to resolve keys. So two calls in flight at once never note into
 * each other's trace.
 */
import type { KmsKey } from "../model/key.js";
import type { Acting } from "./callers.js";
import type { KmsContext } from "./context.js";

/** How a backing key served a request. */
export type MaterialRole = "encrypt" | "decrypt";

/** One backing key a request used, or an asymmetric key's pair (which is no backing key). */
export interface MaterialUse {
  readonly key: KmsKey;
  /** Version index (version - 1); -1 for a key pair (RSA encryption). */
  readonly index: number;
  /** The backing key's KeyMaterialId; empty for a key pair. */
  readonly materialId: string;
  readonly role: MaterialRole;
}

/** The trace of one request. */
export class RequestTrace {
  /** The AWS operation name (e.g. "Encrypt"). */
  readonly operation: string;
  /** Keys the request resolved or used, first sight of each, in order. */
  readonly keys: KmsKey[] = [];
  /**
   * Backing keys (and key pairs) the request encrypted or decrypted with, in order (ReEncrypt: the
   * source's, then the destination's).
   */
  readonly materials: MaterialUse[] = [];
  /** Who the request acts as (audit-identity.ts turns it into CloudTrail's userIdentity). */
  readonly acting: Acting;
  /** The key whose use count names this request's events (set when usage is recorded), and that count. */
  anchorKeyId = "";
  anchorSeq = 0;

  constructor(operation: string, acting: Acting) {
    this.operation = operation;
    this.acting = acting;
  }

  /** The key with this id among those noted, if any. */
  keyNamed(keyId: string): KmsKey | undefined {
    for (const key of this.keys) if (key.keyId === keyId) return key;
    return undefined;
  }
}

/** Notes that the current request resolved or used `key`. */
export function noteKey(ctx: KmsContext, key: KmsKey): void {
  const trace = ctx.call?.trace;
  if (trace === undefined || trace.keyNamed(key.keyId) !== undefined) return;
  trace.keys.push(key);
}

/**
 * Notes that the current request encrypted or decrypted with the key pair of asymmetric `key`:
 * usage counts it for the key as a whole, and the trail lists the key in the order of use.
 */
export function noteKeyPairUse(ctx: KmsContext, key: KmsKey, role: MaterialRole): void {
  noteMaterial(ctx, key, -1, "", role);
}

/** Notes that the current request used backing key `index` of `key` (and so the key). */
export function noteMaterial(ctx: KmsContext, key: KmsKey, index: number, materialId: string, role: MaterialRole): void {
  const trace = ctx.call?.trace;
  if (trace === undefined) return;
  if (trace.keyNamed(key.keyId) === undefined) trace.keys.push(key);
  trace.materials.push({ key, index, materialId, role });
}
