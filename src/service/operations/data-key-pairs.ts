/**
 * Data key pairs: GenerateDataKeyPair and GenerateDataKeyPairWithoutPlaintext. A fresh key pair of
 * any DataKeyPairSpec (RSA, ECC, Ed25519; SM2 refused outside China), its public key as DER
 * SubjectPublicKeyInfo and its private key as PKCS #8 DER, encrypted under a symmetric encryption
 * key with the encryption context (Decrypt it like any ciphertext). The pair is not a KMS key and
 * is not kept. ECC and Ed25519 pairs come from the random source (a seeded run repeats them); RSA
 * pairs as the KMS's `rsaKeyGeneration` says.
 */
import { NotFoundException } from "../../errors.js";
import { generateDataKeyPair as makeKeyPair } from "../../crypto/data-key-pair.js";
import { formatKeyArn } from "../../model/identifiers.js";
import { requireKeyState } from "../../model/key-state.js";
import { requireDataKeyPairRequest } from "../../model/key-type-checks.js";
import { keyTypeError } from "../../model/key-type-errors.js";
import type { KmsKey } from "../../model/key.js";
import type {
  GenerateDataKeyPairRequest,
  GenerateDataKeyPairResponse,
  GenerateDataKeyPairWithoutPlaintextRequest,
  GenerateDataKeyPairWithoutPlaintextResponse,
} from "../../model/aws-shapes.generated.js";
import { resumeCall } from "../authorization.js";
import type { KmsContext } from "../context.js";
import { resolveKey } from "../resolve.js";
import type { Validated } from "../validate.js";
import { requireNoRecipient, sealWithCurrent } from "./cryptography.js";

type Operation = "GenerateDataKeyPair" | "GenerateDataKeyPairWithoutPlaintext";

function requireWrappingKey(key: KmsKey, request: Validated<GenerateDataKeyPairWithoutPlaintextRequest>, operation: Operation): void {
  requireKeyState(key, "cryptographic");
  requireDataKeyPairRequest(key, request.KeyPairSpec, operation);
}

/** Makes the pair and seals its private key; `plaintext` says whether the caller gets it too. */
async function dataKeyPair(
  ctx: KmsContext,
  request: Validated<GenerateDataKeyPairWithoutPlaintextRequest>,
  operation: Operation,
): Promise<GenerateDataKeyPairResponse> {
  const requested = resolveKey(ctx, request.KeyId, "keyOrAlias");
  requireWrappingKey(requested, request, operation);
  if (request.DryRun === true) throw keyTypeError("DRY_RUN");
  // Sealing after the await notes the backing key in this request's trace: re-enter the call.
  const resume = resumeCall(ctx);
  const pair = await makeKeyPair(ctx.keyTypes, request.KeyPairSpec, ctx.random, { rsa: ctx.settings.rsaKeyGeneration });
  // Generating an RSA pair takes a while: the key is sealed under as it is now, checked again.
  const key = ctx.store.getKey(requested.keyId);
  if (key === undefined) throw new NotFoundException(`Key '${formatKeyArn(ctx.scope, requested.keyId)}' does not exist`);
  requireWrappingKey(key, request, operation);
  const { blob, sealing } = resume(() => sealWithCurrent(ctx, key, pair.privateKey, request.EncryptionContext));
  return {
    PrivateKeyCiphertextBlob: blob,
    PrivateKeyPlaintext: pair.privateKey,
    PublicKey: pair.publicKey,
    KeyId: key.arn,
    KeyPairSpec: request.KeyPairSpec,
    KeyMaterialId: sealing.materialId,
  };
}

/** GenerateDataKeyPair: the pair, its private key both in plaintext and encrypted. */
export async function generateDataKeyPair(ctx: KmsContext, request: Validated<GenerateDataKeyPairRequest>): Promise<GenerateDataKeyPairResponse> {
  requireNoRecipient(request, "GenerateDataKeyPair");
  return dataKeyPair(ctx, request, "GenerateDataKeyPair");
}

/** GenerateDataKeyPairWithoutPlaintext: the public key and the encrypted private key only. */
export async function generateDataKeyPairWithoutPlaintext(
  ctx: KmsContext,
  request: Validated<GenerateDataKeyPairWithoutPlaintextRequest>,
): Promise<GenerateDataKeyPairWithoutPlaintextResponse> {
  const { PrivateKeyPlaintext, ...rest } = await dataKeyPair(ctx, request, "GenerateDataKeyPairWithoutPlaintext");
  PrivateKeyPlaintext?.fill(0);
  return rest;
}
