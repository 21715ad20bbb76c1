/**
 * Asymmetric signing: Sign, Verify and GetPublicKey, for RSA, ECC (NIST curves and secp256k1),
 * Ed25519 and ML-DSA keys. Each checks in AWS's order — key state, key usage, then the algorithm
 * and message type against the key spec (model/key-type-checks.ts) — before it loads the key, so a
 * refused request costs nothing and changes nothing.
 */
import { algorithmsFor } from "../../model/key-spec.js";
import { requireKeyState } from "../../model/key-state.js";
import { requireKeyUsageFor, requirePublicKey, requireSigningRequest } from "../../model/key-type-checks.js";
import { keyTypeError } from "../../model/key-type-errors.js";
import type {
  CustomerMasterKeySpec,
  EncryptionAlgorithmSpec,
  GetPublicKeyRequest,
  GetPublicKeyResponse,
  KeyAgreementAlgorithmSpec,
  SignRequest,
  SignResponse,
  SigningAlgorithmSpec,
  VerifyRequest,
  VerifyResponse,
} from "../../model/aws-shapes.generated.js";
import type { KmsContext } from "../context.js";
import { signOptionsOf, withLoadedKey } from "../key-type-material.js";
import { resolveKey } from "../resolve.js";
import type { Validated } from "../validate.js";

/** Sign: a signature in AWS's encoding for the algorithm (DER ECDSA, not low-S normalised). */
export async function sign(ctx: KmsContext, request: Validated<SignRequest>, now: number): Promise<SignResponse> {
  const key = resolveKey(ctx, request.KeyId, "keyOrAlias");
  requireKeyState(key, "cryptographic");
  requireKeyUsageFor(key, "Sign");
  requireSigningRequest(key.keySpec, request.SigningAlgorithm, request.MessageType, request.Message);
  if (request.DryRun === true) throw keyTypeError("DRY_RUN");
  const signature = await withLoadedKey(ctx, key, now, (loaded) => loaded.sign(request, signOptionsOf(ctx)));
  return { KeyId: key.arn, Signature: signature, SigningAlgorithm: request.SigningAlgorithm };
}

/**
 * Verify: answers `SignatureValid: true` or throws — AWS never answers false. The signature is
 * checked under DryRun too (AWS answers a bad one with KMSInvalidSignatureException even then).
 * A signature made with one message type verifies under the other (RAW vs DIGEST of it).
 */
export async function verify(ctx: KmsContext, request: Validated<VerifyRequest>, now: number): Promise<VerifyResponse> {
  const key = resolveKey(ctx, request.KeyId, "keyOrAlias");
  requireKeyState(key, "cryptographic");
  requireKeyUsageFor(key, "Verify");
  requireSigningRequest(key.keySpec, request.SigningAlgorithm, request.MessageType, request.Message);
  await withLoadedKey(ctx, key, now, async (loaded) => {
    await loaded.verify(request);
    if (request.DryRun === true) throw keyTypeError("DRY_RUN");
  });
  return { KeyId: key.arn, SignatureValid: true, SigningAlgorithm: request.SigningAlgorithm };
}

/**
 * GetPublicKey: the DER SubjectPublicKeyInfo with the key's spec, usage and its one algorithm
 * list. A Disabled key answers (AWS does, although its key-state table says otherwise).
 */
export async function getPublicKey(ctx: KmsContext, request: Validated<GetPublicKeyRequest>, now: number): Promise<GetPublicKeyResponse> {
  const key = resolveKey(ctx, request.KeyId, "keyOrAlias");
  requireKeyState(key, "publicKey");
  requirePublicKey(key.keySpec);
  const publicKey = await withLoadedKey(ctx, key, now, (loaded) => Uint8Array.from(loaded.publicKey as Uint8Array));
  const algorithms = algorithmsFor(key.keySpec, key.keyUsage);
  const response: GetPublicKeyResponse = {
    KeyId: key.arn,
    PublicKey: publicKey,
    CustomerMasterKeySpec: key.keySpec as CustomerMasterKeySpec,
    KeySpec: key.keySpec,
    KeyUsage: key.keyUsage,
  };
  if (algorithms.EncryptionAlgorithms) response.EncryptionAlgorithms = [...algorithms.EncryptionAlgorithms] as EncryptionAlgorithmSpec[];
  if (algorithms.SigningAlgorithms) response.SigningAlgorithms = [...algorithms.SigningAlgorithms] as SigningAlgorithmSpec[];
  if (algorithms.KeyAgreementAlgorithms) {
    response.KeyAgreementAlgorithms = [...algorithms.KeyAgreementAlgorithms] as KeyAgreementAlgorithmSpec[];
  }
  return response;
}
