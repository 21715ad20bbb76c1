/**
 * Rotation operations: EnableKeyRotation, DisableKeyRotation, GetKeyRotationStatus,
 * RotateKeyOnDemand, ListKeyRotations. The schedule itself lives in rotation/ (pure); these
 * operations check eligibility and change the setting.
 *
 * Asymmetric and HMAC keys never rotate (the seed page's "keys that cannot rotate"): EnableKeyRotation
 * and RotateKeyOnDemand refuse them with AWS's empty UnsupportedOperationException, while
 * DisableKeyRotation succeeds, GetKeyRotationStatus says false and ListKeyRotations lists nothing,
 * as AWS answers. Rotating them means a new key and UpdateAlias (docs/key-types.md).
 */
import {
  ConflictException,
  KMSInvalidStateException,
  LimitExceededException,
  UnsupportedOperationException,
} from "../../errors.js";
import { isSymmetricSpec } from "../../model/key-spec.js";
import { requireIncludeKeyMaterialAllowed, requireRotatableKeySpec } from "../../model/key-type-checks.js";
import { VersionKind } from "../../model/key-history.js";
import { requireKeyState } from "../../model/key-state.js";
import { pendingRotationIndex, ROTATION_OFF, type KmsKey } from "../../model/key.js";
import { DEFAULT_ROTATION_PERIOD_DAYS, enableRotation, nextRotationAt } from "../../rotation/index.js";
import { rotateNow, type KmsContext } from "../context.js";
import { toRotationsListEntry } from "../mappers.js";
import { materialView } from "../materials.js";
import { page, pagingMembers } from "../paging.js";
import { authorizeKey } from "../authorization.js";
import { resolveKey } from "../resolve.js";
import { isReplicaIn, pendingMultiRegionImport, primaryOf } from "../multi-region.js";
import type {
  DisableKeyRotationRequest,
  EnableKeyRotationRequest,
  GetKeyRotationStatusRequest,
  GetKeyRotationStatusResponse,
  ListKeyRotationsRequest,
  ListKeyRotationsResponse,
  RotateKeyOnDemandRequest,
  RotateKeyOnDemandResponse,
} from "../../model/aws-shapes.generated.js";
import type { Validated } from "../validate.js";

/** U6: the key's origin cannot use the operation. */
function originError(key: KmsKey): UnsupportedOperationException {
  return new UnsupportedOperationException(`${key.arn} origin is ${key.origin} which is not valid for this operation.`);
}

/**
 * The key of a rotation-setting request, authorized: AWS managed keys are refused first, whoever
 * asks (the reference's decision: UnsupportedOperationException, not the AccessDeniedException their
 * policy would give).
 */
function resolveRotatable(ctx: KmsContext, keyId: string, operation: string): KmsKey {
  const key = resolveKey(ctx, keyId, "keyOrAlias", { authorize: false });
  if (key.keyManager === "AWS") {
    throw new UnsupportedOperationException(
      `${key.arn} is an AWS managed key: AWS KMS rotates it automatically and ${operation} cannot change that.`,
    );
  }
  authorizeKey(ctx, key);
  requireNotReplica(ctx, key, operation);
  return key;
}

/**
 * Precondition: the key is not a multi-Region replica ("You enable and disable automatic key
 * rotation only on the primary key"; on-demand rotation too).
 * @throws {@link UnsupportedOperationException} "<arn> is a multi-region replica key which is not
 *   valid for <operation>."
 */
function requireNotReplica(ctx: KmsContext, key: KmsKey, operation: string): void {
  if (isReplicaIn(ctx, key)) {
    throw new UnsupportedOperationException(`${key.arn} is a multi-region replica key which is not valid for ${operation}.`);
  }
}

/** The record whose rotation settings `key` reports: a replica reports its primary's. */
function rotationSource(ctx: KmsContext, key: KmsKey): KmsKey {
  return isReplicaIn(ctx, key) ? (primaryOf(ctx.account, key)?.key ?? key) : key;
}

/**
 * Precondition: the caller may manage the key's automatic rotation: Enabled (state first, as in
 * AWS), symmetric, with AWS-generated material.
 */
function requireRotationManageable(key: KmsKey): void {
  requireKeyState(key, "rotationSetting");
  requireRotatableKeySpec(key.keySpec);
  if (key.origin !== "AWS_KMS") throw originError(key);
}

/** EnableKeyRotation: turns automatic rotation on, or changes its period (see docs/rotation.md). */
export function enableKeyRotation(ctx: KmsContext, request: Validated<EnableKeyRotationRequest>, now: number): void {
  const key = resolveRotatable(ctx, request.KeyId, "EnableKeyRotation");
  requireRotationManageable(key);
  const period = request.RotationPeriodInDays ?? DEFAULT_ROTATION_PERIOD_DAYS;
  ctx.store.putKey({ ...key, rotation: enableRotation(key, period, now) });
}

/** DisableKeyRotation: turns automatic rotation off; every backing key is kept. */
export function disableKeyRotation(ctx: KmsContext, request: Validated<DisableKeyRotationRequest>): void {
  const key = resolveRotatable(ctx, request.KeyId, "DisableKeyRotation");
  if (!isSymmetricSpec(key.keySpec)) {
    // Rotation of these keys is off for good: AWS answers success (observed on HMAC keys).
    requireKeyState(key, "rotationSetting");
    return;
  }
  requireRotationManageable(key);
  ctx.store.putKey({ ...key, rotation: ROTATION_OFF });
}

/** GetKeyRotationStatus: the rotation setting; false while pending deletion; AWS managed: true. */
export function getKeyRotationStatus(ctx: KmsContext, request: Validated<GetKeyRotationStatusRequest>): GetKeyRotationStatusResponse {
  const key = resolveKey(ctx, request.KeyId, "keyOrAlias");
  // KeyId is the ARN of the key in the Region asked (observed, replicas included).
  if (!isSymmetricSpec(key.keySpec)) return { KeyId: key.arn, KeyRotationEnabled: false };
  if (key.origin !== "AWS_KMS") throw originError(key);
  const response: GetKeyRotationStatusResponse = { KeyId: key.arn, KeyRotationEnabled: false };
  // A replica answers with its primary's setting and schedule (even while Creating), under its own ARN.
  const source = rotationSource(ctx, key);
  const { rotation, onDemand } = source;
  const next = nextRotationAt(source);
  if (key.state !== "PendingDeletion" && next !== null && rotation.periodDays !== null) {
    response.KeyRotationEnabled = true;
    response.RotationPeriodInDays = rotation.periodDays;
    response.NextRotationDate = new Date(next);
  }
  if (onDemand.startedAt !== null) response.OnDemandRotationStartDate = new Date(onDemand.startedAt);
  return response;
}

/** RotateKeyOnDemand: a new backing key now (or after `onDemandRotationDurationMs`); the schedule stays. */
export function rotateKeyOnDemand(ctx: KmsContext, request: Validated<RotateKeyOnDemandRequest>, now: number): RotateKeyOnDemandResponse {
  const key = resolveKey(ctx, request.KeyId, "keyOnly", { authorize: false });
  if (key.keyManager === "AWS") {
    throw new UnsupportedOperationException(`${key.arn} is an AWS managed key: it cannot be rotated on demand.`);
  }
  authorizeKey(ctx, key);
  requireNotReplica(ctx, key, "RotateKeyOnDemand");
  requireKeyState(key, "onDemandRotation");
  requireRotatableKeySpec(key.keySpec);
  if (key.origin === "EXTERNAL" && pendingRotationIndex(key) < 0) {
    throw new KMSInvalidStateException(`No available key material pending rotation for the key: ${key.arn}.`);
  }
  if (key.origin === "EXTERNAL" && pendingMultiRegionImport(ctx, key)) {
    // AWS uses new material only once the primary and every replica have it.
    throw new KMSInvalidStateException(
      "Cannot perform key material rotation: Key material has not been imported for replicas of the Multi-Region key.",
    );
  }
  if (key.onDemand.startedAt !== null) {
    throw new ConflictException(`An on-demand rotation of ${key.arn} is already in progress.`);
  }
  if (key.onDemand.count >= ctx.settings.onDemandRotationLimit) {
    throw new LimitExceededException(
      `The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: ${key.arn}`,
    );
  }
  const duration = ctx.settings.onDemandRotationDurationMs;
  const counted = { ...key, onDemand: { ...key.onDemand, count: key.onDemand.count + 1 } };
  if (duration > 0) {
    ctx.store.putKey({ ...counted, onDemand: { ...counted.onDemand, startedAt: now, completesAt: now + duration } });
  } else {
    rotateNow(ctx, counted, now, "ON_DEMAND");
  }
  return { KeyId: key.arn };
}

/** ListKeyRotations: the key's materials, oldest first (ROTATIONS_ONLY: those made by rotations). */
export function listKeyRotations(ctx: KmsContext, request: Validated<ListKeyRotationsRequest>): ListKeyRotationsResponse {
  const key = resolveKey(ctx, request.KeyId, "keyOnly");
  requireIncludeKeyMaterialAllowed(key.keySpec, request.IncludeKeyMaterial);
  if (!isSymmetricSpec(key.keySpec)) return { Rotations: [], Truncated: false };
  const all = request.IncludeKeyMaterial === "ALL_KEY_MATERIAL";
  const history = key.history;
  const listed: number[] = [];
  for (let index = 0; index < history.length; index++) {
    if (all || (history.kind(index) !== VersionKind.ORIGINAL && !history.explicit(index)?.import?.pendingRotation)) listed.push(index);
  }
  // Views (and their derived ids) only for the page: a key may have thousands of versions.
  const result = page("rotations", listed, (index) => index, request.Limit ?? 100, request.Marker);
  // New material of a multi-Region primary that a replica has not imported yet waits for them all.
  const waiting = pendingMultiRegionImport(ctx, key) ? pendingRotationIndex(key) : -1;
  return {
    Rotations: result.items.map((index) => {
      const entry = toRotationsListEntry(key, materialView(ctx, key, index));
      return index === waiting ? { ...entry, KeyMaterialState: "PENDING_MULTI_REGION_IMPORT_AND_ROTATION" as const } : entry;
    }),
    ...pagingMembers(result),
  };
}
