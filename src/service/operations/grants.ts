/**
 * Grants: CreateGrant, ListGrants, ListRetirableGrants, RetireGrant, RevokeGrant. A grant gives one
 * grantee some operations on one key, under optional encryption-context constraints; it allows and
 * never denies. The rules of who may create (a grantee only narrows), use and retire one are the
 * pure evaluator's (access/grants.ts, operation-access.ts); this file stores grants and answers in
 * AWS's shapes. Sources: botocore model, AWS KMS Developer Guide "Grants in AWS KMS", "Retiring
 * and revoking grants".
 */
import {
  accountRootArn,
  formatGrantId,
  formatGrantToken,
  grantIdFromToken,
  GRANTS_PER_KEY,
  requireGrantableOperations,
  type GrantConstraints,
  type GrantOperation,
} from "../../access/index.js";
import { awsPrincipalForm, isServicePrincipal } from "../../access/principal.js";
import {
  DryRunOperationException,
  InvalidArnException,
  InvalidGrantIdException,
  InvalidGrantTokenException,
  LimitExceededException,
  NotFoundException,
  ValidationException,
} from "../../errors.js";
import { parseKeyReference } from "../../model/identifiers.js";
import { requireKeyState } from "../../model/key-state.js";
import { requireGrantConstraintsAllowed } from "../../model/key-type-checks.js";
import type { KmsKey } from "../../model/key.js";
import type {
  CreateGrantRequest,
  CreateGrantResponse,
  GrantListEntry,
  ListGrantsRequest,
  ListGrantsResponse,
  ListRetirableGrantsRequest,
  RetireGrantRequest,
  RevokeGrantRequest,
} from "../../model/aws-shapes.generated.js";
import { authorizeKey, authorizeRetire, currentCall, INVALID_GRANT_TOKEN_MESSAGE } from "../authorization.js";
import type { KmsContext } from "../context.js";
import { page, pagingMembers } from "../paging.js";
import { resolveKey } from "../resolve.js";
import { noteKey } from "../request-trace.js";
import type { StoredGrant } from "../store.js";
import { constraintError, type Validated } from "../validate.js";

const DRY_RUN_MESSAGE = "The request would have succeeded, but the DryRun option is set.";
/** ListGrants' and ListRetirableGrants' documented Limit range is 1..100, default 50 (the model's LimitType admits 1000). */
const MAX_GRANTS_PAGE = 100;
const GRANT_ID = /^[0-9a-f]{64}$/;

/**
 * The key of a grant operation: key id or key ARN. "Key Aliases are not supported for this
 * operation." (InvalidArnException, AWS output quoted in github.com/boto/boto/pull/3202, 2015).
 */
function resolveGrantKey(ctx: KmsContext, keyId: string, authorize: boolean): KmsKey {
  const ref = parseKeyReference(keyId);
  if (ref.kind === "aliasName" || ref.kind === "aliasArn") throw new InvalidArnException("Key Aliases are not supported for this operation.");
  return resolveKey(ctx, keyId, "keyOnly", { authorize: authorize ? "key" : false });
}

/**
 * Precondition: `principal` is the ARN of an AWS principal (an account, IAM user or role, federated
 * or assumed-role user) or a service principal. InvalidArnException is the model's error for "a
 * specified ARN ... is not valid"; AWS's wording for this case is not on record.
 */
function requirePrincipal(member: string, principal: string | undefined): void {
  if (principal === undefined) return;
  const form = awsPrincipalForm(principal);
  if ((form === "invalid" || form === "any") && !isServicePrincipal(principal)) {
    throw new InvalidArnException(`${member} ${principal} is not the ARN of an AWS principal.`);
  }
}

/** Constraints without empty maps (an empty map constrains nothing), or undefined. */
function normalizedConstraints(constraints: CreateGrantRequest["Constraints"]): GrantConstraints | undefined {
  if (constraints === undefined) return undefined;
  const equals = constraints.EncryptionContextEquals;
  const subset = constraints.EncryptionContextSubset;
  const out: { EncryptionContextEquals?: Record<string, string>; EncryptionContextSubset?: Record<string, string> } = {};
  if (equals !== undefined && Object.keys(equals).length > 0) out.EncryptionContextEquals = { ...equals };
  if (subset !== undefined && Object.keys(subset).length > 0) out.EncryptionContextSubset = { ...subset };
  return out.EncryptionContextEquals || out.EncryptionContextSubset ? out : undefined;
}

function sameContext(a: Readonly<Record<string, string>> | undefined, b: Readonly<Record<string, string>> | undefined): boolean {
  const left = Object.entries(a ?? {});
  return left.length === Object.keys(b ?? {}).length && left.every(([k, v]) => b?.[k] === v);
}

/** Whether a grant was made with exactly these parameters (CreateGrant's Name idempotency). */
function isSameGrant(grant: StoredGrant, request: Validated<CreateGrantRequest>, operations: readonly string[], constraints: GrantConstraints | undefined): boolean {
  return (
    grant.granteePrincipal === request.GranteePrincipal &&
    grant.retiringPrincipal === request.RetiringPrincipal &&
    grant.operations.length === new Set(operations).size &&
    operations.every((o) => grant.operations.includes(o as GrantOperation)) &&
    sameContext(grant.constraints?.EncryptionContextEquals, constraints?.EncryptionContextEquals) &&
    sameContext(grant.constraints?.EncryptionContextSubset, constraints?.EncryptionContextSubset)
  );
}

/** A fresh token for a grant: "the returned grant token is unique with every CreateGrant request". */
function newToken(ctx: KmsContext, grantId: string): string {
  return formatGrantToken(grantId, ctx.random(16));
}

/**
 * CreateGrant: a grant on a customer managed or AWS managed key, for one grantee. A retried request
 * with the same Name and identical parameters returns the original grant id with a new token.
 */
export function createGrant(ctx: KmsContext, request: Validated<CreateGrantRequest>, now: number): CreateGrantResponse {
  requirePrincipal("GranteePrincipal", request.GranteePrincipal);
  requirePrincipal("RetiringPrincipal", request.RetiringPrincipal);
  const operations = [...new Set(request.Operations)];
  const constraints = normalizedConstraints(request.Constraints);
  const key = resolveGrantKey(ctx, request.KeyId, false);
  // A grantee holding CreateGrant only through a grant may create only narrower grants.
  authorizeKey(ctx, key, "key", { requestedGrant: { operations, ...(constraints ? { constraints } : {}) } });
  requireKeyState(key, "createGrant");
  requireGrantableOperations(operations, key);
  requireGrantConstraintsAllowed(key.keySpec, constraints !== undefined);
  if (request.DryRun === true) throw new DryRunOperationException(DRY_RUN_MESSAGE);
  if (request.Name !== undefined) {
    for (const grant of ctx.store.grantsOfKey(key.keyId)) {
      if (grant.name === request.Name && isSameGrant(grant, request, operations, constraints)) {
        return { GrantId: grant.grantId, GrantToken: newToken(ctx, grant.grantId) };
      }
    }
  }
  // "Grants per KMS key: 50,000", for customer managed keys (AWS KMS quotas). AWS's message is not
  // on record; this one follows its key quota message ("Key quota for this account in this region
  // is 101 but the current usage is 101.", github.com/convox/rack/pull/347, 2016).
  const count = ctx.store.grantCountOf(key.keyId);
  if (key.keyManager === "CUSTOMER" && count >= GRANTS_PER_KEY) {
    throw new LimitExceededException(`Grant quota for ${key.arn} is ${GRANTS_PER_KEY} but the current usage is ${count}.`);
  }
  const grantId = formatGrantId(ctx.random(32));
  const caller = currentCall(ctx).acting.caller;
  const grant: StoredGrant = {
    grantId,
    keyId: key.keyId,
    keyArn: key.arn,
    ...(request.Name === undefined ? {} : { name: request.Name }),
    granteePrincipal: request.GranteePrincipal,
    ...(request.RetiringPrincipal === undefined ? {} : { retiringPrincipal: request.RetiringPrincipal }),
    // "The Amazon Web Services account under which the grant was issued": the caller's.
    issuingAccount: accountRootArn(caller.accountId ?? ctx.scope.accountId),
    operations: operations as GrantOperation[],
    ...(constraints === undefined ? {} : { constraints }),
    createdAt: now,
    seq: ctx.store.nextGrantSeq(),
  };
  ctx.store.putGrant(grant);
  return { GrantId: grantId, GrantToken: newToken(ctx, grantId) };
}

/** A grant as ListGrants and ListRetirableGrants show it. */
export function toGrantListEntry(grant: StoredGrant): GrantListEntry {
  return {
    KeyId: grant.keyArn,
    GrantId: grant.grantId,
    ...(grant.name === undefined ? {} : { Name: grant.name }),
    CreationDate: new Date(grant.createdAt),
    GranteePrincipal: grant.granteePrincipal,
    ...(grant.retiringPrincipal === undefined ? {} : { RetiringPrincipal: grant.retiringPrincipal }),
    IssuingAccount: grant.issuingAccount,
    Operations: [...grant.operations],
    ...(grant.constraints === undefined
      ? {}
      : {
          Constraints: {
            ...(grant.constraints.EncryptionContextEquals ? { EncryptionContextEquals: { ...grant.constraints.EncryptionContextEquals } } : {}),
            ...(grant.constraints.EncryptionContextSubset ? { EncryptionContextSubset: { ...grant.constraints.EncryptionContextSubset } } : {}),
          },
        }),
  };
}

function requirePageLimit(limit: number | undefined): number {
  const value = limit ?? 50;
  if (value > MAX_GRANTS_PAGE) {
    throw constraintError(`Value '${value}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to ${MAX_GRANTS_PAGE}`);
  }
  return value;
}

/**
 * Precondition: a grant id as KMS makes them (64 hex digits).
 * @throws {@link InvalidGrantIdException} "The request was rejected because the specified GrantId is not valid." (model)
 */
function requireGrantId(grantId: string): string {
  if (!GRANT_ID.test(grantId)) throw new InvalidGrantIdException("The request was rejected because the specified GrantId is not valid.");
  return grantId;
}

/** ListGrants: the key's grants in creation order, optionally one grant or one grantee's. In any key state. */
export function listGrants(ctx: KmsContext, request: Validated<ListGrantsRequest>): ListGrantsResponse {
  const limit = requirePageLimit(request.Limit);
  if (request.GrantId !== undefined) requireGrantId(request.GrantId);
  const key = resolveGrantKey(ctx, request.KeyId, true);
  const grants = [...ctx.store.grantsOfKey(key.keyId)].filter(
    (grant) =>
      (request.GrantId === undefined || grant.grantId === request.GrantId) &&
      (request.GranteePrincipal === undefined || grant.granteePrincipal === request.GranteePrincipal),
  );
  const result = page("grants", grants, (grant) => grant.seq, limit, request.Marker);
  return { Grants: result.items.map(toGrantListEntry), ...pagingMembers(result) };
}

/** ListRetirableGrants: grants on any key whose retiring principal is the given one, in creation order. */
export function listRetirableGrants(ctx: KmsContext, request: Validated<ListRetirableGrantsRequest>): ListGrantsResponse {
  const limit = requirePageLimit(request.Limit);
  const grants = ctx.store.grantsRetirableBy(request.RetiringPrincipal);
  const result = page("grants", grants, (grant) => grant.seq, limit, request.Marker);
  return { Grants: result.items.map(toGrantListEntry), ...pagingMembers(result) };
}

/** NotFoundException for a grant id the key does not have (moto's wording; AWS's is not on record). */
function grantNotFound(grantId: string): NotFoundException {
  return new NotFoundException(`Grant ID ${grantId} not found`);
}

/**
 * RetireGrant: by grant token, or by key and grant id. The grant decides who may retire it (its
 * retiring principal, its grantee when it includes RetireGrant, its issuing account). In any key state.
 */
export function retireGrant(ctx: KmsContext, request: Validated<RetireGrantRequest>): void {
  let grant: StoredGrant | undefined;
  let key: KmsKey | undefined;
  if (request.GrantToken !== undefined) {
    const grantId = grantIdFromToken(request.GrantToken);
    if (grantId === undefined) throw new InvalidGrantTokenException(INVALID_GRANT_TOKEN_MESSAGE);
    if (request.GrantId !== undefined && requireGrantId(request.GrantId) !== grantId) throw grantNotFound(request.GrantId);
    if (request.KeyId !== undefined) key = resolveGrantKey(ctx, request.KeyId, false);
    grant = ctx.store.getGrant(grantId);
    // "Unable to find grant token" is LocalStack's wording for a token of no grant.
    if (grant === undefined || (key !== undefined && grant.keyId !== key.keyId)) throw new NotFoundException("Unable to find grant token");
  } else {
    if (request.KeyId === undefined || request.GrantId === undefined) {
      throw new ValidationException("Specify the grant to retire by its GrantToken, or by KeyId and GrantId.");
    }
    const grantId = requireGrantId(request.GrantId);
    key = resolveGrantKey(ctx, request.KeyId, false);
    grant = ctx.store.getGrant(grantId);
    if (grant === undefined || grant.keyId !== key.keyId) throw grantNotFound(grantId);
  }
  const grantKey = key ?? (ctx.store.getKey(grant.keyId) as KmsKey);
  noteKey(ctx, grantKey);
  authorizeRetire(ctx, grant, grantKey);
  if (request.DryRun === true) throw new DryRunOperationException(DRY_RUN_MESSAGE);
  ctx.store.removeGrant(grant.grantId);
}

/** RevokeGrant: deletes a grant of the key, with kms:RevokeGrant (key policy or IAM). In any key state. */
export function revokeGrant(ctx: KmsContext, request: Validated<RevokeGrantRequest>): void {
  const grantId = requireGrantId(request.GrantId);
  const key = resolveGrantKey(ctx, request.KeyId, true);
  const grant = ctx.store.getGrant(grantId);
  if (grant === undefined || grant.keyId !== key.keyId) throw grantNotFound(grantId);
  if (request.DryRun === true) throw new DryRunOperationException(DRY_RUN_MESSAGE);
  ctx.store.removeGrant(grantId);
}
