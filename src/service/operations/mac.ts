/**
 * HMAC keys: GenerateMac and VerifyMac (RFC 2104, full-length tags). Key state comes before the
 * algorithm check, as AWS answers (a Disabled key with the wrong algorithm: DisabledException).
 */
import { requireKeyState } from "../../model/key-state.js";
import { requireKeyUsageFor, requireMacAlgorithm } from "../../model/key-type-checks.js";
import { keyTypeError } from "../../model/key-type-errors.js";
import type { GenerateMacRequest, GenerateMacResponse, VerifyMacRequest, VerifyMacResponse } from "../../model/aws-shapes.generated.js";
import type { KmsKey } from "../../model/key.js";
import type { KmsContext } from "../context.js";
import { withLoadedKey } from "../key-type-material.js";
import { resolveKey } from "../resolve.js";
import type { Validated } from "../validate.js";

function requireMacKey(ctx: KmsContext, request: Validated<GenerateMacRequest>, operation: "GenerateMac" | "VerifyMac"): KmsKey {
  const key = resolveKey(ctx, request.KeyId, "keyOrAlias");
  requireKeyState(key, "cryptographic");
  requireKeyUsageFor(key, operation);
  requireMacAlgorithm(key.keySpec, request.MacAlgorithm);
  return key;
}

/** GenerateMac: the HMAC of the message under the key (deterministic: the same message, the same tag). */
export async function generateMac(ctx: KmsContext, request: Validated<GenerateMacRequest>, now: number): Promise<GenerateMacResponse> {
  const key = requireMacKey(ctx, request, "GenerateMac");
  if (request.DryRun === true) throw keyTypeError("DRY_RUN");
  const tag = await withLoadedKey(ctx, key, now, (loaded) => loaded.generateMac(request.MacAlgorithm, request.Message));
  return { Mac: tag, MacAlgorithm: request.MacAlgorithm, KeyId: key.arn };
}

/**
 * VerifyMac: answers `MacValid: true` or throws KMSInvalidMacException with an empty message (a
 * wrong or wrong-length MAC alike, DryRun included): AWS never answers false.
 */
export async function verifyMac(ctx: KmsContext, request: Validated<VerifyMacRequest>, now: number): Promise<VerifyMacResponse> {
  const key = requireMacKey(ctx, request, "VerifyMac");
  await withLoadedKey(ctx, key, now, (loaded) => {
    loaded.verifyMac(request.MacAlgorithm, request.Message, request.Mac);
    if (request.DryRun === true) throw keyTypeError("DRY_RUN");
  });
  return { KeyId: key.arn, MacValid: true, MacAlgorithm: request.MacAlgorithm };
}
