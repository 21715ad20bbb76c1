/**
 * Key lifecycle operations: CreateKey, DescribeKey, ListKeys, EnableKey, DisableKey,
 * UpdateKeyDescription, ScheduleKeyDeletion, CancelKeyDeletion.
 */
import { UnsupportedOperationException, ValidationException } from "../../errors.js";
import { formatKeyArn, toHex } from "../../model/identifiers.js";
import { isSymmetricSpec } from "../../model/key-spec.js";
import { requireCreateKeySpec } from "../../model/key-type-checks.js";
import { requireKeyState } from "../../model/key-state.js";
import { KeyHistory, VersionKind } from "../../model/key-history.js";
import { NO_ON_DEMAND, ROTATION_OFF, type KmsKey } from "../../model/key.js";
import { callsFromOwnAccount, currentCall, newKeyPolicy, pendingKeyResource } from "../authorization.js";
import type { KeyUsage } from "../../model/shapes.js";
import { mergeTags, requireUsableTagKeys } from "../../model/tags.js";
import { addDays, resumeAfterEnable } from "../../rotation/index.js";
import { newUuid, type KmsContext } from "../context.js";
import { newSeeds } from "../materials.js";
import { toKeyMetadata } from "../mappers.js";
import { isReplicaIn } from "../multi-region.js";
import { pageFrom, pagingMembers } from "../paging.js";
import { resolveKey, type AwsAliasFallback } from "../resolve.js";
import type {
  CancelKeyDeletionRequest,
  CancelKeyDeletionResponse,
  CreateKeyRequest,
  CreateKeyResponse,
  DescribeKeyRequest,
  DescribeKeyResponse,
  DisableKeyRequest,
  EnableKeyRequest,
  KeySpec,
  ListKeysRequest,
  ListKeysResponse,
  ScheduleKeyDeletionRequest,
  ScheduleKeyDeletionResponse,
  UpdateKeyDescriptionRequest,
} from "../../model/aws-shapes.generated.js";
import { constraintError, type Validated } from "../validate.js";

/** The waiting period AWS enforces for ScheduleKeyDeletion (the model admits 1..365). */
const MIN_PENDING_WINDOW_DAYS = 7;
const MAX_PENDING_WINDOW_DAYS = 30;
const DEFAULT_PENDING_WINDOW_DAYS = 30;

function requireSupportedKeyStore(request: Validated<CreateKeyRequest>): void {
  if (request.CustomKeyStoreId !== undefined || request.XksKeyId !== undefined) {
    throw new UnsupportedOperationException("kms-sim does not model custom key stores (CustomKeyStoreId, XksKeyId).");
  }
  if (request.Origin === "AWS_CLOUDHSM" || request.Origin === "EXTERNAL_KEY_STORE") {
    throw new UnsupportedOperationException(`kms-sim does not model custom key stores (Origin ${request.Origin}).`);
  }
}

function requireSpecAndUsage(request: Validated<CreateKeyRequest>): { keySpec: KeySpec; keyUsage: KeyUsage } {
  if (request.KeySpec !== undefined && request.CustomerMasterKeySpec !== undefined) {
    throw new ValidationException("You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec is deprecated.");
  }
  const keySpec: KeySpec = request.KeySpec ?? request.CustomerMasterKeySpec ?? "SYMMETRIC_DEFAULT";
  const keyUsage = requireCreateKeySpec(keySpec, request.KeyUsage, request.Origin ?? "AWS_KMS");
  return { keySpec, keyUsage };
}

/**
 * Precondition: the caller belongs to this KMS's account (kms-sim holds the keys of one account;
 * a caller of another account would create a key in its own).
 * @throws {@link UnsupportedOperationException} otherwise
 */
function requireOwnAccount(ctx: KmsContext): void {
  if (callsFromOwnAccount(ctx)) return;
  throw new UnsupportedOperationException(
    `kms-sim models the keys of account ${ctx.scope.accountId}; a caller of account ${currentCall(ctx).acting.caller.accountId} cannot create keys in its own account here.`,
  );
}

/** CreateKey: a new customer managed key, Enabled with fresh material (EXTERNAL: PendingImport, none). */
export function createKey(ctx: KmsContext, request: Validated<CreateKeyRequest>, now: number): CreateKeyResponse {
  requireOwnAccount(ctx);
  requireSupportedKeyStore(request);
  const { keySpec, keyUsage } = requireSpecAndUsage(request);
  const origin = request.Origin === "EXTERNAL" ? "EXTERNAL" : "AWS_KMS";
  const requestTags = (request.Tags ?? []).map((tag) => ({ key: tag.TagKey, value: tag.TagValue }));
  // The lockout safety check runs on the key about to be made, before its id is drawn.
  const { policy, compiled } = newKeyPolicy(ctx, request, () => pendingKeyResource(ctx, { keySpec, keyUsage, origin, tags: requestTags }));
  requireUsableTagKeys(requestTags.map((tag) => tag.key));
  const tags = mergeTags([], requestTags);

  // A multi-Region key's id is `mrk-` and 32 hex digits, the same in every Region of its family.
  const keyId = request.MultiRegion === true ? `mrk-${toHex(ctx.random(16))}` : newUuid(ctx);
  const seeds = origin === "AWS_KMS" ? newSeeds(ctx) : null;
  const history = new KeyHistory(ctx.store.owner);
  // Symmetric keys have backing-key versions; other specs have one key pair or secret for life,
  // derived from the seeds when first used (service/key-type-material.ts).
  if (origin === "AWS_KMS" && isSymmetricSpec(keySpec)) history.append(now, VersionKind.ORIGINAL);
  const key: KmsKey = {
    seq: ctx.store.nextKeySeq(),
    keyId,
    arn: formatKeyArn(ctx.scope, keyId),
    createdAt: now,
    description: request.Description ?? "",
    keyUsage,
    keySpec,
    origin,
    keyManager: "CUSTOMER",
    state: origin === "EXTERNAL" ? "PendingImport" : "Enabled",
    deletionAt: null,
    pendingWindowDays: null,
    policy,
    tags,
    seeds,
    history,
    rotation: ROTATION_OFF,
    onDemand: NO_ON_DEMAND,
    awsService: null,
  };
  // Single-Region records keep the shape they always had (no spread in the hot literal).
  const stored: KmsKey = request.MultiRegion === true ? { ...key, multiRegion: { primaryRegion: ctx.scope.region, replicaRegions: [] } } : key;
  ctx.store.putKey(stored);
  if (compiled !== undefined) ctx.keyPolicies.remember(policy, compiled);
  return { KeyMetadata: toKeyMetadata(ctx, stored) };
}

/** DescribeKey: the key's metadata, in any state; `alias/aws/<service>` creates that AWS managed key. */
export function describeKey(
  ctx: KmsContext,
  request: Validated<DescribeKeyRequest>,
  fallback: AwsAliasFallback,
): DescribeKeyResponse {
  const key = resolveKey(ctx, request.KeyId, "keyOrAlias", fallback);
  return { KeyMetadata: toKeyMetadata(ctx, key) };
}

/** ListKeys: every key of the caller's account and region until it is deleted, in creation order. */
export function listKeys(ctx: KmsContext, request: Validated<ListKeysRequest>): ListKeysResponse {
  // A caller of another account lists its own account's keys: none here.
  const own = callsFromOwnAccount(ctx);
  const result = pageFrom("keys", request.Marker, request.Limit ?? 100, (from, count) => (own ? ctx.store.keysFrom(from, count) : []), (key) => key.seq);
  return {
    Keys: result.items.map((key) => ({ KeyId: key.keyId, KeyArn: key.arn })),
    ...pagingMembers(result),
  };
}

/** EnableKey: Disabled to Enabled; rotation catches up or resumes (seed page). */
export function enableKey(ctx: KmsContext, request: Validated<EnableKeyRequest>, now: number): void {
  const key = resolveKey(ctx, request.KeyId, "keyOnly");
  requireKeyState(key, "enableDisableKey");
  if (key.state === "Enabled") return;
  ctx.store.putKey({ ...key, state: "Enabled", rotation: resumeAfterEnable(key, now) });
}

/** DisableKey: the key can no longer be used and does not rotate; its rotation setting stays. */
export function disableKey(ctx: KmsContext, request: Validated<DisableKeyRequest>): void {
  const key = resolveKey(ctx, request.KeyId, "keyOnly");
  requireKeyState(key, "enableDisableKey");
  if (key.state === "Disabled") return;
  ctx.store.putKey({ ...key, state: "Disabled" });
}

/** UpdateKeyDescription: replaces the description (empty allowed). */
export function updateKeyDescription(ctx: KmsContext, request: Validated<UpdateKeyDescriptionRequest>): void {
  const key = resolveKey(ctx, request.KeyId, "keyOnly");
  requireKeyState(key, "notPendingDeletion");
  ctx.store.putKey({ ...key, description: request.Description });
}

/**
 * Precondition: PendingWindowInDays is within the 7..30 days the service enforces.
 * @returns the window in days (30 when omitted).
 */
function requirePendingWindow(days: number | undefined): number {
  if (days === undefined) return DEFAULT_PENDING_WINDOW_DAYS;
  if (days < MIN_PENDING_WINDOW_DAYS) {
    throw constraintError(`Value '${days}' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value greater than or equal to ${MIN_PENDING_WINDOW_DAYS}`);
  }
  if (days > MAX_PENDING_WINDOW_DAYS) {
    throw constraintError(`Value '${days}' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value less than or equal to ${MAX_PENDING_WINDOW_DAYS}`);
  }
  return days;
}

/** ScheduleKeyDeletion: PendingDeletion until DeletionDate, then the clock deletes the key. */
export function scheduleKeyDeletion(
  ctx: KmsContext,
  request: Validated<ScheduleKeyDeletionRequest>,
  now: number,
): ScheduleKeyDeletionResponse {
  const days = requirePendingWindow(request.PendingWindowInDays);
  const key = resolveKey(ctx, request.KeyId, "keyOnly");
  requireKeyState(key, "notPendingDeletion");
  if (key.multiRegion !== undefined && !isReplicaIn(ctx, key) && key.multiRegion.replicaRegions.length > 0) {
    // A primary waits for its replicas: its own waiting period starts when the last is deleted.
    ctx.store.putKey({ ...key, state: "PendingReplicaDeletion", deletionAt: null, pendingWindowDays: days });
    return { KeyId: key.arn, KeyState: "PendingReplicaDeletion", PendingWindowInDays: days };
  }
  const deletionAt = addDays(now, days);
  ctx.store.putKey({ ...key, state: "PendingDeletion", deletionAt, pendingWindowDays: days });
  return {
    KeyId: key.arn,
    DeletionDate: new Date(deletionAt),
    KeyState: "PendingDeletion",
    PendingWindowInDays: days,
  };
}

/** True when some permanently associated imported material is absent (deleted or expired). */
function isMissingImportedMaterial(key: KmsKey): boolean {
  for (const [, material] of key.history.explicitEntries()) {
    if (material.import && !material.import.pendingRotation && !material.import.imported) return true;
  }
  return false;
}

/**
 * CancelKeyDeletion: the key becomes Disabled with its rotation setting restored. An EXTERNAL key
 * whose material is not all present goes back to PendingImport instead (it cannot be enabled).
 */
export function cancelKeyDeletion(ctx: KmsContext, request: Validated<CancelKeyDeletionRequest>): CancelKeyDeletionResponse {
  const key = resolveKey(ctx, request.KeyId, "keyOnly");
  requireKeyState(key, "cancelDeletion");
  const missingMaterial = key.origin === "EXTERNAL" && (key.history.current < 0 || isMissingImportedMaterial(key));
  ctx.store.putKey({
    ...key,
    state: missingMaterial ? "PendingImport" : "Disabled",
    deletionAt: null,
    pendingWindowDays: null,
  });
  return { KeyId: key.arn };
}
