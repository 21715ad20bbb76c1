/**
 * The policy lockout safety check of CreateKey and PutKeyPolicy: the new key policy "must allow
 * the calling principal to make a subsequent PutKeyPolicy request on the KMS key" unless
 * `BypassPolicyLockoutSafetyCheck` is true (botocore model, PutKeyPolicyRequest). The caller's
 * IAM policies count: a policy that only delegates to the account passes when IAM allows the
 * caller kms:PutKeyPolicy.
 */
import { MalformedPolicyDocumentException } from "../errors.js";
import type { CompiledPolicy } from "./compiled-policy.js";
import { authorize } from "./decision.js";
import type { Caller } from "./principal.js";
import type { KeyResource, RequestContext } from "./request-context.js";

/**
 * AWS's message [github.com/cloudposse/terraform-aws-vpc-flow-logs-s3-bucket/issues/3, 2019;
 * github.com/data-dot-all/dataall/issues/956 (PutKeyPolicy), 2024].
 */
export const LOCKOUT_MESSAGE = "The new key policy will not allow you to update the key policy in the future.";

/** What the check reads. */
export interface LockoutCheck {
  readonly caller: Caller;
  /** The new key policy, compiled. */
  readonly keyPolicy: CompiledPolicy;
  readonly identityPolicies: readonly CompiledPolicy[];
  /** The key the policy is for (for CreateKey, the key about to be created). */
  readonly resource: KeyResource;
  readonly context: RequestContext;
}

/** True when the new policy would let the caller call PutKeyPolicy on the key afterwards. */
export function isLockoutSafe(check: LockoutCheck): boolean {
  return authorize({
    caller: check.caller,
    action: "kms:PutKeyPolicy",
    resource: check.resource,
    // The future request is an ordinary PutKeyPolicy, without the bypass flag.
    context: { ...check.context, bypassPolicyLockoutSafetyCheck: false },
    keyPolicy: check.keyPolicy,
    identityPolicies: check.identityPolicies,
  }).allowed;
}

/**
 * Precondition: the new key policy does not lock the caller out of it.
 * @throws {@link MalformedPolicyDocumentException} "The new key policy will not allow you to update the key policy in the future."
 */
export function requireLockoutSafe(check: LockoutCheck): void {
  if (!isLockoutSafe(check)) throw new MalformedPolicyDocumentException(LOCKOUT_MESSAGE);
}
