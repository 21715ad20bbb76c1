/**
 * Key agreement: DeriveSharedSecret (ECDH on a KEY_AGREEMENT key of a NIST curve). The answer is
 * the raw shared x-coordinate, equal to OpenSSL's derive; the peer's public key is checked under
 * DryRun too (AWS answers a bad one with ValidationException even then).
 */
import { UnsupportedOperationException } from "../../errors.js";
import { requireKeyState } from "../../model/key-state.js";
import { requireKeyUsageFor } from "../../model/key-type-checks.js";
import { keyTypeError } from "../../model/key-type-errors.js";
import type { DeriveSharedSecretRequest, DeriveSharedSecretResponse } from "../../model/aws-shapes.generated.js";
import type { KmsContext } from "../context.js";
import { withLoadedKey } from "../key-type-material.js";
import { resolveKey } from "../resolve.js";
import type { Validated } from "../validate.js";

/** DeriveSharedSecret: ECDH between the key's private key and the peer's DER public key. */
export async function deriveSharedSecret(
  ctx: KmsContext,
  request: Validated<DeriveSharedSecretRequest>,
  now: number,
): Promise<DeriveSharedSecretResponse> {
  if (request.Recipient !== undefined) {
    throw new UnsupportedOperationException("kms-sim does not model Nitro Enclaves attestation (Recipient) for DeriveSharedSecret.");
  }
  const key = resolveKey(ctx, request.KeyId, "keyOrAlias");
  requireKeyState(key, "cryptographic");
  requireKeyUsageFor(key, "DeriveSharedSecret");
  const secret = await withLoadedKey(ctx, key, now, (loaded) => {
    const derived = loaded.deriveSharedSecret(request.PublicKey);
    if (request.DryRun !== true) return derived;
    derived.fill(0);
    throw keyTypeError("DRY_RUN");
  });
  return { KeyId: key.arn, SharedSecret: secret, KeyAgreementAlgorithm: request.KeyAgreementAlgorithm, KeyOrigin: key.origin };
}
