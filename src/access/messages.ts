/**
 * AWS's AccessDeniedException messages for KMS, exactly as real responses word them (no trailing
 * period). Attested for KMS:
 *  - "... because no resource-based policy allows the kms:Decrypt action"
 *    [github.com/4dn-dcic/tibanna/issues/402, 2024; github.com/jbrt/ec2cryptomatic/issues/26, 2021];
 *  - "... because no identity-based policy allows the kms:Decrypt action"
 *    [github.com/cattle-ops/terraform-aws-gitlab-runner/pull/1253, 2025];
 *  - "... with an explicit deny in a resource-based policy"
 *    [github.com/aws/aws-nitro-enclaves-sdk-c/issues/157, 2025].
 * The identity-based explicit deny follows IAM's general form ("with an explicit deny in a
 * <type> policy", IAM User Guide, "Troubleshooting access denied error messages").
 */
import { AccessDeniedException } from "../errors.js";

/** Why a request was refused. */
export type DenialReason =
  | "explicit-deny-in-resource-policy"
  | "explicit-deny-in-identity-policy"
  | "no-resource-policy-allows"
  | "no-identity-policy-allows";

/**
 * The message AWS returns for a refusal.
 * @param callerArn the caller as AWS prints it (a role session's ARN, not the role's)
 * @param action `kms:<Action>`
 * @param resourceArn the key or alias ARN, or `*` for operations on no resource
 */
export function denialMessage(callerArn: string, action: string, resourceArn: string, reason: DenialReason): string {
  const head = `User: ${callerArn} is not authorized to perform: ${action} on resource: ${resourceArn}`;
  switch (reason) {
    case "explicit-deny-in-resource-policy":
      return `${head} with an explicit deny in a resource-based policy`;
    case "explicit-deny-in-identity-policy":
      return `${head} with an explicit deny in an identity-based policy`;
    case "no-resource-policy-allows":
      return `${head} because no resource-based policy allows the ${action} action`;
    case "no-identity-policy-allows":
      return `${head} because no identity-based policy allows the ${action} action`;
  }
}

/** The AccessDeniedException for a refusal. */
export function accessDenied(callerArn: string, action: string, resourceArn: string, reason: DenialReason): AccessDeniedException {
  return new AccessDeniedException(denialMessage(callerArn, action, resourceArn, reason));
}
