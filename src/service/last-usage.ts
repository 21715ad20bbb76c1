/**
 * Usage of keys and backing keys: recorded once per successful cryptographic request from the
 * request's trace (request-trace.ts), into the store's usage records (key-usage.ts), and read by
 * GetKeyLastUsage and by the simulation kit's `keyUsage` and `deletionImpact` (through
 * `kms.keyMaterialUsage`). One source: the audit trail names its events with the same (key, use)
 * anchors, so a trail replayed gives the same counts and `CloudTrailEventId` is the trail's EventId.
 */
import { resolveKey } from "./resolve.js";
import { materialId } from "./materials.js";
import { cloudTrailEventId, kmsRequestId, usageAnchor } from "./request-ids.js";
import type { KmsContext } from "./context.js";
import type { RequestTrace } from "./request-trace.js";
import type { UsageKind } from "./key-usage.js";
import type {
  GetKeyLastUsageRequest,
  GetKeyLastUsageResponse,
  KeyLastUsageTrackingOperation,
} from "../model/aws-shapes.generated.js";
import type { Validated } from "./validate.js";

/** The operations GetKeyLastUsage tracks (AWS's list: successful cryptographic operations only). */
export const TRACKED_OPERATIONS: ReadonlySet<string> = new Set<KeyLastUsageTrackingOperation>([
  "Decrypt", "DeriveSharedSecret", "Encrypt", "GenerateDataKey", "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext",
  "GenerateDataKeyWithoutPlaintext", "GenerateMac", "ReEncrypt", "Sign", "Verify", "VerifyMac",
]);

/** Operations whose encryption under the KMS key is a data key (or data key pair), not the caller's data. */
const DATA_KEY_OPERATIONS: ReadonlySet<string> = new Set([
  "GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext",
]);

/**
 * Records a successful request's usage: every key it used gets one use (the first key used names
 * the request's events: its anchor), every backing key its ciphertexts, data keys and decryptions,
 * and an RSA key's pair those it made and opened, counted for the key as a whole. Sign, Verify,
 * MACs and key agreement make and open no ciphertext: they count as a use only. Untracked
 * operations record nothing.
 */
export function recordUsage(ctx: KmsContext, trace: RequestTrace, at: number): void {
  const operation = trace.operation;
  if (!TRACKED_OPERATIONS.has(operation)) return;
  const first = trace.materials[0]?.key ?? trace.keys[0];
  if (first === undefined) return;
  const store = ctx.store;
  const anchorKeyId = first.keyId;
  const anchorSeq = store.recordKeyUse(anchorKeyId, operation, at, anchorKeyId, -1);
  trace.anchorKeyId = anchorKeyId;
  trace.anchorSeq = anchorSeq;
  for (const key of trace.keys) if (key.keyId !== anchorKeyId) store.recordKeyUse(key.keyId, operation, at, anchorKeyId, anchorSeq);
  const made: UsageKind = DATA_KEY_OPERATIONS.has(operation) ? "dataKey" : "encryption";
  for (const use of trace.materials) store.recordMaterialUse(use.key.keyId, use.index, use.role === "decrypt" ? "decryption" : made, at);
}

/**
 * GetKeyLastUsage: the last successful cryptographic request with the key, tracked since the key
 * was created (or since the snapshot it was restored from, for snapshots that predate tracking).
 * `KeyLastUsage` is empty (`{}`) for a key never used, as AWS answers.
 */
export function getKeyLastUsage(ctx: KmsContext, request: Validated<GetKeyLastUsageRequest>): GetKeyLastUsageResponse {
  const key = resolveKey(ctx, request.KeyId, "keyOnly");
  const usage = ctx.store.usageOf(key.keyId);
  const trackingStart = usage === undefined || Number.isNaN(usage.trackingStartAt) ? key.createdAt : usage.trackingStartAt;
  const response: GetKeyLastUsageResponse = {
    KeyId: key.keyId,
    KeyCreationDate: new Date(key.createdAt),
    TrackingStartDate: new Date(trackingStart),
    KeyLastUsage: {},
  };
  if (usage?.lastOperation) {
    const operation = usage.lastOperation;
    const anchor = usageAnchor(usage.anchorKeyId, usage.anchorSeq);
    response.KeyLastUsage = {
      Operation: operation as KeyLastUsageTrackingOperation,
      Timestamp: new Date(usage.lastAt),
      CloudTrailEventId: cloudTrailEventId(ctx.crypto, ctx.scope, operation, usage.lastAt, anchor),
      KmsRequestId: kmsRequestId(ctx.crypto, ctx.scope, operation, usage.lastAt, anchor),
    };
  }
  return response;
}

/** One backing key's counters (kms.keyMaterialUsage). */
export interface KeyMaterialUsageEntry {
  /** The backing key's KeyMaterialId. */
  readonly KeyMaterialId: string;
  /** Ciphertexts made by Encrypt and by ReEncrypt (as destination). */
  readonly Encryptions: number;
  /** Data keys and data key pairs made (GenerateDataKey*). */
  readonly DataKeys: number;
  /** Ciphertexts opened by Decrypt and by ReEncrypt (as source). */
  readonly Decryptions: number;
  /** When it last made a ciphertext or data key. */
  readonly LastEncryptedAt?: Date;
  /** When it last opened a ciphertext. */
  readonly LastDecryptedAt?: Date;
}

/** `kms.keyMaterialUsage`'s answer: a key's usage as a whole and per backing key. */
export interface KeyMaterialUsageResponse extends Omit<KeyMaterialUsageEntry, "KeyMaterialId"> {
  /** The key id. */
  readonly KeyId: string;
  /** The key ARN. */
  readonly Arn: string;
  /** Every backing key of the key, oldest first (none for asymmetric and HMAC keys). */
  readonly KeyMaterials: readonly KeyMaterialUsageEntry[];
  /** Successful cryptographic requests with the key, of every tracked operation. */
  readonly Uses: number;
  /** The last successful cryptographic use of the key (as GetKeyLastUsage reports it). */
  readonly LastUsedAt?: Date;
  /** When usage tracking began (GetKeyLastUsage's TrackingStartDate). */
  readonly TrackingStartDate: Date;
}

const dateOrNothing = (name: string, at: number | undefined): Record<string, Date> =>
  at === undefined || Number.isNaN(at) ? {} : { [name]: new Date(at) };

/** Usage of a key and of each of its backing keys, from the store's records (no scan of any trail). */
export function keyMaterialUsage(ctx: KmsContext, keyId: string): KeyMaterialUsageResponse {
  const key = resolveKey(ctx, keyId, "keyOrAlias");
  const usage = ctx.store.usageOf(key.keyId);
  const materials: KeyMaterialUsageEntry[] = [];
  // Only symmetric encryption keys have backing keys (an RSA key's stored pair or an HMAC key's
  // imported secret is the key's one material, not a backing key: ListKeyRotations lists none).
  const backingKeys = key.keySpec === "SYMMETRIC_DEFAULT" ? key.history.length : 0;
  for (let index = 0; index < backingKeys; index++) {
    const counters = usage?.materials?.get(index);
    materials.push({
      KeyMaterialId: materialId(ctx, key, index),
      Encryptions: counters?.encryptions ?? 0,
      DataKeys: counters?.dataKeys ?? 0,
      Decryptions: counters?.decryptions ?? 0,
      ...dateOrNothing("LastEncryptedAt", counters?.lastEncryptedAt),
      ...dateOrNothing("LastDecryptedAt", counters?.lastDecryptedAt),
    });
  }
  const total = usage?.total;
  const trackingStart = usage === undefined || Number.isNaN(usage.trackingStartAt) ? key.createdAt : usage.trackingStartAt;
  return {
    KeyId: key.keyId,
    Arn: key.arn,
    Uses: usage?.uses ?? 0,
    Encryptions: total?.encryptions ?? 0,
    DataKeys: total?.dataKeys ?? 0,
    Decryptions: total?.decryptions ?? 0,
    ...dateOrNothing("LastEncryptedAt", total?.lastEncryptedAt),
    ...dateOrNothing("LastDecryptedAt", total?.lastDecryptedAt),
    ...dateOrNothing("LastUsedAt", usage?.lastAt),
    TrackingStartDate: new Date(trackingStart),
    KeyMaterials: materials,
  };
}
