/**
 * The two decisions grants change: CreateGrant (a grantee with CreateGrant from a grant may only
 * narrow) and RetireGrant (the grant decides). The service runs each operation's other checks
 * through `authorize` (src/service/authorization.ts decides every check of the permission table).
 */
import { evaluatePolicy, POLICY_ALLOWS_DIRECT, POLICY_DENIES, type CompiledPolicy } from "./compiled-policy.js";
import type { EvaluationInput } from "./condition-keys.js";
import { authorize, identityAllows, type AccessRequest, type Decision } from "./decision.js";
import { grantAllows, isNarrowerGrant, retireGrantRight, type GrantRecord } from "./grants.js";
import type { Caller } from "./principal.js";
import type { AliasResource, KeyResource, RequestContext } from "./request-context.js";

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

/** Who retires a grant, and the request context of the call. */
export interface RetireAccess {
  readonly caller: Caller;
  readonly context: RequestContext;
  /** The caller's compiled IAM identity policies. */
  readonly identityPolicies: readonly CompiledPolicy[];
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

/**
 * Decides RetireGrant: "Permission to retire a grant is determined primarily by the grant" (the
 * retiring principal, the grantee when the grant includes RetireGrant, the issuing account), an
 * account's other identities need `kms:RetireGrant` in their IAM policies, and an explicit Deny
 * of `kms:RetireGrant` in the key policy or IAM refuses. `kms:RetireGrant` "is not effective in
 * a key policy" as an Allow (AWS KMS Developer Guide, "Retiring and revoking grants").
 */
export function authorizeRetireGrant(access: RetireAccess, grant: GrantRecord, key: AccessTarget): Decision {
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
