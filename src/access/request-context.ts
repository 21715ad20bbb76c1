/**
 * The request context: the plain data the service gathers for one authorization (who calls, on
 * which resource, with which request values, at which instant). Policies' condition keys read
 * from it and nothing else, so the evaluator reads no clock and keeps no state.
 */

/** A value a condition key can have: single-valued keys are strings, numbers or booleans. */
export type ConditionValue = string | number | boolean | readonly string[];

/** One tag on a key, for `aws:ResourceTag/<k>`. */
export interface ResourceTag {
  readonly key: string;
  readonly value: string;
}

/** A KMS key as the evaluator sees it: its ARN and the properties condition keys read. */
export interface KeyResource {
  readonly kind: "key";
  readonly arn: string;
  readonly accountId: string;
  readonly region: string;
  /** `kms:KeySpec`. */
  readonly keySpec: string;
  /** `kms:KeyUsage`. */
  readonly keyUsage: string;
  /** `kms:KeyOrigin`. */
  readonly keyOrigin: string;
  /** `kms:MultiRegion`. */
  readonly multiRegion?: boolean;
  /** `kms:MultiRegionKeyType` (`PRIMARY` or `REPLICA`) for multi-Region keys. */
  readonly multiRegionKeyType?: string;
  /** `aws:ResourceTag/<k>` (IAM policies only). */
  readonly tags: readonly ResourceTag[];
  /** `kms:ResourceAliases`: alias names (`alias/...`) pointing at the key (IAM policies only). */
  readonly aliases: readonly string[];
}

/** An alias, the resource of CreateAlias/UpdateAlias/DeleteAlias's IAM check. */
export interface AliasResource {
  readonly kind: "alias";
  readonly arn: string;
  readonly accountId: string;
  readonly region: string;
}

/**
 * No KMS resource: CreateKey, ListKeys, ListAliases, GenerateRandom... authorize on `Resource "*"`;
 * ListRetirableGrants on the retiring principal's ARN ("The authorized resource in
 * ListRetirableGrants calls is the retiring principal specified in the request", botocore's model).
 */
export interface NoResource {
  readonly kind: "none";
  /** `*`, or the retiring principal of ListRetirableGrants. */
  readonly arn: string;
}

/** What an action is authorized on. */
export type AccessResource = KeyResource | AliasResource | NoResource;

/** The resource of operations that name none. */
export const NO_RESOURCE: NoResource = Object.freeze({ kind: "none", arn: "*" });

/**
 * Request values the condition keys read. Leave out what a request does not have: a key whose
 * value is missing is "missing" as IAM defines it (false for every operator but the negated
 * ones, `...IfExists` and `Null`).
 */
export interface RequestContext {
  /** The instant of the request, epoch ms: `aws:CurrentTime`, `aws:EpochTime`. */
  readonly now: number;
  /** `aws:RequestedRegion`. */
  readonly region?: string;
  /** `aws:SourceIp` (IPv4 or IPv6). */
  readonly sourceIp?: string;
  /** `kms:ViaService`: the integrated service calling on the principal's behalf, e.g. `s3.us-east-1.amazonaws.com`. */
  readonly viaService?: string;
  /** `kms:GrantIsForAWSResource`: set (false unless a service calls) for CreateGrant, ListGrants, RevokeGrant. */
  readonly grantIsForAwsResource?: boolean;
  /** `kms:EncryptionContext:<k>` and `kms:EncryptionContextKeys`. */
  readonly encryptionContext?: Readonly<Record<string, string>>;
  /** `kms:RequestAlias`: the alias name (`alias/...`) the request's KeyId used, if it used one. */
  readonly requestAlias?: string;
  /** `kms:GrantOperations` (CreateGrant). */
  readonly grantOperations?: readonly string[];
  /** `kms:GranteePrincipal` (CreateGrant). */
  readonly granteePrincipal?: string;
  /** `kms:RetiringPrincipal` (CreateGrant). */
  readonly retiringPrincipal?: string;
  /** `kms:GrantConstraintType` (CreateGrant): `EncryptionContextEquals` and/or `EncryptionContextSubset`. */
  readonly grantConstraintTypes?: readonly string[];
  /** `kms:KeySpec` of a CreateKey request (default included); key operations read the key's. */
  readonly keySpec?: string;
  /** `kms:KeyUsage` of a CreateKey request. */
  readonly keyUsage?: string;
  /** `kms:KeyOrigin` of a CreateKey request. */
  readonly keyOrigin?: string;
  /** `kms:MultiRegion` of a CreateKey request. */
  readonly multiRegion?: boolean;
  /** `kms:RotationPeriodInDays` (EnableKeyRotation). */
  readonly rotationPeriodInDays?: number;
  /** `kms:ScheduleKeyDeletionPendingWindowInDays` (ScheduleKeyDeletion). */
  readonly pendingWindowInDays?: number;
  /** `kms:BypassPolicyLockoutSafetyCheck` (CreateKey, PutKeyPolicy). */
  readonly bypassPolicyLockoutSafetyCheck?: boolean;
  /** `aws:RequestTag/<k>` (CreateKey, TagResource). */
  readonly requestTags?: Readonly<Record<string, string>>;
  /** `aws:TagKeys` (CreateKey, TagResource, UntagResource). */
  readonly tagKeys?: readonly string[];
  /**
   * Any other condition key by name (case-insensitive), e.g. `aws:SourceArn`,
   * `aws:PrincipalOrgID`, `kms:EncryptionAlgorithm`. A key kms-sim does not model and this map
   * does not hold never satisfies a condition of an `Allow` statement.
   */
  readonly extra?: Readonly<Record<string, ConditionValue>>;
}
