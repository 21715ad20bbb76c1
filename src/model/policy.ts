/**
 * Key policy documents AWS writes itself: the default policy CreateKey attaches when it gets none,
 * and the policy of AWS managed keys. Validating and evaluating policies is access/'s job
 * (`parseKeyPolicy`, `compilePolicy`); `requirePolicyDocument` below is the shallow check the
 * service uses until it calls access/ (issue 12, phase 2).
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

/**
 * The service that calls KMS for an AWS managed key, where it is not the alias's name: EBS
 * volumes are encrypted by EC2, so `alias/aws/ebs`'s policy names `ec2.<region>.amazonaws.com`
 * ("kms:ViaService ... ec2.AWS_region.amazonaws.com", AWS KMS Developer Guide, kms:ViaService).
 */
const VIA_SERVICE: Readonly<Record<string, string>> = { ebs: "ec2" };

/** The `kms:ViaService` value of the AWS managed key of `service` (the `alias/aws/<service>` name). */
export function awsManagedViaService(service: string, region: string): string {
  return `${VIA_SERVICE[service] ?? service}.${region}.amazonaws.com`;
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
        "kms:ViaService" : "${awsManagedViaService(service, region)}"
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
