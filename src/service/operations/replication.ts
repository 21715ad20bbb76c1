/**
 * Multi-Region key operations: ReplicateKey and UpdatePrimaryRegion. Messages are AWS's, as
 * recorded against real KMS (reference: key-types-multi-region.md §5).
 */
import {
  AlreadyExistsException,
  DisabledException,
  InvalidArnException,
  KMSInvalidStateException,
  UnsupportedOperationException,
  ValidationException,
} from "../../errors.js";
import { formatKeyArn, parseKeyReference } from "../../model/identifiers.js";
import { KeyHistory } from "../../model/key-history.js";
import { requireKeyState } from "../../model/key-state.js";
import { NO_ON_DEMAND, ROTATION_OFF, type KmsKey, type MultiRegionLink } from "../../model/key.js";
import { isModelledRegion, otherPartitionOf } from "../../model/regions.js";
import { mergeTags, requireUsableTagKeys } from "../../model/tags.js";
import type { KeyState } from "../../model/shapes.js";
import type {
  ReplicateKeyRequest,
  ReplicateKeyResponse,
  UpdatePrimaryRegionRequest,
} from "../../model/aws-shapes.generated.js";
import { authorizeKey, currentCall, keyResourceOf, newKeyPolicy } from "../authorization.js";
import type { KmsContext } from "../context.js";
import { toKeyMetadata } from "../mappers.js";
import { familyOf, isReplicaIn, setTopology, type Member } from "../multi-region.js";
import { resolveKey } from "../resolve.js";
import type { Validated } from "../validate.js";

/** Precondition: KeyId names a key, not an alias (ReplicateKey refuses aliases in its own words). */
function requireNoAlias(keyId: string): void {
  const kind = parseKeyReference(keyId).kind;
  if (kind === "aliasName" || kind === "aliasArn") throw new InvalidArnException("Key Aliases are not supported for this operation.");
}

/**
 * Precondition: the key is a multi-Region primary.
 * @throws {@link UnsupportedOperationException} "<arn> is not a multi-region primary key." (ReplicateKey's
 *   words, also for a single-Region key, whose message AWS was not seen to give)
 */
function requirePrimaryForReplication(ctx: KmsContext, key: KmsKey): void {
  if (key.multiRegion === undefined || isReplicaIn(ctx, key)) {
    throw new UnsupportedOperationException(`${key.arn} is not a multi-region primary key.`);
  }
}

/**
 * Precondition: `region` may hold a replica of a primary in `primaryRegion`.
 * @throws {@link ValidationException} with AWS's message for the primary's own Region, another
 *   partition, or a name that is no Region
 */
function requireReplicaRegion(region: string, primaryRegion: string): void {
  if (region === primaryRegion) throw new ValidationException(`${region} cannot have a replica because it contains the primary.`);
  if (otherPartitionOf(region) !== undefined) {
    throw new ValidationException("The replica key Region must be in the same AWS partition as the primary key Region.");
  }
  if (!isModelledRegion(region)) {
    throw new ValidationException(`Region ${region} is not a valid Region or multi-Region keys are not supported in Region ${region}.`);
  }
}

/** The state a replica is in once made: as the primary's material allows. */
function replicaStateAfterCreation(primary: KmsKey): KeyState {
  return primary.origin === "EXTERNAL" ? "PendingImport" : "Enabled";
}

/**
 * A replica's history for a primary whose material is imported: the same versions, ids and
 * descriptions (a replica lists the primary's KeyMaterialDescription: capture
 * replica_missing_first_history), none of the material (each Region imports the same bytes for itself).
 */
function importedLineage(primary: KmsKey, owner: object): KeyHistory {
  const history = new KeyHistory(owner);
  for (let index = 0; index < primary.history.length; index++) {
    const material = primary.history.explicit(index);
    history.append(
      primary.history.createdAt(index),
      primary.history.kind(index),
      material === undefined
        ? undefined
        : {
            id: material.id,
            secret: null,
            import: material.import === null ? null : { ...material.import, imported: false, validTo: null, expirationModel: null },
          },
      false,
    );
  }
  history.setCurrent(primary.history.current);
  return history;
}

/** ReplicateKey: a replica of a multi-Region primary in another Region, `Creating` for a while. */
export function replicateKey(ctx: KmsContext, request: Validated<ReplicateKeyRequest>, now: number): ReplicateKeyResponse {
  requireNoAlias(request.KeyId);
  const primary = resolveKey(ctx, request.KeyId, "keyOnly", { authorize: "primary-key" });
  requirePrimaryForReplication(ctx, primary);
  requireReplicaRegion(request.ReplicaRegion, ctx.scope.region);
  if (primary.state === "Disabled") throw new DisabledException(`${primary.arn} is disabled.`);
  if (primary.state === "Updating") throw new KMSInvalidStateException(`${primary.arn} is updating.`);
  requireKeyState(primary, "cryptographic");
  const link = primary.multiRegion as MultiRegionLink;
  // A Region in use with a replica there, even one pending deletion (AWS counts those too).
  if (ctx.account.existing(request.ReplicaRegion)?.store.getKey(primary.keyId) !== undefined || link.replicaRegions.includes(request.ReplicaRegion)) {
    throw new AlreadyExistsException("You can create only one replica of each primary key in each AWS Region.");
  }
  const requestTags = (request.Tags ?? []).map((tag) => ({ key: tag.TagKey, value: tag.TagValue }));
  requireUsableTagKeys(requestTags.map((tag) => tag.key));
  const arn = formatKeyArn({ region: request.ReplicaRegion, accountId: ctx.scope.accountId }, primary.keyId);
  const { policy, compiled } = newKeyPolicy(ctx, request, () => ({
    ...keyResourceOf(ctx, primary),
    arn,
    region: request.ReplicaRegion,
    tags: requestTags,
    multiRegionKeyType: "REPLICA",
    aliases: [],
  }));

  // Every check passed: only now does the Region come into use.
  const target = ctx.account.region(request.ReplicaRegion);
  const duration = ctx.settings.replicaCreationDurationMs;
  const after = replicaStateAfterCreation(primary);
  const shared = primary.origin === "AWS_KMS";
  const replica: KmsKey = {
    seq: target.store.nextKeySeq(),
    keyId: primary.keyId,
    arn,
    createdAt: now,
    description: request.Description ?? "",
    keyUsage: primary.keyUsage,
    keySpec: primary.keySpec,
    origin: primary.origin,
    keyManager: "CUSTOMER",
    state: duration > 0 ? "Creating" : after,
    deletionAt: null,
    pendingWindowDays: null,
    policy,
    tags: mergeTags([], requestTags),
    // Shared, not copied: every backing key the primary has and will have is the replica's too.
    seeds: primary.seeds,
    history: shared ? primary.history : importedLineage(primary, target.store.owner),
    rotation: ROTATION_OFF,
    onDemand: NO_ON_DEMAND,
    awsService: null,
    multiRegion: link,
    ...(duration > 0 ? { transition: { until: now + duration, then: after } } : {}),
  };
  target.store.putKey(replica);
  if (compiled !== undefined) target.keyPolicies.remember(policy, compiled);
  const members: Member[] = [...familyOf(ctx.account, primary), { ctx: target, key: replica }];
  setTopology(members, { primaryRegion: link.primaryRegion, replicaRegions: [...link.replicaRegions, request.ReplicaRegion] });
  const stored = target.store.getKey(primary.keyId) as KmsKey;
  return {
    ReplicaKeyMetadata: toKeyMetadata(target, stored),
    ReplicaPolicy: policy,
    ReplicaTags: stored.tags.map((tag) => ({ TagKey: tag.key, TagValue: tag.value })),
  };
}

/** Runs `work` with `other` (another Region) inside the request `ctx` serves, so keys there are authorized for it. */
function inCallOf<T>(ctx: KmsContext, other: KmsContext, work: () => T): T {
  if (other === ctx) return work();
  const previous = other.call;
  other.call = currentCall(ctx);
  try {
    return work();
  } finally {
    other.call = previous;
  }
}

/**
 * Precondition: neither key of an UpdatePrimaryRegion is in a state that stops it.
 * @throws {@link DisabledException} "<arn> is disabled." naming the disabled key
 * @throws {@link KMSInvalidStateException} for a key pending deletion, creating or updating
 */
function requireMovable(key: KmsKey): void {
  if (key.state === "Disabled") throw new DisabledException(`${key.arn} is disabled.`);
  requireKeyState(key, "enableDisableKey");
}

/**
 * UpdatePrimaryRegion: the replica in PrimaryRegion becomes the primary, the primary a replica;
 * both are `Updating` for a while. The new primary keeps the rotation schedule, the on-demand
 * count and the history (which it already shares).
 */
export function updatePrimaryRegion(ctx: KmsContext, request: Validated<UpdatePrimaryRegionRequest>, now: number): void {
  requireNoAlias(request.KeyId);
  const primary = resolveKey(ctx, request.KeyId, "keyOnly", { authorize: "primary-key" });
  if (primary.multiRegion === undefined || isReplicaIn(ctx, primary)) {
    throw new KMSInvalidStateException(`${primary.arn} is not a multi-Region primary key.`);
  }
  const region = request.PrimaryRegion;
  if (region === ctx.scope.region) {
    // Already the primary there: AWS answers success and changes nothing.
    inCallOf(ctx, ctx, () => authorizeKey(ctx, primary, "replica-key"));
    return;
  }
  const link = primary.multiRegion;
  const target = link.replicaRegions.includes(region) ? ctx.account.existing(region) : undefined;
  const replica = target?.store.getKey(primary.keyId);
  if (target === undefined || replica === undefined) {
    throw new ValidationException(`${primary.keyId} does not have a replica key in the specified Region.`);
  }
  inCallOf(ctx, target, () => authorizeKey(target, replica, "replica-key"));
  requireMovable(primary);
  requireMovable(replica);

  // The former primary is listed last among the replicas (observed: ReplicaKeys [ap-east-1, us-east-1]
  // after us-west-2 was promoted from [ap-east-1, us-west-2]).
  const newLink: MultiRegionLink = {
    primaryRegion: region,
    replicaRegions: [...link.replicaRegions.filter((r) => r !== region), ctx.scope.region],
  };
  const duration = ctx.settings.primaryRegionUpdateDurationMs;
  const moving = (key: KmsKey): Partial<KmsKey> =>
    duration > 0 ? { state: "Updating", transition: { until: now + duration, then: key.state } } : {};
  // The schedule and the on-demand bookkeeping move with the role: only a primary rotates.
  target.store.putKey({ ...replica, ...moving(replica), rotation: primary.rotation, onDemand: primary.onDemand, multiRegion: newLink });
  ctx.store.putKey({ ...primary, ...moving(primary), rotation: ROTATION_OFF, onDemand: NO_ON_DEMAND, multiRegion: newLink });
  const others = familyOf(ctx.account, { ...primary, multiRegion: newLink }).filter(
    (member) => member.ctx !== ctx && member.ctx !== target,
  );
  setTopology(others, newLink);
}
