/**
 * Symmetric cryptographic operations: Encrypt, Decrypt, ReEncrypt, GenerateDataKey,
 * GenerateDataKeyWithoutPlaintext, GenerateRandom. Encryption uses the key's current backing key;
 * decryption uses the backing key the ciphertext names, whatever happened since. Requests that
 * involve an RSA encryption key go to asymmetric-encryption.ts, once their keys are resolved.
 */
import {
  DryRunOperationException,
  IncorrectKeyException,
  InvalidCiphertextException,
  InvalidKeyUsageException,
  NotFoundException,
  UnsupportedOperationException,
  ValidationException,
} from "../../errors.js";
import { keyTypeError } from "../../model/key-type-errors.js";
import { decryptAsymmetric, encryptAsymmetric, isAsymmetricDecrypt, reEncryptAsymmetric } from "./asymmetric-encryption.js";
import { IV_BYTES, KeyIdForm, NONCE_BYTES, parseBlob } from "../../crypto/blob.js";
import { open, seal, type SealingKey } from "../../crypto/seal.js";
import { formatKeyArn, keyIdFromBytes, parseKeyReference, toHex } from "../../model/identifiers.js";
import { isSymmetricSpec } from "../../model/key-spec.js";
import { requireKeyState } from "../../model/key-state.js";
import type { KmsKey } from "../../model/key.js";
import type { KmsContext } from "../context.js";
import { findExplicitVersion, sealingKey } from "../materials.js";
import { authorizeKey } from "../authorization.js";
import { resolveKey } from "../resolve.js";
import { noteKey, noteMaterial } from "../request-trace.js";
import type {
  DecryptRequest,
  DecryptResponse,
  EncryptRequest,
  EncryptResponse,
  EncryptionAlgorithmSpec,
  GenerateDataKeyRequest,
  GenerateDataKeyResponse,
  GenerateDataKeyWithoutPlaintextRequest,
  GenerateDataKeyWithoutPlaintextResponse,
  GenerateRandomRequest,
  GenerateRandomResponse,
  ReEncryptRequest,
  ReEncryptResponse,
} from "../../model/aws-shapes.generated.js";
import type { Validated } from "../validate.js";

/** The one message of every InvalidCiphertextException: it says nothing about what failed. */
export const INVALID_CIPHERTEXT_MESSAGE = "The ciphertext is invalid or does not match the encryption context.";
const INCORRECT_KEY_MESSAGE = "The key ID in the request does not identify a CMK that can perform this operation.";
const DRY_RUN_MESSAGE = "The request would have succeeded, but the DryRun option is set.";

/**
 * Precondition: the key can encrypt and decrypt symmetric data now.
 * @throws {@link DisabledException}, {@link KMSInvalidStateException} by the key-state table
 * @throws {@link InvalidKeyUsageException} for keys whose usage is not ENCRYPT_DECRYPT, for RSA
 *   encryption keys where only a symmetric key will do (data keys), and for an algorithm other than
 *   SYMMETRIC_DEFAULT ("Algorithm RSAES_OAEP_SHA_256 is incompatible with key spec SYMMETRIC_DEFAULT.")
 */
export function requireSymmetricEncryptionKey(key: KmsKey, operation: string, algorithm: EncryptionAlgorithmSpec | undefined): void {
  requireKeyState(key, "cryptographic");
  if (key.keyUsage !== "ENCRYPT_DECRYPT") {
    throw new InvalidKeyUsageException(`${key.arn} key usage is ${key.keyUsage} which is not valid for ${operation}.`);
  }
  if (!isSymmetricSpec(key.keySpec)) {
    if (operation.startsWith("GenerateDataKey")) {
      throw keyTypeError("KEY_SPEC_INVALID_FOR_DATA_KEY", { arn: key.arn, keySpec: key.keySpec, operation });
    }
    throw keyTypeError("ALGORITHM_INCOMPATIBLE", { algorithm: algorithm ?? "SYMMETRIC_DEFAULT", keySpec: key.keySpec });
  }
  if (algorithm !== undefined && algorithm !== "SYMMETRIC_DEFAULT") {
    throw keyTypeError("ALGORITHM_INCOMPATIBLE", { algorithm, keySpec: key.keySpec });
  }
}

/** Precondition: no Recipient (Nitro Enclaves attestation is not modelled). */
export function requireNoRecipient(request: { Recipient?: unknown }, operation: string): void {
  if (request.Recipient !== undefined) {
    throw new UnsupportedOperationException(`kms-sim does not model Nitro Enclaves attestation (Recipient) for ${operation}.`);
  }
}

function requireNotDryRun(request: { DryRun?: boolean | undefined }): void {
  if (request.DryRun === true) throw new DryRunOperationException(DRY_RUN_MESSAGE);
}

/** The ValidationException of a missing CiphertextBlob (required unless IGNORE_CIPHERTEXT). */
export function missingCiphertextError(): ValidationException {
  return new ValidationException("1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null");
}

/** Seals `plaintext` under the key's current backing key. */
export function sealWithCurrent(
  ctx: KmsContext,
  key: KmsKey,
  plaintext: Uint8Array,
  context: Readonly<Record<string, string>> | undefined,
): { blob: Uint8Array; sealing: SealingKey } {
  const sealing = sealingKey(ctx, key, key.history.current);
  if (!sealing) throw new Error(`invariant: ${key.arn} is Enabled without current material`);
  const blob = seal(ctx.crypto, sealing, ctx.random(NONCE_BYTES + IV_BYTES), plaintext, context);
  noteMaterial(ctx, key, key.history.current, sealing.materialId, "encrypt");
  return { blob, sealing };
}

interface Opened {
  readonly key: KmsKey;
  /** KeyMaterialId of the backing key that made the ciphertext. */
  readonly materialId: string;
  readonly plaintext: Uint8Array;
}

/** The key id a blob's 16 key-id bytes stand for. */
function blobKeyId(form: number, bytes: Uint8Array): string {
  return form === KeyIdForm.MULTI_REGION ? `mrk-${toHex(bytes)}` : keyIdFromBytes(bytes);
}

/**
 * Precondition: KeyId is not the ARN of a related multi-Region key in another Region. A ciphertext
 * of a multi-Region key decrypts in every Region of its family, but with the local key: naming the
 * other Region's key is refused (observed: IncorrectKeyException, where other ARNs of another
 * Region are NotFoundException "Invalid arn").
 */
function requireNotOtherRegionReplica(ctx: KmsContext, keyId: string): void {
  const ref = parseKeyReference(keyId);
  if (ref.kind !== "keyArn" || ref.region === ctx.scope.region || ref.accountId !== ctx.scope.accountId) return;
  const local = ctx.store.getKey(ref.keyId);
  if (local?.multiRegion !== undefined && [local.multiRegion.primaryRegion, ...local.multiRegion.replicaRegions].includes(ref.region)) {
    throw new IncorrectKeyException(INCORRECT_KEY_MESSAGE);
  }
}

/** A ciphertext whose key is found and authorized, not yet opened. */
export interface Located {
  readonly parts: NonNullable<ReturnType<typeof parseBlob>>;
  readonly key: KmsKey;
}

/**
 * Finds the key a ciphertext names and authorizes the request on it: Decrypt and ReEncryptFrom are
 * decided on "the key recorded in the ciphertext", whatever KeyId says, before its state is read.
 * @param requestedKey the key the caller's KeyId names, if any (resolved, not authorized): it must be the blob's key.
 * @param target `key` (Decrypt) or `source-key` (ReEncrypt)
 */
export function locateBlob(
  ctx: KmsContext,
  blob: Uint8Array,
  requestedKey: KmsKey | undefined,
  target: "key" | "source-key",
  reEncryptOnSameKey?: (key: KmsKey) => boolean,
): Located {
  const parts = parseBlob(blob);
  if (!parts) throw new InvalidCiphertextException(INVALID_CIPHERTEXT_MESSAGE);
  const keyId = blobKeyId(parts.keyIdForm, parts.keyId);
  const key = ctx.store.getKey(keyId);
  if (!key) {
    if (ctx.store.isDeletedKeyId(keyId)) {
      throw new NotFoundException(`Key '${formatKeyArn(ctx.scope, keyId)}' does not exist`);
    }
    if (requestedKey) throw new IncorrectKeyException(INCORRECT_KEY_MESSAGE);
    throw new InvalidCiphertextException(INVALID_CIPHERTEXT_MESSAGE);
  }
  authorizeKey(ctx, key, target, reEncryptOnSameKey ? { reEncryptOnSameKey: reEncryptOnSameKey(key) } : {});
  if (requestedKey && requestedKey.keyId !== key.keyId) throw new IncorrectKeyException(INCORRECT_KEY_MESSAGE);
  noteKey(ctx, key);
  return { parts, key };
}

/** Decrypts a located blob with the backing key it names. */
export function openBlob(
  ctx: KmsContext,
  { parts, key }: Located,
  context: Readonly<Record<string, string>> | undefined,
  algorithm: EncryptionAlgorithmSpec | undefined,
  operation: string,
  dryRun: boolean,
): Opened {
  requireSymmetricEncryptionKey(key, operation, algorithm);
  const backing = parts.backingKey;
  const index = "version" in backing ? backing.version - 1 : findExplicitVersion(key, toHex(backing.materialId));
  const sealing = sealingKey(ctx, key, index);
  if (!sealing) throw new InvalidCiphertextException(INVALID_CIPHERTEXT_MESSAGE);
  const plaintext = open(ctx.crypto, parts, sealing.mac, context);
  if (!plaintext) throw new InvalidCiphertextException(INVALID_CIPHERTEXT_MESSAGE);
  noteMaterial(ctx, key, index, sealing.materialId, "decrypt");
  if (dryRun) {
    plaintext.fill(0);
    throw new DryRunOperationException(DRY_RUN_MESSAGE);
  }
  return { key, materialId: sealing.materialId, plaintext };
}

/** Encrypt: up to 4096 bytes under the key's current backing key (RSA keys: one OAEP block). */
export function encrypt(ctx: KmsContext, request: Validated<EncryptRequest>, now: number): EncryptResponse | Promise<EncryptResponse> {
  const key = resolveKey(ctx, request.KeyId, "keyOrAlias");
  if (!isSymmetricSpec(key.keySpec)) return encryptAsymmetric(ctx, key, request, now);
  requireSymmetricEncryptionKey(key, "Encrypt", request.EncryptionAlgorithm);
  requireNotDryRun(request);
  const { blob } = sealWithCurrent(ctx, key, request.Plaintext, request.EncryptionContext);
  return { CiphertextBlob: blob, KeyId: key.arn, EncryptionAlgorithm: "SYMMETRIC_DEFAULT" };
}

/**
 * Decrypt: finds the key and backing key from the blob itself. An RSA ciphertext names no key:
 * KeyId must name it (and EncryptionAlgorithm its OAEP hash).
 */
export function decrypt(ctx: KmsContext, request: Validated<DecryptRequest>, now: number): DecryptResponse | Promise<DecryptResponse> {
  requireNoRecipient(request, "Decrypt");
  const ignoreCiphertext = request.DryRun === true && request.DryRunModifiers?.includes("IGNORE_CIPHERTEXT") === true;
  if (ignoreCiphertext && request.KeyId === undefined) {
    // A dry run that checks permissions and the key, not a ciphertext: KeyId names the key.
    throw new ValidationException("KeyId is required when DryRunModifiers includes IGNORE_CIPHERTEXT.");
  }
  // Decided on the key in the ciphertext; an RSA ciphertext (or a dry run that ignores the
  // ciphertext) names none, so on the key KeyId names.
  if (request.KeyId !== undefined) requireNotOtherRegionReplica(ctx, request.KeyId);
  const requestedKey = request.KeyId === undefined ? undefined : resolveKey(ctx, request.KeyId, "keyOrAlias", { authorize: false });
  if (isAsymmetricDecrypt(requestedKey, request.EncryptionAlgorithm)) {
    if (requestedKey !== undefined) authorizeKey(ctx, requestedKey);
    return decryptAsymmetric(ctx, requestedKey, request, now);
  }
  if (ignoreCiphertext) {
    authorizeKey(ctx, requestedKey as KmsKey);
    requireSymmetricEncryptionKey(requestedKey as KmsKey, "Decrypt", request.EncryptionAlgorithm);
    throw new DryRunOperationException(DRY_RUN_MESSAGE);
  }
  if (request.CiphertextBlob === undefined) throw missingCiphertextError();
  const located = locateBlob(ctx, request.CiphertextBlob, requestedKey, "key");
  const opened = openBlob(ctx, located, request.EncryptionContext, request.EncryptionAlgorithm, "Decrypt", request.DryRun === true);
  return {
    KeyId: opened.key.arn,
    Plaintext: opened.plaintext,
    EncryptionAlgorithm: "SYMMETRIC_DEFAULT",
    KeyMaterialId: opened.materialId,
  };
}

/**
 * Authorizes ReEncrypt before either key's state is read: ReEncryptFrom on the source key (the one
 * in the ciphertext; when the ciphertext names none, an RSA one or a dry run that ignores it, the
 * one SourceKeyId names), then ReEncryptTo on the destination.
 * @param sourceNamed true when the source key is SourceKeyId's rather than the ciphertext's
 * @returns the located ciphertext, unless the source is named
 */
function authorizeReEncrypt(
  ctx: KmsContext,
  request: Validated<ReEncryptRequest>,
  source: KmsKey | undefined,
  destination: KmsKey,
  sourceNamed: boolean,
): Located | undefined {
  const sameKey = (key: KmsKey): boolean => key.keyId === destination.keyId;
  let located: Located | undefined;
  let from = source;
  if (!sourceNamed) {
    if (request.CiphertextBlob === undefined) throw missingCiphertextError();
    located = locateBlob(ctx, request.CiphertextBlob, source, "source-key", sameKey);
    from = located.key;
  } else if (source !== undefined) {
    authorizeKey(ctx, source, "source-key", { reEncryptOnSameKey: sameKey(source) });
  }
  // Without a source key (an RSA ciphertext without SourceKeyId) the request fails on its own.
  if (from !== undefined) authorizeKey(ctx, destination, "destination-key", { reEncryptOnSameKey: sameKey(from) });
  return located;
}

/**
 * ReEncrypt: decrypts with the source backing key and encrypts under the destination's current
 * one. Either side may be an RSA encryption key (asymmetric-encryption.ts).
 */
export function reEncrypt(ctx: KmsContext, request: Validated<ReEncryptRequest>, now: number): ReEncryptResponse | Promise<ReEncryptResponse> {
  const ignoreCiphertext = request.DryRun === true && request.DryRunModifiers?.includes("IGNORE_CIPHERTEXT") === true;
  if (ignoreCiphertext && request.SourceKeyId === undefined) {
    throw new ValidationException("SourceKeyId is required when DryRunModifiers includes IGNORE_CIPHERTEXT.");
  }
  const destination = resolveKey(ctx, request.DestinationKeyId, "keyOrAlias", { authorize: false });
  const source = request.SourceKeyId === undefined ? undefined : resolveKey(ctx, request.SourceKeyId, "keyOrAlias", { authorize: false });
  const sourceIsRsa = isAsymmetricDecrypt(source, request.SourceEncryptionAlgorithm);
  const located = authorizeReEncrypt(ctx, request, source, destination, sourceIsRsa || ignoreCiphertext);
  if (!isSymmetricSpec(destination.keySpec) || sourceIsRsa) {
    return reEncryptAsymmetric(ctx, source, destination, request, now, located);
  }
  if (ignoreCiphertext) {
    requireSymmetricEncryptionKey(source as KmsKey, "ReEncrypt", request.SourceEncryptionAlgorithm);
    requireSymmetricEncryptionKey(destination, "ReEncrypt", request.DestinationEncryptionAlgorithm);
    throw new DryRunOperationException(DRY_RUN_MESSAGE);
  }
  const opened = openBlob(ctx, located as Located, request.SourceEncryptionContext, request.SourceEncryptionAlgorithm, "ReEncrypt", false);
  try {
    requireSymmetricEncryptionKey(destination, "ReEncrypt", request.DestinationEncryptionAlgorithm);
    requireNotDryRun(request);
    const { blob, sealing } = sealWithCurrent(ctx, destination, opened.plaintext, request.DestinationEncryptionContext);
    return {
      CiphertextBlob: blob,
      SourceKeyId: opened.key.arn,
      KeyId: destination.arn,
      SourceEncryptionAlgorithm: "SYMMETRIC_DEFAULT",
      DestinationEncryptionAlgorithm: "SYMMETRIC_DEFAULT",
      SourceKeyMaterialId: opened.materialId,
      DestinationKeyMaterialId: sealing.materialId,
    };
  } finally {
    opened.plaintext.fill(0);
  }
}

/** The data key length from exactly one of KeySpec and NumberOfBytes. */
function dataKeyLength(request: { KeySpec?: string | undefined; NumberOfBytes?: number | undefined }): number {
  if ((request.KeySpec === undefined) === (request.NumberOfBytes === undefined)) {
    throw new ValidationException("Please specify either number of bytes or key spec.");
  }
  if (request.KeySpec !== undefined) return request.KeySpec === "AES_128" ? 16 : 32;
  return request.NumberOfBytes as number;
}

function generateDataKeyBlob(
  ctx: KmsContext,
  request: Validated<GenerateDataKeyWithoutPlaintextRequest>,
  operation: string,
): { key: KmsKey; plaintext: Uint8Array; blob: Uint8Array; materialId: string } {
  const length = dataKeyLength(request);
  const key = resolveKey(ctx, request.KeyId, "keyOrAlias");
  requireSymmetricEncryptionKey(key, operation, undefined);
  requireNotDryRun(request);
  const plaintext = ctx.random(length);
  const { blob, sealing } = sealWithCurrent(ctx, key, plaintext, request.EncryptionContext);
  return { key, plaintext, blob, materialId: sealing.materialId };
}

/** GenerateDataKey: a random data key, in plaintext and encrypted under the KMS key. */
export function generateDataKey(ctx: KmsContext, request: Validated<GenerateDataKeyRequest>): GenerateDataKeyResponse {
  requireNoRecipient(request, "GenerateDataKey");
  const { key, plaintext, blob, materialId } = generateDataKeyBlob(ctx, request, "GenerateDataKey");
  return { CiphertextBlob: blob, Plaintext: plaintext, KeyId: key.arn, KeyMaterialId: materialId };
}

/** GenerateDataKeyWithoutPlaintext: a random data key, encrypted only. */
export function generateDataKeyWithoutPlaintext(
  ctx: KmsContext,
  request: Validated<GenerateDataKeyWithoutPlaintextRequest>,
): GenerateDataKeyWithoutPlaintextResponse {
  const { key, plaintext, blob, materialId } = generateDataKeyBlob(ctx, request, "GenerateDataKeyWithoutPlaintext");
  plaintext.fill(0);
  return { CiphertextBlob: blob, KeyId: key.arn, KeyMaterialId: materialId };
}

/** GenerateRandom: 1..1024 random bytes. */
export function generateRandom(ctx: KmsContext, request: Validated<GenerateRandomRequest>): GenerateRandomResponse {
  requireNoRecipient(request, "GenerateRandom");
  if (request.CustomKeyStoreId !== undefined) {
    throw new UnsupportedOperationException("kms-sim does not model custom key stores (CustomKeyStoreId).");
  }
  if (request.NumberOfBytes === undefined) throw new ValidationException("NumberOfBytes is required.");
  return { Plaintext: ctx.random(request.NumberOfBytes) };
}
