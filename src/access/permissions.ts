/**
 * The permission table: for every KMS operation in botocore's model, the action(s) AWS checks, on
 * which resource, in which kind of policy, and whether the operation works across accounts. From
 * the "Required permissions" and "Cross-account use" text of each operation in botocore 1.43.11's
 * service-2.json; test/unit/access/permissions.test.ts re-reads that text and compares.
 *
 * The service consults one row per operation (`checksFor`) and authorizes each check, in order,
 * before anything that could reveal the key's state.
 */

/** What a check authorizes on. */
export type PermissionTarget =
  /** Nothing: IAM policies with `Resource "*"` decide (CreateKey, ListKeys, GenerateRandom...). */
  | "none"
  /** The key the request names; for Decrypt, the key recorded in the ciphertext. */
  | "key"
  /** The alias ARN of an alias operation (IAM policies only). */
  | "alias"
  /** ReEncrypt's source key (the one in the ciphertext) and destination key. */
  | "source-key"
  | "destination-key"
  /** UpdateAlias: the key the alias points at now, and the key it will point at. */
  | "current-key"
  | "new-key"
  /** ReplicateKey / UpdatePrimaryRegion. */
  | "primary-key"
  | "replica-key"
  /** RetireGrant: "Permission to retire a grant is determined primarily by the grant". */
  | "grant";

/** One permission an operation needs. */
export interface PermissionCheck {
  /** `kms:<Action>`. */
  readonly action: string;
  readonly target: PermissionTarget;
  /** Where AWS says the permission is given: a key policy (directly or by delegation to IAM), an IAM policy, or the grant. */
  readonly policy: "key" | "iam" | "grant";
  /** Checked only when the request has this member (CreateKey/ReplicateKey `Tags`). */
  readonly when?: string;
}

/** The permissions of one operation. */
export interface OperationPermissions {
  readonly checks: readonly PermissionCheck[];
  /** "Cross-account use: Yes": a caller from another account can be authorized. */
  readonly crossAccount: boolean;
}

const key = (action: string, crossAccount = false): OperationPermissions => ({
  checks: [{ action: `kms:${action}`, target: "key", policy: "key" }],
  crossAccount,
});
const iam = (action: string): OperationPermissions => ({ checks: [{ action: `kms:${action}`, target: "none", policy: "iam" }], crossAccount: false });
const alias = (action: string, ...keys: PermissionTarget[]): OperationPermissions => ({
  checks: [
    { action: `kms:${action}`, target: "alias", policy: "iam" },
    ...keys.map((target): PermissionCheck => ({ action: `kms:${action}`, target, policy: "key" })),
  ],
  crossAccount: false,
});

/** Every operation of AWS KMS (botocore 1.43.11), by name. */
export const OPERATION_PERMISSIONS: Readonly<Record<string, OperationPermissions>> = Object.freeze({
  CancelKeyDeletion: key("CancelKeyDeletion"),
  ConnectCustomKeyStore: iam("ConnectCustomKeyStore"),
  CreateAlias: alias("CreateAlias", "key"),
  CreateCustomKeyStore: iam("CreateCustomKeyStore"),
  CreateGrant: key("CreateGrant", true),
  CreateKey: {
    checks: [
      { action: "kms:CreateKey", target: "none", policy: "iam" },
      { action: "kms:TagResource", target: "none", policy: "iam", when: "Tags" },
    ],
    crossAccount: false,
  },
  Decrypt: key("Decrypt", true),
  DeleteAlias: alias("DeleteAlias", "key"),
  DeleteCustomKeyStore: iam("DeleteCustomKeyStore"),
  DeleteImportedKeyMaterial: key("DeleteImportedKeyMaterial"),
  DeriveSharedSecret: key("DeriveSharedSecret", true),
  DescribeCustomKeyStores: iam("DescribeCustomKeyStores"),
  DescribeKey: key("DescribeKey", true),
  DisableKey: key("DisableKey"),
  DisableKeyRotation: key("DisableKeyRotation"),
  DisconnectCustomKeyStore: iam("DisconnectCustomKeyStore"),
  EnableKey: key("EnableKey"),
  EnableKeyRotation: key("EnableKeyRotation"),
  Encrypt: key("Encrypt", true),
  GenerateDataKey: key("GenerateDataKey", true),
  GenerateDataKeyPair: key("GenerateDataKeyPair", true),
  GenerateDataKeyPairWithoutPlaintext: key("GenerateDataKeyPairWithoutPlaintext", true),
  GenerateDataKeyWithoutPlaintext: key("GenerateDataKeyWithoutPlaintext", true),
  GenerateMac: key("GenerateMac", true),
  GenerateRandom: iam("GenerateRandom"),
  GetKeyLastUsage: key("GetKeyLastUsage"),
  GetKeyPolicy: key("GetKeyPolicy"),
  GetKeyRotationStatus: key("GetKeyRotationStatus", true),
  GetParametersForImport: key("GetParametersForImport"),
  GetPublicKey: key("GetPublicKey", true),
  ImportKeyMaterial: key("ImportKeyMaterial"),
  ListAliases: iam("ListAliases"),
  ListGrants: key("ListGrants", true),
  ListKeyPolicies: key("ListKeyPolicies"),
  ListKeyRotations: key("ListKeyRotations"),
  ListKeys: iam("ListKeys"),
  ListResourceTags: key("ListResourceTags"),
  // "KMS authorizes ListRetirableGrants requests by evaluating the caller account's
  // kms:ListRetirableGrants permissions" (IAM policy, Resource "*").
  ListRetirableGrants: iam("ListRetirableGrants"),
  PutKeyPolicy: key("PutKeyPolicy"),
  ReEncrypt: {
    checks: [
      { action: "kms:ReEncryptFrom", target: "source-key", policy: "key" },
      { action: "kms:ReEncryptTo", target: "destination-key", policy: "key" },
    ],
    crossAccount: true,
  },
  ReplicateKey: {
    checks: [
      { action: "kms:ReplicateKey", target: "primary-key", policy: "key" },
      { action: "kms:CreateKey", target: "none", policy: "iam" },
      { action: "kms:TagResource", target: "none", policy: "iam", when: "Tags" },
    ],
    crossAccount: false,
  },
  RetireGrant: { checks: [{ action: "kms:RetireGrant", target: "grant", policy: "grant" }], crossAccount: true },
  RevokeGrant: key("RevokeGrant", true),
  RotateKeyOnDemand: key("RotateKeyOnDemand"),
  ScheduleKeyDeletion: key("ScheduleKeyDeletion"),
  Sign: key("Sign", true),
  TagResource: key("TagResource"),
  UntagResource: key("UntagResource"),
  UpdateAlias: alias("UpdateAlias", "current-key", "new-key"),
  UpdateCustomKeyStore: iam("UpdateCustomKeyStore"),
  UpdateKeyDescription: key("UpdateKeyDescription"),
  UpdatePrimaryRegion: {
    checks: [
      { action: "kms:UpdatePrimaryRegion", target: "primary-key", policy: "key" },
      { action: "kms:UpdatePrimaryRegion", target: "replica-key", policy: "key" },
    ],
    crossAccount: false,
  },
  Verify: key("Verify", true),
  VerifyMac: key("VerifyMac", true),
});

/** Actions that can be allowed for a caller of another account (from the cross-account operations). */
export const CROSS_ACCOUNT_ACTIONS: ReadonlySet<string> = new Set(
  Object.values(OPERATION_PERMISSIONS)
    .filter((row) => row.crossAccount)
    .flatMap((row) => row.checks.map((check) => check.action)),
);

/**
 * The permissions of an operation.
 * @throws {RangeError} for a name that is not a KMS operation
 */
export function permissionsFor(operation: string): OperationPermissions {
  const row = Object.hasOwn(OPERATION_PERMISSIONS, operation) ? OPERATION_PERMISSIONS[operation] : undefined;
  if (!row) throw new RangeError(`${operation} is not an AWS KMS operation`);
  return row;
}

/** The checks an operation's request needs, conditional ones included when their member is present. */
export function checksFor(operation: string, request: object = {}): readonly PermissionCheck[] {
  const row = permissionsFor(operation);
  // Most rows have no conditional check: their list serves every request as it is.
  if (!row.checks.some((check) => check.when !== undefined)) return row.checks;
  return row.checks.filter((check) => {
    if (check.when === undefined) return true;
    const member = (request as Record<string, unknown>)[check.when];
    return Array.isArray(member) ? member.length > 0 : member !== undefined;
  });
}
