/**
 * AWS managed keys: the keys AWS services create in a customer's account (`alias/aws/<service>`).
 * kms-sim creates one when DescribeKey first names its alias, as AWS does, or when a simulation
 * asks for it. They rotate on their own every `awsManagedRotationPeriodDays`, counted from creation.
 */
import { formatAliasArn, formatKeyArn } from "../model/identifiers.js";
import { KeyHistory, VersionKind } from "../model/key-history.js";
import { NO_ON_DEMAND, type KmsKey } from "../model/key.js";
import { awsManagedKeyPolicy } from "../model/policy.js";
import { awsManagedRotation } from "../rotation/index.js";
import { authorizeKeyLike, pendingKeyResource } from "./authorization.js";
import { newUuid, type KmsContext } from "./context.js";
import { newSeeds } from "./materials.js";
import { noteKey } from "./request-trace.js";

/** Services whose `alias/aws/<service>` kms-sim recognises. */
export const AWS_MANAGED_KEY_SERVICES: readonly string[] = [
  "acm", "backup", "cloud9", "codeartifact", "codecommit", "connect", "dms", "dynamodb", "ebs",
  "elasticfilesystem", "es", "fsx", "glue", "kafka", "kinesis", "kinesisvideo", "lambda", "lightsail",
  "rds", "redshift", "s3", "secretsmanager", "sns", "sqs", "ssm", "xray",
];

/** The service of an `alias/aws/<service>` name kms-sim recognises, else undefined. */
export function awsManagedService(aliasName: string): string | undefined {
  const service = aliasName.slice("alias/aws/".length);
  return aliasName.startsWith("alias/aws/") && AWS_MANAGED_KEY_SERVICES.includes(service) ? service : undefined;
}

/**
 * Authorizes the request in progress on the AWS managed key of `service` before it exists (its
 * policy is AWS's, known in advance), so a refused DescribeKey creates nothing. A refusal names
 * the alias: the key has no ARN yet.
 * @throws {@link AccessDeniedException} when the key's policy would refuse the request
 */
export function authorizeAwsManagedKeyBeforeCreation(ctx: KmsContext, service: string): void {
  const keyPolicy = ctx.keyPolicies.ofText(awsManagedKeyPolicy(ctx.scope.accountId, ctx.scope.region, service));
  const resource = pendingKeyResource(ctx, { keySpec: "SYMMETRIC_DEFAULT", keyUsage: "ENCRYPT_DECRYPT", origin: "AWS_KMS", tags: [] });
  authorizeKeyLike(ctx, { resource, keyPolicy, keyId: undefined }, "key", { shownArn: formatAliasArn(ctx.scope, `alias/aws/${service}`) });
}

/** The AWS managed key of `service`, created (with its alias) on first use. */
export function awsManagedKey(ctx: KmsContext, service: string, now: number): KmsKey {
  const aliasName = `alias/aws/${service}`;
  const existing = ctx.store.getAlias(aliasName);
  const existingKey = existing && ctx.store.getKey(existing.targetKeyId);
  if (existingKey) {
    noteKey(ctx, existingKey);
    return existingKey;
  }
  const keyId = newUuid(ctx);
  const seeds = newSeeds(ctx);
  const history = new KeyHistory(ctx.store.owner);
  history.append(now, VersionKind.ORIGINAL);
  const key: KmsKey = {
    seq: ctx.store.nextKeySeq(),
    keyId,
    arn: formatKeyArn(ctx.scope, keyId),
    createdAt: now,
    description: `Default key that protects my ${service} resources when no other key is defined`,
    keyUsage: "ENCRYPT_DECRYPT",
    keySpec: "SYMMETRIC_DEFAULT",
    origin: "AWS_KMS",
    keyManager: "AWS",
    state: "Enabled",
    deletionAt: null,
    pendingWindowDays: null,
    policy: awsManagedKeyPolicy(ctx.scope.accountId, ctx.scope.region, service),
    tags: [],
    seeds,
    history,
    rotation: awsManagedRotation(now, ctx.settings.awsManagedRotationPeriodDays),
    onDemand: NO_ON_DEMAND,
    awsService: service,
  };
  ctx.store.putKey(key);
  ctx.store.putAlias({ name: aliasName, targetKeyId: keyId, createdAt: now, updatedAt: now, seq: ctx.store.nextAliasSeq() });
  return key;
}
