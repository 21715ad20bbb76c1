/**
 * kms-sim's shapes and errors against @aws-sdk/client-kms: request objects typed for the SDK pass
 * straight into kms-sim, responses fit the SDK's output types, and every exception kms-sim raises
 * has the SDK's name (a type error here fails `npm run typecheck`).
 */
import * as sdk from "@aws-sdk/client-kms";
import { describe, expect, expectTypeOf, it } from "vitest";
import * as sim from "../../src/index.js";

type Without$metadata<T> = Omit<T, "$metadata">;

describe("compatibility with @aws-sdk/client-kms", () => {
  it("accepts the SDK's command inputs and returns what its outputs describe", () => {
    // CreateKey's KeyUsage/KeySpec are left out: this SDK release knows values newer than the botocore
    // model kms-sim is generated from (e.g. ENCAPSULATE_DECAPSULATE; refused at run time). Its Tags
    // too: the SDK types TagKey as `string | undefined`, kms-sim's Tag requires it.
    expectTypeOf<Omit<sdk.CreateKeyCommandInput, "KeyUsage" | "KeySpec" | "Tags">>().toExtend<Omit<sim.CreateKeyRequest, "KeyUsage" | "KeySpec" | "Tags">>();
    expectTypeOf<sdk.EncryptCommandInput>().toExtend<sim.EncryptRequest>();
    expectTypeOf<sdk.DecryptCommandInput>().toExtend<sim.DecryptRequest>();
    expectTypeOf<sdk.EnableKeyRotationCommandInput>().toExtend<sim.EnableKeyRotationRequest>();
    expectTypeOf<sdk.ImportKeyMaterialCommandInput>().toExtend<sim.ImportKeyMaterialRequest>();
    expectTypeOf<sim.KeyMetadata>().toExtend<sdk.KeyMetadata>();
    expectTypeOf<sim.GetKeyRotationStatusResponse>().toExtend<Without$metadata<sdk.GetKeyRotationStatusCommandOutput>>();
    expectTypeOf<sim.ListKeyRotationsResponse>().toExtend<Without$metadata<sdk.ListKeyRotationsCommandOutput>>();
    expectTypeOf<sim.DecryptResponse>().toExtend<Without$metadata<sdk.DecryptCommandOutput>>();
    expectTypeOf<sdk.GetKeyLastUsageCommandInput>().toExtend<sim.GetKeyLastUsageRequest>();
    expectTypeOf<sim.GetKeyLastUsageResponse>().toExtend<Without$metadata<sdk.GetKeyLastUsageCommandOutput>>();
    // The asymmetric and HMAC operations (MessageType and SigningAlgorithm as for KeySpec above).
    expectTypeOf<Omit<sdk.SignCommandInput, "MessageType" | "SigningAlgorithm">>().toExtend<Omit<sim.SignRequest, "MessageType" | "SigningAlgorithm">>();
    expectTypeOf<Omit<sdk.VerifyCommandInput, "MessageType" | "SigningAlgorithm">>().toExtend<Omit<sim.VerifyRequest, "MessageType" | "SigningAlgorithm">>();
    expectTypeOf<sdk.GetPublicKeyCommandInput>().toExtend<sim.GetPublicKeyRequest>();
    expectTypeOf<sdk.GenerateMacCommandInput>().toExtend<sim.GenerateMacRequest>();
    expectTypeOf<sdk.VerifyMacCommandInput>().toExtend<sim.VerifyMacRequest>();
    expectTypeOf<sdk.DeriveSharedSecretCommandInput>().toExtend<sim.DeriveSharedSecretRequest>();
    // This SDK release also knows ML_KEM pair specs, newer than kms-sim's botocore model.
    expectTypeOf<Omit<sdk.GenerateDataKeyPairCommandInput, "KeyPairSpec">>().toExtend<Omit<sim.GenerateDataKeyPairRequest, "KeyPairSpec">>();
    expectTypeOf<Omit<sdk.GenerateDataKeyPairWithoutPlaintextCommandInput, "KeyPairSpec">>().toExtend<
      Omit<sim.GenerateDataKeyPairWithoutPlaintextRequest, "KeyPairSpec">
    >();
    expectTypeOf<sim.SignResponse>().toExtend<Without$metadata<sdk.SignCommandOutput>>();
    expectTypeOf<sim.VerifyResponse>().toExtend<Without$metadata<sdk.VerifyCommandOutput>>();
    expectTypeOf<sim.GetPublicKeyResponse>().toExtend<Without$metadata<sdk.GetPublicKeyCommandOutput>>();
    expectTypeOf<sim.GenerateMacResponse>().toExtend<Without$metadata<sdk.GenerateMacCommandOutput>>();
    expectTypeOf<sim.VerifyMacResponse>().toExtend<Without$metadata<sdk.VerifyMacCommandOutput>>();
    expectTypeOf<sim.DeriveSharedSecretResponse>().toExtend<Without$metadata<sdk.DeriveSharedSecretCommandOutput>>();
    expectTypeOf<sim.GenerateDataKeyPairResponse>().toExtend<Without$metadata<sdk.GenerateDataKeyPairCommandOutput>>();
  });

  it("names every exception like the SDK, with the SDK's fault", () => {
    const generic = new Set([
      "ValidationException", "AccessDeniedException", "NotAuthorizedException", "SerializationException", "UnknownOperationException",
      "IncompleteSignatureException", "InvalidSignatureException", "MissingAuthenticationTokenException", "UnrecognizedClientException",
    ]);
    for (const [name, ErrorClass] of Object.entries(sim.KMS_ERRORS)) {
      const error = new ErrorClass("message");
      expect(error.name).toBe(name);
      expect(error.code).toBe(name);
      expect(error).toBeInstanceOf(sim.KmsError);
      expect(error).toBeInstanceOf(Error);
      if (generic.has(name)) continue;
      const SdkClass = (sdk as unknown as Record<string, new (options: object) => { name: string; $fault: string }>)[name];
      expect(SdkClass, name).toBeDefined();
      const sdkError = new (SdkClass as new (options: object) => { name: string; $fault: string })({ message: "m", $metadata: {} });
      expect(sdkError.name).toBe(name);
      expect(error.$fault, name).toBe(sdkError.$fault);
    }
  });
});
