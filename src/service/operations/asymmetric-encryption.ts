/**
 * Encrypt, Decrypt and ReEncrypt with RSA encryption keys (RSAES_OAEP_SHA_1 / SHA_256, one OAEP
 * block, no encryption context). The ciphertext is the raw OAEP block, as AWS's is, so it names no
 * key: Decrypt needs KeyId, and OpenSSL-made ciphertexts decrypt. ReEncrypt moves data between RSA
 * and symmetric keys either way; a response reports key material ids for the symmetric side only.
 * cryptography.ts routes here once it has resolved the keys a request names.
 */
import { DryRunOperationException } from "../../errors.js";
import { OAEP_HASHES, type RsaKeySpec } from "../../model/algorithms.js";
import { isSymmetricSpec } from "../../model/key-spec.js";
import { requireKeyState } from "../../model/key-state.js";
import {
  requireEncryptionAlgorithm,
  requireKeyUsageFor,
  requireNoEncryptionContext,
  requireOaepPlaintext,
} from "../../model/key-type-checks.js";
import { keyTypeError } from "../../model/key-type-errors.js";
import type { KmsKey } from "../../model/key.js";
import type {
  DecryptRequest,
  DecryptResponse,
  EncryptRequest,
  EncryptResponse,
  EncryptionAlgorithmSpec,
  ReEncryptRequest,
  ReEncryptResponse,
} from "../../model/aws-shapes.generated.js";
import { resumeCall } from "../authorization.js";
import type { KmsContext } from "../context.js";
import { withLoadedKey } from "../key-type-material.js";
import { noteKeyPairUse } from "../request-trace.js";
import type { Validated } from "../validate.js";
import { missingCiphertextError, openBlob, requireSymmetricEncryptionKey, sealWithCurrent, type Located } from "./cryptography.js";

type OaepAlgorithm = "RSAES_OAEP_SHA_1" | "RSAES_OAEP_SHA_256";

/** True for the RSAES_OAEP encryption algorithms. */
function isOaepAlgorithm(algorithm: EncryptionAlgorithmSpec | undefined): boolean {
  return algorithm !== undefined && OAEP_HASHES[algorithm] !== undefined;
}

/**
 * True when a Decrypt (or ReEncrypt's source) is asymmetric: its KeyId names a key that is not a
 * symmetric key (RSA; other key types then fail on their key usage), or, without KeyId, the
 * algorithm is RSAES_OAEP (which then fails: asymmetric ciphertexts name no key).
 */
export function isAsymmetricDecrypt(requestedKey: KmsKey | undefined, algorithm: EncryptionAlgorithmSpec | undefined): boolean {
  return requestedKey === undefined ? isOaepAlgorithm(algorithm) : !isSymmetricSpec(requestedKey.keySpec);
}

/** The state, usage and algorithm checks of an RSA encryption key, in AWS's order. */
function requireRsaEncryptionKey(
  key: KmsKey,
  operation: "Encrypt" | "Decrypt" | "ReEncrypt",
  algorithm: EncryptionAlgorithmSpec | undefined,
  direction: "encrypt" | "decrypt",
  context: Readonly<Record<string, string>> | undefined,
): OaepAlgorithm {
  requireKeyState(key, "cryptographic");
  requireKeyUsageFor(key, operation);
  requireEncryptionAlgorithm(key.keySpec, algorithm, direction);
  requireNoEncryptionContext(context);
  return algorithm as OaepAlgorithm;
}

function dryRun(): DryRunOperationException {
  return keyTypeError("DRY_RUN") as DryRunOperationException;
}

/** Encrypt with an RSA key: one OAEP block of the plaintext. */
export async function encryptAsymmetric(
  ctx: KmsContext,
  key: KmsKey,
  request: Validated<EncryptRequest>,
  now: number,
): Promise<EncryptResponse> {
  const algorithm = requireRsaEncryptionKey(key, "Encrypt", request.EncryptionAlgorithm, "encrypt", request.EncryptionContext);
  requireOaepPlaintext(key.keySpec as RsaKeySpec, algorithm, request.Plaintext);
  if (request.DryRun === true) throw dryRun();
  noteKeyPairUse(ctx, key, "encrypt");
  const ciphertext = await withLoadedKey(ctx, key, now, (loaded) => loaded.encrypt(algorithm, request.Plaintext));
  return { CiphertextBlob: ciphertext, KeyId: key.arn, EncryptionAlgorithm: algorithm };
}

/**
 * Decrypt with an RSA key. A block that does not decrypt (another key's, a moved alias's, a
 * tampered one) is InvalidCiphertextException with an empty message, DryRun included.
 */
export async function decryptAsymmetric(
  ctx: KmsContext,
  key: KmsKey | undefined,
  request: Validated<DecryptRequest>,
  now: number,
): Promise<DecryptResponse> {
  if (key === undefined) throw keyTypeError("DECRYPT_KEY_ID_REQUIRED");
  const algorithm = requireRsaEncryptionKey(key, "Decrypt", request.EncryptionAlgorithm, "decrypt", request.EncryptionContext);
  if (request.DryRun === true && request.DryRunModifiers?.includes("IGNORE_CIPHERTEXT")) throw dryRun();
  if (request.CiphertextBlob === undefined) throw missingCiphertextError();
  const blob = request.CiphertextBlob;
  noteKeyPairUse(ctx, key, "decrypt");
  const plaintext = await withLoadedKey(ctx, key, now, async (loaded) => {
    const opened = await loaded.decrypt(algorithm, blob);
    if (request.DryRun !== true) return opened;
    opened.fill(0);
    throw dryRun();
  });
  return { KeyId: key.arn, Plaintext: plaintext, EncryptionAlgorithm: algorithm };
}

/** ReEncrypt's source side, decrypted. */
interface SourcePlaintext {
  readonly plaintext: Uint8Array;
  readonly key: KmsKey;
  readonly algorithm: EncryptionAlgorithmSpec;
  /** The symmetric source's material, else undefined. */
  readonly materialId: string | undefined;
}

/**
 * ReEncrypt where the source or the destination (or both) is an RSA encryption key. Every check
 * of both sides runs before any cryptography.
 * @param located a symmetric source's ciphertext, found and authorized (cryptography.ts), unless
 *   the source is RSA or the dry run ignores the ciphertext
 */
export async function reEncryptAsymmetric(
  ctx: KmsContext,
  source: KmsKey | undefined,
  destination: KmsKey,
  request: Validated<ReEncryptRequest>,
  now: number,
  located: Located | undefined,
): Promise<ReEncryptResponse> {
  const sourceIsRsa = isAsymmetricDecrypt(source, request.SourceEncryptionAlgorithm);
  // The destination's use is noted after the source's await: re-enter this request's call for it.
  const resume = resumeCall(ctx);
  let sourceAlgorithm: OaepAlgorithm | undefined;
  if (sourceIsRsa) {
    if (source === undefined) throw keyTypeError("DECRYPT_KEY_ID_REQUIRED");
    sourceAlgorithm = requireRsaEncryptionKey(source, "ReEncrypt", request.SourceEncryptionAlgorithm, "decrypt", request.SourceEncryptionContext);
  } else if (source !== undefined) {
    requireSymmetricEncryptionKey(source, "ReEncrypt", request.SourceEncryptionAlgorithm);
  }
  const destinationIsRsa = !isSymmetricSpec(destination.keySpec);
  const destinationAlgorithm = destinationIsRsa
    ? requireRsaEncryptionKey(destination, "ReEncrypt", request.DestinationEncryptionAlgorithm, "encrypt", request.DestinationEncryptionContext)
    : undefined;
  if (!destinationIsRsa) requireSymmetricEncryptionKey(destination, "ReEncrypt", request.DestinationEncryptionAlgorithm);
  if (request.DryRun === true && request.DryRunModifiers?.includes("IGNORE_CIPHERTEXT")) throw dryRun();
  if (request.CiphertextBlob === undefined) throw missingCiphertextError();

  let from: SourcePlaintext;
  if (sourceIsRsa) {
    const blob = request.CiphertextBlob;
    noteKeyPairUse(ctx, source as KmsKey, "decrypt");
    const plaintext = await withLoadedKey(ctx, source as KmsKey, now, (loaded) => loaded.decrypt(sourceAlgorithm, blob));
    from = { plaintext, key: source as KmsKey, algorithm: sourceAlgorithm as OaepAlgorithm, materialId: undefined };
  } else {
    if (located === undefined) throw new Error("invariant: a symmetric source's ciphertext is located before ReEncrypt");
    const opened = openBlob(ctx, located, request.SourceEncryptionContext, request.SourceEncryptionAlgorithm, "ReEncrypt", false);
    from = { plaintext: opened.plaintext, key: opened.key, algorithm: "SYMMETRIC_DEFAULT", materialId: opened.materialId };
  }
  try {
    if (destinationAlgorithm !== undefined) requireOaepPlaintext(destination.keySpec as RsaKeySpec, destinationAlgorithm, from.plaintext);
    if (request.DryRun === true) throw dryRun();
    let ciphertext: Uint8Array;
    let destinationMaterialId: string | undefined;
    if (destinationAlgorithm !== undefined) {
      resume(() => noteKeyPairUse(ctx, destination, "encrypt"));
      ciphertext = await withLoadedKey(ctx, destination, now, (loaded) => loaded.encrypt(destinationAlgorithm, from.plaintext));
    } else {
      const { blob, sealing } = resume(() => sealWithCurrent(ctx, destination, from.plaintext, request.DestinationEncryptionContext));
      ciphertext = blob;
      destinationMaterialId = sealing.materialId;
    }
    const response: ReEncryptResponse = {
      CiphertextBlob: ciphertext,
      SourceKeyId: from.key.arn,
      KeyId: destination.arn,
      SourceEncryptionAlgorithm: from.algorithm,
      DestinationEncryptionAlgorithm: destinationAlgorithm ?? "SYMMETRIC_DEFAULT",
    };
    if (from.materialId !== undefined) response.SourceKeyMaterialId = from.materialId;
    if (destinationMaterialId !== undefined) response.DestinationKeyMaterialId = destinationMaterialId;
    return response;
  } finally {
    from.plaintext.fill(0);
  }
}
