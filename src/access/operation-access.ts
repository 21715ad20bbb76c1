/**
 * Authorization of a whole operation: the permission table's checks for it, each decided in
 * order, with the grant rules of CreateGrant (a grantee may only narrow) and RetireGrant (the
 * grant decides). This is the one call each service operation makes before it looks at the key's
 * state, so a refused request reveals nothing and changes nothing.
 */
import { evaluatePolicy, POLICY_ALLOWS_DIRECT, POLICY_DENIES, type CompiledPolicy } from "./compiled-policy.js";
import type { EvaluationInput } from "./condition-keys.js";
import { authorize, denialOf, type AccessRequest, type Decision } from "./decision.js";
import { grantAllows, isNarrowerGrant, retireGrantRight, type GrantRecord } from "./grants.js";
import { accessDenied } from "./messages.js";
import { checksFor, type PermissionTarget } from "./permissions.js";
import type { Caller } from "./principal.js";
import { NO_RESOURCE, type AliasResource, type KeyResource, type RequestContext } from "./request-context.js";

/** A key (or alias) a check names, with what its authorization reads. */
export interface AccessTarget {
  readonly resource: KeyResource | AliasResource;
  /** The key's compiled policy (keys only). */
  readonly keyPolicy?: CompiledPolicy;
  /** The key's grants (or those whose grantee could be the caller). */
  readonly grants?: readonly GrantRecord[];
  /** This target's own request context, when it differs (ReEncrypt's destination encryption context). */
  readonly context?: RequestContext;
}

/** Everything {@link authorizeOperation} reads. */
export interface OperationAccess {
  readonly caller: Caller;
  readonly context: RequestContext;
  /** The caller's compiled IAM identity policies. */
  readonly identityPolicies: readonly CompiledPolicy[];
  /** The resolved resource of each target the operation's checks name (see the permission table). */
  readonly targets?: Partial<Record<Exclude<PermissionTarget, "none" | "grant">, AccessTarget>>;
  /** RetireGrant: the grant to retire and its key. */
  readonly retiring?: { readonly grant: GrantRecord; readonly key: AccessTarget };
  /** CreateGrant: the grant asked for (a grantee with CreateGrant from a grant may only narrow). */
  readonly requestedGrant?: Pick<GrantRecord, "operations" | "constraints">;
  /** The request, for checks that depend on a member (CreateKey's `Tags`). */
  readonly request?: object;
}

/**
 * Decides CreateGrant: policies first ("anyone with kms:CreateGrant from a policy may grant any
 * grant operation"), then the caller's grants that include CreateGrant and of which the requested
 * grant is a narrowing.
 */
export function authorizeCreateGrant(request: AccessRequest, requested: Pick<GrantRecord, "operations" | "constraints">): Decision {
  const byPolicy = authorize({ ...request, grants: [] });
  if (byPolicy.allowed || byPolicy.reason.startsWith("explicit-deny") || request.resource.kind !== "key") return byPolicy;
  for (const grant of request.grants ?? []) {
    const covers = grantAllows(grant, "CreateGrant", request.caller, request.resource.keySpec, request.context);
    const allowed = covers === 1 || (covers === 2 && identityAllows(request));
    if (allowed && isNarrowerGrant(grant, requested)) return { allowed: true, by: "grant", grant };
  }
  return byPolicy;
}

/** Whether the caller's IAM policies allow the action (a root user's always do). */
function identityAllows(request: AccessRequest): boolean {
  if (request.caller.kind === "root") return true;
  const input: EvaluationInput = { caller: request.caller, resource: request.resource, context: request.context };
  let iam = 0;
  for (const policy of request.identityPolicies) iam |= evaluatePolicy(policy, request.action, input);
  return (iam & POLICY_DENIES) === 0 && (iam & POLICY_ALLOWS_DIRECT) !== 0;
}

/**
 * Decides RetireGrant: "Permission to retire a grant is determined primarily by the grant" (the
 * retiring principal, the grantee when the grant includes RetireGrant, the issuing account), an
 * account's other identities need `kms:RetireGrant` in their IAM policies, and an explicit Deny
 * of `kms:RetireGrant` in the key policy or IAM refuses. `kms:RetireGrant` "is not effective in
 * a key policy" as an Allow (AWS KMS Developer Guide, "Retiring and revoking grants").
 */
export function authorizeRetireGrant(access: Pick<OperationAccess, "caller" | "context" | "identityPolicies">, grant: GrantRecord, key: AccessTarget): Decision {
  const action = "kms:RetireGrant";
  const input: EvaluationInput = { caller: access.caller, resource: key.resource, context: key.context ?? access.context };
  if (key.keyPolicy && evaluatePolicy(key.keyPolicy, action, input) & POLICY_DENIES) return { allowed: false, reason: "explicit-deny-in-resource-policy" };
  let iam = 0;
  for (const policy of access.identityPolicies) iam |= evaluatePolicy(policy, action, input);
  if (iam & POLICY_DENIES) return { allowed: false, reason: "explicit-deny-in-identity-policy" };
  const right = retireGrantRight(grant, access.caller);
  if (right === "principal") return { allowed: true, by: "grant", grant };
  if (right === "account" && (iam & POLICY_ALLOWS_DIRECT) !== 0) return { allowed: true, by: "identity-policy", grant };
  return { allowed: false, reason: "no-identity-policy-allows" };
}

function targetOf(access: OperationAccess, target: Exclude<PermissionTarget, "none" | "grant">): AccessTarget {
  const found = access.targets?.[target];
  if (!found) throw new TypeError(`authorizeOperation needs the ${target} target`);
  return found;
}

/**
 * Authorizes an operation: every check of its permission table row, in order.
 * @param operation the AWS operation name, e.g. `ReEncrypt`
 * @returns the decision of each check, in order (CreateGrant's tells whether a grant allowed it)
 * @throws {@link AccessDeniedException} with AWS's message at the first refused check
 * @throws {TypeError} when a target the operation needs is missing (a wiring bug)
 */
export function authorizeOperation(operation: string, access: OperationAccess): readonly Decision[] {
  const decisions: Decision[] = [];
  for (const check of checksFor(operation, access.request)) {
    if (check.target === "grant") {
      const retiring = access.retiring;
      if (!retiring) throw new TypeError("authorizeOperation needs the grant to retire");
      const decision = authorizeRetireGrant(access, retiring.grant, retiring.key);
      if (!decision.allowed) throw accessDenied(access.caller.arn, check.action, retiring.key.resource.arn, decision.reason);
      decisions.push(decision);
      continue;
    }
    const target = check.target === "none" ? undefined : targetOf(access, check.target);
    const request: AccessRequest = {
      caller: access.caller,
      action: check.action,
      resource: target?.resource ?? NO_RESOURCE,
      context: target?.context ?? access.context,
      identityPolicies: access.identityPolicies,
      ...(target?.keyPolicy ? { keyPolicy: target.keyPolicy } : {}),
      ...(target?.grants ? { grants: target.grants } : {}),
    };
    const decision = operation === "CreateGrant" && access.requestedGrant ? authorizeCreateGrant(request, access.requestedGrant) : authorize(request);
    if (!decision.allowed) throw denialOf(request, decision);
    decisions.push(decision);
  }
  return decisions;
}

