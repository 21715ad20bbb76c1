/**
 * Aliases, the tool of the seed page's manual rotation: CreateAlias, UpdateAlias, DeleteAlias,
 * ListAliases.
 */
import {
  AlreadyExistsException,
  InvalidAliasNameException,
  LimitExceededException,
  NotAuthorizedException,
  NotFoundException,
  ValidationException,
} from "../../errors.js";
import { ALIAS_PREFIX_MESSAGE, aliasNameProblem, isReservedAliasName, type KmsAlias } from "../../model/alias.js";
import { formatAliasArn } from "../../model/identifiers.js";
import { keySpecFamily } from "../../model/key-spec.js";
import { requireKeyState } from "../../model/key-state.js";
import type { KmsKey } from "../../model/key.js";
import type { KmsContext } from "../context.js";
import { toAliasListEntry } from "../mappers.js";
import { pageFrom, pagingMembers } from "../paging.js";
import { authorizeAlias, authorizeKey, callsFromOwnAccount } from "../authorization.js";
import { callerScope, resolveKey } from "../resolve.js";
import type {
  CreateAliasRequest,
  DeleteAliasRequest,
  ListAliasesRequest,
  ListAliasesResponse,
  UpdateAliasRequest,
} from "../../model/aws-shapes.generated.js";
import { constraintError, type Validated } from "../validate.js";

/** AWS's quota of customer aliases per KMS key. */
export const MAX_ALIASES_PER_KEY = 50;
/** ListAliases' documented Limit range is 1..100 (the model's LimitType admits 1000). */
const MAX_ALIASES_PAGE = 100;

/**
 * Precondition: the name starts with `alias/`, is not reserved for AWS, and uses AWS's characters.
 * @throws {@link ValidationException} without the prefix
 * @throws {@link NotAuthorizedException} under `alias/aws/`
 * @throws {@link InvalidAliasNameException} for other characters (the model admits `:`; AWS does not)
 */
function requireCustomerAliasName(name: string): void {
  const problem = aliasNameProblem(name);
  if (problem === "prefix") throw new ValidationException(ALIAS_PREFIX_MESSAGE);
  if (isReservedAliasName(name)) {
    throw new NotAuthorizedException("Alias names beginning with alias/aws/ are reserved for AWS managed keys.");
  }
  if (problem === "charset") {
    throw new InvalidAliasNameException(
      `Alias name ${name} is not valid: after "alias/" use at least one of the characters a-z, A-Z, 0-9, "/", "_" and "-".`,
    );
  }
}

/**
 * Precondition: `key` is customer managed (checked before authorization: AWS managed keys are
 * refused as targets whoever asks).
 * @throws {@link NotAuthorizedException} for an AWS managed key
 */
function requireCustomerManagedTarget(key: KmsKey): void {
  if (key.keyManager !== "CUSTOMER") {
    throw new NotAuthorizedException(`${key.arn} is an AWS managed key: users cannot point aliases at it.`);
  }
}

/**
 * Precondition: `key` may be an alias target now: not pending deletion, below the quota.
 */
function requireAliasTarget(ctx: KmsContext, key: KmsKey): void {
  requireKeyState(key, "notPendingDeletion");
  if (ctx.store.aliasCountOf(key.keyId) >= MAX_ALIASES_PER_KEY) {
    throw new LimitExceededException(`${key.arn} already has ${MAX_ALIASES_PER_KEY} aliases, the most a key may have.`);
  }
}

/**
 * The alias an alias name names for the caller: one of this account's, or for a caller of another
 * account one of its own, which is not here (so nothing tells an outsider which aliases exist).
 * @throws {@link NotFoundException} "Alias <arn> is not found." with the ARN in the caller's account
 */
function ownAlias(ctx: KmsContext, aliasName: string): KmsAlias {
  const scope = callerScope(ctx);
  const alias = scope === ctx.scope ? ctx.store.getAlias(aliasName) : undefined;
  if (!alias) throw new NotFoundException(`Alias ${formatAliasArn(scope, aliasName)} is not found.`);
  return alias;
}

/** CreateAlias: a new alias for a customer managed key. */
export function createAlias(ctx: KmsContext, request: Validated<CreateAliasRequest>, now: number): void {
  requireCustomerAliasName(request.AliasName);
  authorizeAlias(ctx, request.AliasName);
  // A caller of another account makes an alias in its own account, for a key of its own account:
  // none is here (a key ARN of this account is refused by the key check, CreateAlias is not cross-account).
  const key = resolveKey(ctx, request.TargetKeyId, "keyOnly", { authorize: false });
  requireCustomerManagedTarget(key);
  authorizeKey(ctx, key);
  if (ctx.store.hasAlias(request.AliasName)) {
    throw new AlreadyExistsException(`An alias with the name ${formatAliasArn(ctx.scope, request.AliasName)} already exists`);
  }
  requireAliasTarget(ctx, key);
  ctx.store.putAlias({
    name: request.AliasName,
    targetKeyId: key.keyId,
    createdAt: now,
    updatedAt: now,
    seq: ctx.store.nextAliasSeq(),
  });
}

/** UpdateAlias: re-points an alias to another key of the same type and usage (manual rotation). */
export function updateAlias(ctx: KmsContext, request: Validated<UpdateAliasRequest>, now: number): void {
  requireCustomerAliasName(request.AliasName);
  authorizeAlias(ctx, request.AliasName);
  const alias = ownAlias(ctx, request.AliasName);
  const key = resolveKey(ctx, request.TargetKeyId, "keyOnly", { authorize: false });
  if (key.keyId !== alias.targetKeyId) requireCustomerManagedTarget(key);
  const previous = ctx.store.getKey(alias.targetKeyId);
  // UpdateAlias is decided on the key the alias points at now and on the one it will point at.
  if (previous) authorizeKey(ctx, previous, "current-key");
  authorizeKey(ctx, key, "new-key");
  if (key.keyId !== alias.targetKeyId) requireAliasTarget(ctx, key);
  if (previous && (keySpecFamily(previous.keySpec) !== keySpecFamily(key.keySpec) || previous.keyUsage !== key.keyUsage)) {
    throw new ValidationException(
      `${key.arn} is not the same key type and key usage as ${previous.arn}, the current target of ${request.AliasName}. An alias can only move between keys of the same type and usage.`,
    );
  }
  ctx.store.putAlias({ ...alias, targetKeyId: key.keyId, updatedAt: now });
}

/** DeleteAlias: removes an alias, whatever the state of its key. */
export function deleteAlias(ctx: KmsContext, request: Validated<DeleteAliasRequest>): void {
  requireCustomerAliasName(request.AliasName);
  authorizeAlias(ctx, request.AliasName);
  const alias = ownAlias(ctx, request.AliasName);
  const key = ctx.store.getKey(alias.targetKeyId);
  if (!key) throw new NotFoundException(`Alias ${formatAliasArn(ctx.scope, request.AliasName)} is not found.`);
  authorizeKey(ctx, key);
  ctx.store.removeAlias(request.AliasName);
}

/** ListAliases: every alias (or those of one key), in creation order. */
export function listAliases(ctx: KmsContext, request: Validated<ListAliasesRequest>): ListAliasesResponse {
  const limit = request.Limit ?? 50;
  if (limit > MAX_ALIASES_PAGE) {
    throw constraintError(`Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to ${MAX_ALIASES_PAGE}`);
  }
  const keyId = request.KeyId === undefined ? undefined : resolveKey(ctx, request.KeyId, "keyOnly").keyId;
  // Creation order (re-pointing keeps an alias's place); a page costs its own size. A caller of
  // another account lists its own account's aliases: none here.
  const own = callsFromOwnAccount(ctx);
  const result = pageFrom(
    "aliases",
    request.Marker,
    limit,
    (from, count) => (own ? ctx.store.aliasesFrom(from, count, keyId) : []),
    (alias) => alias.seq,
  );
  return { Aliases: result.items.map((alias) => toAliasListEntry(alias, ctx.scope)), ...pagingMembers(result) };
}
