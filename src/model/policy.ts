/**
 * Key policy documents AWS writes itself: the default policy CreateKey attaches when it gets none,
 * and the policy of AWS managed keys, in the layout GetKeyPolicy returns them (`"Version" : ...`).
 * Validating and evaluating policies is access/'s job (`parseKeyPolicy`, `compilePolicy`).
 */

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

/**
 * How an AWS managed key's policy names its service, where AWS's differs from the generic form
 * (`auto-<service>`, the service's alias name, no CreateGrant). From policies AWS returned:
 * `aws/s3` (Id "auto-s3-2", "S3"; a GetKeyPolicy output imported into Terraform, github code
 * search "Allow direct access to key metadata to the account"), `aws/lambda` (Id "auto-awslambda",
 * "AWS Lambda", CreateGrant; a GetKeyPolicy fixture of a KMS audit tool, whose metadata statement
 * has only kms:Describe*: kms-sim keeps Describe*, Get*, List* so GetKeyPolicy and ListGrants work
 * for the account, as they do for aws/s3), `aws/ebs` ("EBS", CreateGrant; copies of its policy in
 * CloudFormation templates).
 */
const AWS_MANAGED_POLICY: Readonly<Record<string, { id?: string; name?: string; createGrant?: boolean }>> = {
  s3: { id: "auto-s3-2", name: "S3" },
  lambda: { id: "auto-awslambda", name: "AWS Lambda", createGrant: true },
  ebs: { name: "EBS", createGrant: true },
};

const list = (items: readonly string[]): string => `[ ${items.map((item) => `"${item}"`).join(", ")} ]`;

/** The policy of an AWS managed key: use through the owning service only; metadata for the account; no administration. */
export function awsManagedKeyPolicy(accountId: string, region: string, service: string): string {
  const known = AWS_MANAGED_POLICY[service] ?? {};
  const name = known.name ?? service;
  const use = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", ...(known.createGrant ? ["kms:CreateGrant"] : []), "kms:DescribeKey"];
  return `{
  "Version" : "2012-10-17",
  "Id" : "${known.id ?? `auto-${service}`}",
  "Statement" : [ {
    "Sid" : "Allow access through ${name} for all principals in the account that are authorized to use ${name}",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : "*"
    },
    "Action" : ${list(use)},
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
