/**
 * The ids of a request: its CloudTrail event id (`eventID`, GetKeyLastUsage's `CloudTrailEventId`)
 * and its KMS request id (`requestID`, `KmsRequestId`). Both are UUIDs derived (SHA-256) from what
 * names the request uniquely in its KMS rather than drawn from the random source, for the same
 * reason as event ids (context.ts): turning the audit trail on must not change the random stream.
 * They are derived when first asked for, not on every request: an Encrypt pays nothing for them.
 *
 * What names a request, its anchor:
 * - a successful cryptographic request: a key it used and that key's use count after it
 *   (`<key id>#<n>`), which the key's usage record keeps, so GetKeyLastUsage names the same event
 *   with or without a trail;
 * - any other call: its position in the audit trail and the trail's lineage (forks of one trail
 *   share positions, so each fork has its own lineage);
 * - an event of the service itself (RotateKey, DeleteKey): the id of the EventBridge event it mirrors.
 */
import { uuidV4FromBytes, type Scope } from "../model/identifiers.js";
import type { CryptoProvider } from "../ports.js";

const encoder = new TextEncoder();

function derivedUuid(crypto: CryptoProvider, label: string, scope: Scope, eventName: string, at: number, anchor: string): string {
  const input = encoder.encode(`${label}\0${scope.accountId}\0${scope.region}\0${eventName}\0${at}\0${anchor}`);
  return uuidV4FromBytes(crypto.sha256(input).subarray(0, 16));
}

/** The anchor of the `seq`-th successful cryptographic request on key `keyId`. */
export function usageAnchor(keyId: string, seq: number): string {
  return `${keyId}#${seq}`;
}

/** The anchor of the call at `position` of a trail of lineage `lineage`. */
export function trailAnchor(lineage: string, position: number): string {
  return `trail:${lineage}:${position}`;
}

/** The CloudTrail event id of the request or event named by `anchor`. */
export function cloudTrailEventId(crypto: CryptoProvider, scope: Scope, eventName: string, at: number, anchor: string): string {
  return derivedUuid(crypto, "kms-sim cloudtrail event", scope, eventName, at, anchor);
}

/** The KMS request id of the request named by `anchor`. */
export function kmsRequestId(crypto: CryptoProvider, scope: Scope, eventName: string, at: number, anchor: string): string {
  return derivedUuid(crypto, "kms-sim request", scope, eventName, at, anchor);
}
