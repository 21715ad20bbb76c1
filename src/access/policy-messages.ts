/**
 * The messages of policy validation, with where each comes from. KMS's own texts are quoted from
 * real responses; the rest follow IAM's parser, whose messages moto's validator records from AWS
 * (getmoto/moto, moto/iam/policy_validation.py): KMS uses the same policy language [inferred].
 */

/** [github.com/aws-samples/siem-on-amazon-opensearch-service/issues/32, 2020; github.com/awslabs/minimum-viable-dataspace-on-aws/issues/6, 2025] */
export const INVALID_PRINCIPALS = "Policy contains a statement with one or more invalid principals.";
/** Key policies that are not JSON get an empty message instead [github.com/aws/aws-sdk-ruby/issues/1784, 2018]. */
export const SYNTAX_ERRORS = "Syntax errors in policy.";
export const MUST_CONTAIN_ACTIONS = "Policy statement must contain actions.";
export const MUST_CONTAIN_RESOURCES = "Policy statement must contain resources.";
export const LEGACY_PARSING = "The policy failed legacy parsing";
/** [github.com/awsdocs/aws-kms-developer-guide/pull/47, 2022] */
export const KEY_POLICY_FORBIDDEN_KEYS =
  "These condition keys are not permitted in a key policy: aws:ResourceTag, kms:ResourceTag, kms:ResourceAliases";
/** [AWS KMS Developer Guide, "kms:EncryptionContext:context-key"] */
export const OVERLY_PERMISSIVE_ENCRYPTION_CONTEXT =
  "OverlyPermissiveCondition:EncryptionContext: Using the ForAllValues set operator with a single-valued condition key matches requests without the specified encryption context or with an unspecified encryption context. To fix, remove ForAllValues.";
export const IDENTITY_POLICY_VERSION = "Policy document must be version 2012-10-17 or greater.";
/** IAM's answer to a Principal in an identity policy [github.com/hashicorp/terraform/issues/13449, 2017]. */
export const IDENTITY_POLICY_PRINCIPAL = "Policy document should not specify a principal.";
export const DUPLICATE_SIDS = "Statement IDs (SID) in a single policy must be unique.";
/** Worded after the AWS KMS Developer Guide's limit sentence; AWS's own text is not on record. */
export const KEY_POLICY_TOO_LARGE = "The key policy document cannot exceed 32 KB (32,768 bytes).";
