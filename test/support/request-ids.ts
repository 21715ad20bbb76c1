/**
 * The derived ids of kms-sim's requests and CloudTrail events, recomputed with node:crypto (an
 * independent SHA-256) from the documented recipe in src/service/request-ids.ts.
 */
import { createHash } from "node:crypto";

function uuid(label: string, eventName: string, at: Date, anchor: string, region = "us-east-1", account = "111122223333"): string {
  const digest = createHash("sha256").update(`${label}\0${account}\0${region}\0${eventName}\0${at.getTime()}\0${anchor}`).digest();
  const b = Uint8Array.from(digest.subarray(0, 16));
  b[6] = ((b[6] as number) & 0x0f) | 0x40;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const hex = Buffer.from(b).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The CloudTrail event id of the `seq`-th successful cryptographic request on `keyId`. */
export function usageEventId(eventName: string, at: Date, keyId: string, seq: number, region = "us-east-1"): string {
  return uuid("kms-sim cloudtrail event", eventName, at, `${keyId}#${seq}`, region);
}

/** The KMS request id of the `seq`-th successful cryptographic request on `keyId`. */
export function usageRequestId(eventName: string, at: Date, keyId: string, seq: number): string {
  return uuid("kms-sim request", eventName, at, `${keyId}#${seq}`);
}

/** The CloudTrail event id of the call at `position` of a trail of `lineage` (default: a KMS's own trail). */
export function trailEventId(eventName: string, at: Date, position: number, lineage = "0"): string {
  return uuid("kms-sim cloudtrail event", eventName, at, `trail:${lineage}:${position}`);
}
