/**
 * The `Kms` interface: one method per AWS KMS operation, named like the AWS SDK v3 `KMS` client's
 * (lowerCamelCase), taking the AWS request shape and resolving to the AWS response shape. Beside
 * them, the simulation extras (`tick`, `snapshot`, `createAwsManagedKey`, and the simulation kit's
 * `keyMaterialUsage`, `now`, `auditTrail` and `fork`), and the callers of access control: `as`,
 * `putPrincipal` and `asAccessKey`.
 */
import type { KmsEvent } from "../ports.js";
import type * as Aws from "../model/aws-shapes.generated.js";
import type { CallerSpec, PrincipalInput } from "./callers.js";
import type { KmsSnapshot } from "./snapshot.js";
import type { AuditTrail } from "./audit-trail.js";
import type { KmsForkOptions } from "./fork-options.js";
import type { KeyMaterialUsageResponse } from "./last-usage.js";

/** An in-memory AWS KMS. Create one with `createKms`. */
export interface Kms {
  /** @see https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html */
  createKey(request?: Aws.CreateKeyRequest): Promise<Aws.CreateKeyResponse>;
  /** @see https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html */
  describeKey(request: Aws.DescribeKeyRequest): Promise<Aws.DescribeKeyResponse>;
  /** @see https://docs.aws.amazon.com/kms/latest/APIReference/API_ListKeys.html */
  listKeys(request?: Aws.ListKeysRequest): Promise<Aws.ListKeysResponse>;
  /** @see https://docs.aws.amazon.com/kms/latest/APIReference/API_EnableKey.html */
  enableKey(request: Aws.EnableKeyRequest): Promise<Record<string, never>>;
  /** @see https://docs.aws.amazon.com/kms/latest/APIReference/API_DisableKey.html */
  disableKey(request: Aws.DisableKeyRequest): Promise<Record<string, never>>;
  /** @see https://docs.aws.amazon.com/kms/latest/APIReference/API_UpdateKeyDescription.html */
  updateKeyDescription(request: Aws.UpdateKeyDescriptionRequest): Promise<Record<string, never>>;
  /** @see https://docs.aws.amazon.com/kms/latest/APIReference/API_ScheduleKeyDeletion.html */
  scheduleKeyDeletion(request: Aws.ScheduleKeyDeletionRequest): Promise<Aws.ScheduleKeyDeletionResponse>;
  /** @see https://docs.aws.amazon.com/kms/latest/APIReference/API_CancelKeyDeletion.html */
  cancelKeyDeletion(request: Aws.CancelKeyDeletionRequest): Promise<Aws.CancelKeyDeletionResponse>;
  /** @see https://docs.aws.amazon.com/kms/latest/APIReference/API_TagResource.html */
  tagResource(request: Aws.TagResourceRequest): Promise<Record<string, never>>;
  /** @see https://docs.aws.amazon.com/kms/latest/APIReference/API_UntagResource.html */
  untagResource(request: Aws.UntagResourceRequest): Promise<Record<string, never>>;
  /** @see https://docs.aws.amazon.com/kms/latest/APIReference/API_ListResourceTags.html */
  listResourceTags(request: Aws.ListResourceTagsRequest): Promise<Aws.ListResourceTagsResponse>;
  /** @see https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyPolicy.html */
  getKeyPolicy(request: Aws.GetKeyPolicyRequest): Promise<Aws.GetKeyPolicyResponse>;
  /** @see https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html */
  putKeyPolicy(request: Aws.PutKeyPolicyRequest): Promise<Record<string, never>>;
  /** @see https://docs.aws.amazon.com/kms/latest/APIReference/API_ListKeyPolicies.html */
  listKeyPolicies(request: Aws.ListKeyPoliciesRequest): Promise<Aws.ListKeyPoliciesResponse>;
  /** @see https://docs.aws.amazon.com/kms/latest/APIReference/API_EnableKeyRotation.html */
  enableKeyRotation(request: Aws.EnableKeyRotationRequest): Promise<Record<string, never>>;
  /** @see https://docs.aws.amazon.com/kms/latest/APIReference/API_DisableKeyRotation.html */
  disableKeyRotation(request: Aws.DisableKeyRotationRequest): Promise<Record<string, never>>;
  /** @see https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyRotationStatus.html */
  getKeyRotationStatus(request: Aws.GetKeyRotationStatusRequest): Promise<Aws.GetKeyRotationStatusResponse>;
  /** @see https://docs.aws.amazon.com/kms/latest/APIReference/API_RotateKeyOnDemand.html */
  rotateKeyOnDemand(request: Aws.RotateKeyOnDemandRequest): Promise<Aws.RotateKeyOnDemandResponse>;
  /** @see https://docs.aws.amazon.com/kms/latest/APIReference/API_ListKeyRotations.html */
  listKeyRotations(request: Aws.ListKeyRotationsRequest): Promise<Aws.ListKeyRotationsResponse>;
  /** @see https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html */
  createAlias(request: Aws.CreateAliasRequest): Promise<Record<string, never>>;
  /** @see https://docs.aws.amazon.com/kms/latest/APIReference/API_UpdateAlias.html */
  updateAlias(request: Aws.UpdateAliasRequest): Promise<Record<string, never>>;
  /** @see https://docs.aws.amazon.com/kms/latest/APIReference/API_DeleteAlias.html */
  deleteAlias(request: Aws.DeleteAliasRequest): Promise<Record<string, never>>;
  /** @see https://docs.aws.amazon.com/kms/latest/APIReference/API_ListAliases.html */
  listAliases(request?: Aws.ListAliasesRequest): Promise<Aws.ListAliasesResponse>;
  /** @see https://docs.aws.amazon.com/kms/latest/APIReference/API_Encrypt.html */
  encrypt(request: Aws.EncryptRequest): Promise<Aws.EncryptResponse>;
  /** @see https://docs.aws.amazon.com/kms/latest/APIReference/API_Decrypt.html */
  decrypt(request: Aws.DecryptRequest): Promise<Aws.DecryptResponse>;
  /** @see https://docs.aws.amazon.com/kms/latest/APIReference/API_ReEncrypt.html */
  reEncrypt(request: Aws.ReEncryptRequest): Promise<Aws.ReEncryptResponse>;
  /** @see https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateDataKey.html */
  generateDataKey(request: Aws.GenerateDataKeyRequest): Promise<Aws.GenerateDataKeyResponse>;
  /** @see https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateDataKeyWithoutPlaintext.html */
  generateDataKeyWithoutPlaintext(
    request: Aws.GenerateDataKeyWithoutPlaintextRequest,
  ): Promise<Aws.GenerateDataKeyWithoutPlaintextResponse>;
  /** @see https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateRandom.html */
  generateRandom(request: Aws.GenerateRandomRequest): Promise<Aws.GenerateRandomResponse>;
  /** @see https://docs.aws.amazon.com/kms/latest/APIReference/API_GetParametersForImport.html */
  getParametersForImport(request: Aws.GetParametersForImportRequest): Promise<Aws.GetParametersForImportResponse>;
  /** @see https://docs.aws.amazon.com/kms/latest/APIReference/API_ImportKeyMaterial.html */
  importKeyMaterial(request: Aws.ImportKeyMaterialRequest): Promise<Aws.ImportKeyMaterialResponse>;
  /** @see https://docs.aws.amazon.com/kms/latest/APIReference/API_DeleteImportedKeyMaterial.html */
  deleteImportedKeyMaterial(
    request: Aws.DeleteImportedKeyMaterialRequest,
  ): Promise<Aws.DeleteImportedKeyMaterialResponse>;
  /**
   * The last successful cryptographic operation with a key, at the simulated instant (tracked from
   * the key's creation). `KeyLastUsage` is `{}` for a key never used. Works with or without the
   * audit trail; with it, `CloudTrailEventId` is the `EventId` of the matching trail record.
   * @see https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyLastUsage.html
   */
  getKeyLastUsage(request: Aws.GetKeyLastUsageRequest): Promise<Aws.GetKeyLastUsageResponse>;
  /** @see https://docs.aws.amazon.com/kms/latest/APIReference/API_Sign.html */
  sign(request: Aws.SignRequest): Promise<Aws.SignResponse>;
  /** @see https://docs.aws.amazon.com/kms/latest/APIReference/API_Verify.html */
  verify(request: Aws.VerifyRequest): Promise<Aws.VerifyResponse>;
  /** @see https://docs.aws.amazon.com/kms/latest/APIReference/API_GetPublicKey.html */
  getPublicKey(request: Aws.GetPublicKeyRequest): Promise<Aws.GetPublicKeyResponse>;
  /** @see https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateMac.html */
  generateMac(request: Aws.GenerateMacRequest): Promise<Aws.GenerateMacResponse>;
  /** @see https://docs.aws.amazon.com/kms/latest/APIReference/API_VerifyMac.html */
  verifyMac(request: Aws.VerifyMacRequest): Promise<Aws.VerifyMacResponse>;
  /** @see https://docs.aws.amazon.com/kms/latest/APIReference/API_DeriveSharedSecret.html */
  deriveSharedSecret(request: Aws.DeriveSharedSecretRequest): Promise<Aws.DeriveSharedSecretResponse>;
  /** @see https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateDataKeyPair.html */
  generateDataKeyPair(request: Aws.GenerateDataKeyPairRequest): Promise<Aws.GenerateDataKeyPairResponse>;
  /** @see https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateDataKeyPairWithoutPlaintext.html */
  generateDataKeyPairWithoutPlaintext(
    request: Aws.GenerateDataKeyPairWithoutPlaintextRequest,
  ): Promise<Aws.GenerateDataKeyPairWithoutPlaintextResponse>;
  /** @see https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateGrant.html */
  createGrant(request: Aws.CreateGrantRequest): Promise<Aws.CreateGrantResponse>;
  /** @see https://docs.aws.amazon.com/kms/latest/APIReference/API_ListGrants.html */
  listGrants(request: Aws.ListGrantsRequest): Promise<Aws.ListGrantsResponse>;
  /** @see https://docs.aws.amazon.com/kms/latest/APIReference/API_ListRetirableGrants.html */
  listRetirableGrants(request: Aws.ListRetirableGrantsRequest): Promise<Aws.ListGrantsResponse>;
  /** @see https://docs.aws.amazon.com/kms/latest/APIReference/API_RetireGrant.html */
  retireGrant(request?: Aws.RetireGrantRequest): Promise<Record<string, never>>;
  /** @see https://docs.aws.amazon.com/kms/latest/APIReference/API_RevokeGrant.html */
  revokeGrant(request: Aws.RevokeGrantRequest): Promise<Record<string, never>>;
  /**
   * Replicates a multi-Region primary key into another Region: the replica shares the primary's
   * key material (every past and future backing key) and is `Creating` for
   * `replicaCreationDurationMs`; its policy, tags and description are its own.
   * @see https://docs.aws.amazon.com/kms/latest/APIReference/API_ReplicateKey.html
   */
  replicateKey(request: Aws.ReplicateKeyRequest): Promise<Aws.ReplicateKeyResponse>;
  /**
   * Makes the replica in `PrimaryRegion` the primary (it keeps the rotation schedule and history);
   * both keys are `Updating` for `primaryRegionUpdateDurationMs`.
   * @see https://docs.aws.amazon.com/kms/latest/APIReference/API_UpdatePrimaryRegion.html
   */
  updatePrimaryRegion(request: Aws.UpdatePrimaryRegionRequest): Promise<Record<string, never>>;

  /** The AWS Region this view serves (`createKms({ region })`, or the one `inRegion` named). */
  readonly region: string;
  /**
   * The same account in another Region: its own keys, aliases, grants and ARNs, sharing the clock,
   * the random source, the events, the principals and the state (snapshots and change records hold
   * every Region). The view keeps the caller of an `as` view. The same object for the same Region.
   * @param region a Region of partition `aws`, such as `eu-west-1`
   * @throws {RangeError} for any other name (`aws-cn` and `aws-us-gov` Regions included)
   * @example A multi-Region key and its replica
   * ```ts
   * const east = createKms({ region: "us-east-1", replicaCreationDurationMs: 0 });
   * const { KeyMetadata } = await east.createKey({ MultiRegion: true });
   * await east.replicateKey({ KeyId: KeyMetadata!.KeyId!, ReplicaRegion: "eu-west-1" });
   * const west = east.inRegion("eu-west-1");
   * (await west.describeKey({ KeyId: KeyMetadata!.KeyId! })).KeyMetadata?.MultiRegionConfiguration?.MultiRegionKeyType; //=> "REPLICA"
   * ```
   */
  inRegion(region: string): Kms;

  /**
   * The same KMS, acting as another caller: every request it makes is authorized as that caller
   * (key policy, the caller's IAM policies, grants). Without `as`, requests run as the account's
   * root user.
   * @param caller a principal ARN (a role ARN acts as a session of the role), a 12-digit account id
   *   (its root user), or `{ PrincipalArn, ViaService?, SourceIp?, GrantIsForAWSResource? }` for
   *   the request context an AWS service in front would add
   * @throws {RangeError} for an ARN that names no caller, or a malformed ViaService or SourceIp
   * @example A role that may only decrypt
   * ```ts
   * const app = kms.as("arn:aws:iam::111122223333:role/app");
   * await app.encrypt({ KeyId, Plaintext }); // AccessDeniedException unless a policy or grant allows it
   * ```
   */
  as(caller: CallerSpec): Kms;
  /**
   * Registers a principal, or replaces its registration: its IAM identity policies and the access
   * key it signs requests with over the wire. Part of the state (snapshots, change records).
   * @param arn an IAM user, role or federated-user ARN, or an account root ARN (access keys only)
   * @throws {RangeError} for another kind of ARN, or an access key id another principal holds
   * @throws {@link MalformedPolicyDocumentException} with IAM's message for an invalid policy
   */
  putPrincipal(arn: string, principal: PrincipalInput): void;
  /**
   * For endpoints: the same KMS acting as the caller an access key id stands for: a registered
   * principal's key; a 12-digit id, that account's root user (LocalStack's convention); anything
   * else the account root, or with `strict` an UnrecognizedClientException. The audit trail records
   * the access key id in the caller's `userIdentity`, as CloudTrail does.
   * @param options.verify called with the principal's secret and the clock's present when it has a
   *   secret: it must throw unless the request's signature is valid
   * @throws {@link UnrecognizedClientException} "The security token included in the request is
   *   invalid." for an unknown access key id when `strict`
   */
  asAccessKey(
    accessKeyId: string,
    options?: { readonly strict?: boolean; readonly verify?: (secretAccessKey: string, now: Date) => void },
  ): Kms;

  /**
   * Applies everything due up to the clock's present (rotations, completions of on-demand rotations
   * and of deletions, expiry of imported material) and returns the events that emitted, in time
   * order. Every operation does the same first; `tick` does it on its own.
   * @param options.collect false to skip building the returned events (a simulator that only needs
   *   the state to advance; events still reach the `events` sink if there is one). Default true.
   * @returns the events, or an empty array when `collect` is false.
   */
  tick(options?: { collect?: boolean }): Promise<KmsEvent[]>;
  /**
   * A versioned, JSON-serializable copy of the whole state, every Region of the account. It holds
   * every key's secret material in hex: treat it like the keys themselves.
   */
  snapshot(): KmsSnapshot;
  /**
   * Simulation helper: the AWS managed key of a service (`alias/aws/<service>`), created on first use
   * as an AWS service would create it.
   */
  createAwsManagedKey(request: { Service: string }): Promise<Aws.DescribeKeyResponse>;
  /**
   * Simulation extra behind `kms-sim/sim`'s `keyUsage` and `deletionImpact`: how many ciphertexts
   * and data keys the key (and each of its backing keys) made and how many it decrypted, and when
   * it was last used. Counted as requests succeed, so reading it scans nothing. Authorized as
   * GetKeyLastUsage (`kms:GetKeyLastUsage` on the key), the AWS operation that reads the same
   * records; not recorded in the audit trail (it is no AWS call).
   * @throws {@link NotFoundException} when the key does not exist
   * @throws {@link AccessDeniedException} when the caller may not call GetKeyLastUsage on the key
   */
  keyMaterialUsage(request: { KeyId: string }): Promise<KeyMaterialUsageResponse>;
  /**
   * Simulation extra: the KMS's present, the instant its next call will run at (its clock's now, or
   * the latest instant the model reached when the clock was set back). Reads nothing else.
   */
  now(): Date;
  /**
   * Simulation extra: the audit trail this KMS keeps (`createKms({ audit: true })`), or undefined.
   * Query it with `kms-sim/sim`'s `lookupEvents`. A caller's view (`kms.as`) returns the same trail:
   * reading it is CloudTrail's business (cloudtrail:LookupEvents), which kms-sim does not authorize.
   * The account keeps one trail for every Region; each record's `awsRegion` and ARNs name the Region
   * that served it (a service event, the Region of the key it concerns). As CloudTrail's event
   * history is per Region, a Region's view (`kms.inRegion`) returns that Region's view of it:
   * `lookupEvents`, timelines and compliance on it see that Region's events only.
   */
  auditTrail(): AuditTrail | undefined;
  /**
   * Simulation extra: an independent copy of this KMS at its present state, with its own clock. The
   * fork shares the parent's history (copy on write), so forking costs time in the number of keys,
   * not in the number of versions they hold; afterwards neither affects the other. Principals and
   * grants are copied with the keys. Every Region of the account is forked (a multi-Region replica
   * keeps sharing its primary's history in the fork, and in the parent). Called on a caller's view
   * (`kms.as`) or a Region's (`kms.inRegion`), it returns the fork's view as the same caller, in the
   * same Region.
   * @throws {TypeError} without a clock, or without `random` when this KMS's source cannot be copied
   */
  fork(options: KmsForkOptions): Kms;
}
