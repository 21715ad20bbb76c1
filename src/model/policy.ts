/**
 * Key policies: the default policy AWS attaches when CreateKey gets none, and the check that a
 * policy document is a JSON object (kms-sim stores and returns policies; it does not evaluate them).
 */
import { MalformedPolicyDocumentException } from "../errors.js";

/** The only key policy name AWS KMS has. */
export const DEFAULT_POLICY_NAME = "default";

/** The default key policy: the account root may do everything, so IAM policies govern access. */
export function defaultKeyPolicy(accountId: string): string {
  return `{
  "Version" : "2012-10-17",
  "Id" : "key-default-1",
  "Statement" : [ {
    "Sid" : "Enable IAM User Permissions",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : "arn:aws:iam::${accountId}:root"
    },
    "Action" : "kms:*",
    "Resource" : "*"
  } ]
}`;
}

/** The policy of an AWS managed key: use through the owning service only; no administration. */
export function awsManagedKeyPolicy(accountId: string, region: string, service: string): string {
  return `{
  "Version" : "2012-10-17",
  "Id" : "auto-${service}",
  "Statement" : [ {
    "Sid" : "Allow access through ${service} for all principals in the account that are authorized to use ${service}",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : "*"
    },
    "Action" : [ "kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey" ],
    "Resource" : "*",
    "Condition" : {
      "StringEquals" : {
        "kms:CallerAccount" : "${accountId}",
        "kms:ViaService" : "${service}.${region}.amazonaws.com"
      }
    }
  }, {
    "Sid" : "Allow direct access to key metadata to the account",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : "arn:aws:iam::${accountId}:root"
    },
    "Action" : [ "kms:Describe*", "kms:Get*", "kms:List*" ],
    "Resource" : "*"
  } ]
}`;
}

/**
 * Precondition: the policy is a JSON object with a Statement.
 * @returns the policy document unchanged.
 * @throws {@link MalformedPolicyDocumentException} when it is not
 */
export function requirePolicyDocument(policy: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(policy);
  } catch {
    throw new MalformedPolicyDocumentException("The key policy is not valid JSON.");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed) || !("Statement" in parsed)) {
    throw new MalformedPolicyDocumentException("The key policy must be a JSON object with a Statement.");
  }
  return policy;
}
