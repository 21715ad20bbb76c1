/**
 * Symmetric cryptographic operations: Encrypt, Decrypt, ReEncrypt, GenerateDataKey,
 * GenerateDataKeyWithoutPlaintext, GenerateRandom. Encryption uses the key's current backing key;
 * decryption uses the backing key the ciphertext names, whatever happened since.
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
import { IV_BYTES, KeyIdForm, NONCE_BYTES, parseBlob } from "../../crypto/blob.js";
import { open, seal, type SealingKey } from "../../crypto/seal.js";
import { formatKeyArn, keyIdFromBytes, toHex } from "../../model/identifiers.js";
import { isSymmetricSpec } from "../../model/key-spec.js";
import { requireKeyState } from "../../model/key-state.js";
import type { KmsKey } from "../../model/key.js";
import type { KmsContext } from "../context.js";
import { findExplicitVersion, sealingKey } from "../materials.js";
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
 * @throws {@link InvalidKeyUsageException} for keys whose usage is not ENCRYPT_DECRYPT
 * @throws {@link UnsupportedOperationException} for asymmetric encryption keys (not modelled)
 */
function requireSymmetricEncryptionKey(key: KmsKey, operation: string, algorithm: EncryptionAlgorithmSpec | undefined): void {
  requireKeyState(key, "cryptographic");
  if (key.keyUsage !== "ENCRYPT_DECRYPT") {
    throw new InvalidKeyUsageException(`${key.arn} key usage is ${key.keyUsage} which is not valid for ${operation}.`);
  }
  if (!isSymmetricSpec(key.keySpec)) {
    throw new UnsupportedOperationException(
      `kms-sim does not model ${operation} with asymmetric keys yet: ${key.arn} has key spec ${key.keySpec}.`,
    );
  }
  if (algorithm !== undefined && algorithm !== "SYMMETRIC_DEFAULT") {
    throw new InvalidKeyUsageException(`${key.arn} does not support encryption algorithm ${algorithm}; use SYMMETRIC_DEFAULT.`);
  }
}

function requireNoRecipient(request: { Recipient?: unknown }, operation: string): void {
  if (request.Recipient !== undefined) {
    throw new UnsupportedOperationException(`kms-sim does not model Nitro Enclaves attestation (Recipient) for ${operation}.`);
  }
}

function requireNotDryRun(request: { DryRun?: boolean | undefined }): void {
  if (request.DryRun === true) throw new DryRunOperationException(DRY_RUN_MESSAGE);
}

/** Seals `plaintext` under the key's current backing key. */
function sealWithCurrent(
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
 * Decrypts a blob with the backing key it names.
 * @param requested the KeyId the caller named, if any: it must be the blob's key.
 */
function openBlob(
  ctx: KmsContext,
  blob: Uint8Array,
  context: Readonly<Record<string, string>> | undefined,
  requested: string | undefined,
  algorithm: EncryptionAlgorithmSpec | undefined,
  operation: string,
  dryRun: boolean,
): Opened {
  const parts = parseBlob(blob);
  if (!parts) throw new InvalidCiphertextException(INVALID_CIPHERTEXT_MESSAGE);
  const keyId = blobKeyId(parts.keyIdForm, parts.keyId);
  const requestedKey = requested === undefined ? undefined : resolveKey(ctx, requested, "keyOrAlias");
  const key = ctx.store.getKey(keyId);
  if (!key) {
    if (ctx.store.isDeletedKeyId(keyId)) {
      throw new NotFoundException(`Key '${formatKeyArn(ctx.scope, keyId)}' does not exist`);
    }
    if (requestedKey) throw new IncorrectKeyException(INCORRECT_KEY_MESSAGE);
    throw new InvalidCiphertextException(INVALID_CIPHERTEXT_MESSAGE);
  }
  if (requestedKey && requestedKey.keyId !== key.keyId) throw new IncorrectKeyException(INCORRECT_KEY_MESSAGE);
  noteKey(ctx, key);
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

/** Encrypt: up to 4096 bytes under the key's current backing key. */
export function encrypt(ctx: KmsContext, request: Validated<EncryptRequest>): EncryptResponse {
  const key = resolveKey(ctx, request.KeyId, "keyOrAlias");
  requireSymmetricEncryptionKey(key, "Encrypt", request.EncryptionAlgorithm);
  requireNotDryRun(request);
  const { blob } = sealWithCurrent(ctx, key, request.Plaintext, request.EncryptionContext);
  return { CiphertextBlob: blob, KeyId: key.arn, EncryptionAlgorithm: "SYMMETRIC_DEFAULT" };
}

/** Decrypt: finds the key and backing key from the blob itself. */
export function decrypt(ctx: KmsContext, request: Validated<DecryptRequest>): DecryptResponse {
  requireNoRecipient(request, "Decrypt");
  if (request.DryRun === true && request.DryRunModifiers?.includes("IGNORE_CIPHERTEXT")) {
    // A dry run that checks permissions and the key, not a ciphertext: KeyId names the key.
    if (request.KeyId === undefined) {
      throw new ValidationException("KeyId is required when DryRunModifiers includes IGNORE_CIPHERTEXT.");
    }
    requireSymmetricEncryptionKey(resolveKey(ctx, request.KeyId, "keyOrAlias"), "Decrypt", request.EncryptionAlgorithm);
    throw new DryRunOperationException(DRY_RUN_MESSAGE);
  }
  if (request.CiphertextBlob === undefined) {
    throw new ValidationException("1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null");
  }
  const opened = openBlob(
    ctx, request.CiphertextBlob, request.EncryptionContext, request.KeyId, request.EncryptionAlgorithm, "Decrypt", request.DryRun === true,
  );
  return {
    KeyId: opened.key.arn,
    Plaintext: opened.plaintext,
    EncryptionAlgorithm: "SYMMETRIC_DEFAULT",
    KeyMaterialId: opened.materialId,
  };
}

/** ReEncrypt: decrypts with the source backing key and encrypts under the destination's current one. */
export function reEncrypt(ctx: KmsContext, request: Validated<ReEncryptRequest>): ReEncryptResponse {
  if (request.DryRun === true && request.DryRunModifiers?.includes("IGNORE_CIPHERTEXT")) {
    if (request.SourceKeyId === undefined) {
      throw new ValidationException("SourceKeyId is required when DryRunModifiers includes IGNORE_CIPHERTEXT.");
    }
    requireSymmetricEncryptionKey(resolveKey(ctx, request.SourceKeyId, "keyOrAlias"), "ReEncrypt", request.SourceEncryptionAlgorithm);
    requireSymmetricEncryptionKey(resolveKey(ctx, request.DestinationKeyId, "keyOrAlias"), "ReEncrypt", request.DestinationEncryptionAlgorithm);
    throw new DryRunOperationException(DRY_RUN_MESSAGE);
  }
  if (request.CiphertextBlob === undefined) {
    throw new ValidationException("1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null");
  }
  const destination = resolveKey(ctx, request.DestinationKeyId, "keyOrAlias");
  const opened = openBlob(
    ctx, request.CiphertextBlob, request.SourceEncryptionContext, request.SourceKeyId, request.SourceEncryptionAlgorithm, "ReEncrypt", false,
  );
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
