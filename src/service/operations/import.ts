/**
 * Imported key material (EXTERNAL origin): GetParametersForImport, ImportKeyMaterial,
 * DeleteImportedKeyMaterial. The RSA work is asynchronous (WebCrypto), so each operation checks
 * everything, awaits the cryptography, then checks again against the state as it is after the
 * await, and only then commits: a concurrent call can never make it commit a stale decision.
 */
import {
  ExpiredImportTokenException,
  IncorrectKeyMaterialException,
  InvalidCiphertextException,
  InvalidImportTokenException,
  KMSInvalidStateException,
  NotFoundException,
  UnsupportedOperationException,
  ValidationException,
} from "../../errors.js";
import { requireWrappingForKeySpec } from "../../crypto/asymmetric-import.js";
import {
  generateWrappingKeyPair,
  unwrapKeyMaterial,
  type ModelledWrappingAlgorithm,
  type ModelledWrappingKeySpec,
} from "../../crypto/import-wrapping.js";
import { toHex } from "../../model/identifiers.js";
import { VersionKind } from "../../model/key-history.js";
import type { ExpirationModel } from "../../model/key-material.js";
import { isSymmetricSpec } from "../../model/key-spec.js";
import { isScheduledForDeletion, requireKeyState } from "../../model/key-state.js";
import type { ImportParameters } from "../store.js";
import { importKeyTypeMaterial } from "./import-key-types.js";
import { pendingRotationIndex, type KmsKey } from "../../model/key.js";
import { SECRET_ACCESS } from "../../model/secret-bytes.js";
import { addDays } from "../../rotation/index.js";
import type { KmsContext } from "../context.js";
import { INVALID_CIPHERTEXT_MESSAGE } from "./cryptography.js";
import { findExplicitVersion } from "../materials.js";
import { resumeCall } from "../authorization.js";
import { resolveKey } from "../resolve.js";
import { isReplicaIn, replicasOf } from "../multi-region.js";
import type {
  DeleteImportedKeyMaterialRequest,
  DeleteImportedKeyMaterialResponse,
  GetParametersForImportRequest,
  GetParametersForImportResponse,
  ImportKeyMaterialRequest,
  ImportKeyMaterialResponse,
} from "../../model/aws-shapes.generated.js";
import type { Validated } from "../validate.js";

/** Import tokens and public keys are valid for 24 hours, as in AWS. */
const PARAMETERS_VALID_MS = 24 * 3_600_000;
/** ImportKeyMaterial's ValidTo may be at most 365 days ahead. */
const MAX_VALID_TO_DAYS = 365;
/** Symmetric imported material is a 256-bit key. */
const MATERIAL_BYTES = 32;
const TOKEN_FORMAT = 0x01;

/**
 * Precondition: the key can hold imported material (EXTERNAL origin, not pending deletion).
 * @throws {@link UnsupportedOperationException} "<arn> origin is AWS_KMS which is not valid for this operation."
 */
export function requireExternal(key: KmsKey): void {
  if (key.origin !== "EXTERNAL") {
    throw new UnsupportedOperationException(`${key.arn} origin is ${key.origin} which is not valid for this operation.`);
  }
}

function requireModelledWrapping(
  algorithm: string,
  spec: string,
): { algorithm: ModelledWrappingAlgorithm; spec: ModelledWrappingKeySpec } {
  if (algorithm === "RSAES_PKCS1_V1_5") {
    throw new UnsupportedOperationException(
      "WrappingAlgorithm RSAES_PKCS1_V1_5 is no longer supported: AWS KMS retired it on October 10, 2023. Use RSAES_OAEP_SHA_256.",
    );
  }
  if (algorithm === "SM2PKE" || spec === "SM2") {
    throw new UnsupportedOperationException("kms-sim does not model SM2 wrapping (SM2PKE, WrappingKeySpec SM2; China Regions only).");
  }
  return { algorithm: algorithm as ModelledWrappingAlgorithm, spec: spec as ModelledWrappingKeySpec };
}

/** GetParametersForImport: a fresh RSA wrapping key pair and its import token, valid 24 hours. */
export async function getParametersForImport(
  ctx: KmsContext,
  request: Validated<GetParametersForImportRequest>,
  now: number,
): Promise<GetParametersForImportResponse> {
  const { algorithm, spec } = requireModelledWrapping(request.WrappingAlgorithm, request.WrappingKeySpec);
  const check = (): KmsKey => {
    const key = resolveKey(ctx, request.KeyId, "keyOnly");
    requireExternal(key);
    requireKeyState(key, "importMaterial");
    if (!isSymmetricSpec(key.keySpec)) requireWrappingForKeySpec(key.keySpec, algorithm, spec);
    return key;
  };
  check();
  const resume = resumeCall(ctx);
  const pair = await generateWrappingKeyPair(spec, algorithm);
  // Checked again, authorization included, against the state as it is after the await.
  const key = resume(check);
  const tokenBytes = new Uint8Array(33);
  tokenBytes[0] = TOKEN_FORMAT;
  tokenBytes.set(ctx.random(32), 1);
  const token = toHex(tokenBytes);
  const validTo = now + PARAMETERS_VALID_MS;
  pruneExpiredParameters(ctx, now);
  ctx.store.putImportParameters({
    token,
    keyId: key.keyId,
    wrappingAlgorithm: algorithm,
    wrappingKeySpec: spec,
    validTo,
    privateKey: ctx.secrets.adopt(pair.privateKeyPkcs8),
  });
  return { KeyId: key.arn, ImportToken: tokenBytes, PublicKey: pair.publicKey, ParametersValidTo: new Date(validTo) };
}

function pruneExpiredParameters(ctx: KmsContext, now: number): void {
  for (const parameters of [...ctx.store.importParameters()]) {
    if (parameters.validTo < now) ctx.store.removeImportParameters(parameters.token);
  }
}

/** The expiration settings of an import, checked. */
export function requireExpiration(request: Validated<ImportKeyMaterialRequest>, now: number): { model: ExpirationModel; validTo: number | null } {
  const model: ExpirationModel = request.ExpirationModel ?? "KEY_MATERIAL_EXPIRES";
  if (model === "KEY_MATERIAL_DOES_NOT_EXPIRE") {
    if (request.ValidTo !== undefined) {
      throw new ValidationException("A validTo date must not be set if the ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE");
    }
    return { model, validTo: null };
  }
  if (request.ValidTo === undefined) {
    throw new ValidationException("A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES");
  }
  const validTo = request.ValidTo.getTime();
  if (validTo <= now) throw new ValidationException("The validTo date must be in the future.");
  if (validTo > addDays(now, MAX_VALID_TO_DAYS)) {
    throw new ValidationException(`The validTo date must be no more than ${MAX_VALID_TO_DAYS} days in the future.`);
  }
  return { model, validTo };
}

/** The import token's parameters, if they belong to `key` and are unexpired. */
export function requireParameters(ctx: KmsContext, key: KmsKey, tokenBytes: Uint8Array, now: number): ImportParameters {
  const parameters = ctx.store.getImportParameters(toHex(tokenBytes));
  if (!parameters || parameters.keyId !== key.keyId) {
    throw new InvalidImportTokenException(`The import token is not valid for ${key.arn}: use the token GetParametersForImport returned for this key.`);
  }
  if (parameters.validTo < now) {
    throw new ExpiredImportTokenException(`The import token expired at ${new Date(parameters.validTo).toISOString()}; call GetParametersForImport again.`);
  }
  return parameters;
}

/** KeyMaterialId of imported material: derived from the key id and the bytes, so a re-import finds it. */
export function importedMaterialId(ctx: KmsContext, keyId: string, material: Uint8Array): string {
  const label = new TextEncoder().encode(`kms-sim imported key material v1\0${keyId}\0`);
  const input = new Uint8Array(label.length + material.length);
  input.set(label);
  input.set(material, label.length);
  try {
    return toHex(ctx.crypto.sha256(input));
  } finally {
    input.fill(0);
  }
}

/**
 * Precondition: an import into a multi-Region replica brings material its primary already has:
 * no ImportType NEW_KEY_MATERIAL, no description (observed messages).
 * @throws {@link ValidationException} otherwise
 */
function requireReplicaImport(request: Validated<ImportKeyMaterialRequest>): void {
  if (request.KeyMaterialDescription !== undefined) {
    throw new ValidationException("Key material description can only be specified on primary Multi-Region keys");
  }
  if (request.ImportType === "NEW_KEY_MATERIAL") {
    throw new ValidationException("Input parameter ImportType NEW_KEY_MATERIAL cannot be used on replica Multi-Region keys");
  }
}

/**
 * What an import into a replica does: it supplies one of the versions the primary has (the same
 * bytes give the same KeyMaterialId, derived from the shared key id).
 * @throws {@link IncorrectKeyMaterialException} "Imported key material does not have the expected
 *   identifier (<id>)." naming the version the replica waits for
 */
function planReplicaImport(key: KmsKey, materialId: string): ImportPlan {
  const index = findExplicitVersion(key, materialId);
  if (index >= 0) return { kind: "existing", materialId, index };
  let expected = key.history.current >= 0 ? key.history.explicit(key.history.current) : undefined;
  for (const [, material] of key.history.explicitEntries()) {
    if (material.import !== null && !material.import.imported) {
      expected = material;
      break;
    }
  }
  throw new IncorrectKeyMaterialException(`Imported key material does not have the expected identifier (${expected?.id ?? ""}).`);
}

/**
 * New material imported into a multi-Region primary: each replica now expects it (listed as
 * PENDING_IMPORT there, with the primary's description) until the same bytes are imported into it.
 */
function announceToReplicas(ctx: KmsContext, primary: KmsKey, plan: ImportPlan, description: string | null, now: number): void {
  for (const replica of replicasOf(ctx.account, primary)) {
    if (replica.key.history.length !== plan.index) continue;
    replica.ctx.store.editHistory(replica.key, plan.index, (history) =>
      history.append(
        now,
        VersionKind.ORIGINAL,
        { id: plan.materialId, secret: null, import: { imported: false, expirationModel: null, validTo: null, description, pendingRotation: plan.kind === "new" } },
        plan.kind === "first",
      ),
    );
  }
}

/**
 * A re-import into a multi-Region primary gave material `index` a new description: the replicas
 * list the primary's description for it (they cannot give one of their own).
 */
function describeToReplicas(ctx: KmsContext, primary: KmsKey, index: number, description: string): void {
  for (const replica of replicasOf(ctx.account, primary)) {
    const material = replica.key.history.explicit(index);
    const details = material?.import;
    if (material === undefined || !details || details.description === description) continue;
    replica.ctx.store.editHistory(replica.key, index, (history) => history.setExplicit(index, { ...material, import: { ...details, description } }));
  }
}

interface ImportPlan {
  readonly kind: "first" | "existing" | "new";
  readonly materialId: string;
  readonly index: number;
}

/** Decides what an import does, or throws the AWS error that refuses it. Pure with respect to state. */
function planImport(key: KmsKey, request: Validated<ImportKeyMaterialRequest>, materialId: string): ImportPlan {
  const index = findExplicitVersion(key, materialId);
  const versions = key.history.length;
  const type = request.ImportType ?? (versions === 0 ? "NEW_KEY_MATERIAL" : "EXISTING_KEY_MATERIAL");
  if (request.KeyMaterialId !== undefined && request.KeyMaterialId !== materialId) {
    throw new IncorrectKeyMaterialException(`The key material does not match KeyMaterialId ${request.KeyMaterialId}.`);
  }
  if (type === "EXISTING_KEY_MATERIAL") {
    if (index < 0) {
      throw new IncorrectKeyMaterialException(
        `The key material differs from the key material previously imported into ${key.arn}.`,
      );
    }
    return { kind: "existing", materialId, index };
  }
  if (versions === 0) return { kind: "first", materialId, index: 0 };
  if (index >= 0) {
    throw new IncorrectKeyMaterialException(`Key material ${materialId} is already associated with ${key.arn}; import it with ImportType EXISTING_KEY_MATERIAL.`);
  }
  const pending = pendingRotationIndex(key);
  if (pending >= 0) {
    throw new KMSInvalidStateException(
      `New key material (id: ${materialId}) cannot be imported into KMS key ${key.keyId}, because another key material (id: ${key.history.explicit(pending)?.id ?? ""}) is pending rotation.`,
    );
  }
  return { kind: "new", materialId, index: versions };
}

/** ImportKeyMaterial: unwraps 256-bit material and attaches it (first, re-import, or pending rotation). */
export async function importKeyMaterial(
  ctx: KmsContext,
  request: Validated<ImportKeyMaterialRequest>,
  now: number,
): Promise<ImportKeyMaterialResponse> {
  if (request.ImportType === "NEW_KEY_MATERIAL" && request.KeyMaterialId !== undefined) {
    throw new ValidationException("KeyMaterialId cannot be specified when ImportType is NEW_KEY_MATERIAL.");
  }
  const expiration = requireExpiration(request, now);
  const check = () => {
    const key = resolveKey(ctx, request.KeyId, "keyOnly");
    requireExternal(key);
    requireKeyState(key, "importMaterial");
    if (isReplicaIn(ctx, key)) requireReplicaImport(request);
    return { key, parameters: requireParameters(ctx, key, request.ImportToken, now) };
  };
  const { key: found, parameters } = check();
  // The checks run again after the unwrap, in this request's call (resolving authorizes).
  const resume = resumeCall(ctx);
  // HMAC and asymmetric keys hold one material for life, of their own kind (import-key-types.ts).
  if (!isSymmetricSpec(found.keySpec)) {
    return importKeyTypeMaterial(ctx, request, parameters, expiration, () => resume(check), now);
  }
  const material = await unwrapKeyMaterial(
    ctx.crypto,
    parameters.privateKey.reveal(SECRET_ACCESS),
    parameters.wrappingKeySpec,
    parameters.wrappingAlgorithm,
    request.EncryptedKeyMaterial,
  );
  if (!material) throw new InvalidCiphertextException(INVALID_CIPHERTEXT_MESSAGE);
  try {
    if (material.length !== MATERIAL_BYTES) {
      throw new IncorrectKeyMaterialException(`Symmetric imported key material must be a 256-bit (32-byte) key; got ${material.length} bytes.`);
    }
    const { key } = resume(check);
    const materialId = importedMaterialId(ctx, key.keyId, material);
    const plan = isReplicaIn(ctx, key) ? planReplicaImport(key, materialId) : planImport(key, request, materialId);
    commitImport(ctx, key, plan, material, expiration, request.KeyMaterialDescription, now);
    if (key.multiRegion !== undefined && !isReplicaIn(ctx, key)) {
      if (plan.kind !== "existing") announceToReplicas(ctx, key, plan, request.KeyMaterialDescription ?? null, now);
      else if (request.KeyMaterialDescription !== undefined) describeToReplicas(ctx, key, plan.index, request.KeyMaterialDescription);
    }
    return { KeyId: key.arn, KeyMaterialId: materialId };
  } finally {
    material.fill(0);
  }
}

function commitImport(
  ctx: KmsContext,
  key: KmsKey,
  plan: ImportPlan,
  material: Uint8Array,
  expiration: { model: ExpirationModel; validTo: number | null },
  description: string | undefined,
  now: number,
): void {
  const previous = plan.kind === "existing" ? key.history.explicit(plan.index) : undefined;
  const imported = {
    id: plan.materialId,
    secret: ctx.secrets.adopt(Uint8Array.from(material)),
    import: {
      imported: true,
      expirationModel: expiration.model,
      validTo: expiration.validTo,
      description: description ?? previous?.import?.description ?? null,
      pendingRotation: plan.kind === "new" || (previous?.import?.pendingRotation ?? false),
    },
  };
  const stored = ctx.store.editHistory(key, plan.index, (history) => {
    if (plan.kind === "existing") history.setExplicit(plan.index, imported);
    else history.append(now, VersionKind.ORIGINAL, imported, plan.kind === "first");
  });
  const state = stored.state === "PendingImport" && !isMissingMaterial(stored) ? "Enabled" : stored.state;
  if (state !== stored.state) ctx.store.putKey({ ...stored, state });
}

/** True when some permanently associated material is absent (or the key has none yet). */
export function isMissingMaterial(key: KmsKey): boolean {
  if (key.history.current < 0) return true;
  for (const [, material] of key.history.explicitEntries()) {
    if (!material.import?.pendingRotation && !material.import?.imported) return true;
  }
  return false;
}

/** DeleteImportedKeyMaterial: removes imported material; the key waits in PendingImport for it. */
export function deleteImportedKeyMaterial(
  ctx: KmsContext,
  request: Validated<DeleteImportedKeyMaterialRequest>,
): DeleteImportedKeyMaterialResponse {
  const key = resolveKey(ctx, request.KeyId, "keyOnly");
  requireExternal(key);
  const index = request.KeyMaterialId === undefined ? key.history.current : findExplicitVersion(key, request.KeyMaterialId);
  if (request.KeyMaterialId !== undefined && index < 0) {
    throw new NotFoundException(`Key material ${request.KeyMaterialId} is not associated with ${key.arn}.`);
  }
  const target = index >= 0 ? key.history.explicit(index) : undefined;
  if (!target?.import) return { KeyId: key.arn };
  const details = target.import;
  // Deleted material must not stay usable in memory (HMAC and asymmetric keys keep it loaded).
  ctx.loadedKeys.delete(key.keyId);
  if (details.pendingRotation && !isReplicaIn(ctx, key)) {
    // Material waiting for a rotation is not part of the key yet: it goes away entirely (it is
    // always the last version), from the replicas that wait for it too.
    ctx.store.editHistory(key, index, (history) => history.truncate(index));
    if (key.multiRegion !== undefined) {
      for (const replica of replicasOf(ctx.account, key)) {
        if (replica.key.history.length > index) replica.ctx.store.editHistory(replica.key, index, (history) => history.truncate(index));
      }
    }
    return { KeyId: key.arn, KeyMaterialId: target.id };
  }
  if (details.pendingRotation) {
    // A replica forgets the bytes it imported for its primary's pending material, not the material.
    ctx.store.editHistory(key, index, (history) => history.setExplicit(index, { ...target, secret: null, import: { ...details, imported: false } }));
    return { KeyId: key.arn, KeyMaterialId: target.id };
  }
  const stored = ctx.store.editHistory(key, index, (history) =>
    history.setExplicit(index, { ...target, secret: null, import: { ...details, imported: false } }),
  );
  if (!isScheduledForDeletion(stored.state)) ctx.store.putKey({ ...stored, state: "PendingImport" });
  // AWS reports no material id for the one material of an HMAC or asymmetric key.
  return isSymmetricSpec(key.keySpec) ? { KeyId: key.arn, KeyMaterialId: target.id } : { KeyId: key.arn };
}
