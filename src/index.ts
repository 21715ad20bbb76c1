/**
 * kms-sim: an in-memory AWS KMS whose keys rotate as simulated time passes.
 *
 * {@link createKms} returns a {@link Kms} with one method per AWS KMS operation. The request and
 * response types are AWS's, generated from botocore's model of KMS, with AWS's own descriptions of
 * every member; where kms-sim behaves differently from AWS or does not model something (custom key
 * stores, multi-Region keys), docs/differences-from-aws.md says so. Exceptions are classes named
 * like AWS's, all extending {@link KmsError}.
 *
 * @example
 * ```ts
 * import { createKms } from "kms-sim";
 * const kms = createKms();
 * const { KeyMetadata } = await kms.createKey({ Description: "demo" });
 * KeyMetadata?.KeyState; //=> "Enabled"
 * ```
 *
 * @module kms-sim
 */
export { createKms, type KmsOptions } from "./service/create-kms.js";
export type { KmsForkOptions } from "./service/fork-options.js";
export type { Kms } from "./service/kms.js";
export type { CallerSpec, ConditionValue, PrincipalInput } from "./service/callers.js";
export type {
  AliasSnapshot,
  ExplicitMaterialSnapshot,
  GrantSnapshot,
  PrincipalSnapshot,
  HistorySnapshot,
  ImportParametersSnapshot,
  KeySnapshot,
  KmsSnapshot,
  RegionSnapshot,
} from "./service/snapshot.js";
export type { KeyTransition, MultiRegionLink } from "./model/key.js";
export { CHANGE_VERSION, type RegionChange, type StateChange, type StateChangeSink } from "./service/changes.js";
export type { KeyUsageSnapshot, MaterialUsageSnapshot } from "./service/key-usage.js";
export type { KeyMaterialUsageEntry, KeyMaterialUsageResponse } from "./service/last-usage.js";
export type { AuditSink } from "./service/audit.js";
export type { AuditTrail } from "./service/audit-trail.js";
export type { AuditEntry as AuditEvent, AuditKeyState, CloudTrailRecord, KeyCondition } from "./service/audit-entry.js";
export type * from "./model/aws-shapes.generated.js";
export * from "./errors.js";
export { AWS_REGIONS, isModelledRegion } from "./model/regions.js";
export type {
  Clock,
  CryptoProvider,
  EccPrimitives,
  EcKeyPair,
  Ed25519Primitives,
  EventSink,
  KeyTypeProvider,
  MlDsaKeyPair,
  MlDsaPrimitives,
  RsaModulusBits,
  RsaPrimitives,
  RsaPrivateKey,
  RsaSignatureInput,
  RsaSignatureScheme,
  Sha2Hash,
  Sha2Primitives,
  KeyDeletionEvent,
  KeyMaterialExpirationEvent,
  KeyRotationEvent,
  KmsEvent,
  RandomSource,
} from "./ports.js";
export { KeyManager, KeyOrigin, KeyState, KeyUsage, RotationType } from "./model/shapes.js";
export { nobleCryptoProvider } from "./crypto/noble-provider.js";
export { nobleKeyTypeProvider } from "./crypto/noble-key-types.js";
export type { RsaGeneration } from "./crypto/key-material.js";
export {
  decryptEnvelope,
  encryptEnvelope,
  type DecryptEnvelopeResponse,
  type EncryptEnvelopeRequest,
  type EnvelopeOptions,
} from "./helpers/envelope.js";
export { AWS_MANAGED_KEY_SERVICES } from "./service/aws-managed.js";
