/**
 * The KMS authorization decision for one action on one resource (AWS KMS Developer Guide,
 * "Determining access to an AWS KMS key"; access-control.md 1.2):
 *  1. an explicit Deny in the key policy or in the caller's IAM policies refuses;
 *  2. a key policy Allow for the caller itself (its ARN, its role, `*`, or the account principal
 *     for the account's root user) allows in the key's account; from another account an IAM
 *     Allow is needed too;
 *  3. a key policy Allow for the caller's account delegates to IAM: an IAM Allow of the caller
 *     allows (the root user's IAM permission is implicit);
 *  4. a grant for the caller that includes the operation and whose constraints hold allows, from
 *     any account, without IAM (a grant to an account needs IAM for its other identities);
 *  5. otherwise the request is refused.
 * From another account only the operations AWS makes cross-account (cryptographic operations,
 * CreateGrant, DescribeKey, GetKeyRotationStatus, GetPublicKey, ListGrants, RetireGrant,
 * RevokeGrant) can be allowed. Operations on no key (CreateKey, ListKeys, ...) and the alias half
 * of alias operations are decided by IAM alone.
 */
import type { AccessDeniedException } from "../errors.js";
import { evaluatePolicy, POLICY_ALLOWS_ACCOUNT, POLICY_ALLOWS_DIRECT, POLICY_DENIES, type CompiledPolicy } from "./compiled-policy.js";
import type { EvaluationInput } from "./condition-keys.js";
import { grantAllows, type GrantRecord } from "./grants.js";
import { accessDenied, type DenialReason } from "./messages.js";
import { CROSS_ACCOUNT_ACTIONS } from "./permissions.js";
import type { Caller } from "./principal.js";
import type { AccessResource, RequestContext } from "./request-context.js";

/** Everything one authorization looks at. */
export interface AccessRequest {
  readonly caller: Caller;
  /** `kms:<Action>`, e.g. `kms:Decrypt`, `kms:ReEncryptFrom`. */
  readonly action: string;
  readonly resource: AccessResource;
  readonly context: RequestContext;
  /** The key's compiled policy; required when `resource` is a key. */
  readonly keyPolicy?: CompiledPolicy;
  /** The caller's IAM identity policies (none for a root user or a service principal). */
  readonly identityPolicies: readonly CompiledPolicy[];
  /**
   * Grants on the key. The service may pass only those whose grantee could be the caller (its
   * ARN, role ARN or account); each is checked in full here.
   */
  readonly grants?: readonly GrantRecord[];
}

/** An authorization's outcome. */
export type Decision =
  | { readonly allowed: true; readonly by: "key-policy" | "identity-policy" | "grant"; readonly grant?: GrantRecord }
  | { readonly allowed: false; readonly reason: DenialReason };

const BY_KEY_POLICY: Decision = Object.freeze({ allowed: true, by: "key-policy" });
const BY_IDENTITY_POLICY: Decision = Object.freeze({ allowed: true, by: "identity-policy" });
const denied = (reason: DenialReason): Decision => ({ allowed: false, reason });

/** What the caller's IAM identity policies say of the action (policy bits; stops at a Deny). */
function identityPolicyBits(request: AccessRequest, input: EvaluationInput): number {
  let iam = 0;
  for (const policy of request.identityPolicies) {
    iam |= evaluatePolicy(policy, request.action, input);
    if (iam & POLICY_DENIES) break;
  }
  return iam;
}

/** IAM allows unless it denies; a root user's identity permissions are implicit; a service principal has none. */
function identityBitsAllow(caller: AccessRequest["caller"], iam: number): boolean {
  return (iam & POLICY_DENIES) === 0 && (caller.kind === "root" || (iam & POLICY_ALLOWS_DIRECT) !== 0);
}

/** Whether the caller's IAM identity policies allow the request's action on its resource. */
export function identityAllows(request: AccessRequest): boolean {
  return identityBitsAllow(request.caller, identityPolicyBits(request, { caller: request.caller, resource: request.resource, context: request.context }));
}

/**
 * Decides one action on one resource.
 * @throws {TypeError} when a key resource comes without its key policy
 */
export function authorize(request: AccessRequest): Decision {
  const { caller, action, resource, context } = request;
  const input: EvaluationInput = { caller, resource, context };

  const iam = identityPolicyBits(request, input);
  const iamDenies = (iam & POLICY_DENIES) !== 0;
  const iamAllows = identityBitsAllow(caller, iam);

  if (resource.kind !== "key") {
    if (iamDenies) return denied("explicit-deny-in-identity-policy");
    return iamAllows ? BY_IDENTITY_POLICY : denied("no-identity-policy-allows");
  }

  const keyPolicy = request.keyPolicy;
  if (!keyPolicy) throw new TypeError(`authorize needs the key policy of ${resource.arn}`);
  const key = evaluatePolicy(keyPolicy, action, input);
  if (key & POLICY_DENIES) return denied("explicit-deny-in-resource-policy");
  if (iamDenies) return denied("explicit-deny-in-identity-policy");

  const sameAccount = caller.kind === "service" || caller.accountId === resource.accountId;
  const reachable = sameAccount || CROSS_ACCOUNT_ACTIONS.has(action);
  if (reachable) {
    if ((key & POLICY_ALLOWS_DIRECT) !== 0 && (sameAccount || iamAllows)) return BY_KEY_POLICY;
    if ((key & POLICY_ALLOWS_ACCOUNT) !== 0 && iamAllows) return BY_IDENTITY_POLICY;
    const grants = request.grants;
    if (grants && grants.length > 0) {
      const operation = action.startsWith("kms:") ? action.slice(4) : action;
      for (const grant of grants) {
        const covers = grantAllows(grant, operation, caller, resource.keySpec, context);
        if (covers === 1 || (covers === 2 && iamAllows)) return { allowed: true, by: "grant", grant };
      }
    }
  }
  const keyPolicyReaches = reachable && (key & (POLICY_ALLOWS_DIRECT | POLICY_ALLOWS_ACCOUNT)) !== 0;
  return denied(keyPolicyReaches ? "no-identity-policy-allows" : "no-resource-policy-allows");
}

/** The AccessDeniedException AWS returns for a refused request. */
export function denialOf(request: AccessRequest, decision: Extract<Decision, { allowed: false }>): AccessDeniedException {
  return accessDenied(request.caller.arn, request.action, request.resource.arn, decision.reason);
}

/**
 * Decides, and throws when refused.
 * @returns how the request was allowed
 * @throws {@link AccessDeniedException} with AWS's message for the refusal
 */
export function requireAuthorized(request: AccessRequest): Extract<Decision, { allowed: true }> {
  const decision = authorize(request);
  if (!decision.allowed) throw denialOf(request, decision);
  return decision;
}
