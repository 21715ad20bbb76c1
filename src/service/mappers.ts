/**
 * The one translator from kms-sim's camelCase records to AWS's PascalCase response shapes.
 */
import { hasLegacySpecName, algorithmsFor, isSymmetricSpec } from "../model/key-spec.js";
import type { KmsAlias } from "../model/alias.js";
import { formatAliasArn, formatKeyArn, type Scope } from "../model/identifiers.js";
import type { KeyMaterial } from "../model/key-material.js";
import type { KmsKey, MultiRegionLink } from "../model/key.js";
import type { KmsContext } from "./context.js";
import { materialId } from "./materials.js";
import type {
  AliasListEntry,
  CustomerMasterKeySpec,
  EncryptionAlgorithmSpec,
  KeyAgreementAlgorithmSpec,
  KeyMetadata,
  MacAlgorithmSpec,
  MultiRegionConfiguration,
  RotationsListEntry,
  SigningAlgorithmSpec,
} from "../model/aws-shapes.generated.js";

/** The earliest expiry among a key's imported, permanently associated materials. */
function earliestValidTo(key: KmsKey): number | undefined {
  let earliest: number | undefined;
  for (const [, material] of key.history.explicitEntries()) {
    const details = material.import;
    if (!details?.imported || details.pendingRotation || details.validTo === null) continue;
    if (earliest === undefined || details.validTo < earliest) earliest = details.validTo;
  }
  return earliest;
}

/** DescribeKey's KeyMetadata for `key`, with the members AWS returns for its kind and state. */
export function toKeyMetadata(ctx: KmsContext, key: KmsKey): KeyMetadata {
  const scope = ctx.scope;
  const current = key.history.current;
  const algorithms = algorithmsFor(key.keySpec, key.keyUsage);
  const metadata: KeyMetadata = {
    AWSAccountId: scope.accountId,
    KeyId: key.keyId,
    Arn: key.arn,
    CreationDate: new Date(key.createdAt),
    Enabled: key.state === "Enabled",
    Description: key.description,
    KeyUsage: key.keyUsage,
    KeyState: key.state,
  };
  if (key.deletionAt !== null) metadata.DeletionDate = new Date(key.deletionAt);
  if (key.origin === "EXTERNAL") {
    const validTo = earliestValidTo(key);
    const details = current >= 0 ? key.history.explicit(current)?.import : undefined;
    if (validTo !== undefined) metadata.ValidTo = new Date(validTo);
    if (details?.imported && details.expirationModel) metadata.ExpirationModel = details.expirationModel;
  }
  metadata.Origin = key.origin;
  metadata.KeyManager = key.keyManager;
  if (hasLegacySpecName(key.keySpec)) metadata.CustomerMasterKeySpec = key.keySpec as CustomerMasterKeySpec;
  metadata.KeySpec = key.keySpec;
  if (algorithms.EncryptionAlgorithms) {
    metadata.EncryptionAlgorithms = [...algorithms.EncryptionAlgorithms] as EncryptionAlgorithmSpec[];
  }
  if (algorithms.SigningAlgorithms) {
    metadata.SigningAlgorithms = [...algorithms.SigningAlgorithms] as SigningAlgorithmSpec[];
  }
  if (algorithms.MacAlgorithms) metadata.MacAlgorithms = [...algorithms.MacAlgorithms] as MacAlgorithmSpec[];
  if (algorithms.KeyAgreementAlgorithms) {
    metadata.KeyAgreementAlgorithms = [...algorithms.KeyAgreementAlgorithms] as KeyAgreementAlgorithmSpec[];
  }
  metadata.MultiRegion = key.multiRegion !== undefined;
  if (key.multiRegion !== undefined) metadata.MultiRegionConfiguration = multiRegionConfiguration(ctx, key.keyId, key.multiRegion);
  if (key.state === "PendingReplicaDeletion" && key.pendingWindowDays !== null) metadata.PendingDeletionWindowInDays = key.pendingWindowDays;
  // Asymmetric and HMAC keys have one material for life and AWS reports no id for it; a replica
  // being created has none yet.
  if (current >= 0 && isSymmetricSpec(key.keySpec) && key.state !== "Creating") metadata.CurrentKeyMaterialId = materialId(ctx, key, current);
  return metadata;
}

/**
 * DescribeKey's MultiRegionConfiguration: the same topology on every member, ReplicaKeys listing
 * every replica (observed on primaries and replicas alike, whatever the model's doc suggests).
 */
function multiRegionConfiguration(ctx: KmsContext, keyId: string, link: MultiRegionLink): MultiRegionConfiguration {
  const member = (region: string) => ({ Arn: formatKeyArn({ region, accountId: ctx.scope.accountId }, keyId), Region: region });
  return {
    MultiRegionKeyType: link.primaryRegion === ctx.scope.region ? "PRIMARY" : "REPLICA",
    PrimaryKey: member(link.primaryRegion),
    ReplicaKeys: link.replicaRegions.map(member),
  };
}

/** ListAliases' entry for `alias`. */
export function toAliasListEntry(alias: KmsAlias, scope: Scope): AliasListEntry {
  return {
    AliasName: alias.name,
    AliasArn: formatAliasArn(scope, alias.name),
    TargetKeyId: alias.targetKeyId,
    CreationDate: new Date(alias.createdAt),
    LastUpdatedDate: new Date(alias.updatedAt),
  };
}

/** ListKeyRotations' entry for one material of `key`: KeyId is the key's ARN (observed, replicas included). */
export function toRotationsListEntry(key: KmsKey, material: KeyMaterial): RotationsListEntry {
  const index = material.version - 1;
  const entry: RotationsListEntry = {
    KeyId: key.arn,
    KeyMaterialId: material.id,
  };
  const details = material.import;
  if (details) {
    if (details.description !== null) entry.KeyMaterialDescription = details.description;
    entry.ImportState = details.imported ? "IMPORTED" : "PENDING_IMPORT";
  }
  entry.KeyMaterialState = details?.pendingRotation ? "PENDING_ROTATION" : index === key.history.current ? "CURRENT" : "NON_CURRENT";
  if (details?.expirationModel) entry.ExpirationModel = details.expirationModel;
  if (details?.validTo !== null && details?.validTo !== undefined) entry.ValidTo = new Date(details.validTo);
  if (material.rotationType !== null && !details?.pendingRotation) {
    entry.RotationDate = new Date(material.createdAt);
    entry.RotationType = material.rotationType;
  }
  return entry;
}
