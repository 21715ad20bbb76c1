/**
 * GenerateMac and VerifyMac through the service: RFC 2104 HMAC, checked against node:crypto's HMAC
 * with imported key material (the one case where the test knows the key), AWS's refusals.
 */
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  DisabledException,
  DryRunOperationException,
  InvalidKeyUsageException,
  KMSInvalidMacException,
  ValidationException,
} from "../../../src/index.js";
import { createTestKms, expectError, newKeyId } from "../../support/create-test-kms.js";
import { ARN, DRY_RUN, importMaterial, utf8 } from "../../support/key-type-service.js";

const MESSAGE = utf8("kms-sim HMAC");
const SPECS = [
  ["HMAC_224", "HMAC_SHA_224", "sha224", 28],
  ["HMAC_256", "HMAC_SHA_256", "sha256", 32],
  ["HMAC_384", "HMAC_SHA_384", "sha384", 48],
  ["HMAC_512", "HMAC_SHA_512", "sha512", 64],
] as const;

describe("GenerateMac and VerifyMac", () => {
  for (const [spec, algorithm, hash, bytes] of SPECS) {
    it(`${spec}: imported material gives the MAC node:crypto computes; generated keys give full-length, repeatable tags`, async () => {
      const { kms } = createTestKms();
      const external = await newKeyId(kms, { KeySpec: spec, KeyUsage: "GENERATE_VERIFY_MAC", Origin: "EXTERNAL" });
      const material = new Uint8Array(bytes + 3).map((_, i) => i * 7 + 1);
      expect(await importMaterial(kms, external, material)).toEqual({ KeyId: ARN(external) });
      const imported = await kms.generateMac({ KeyId: external, Message: MESSAGE, MacAlgorithm: algorithm });
      expect(imported).toEqual({ Mac: new Uint8Array(createHmac(hash, material).update(MESSAGE).digest()), MacAlgorithm: algorithm, KeyId: ARN(external) });

      const generated = await newKeyId(kms, { KeySpec: spec, KeyUsage: "GENERATE_VERIFY_MAC" });
      const mac = (await kms.generateMac({ KeyId: generated, Message: MESSAGE, MacAlgorithm: algorithm })).Mac as Uint8Array;
      expect(mac.length).toBe(bytes);
      expect((await kms.generateMac({ KeyId: generated, Message: MESSAGE, MacAlgorithm: algorithm })).Mac).toEqual(mac);
      expect(await kms.verifyMac({ KeyId: generated, Message: MESSAGE, MacAlgorithm: algorithm, Mac: mac })).toEqual({
        KeyId: ARN(generated),
        MacValid: true,
        MacAlgorithm: algorithm,
      });
    });
  }

  it("a wrong or short MAC is KMSInvalidMacException with an empty message, DryRun included", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms, { KeySpec: "HMAC_256", KeyUsage: "GENERATE_VERIFY_MAC" });
    const mac = (await kms.generateMac({ KeyId: keyId, Message: MESSAGE, MacAlgorithm: "HMAC_SHA_256" })).Mac as Uint8Array;
    const request = { KeyId: keyId, Message: MESSAGE, MacAlgorithm: "HMAC_SHA_256" as const };
    const flipped = Uint8Array.from(mac);
    flipped[31] = (flipped[31] as number) ^ 1;
    await expectError(kms.verifyMac({ ...request, Mac: flipped }), KMSInvalidMacException, "");
    await expectError(kms.verifyMac({ ...request, Mac: mac.subarray(0, 16) }), KMSInvalidMacException, "");
    await expectError(kms.verifyMac({ ...request, Mac: flipped, DryRun: true }), KMSInvalidMacException, "");
    await expectError(kms.verifyMac({ ...request, Mac: mac, DryRun: true }), DryRunOperationException, DRY_RUN);
    await expectError(kms.generateMac({ ...request, DryRun: true }), DryRunOperationException, DRY_RUN);
  });

  it("refuses another algorithm, other key usages and empty or long messages with AWS's messages", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms, { KeySpec: "HMAC_224", KeyUsage: "GENERATE_VERIFY_MAC" });
    await expectError(
      kms.generateMac({ KeyId: keyId, Message: MESSAGE, MacAlgorithm: "HMAC_SHA_512" }),
      InvalidKeyUsageException,
      "Algorithm HMAC_SHA_512 is incompatible with key spec HMAC_224.",
    );
    const symmetric = await newKeyId(kms);
    await expectError(
      kms.generateMac({ KeyId: symmetric, Message: MESSAGE, MacAlgorithm: "HMAC_SHA_256" }),
      InvalidKeyUsageException,
      `${ARN(symmetric)} key usage is ENCRYPT_DECRYPT which is not valid for GenerateMac.`,
    );
    await expectError(
      kms.encrypt({ KeyId: keyId, Plaintext: MESSAGE }),
      InvalidKeyUsageException,
      `${ARN(keyId)} key usage is GENERATE_VERIFY_MAC which is not valid for Encrypt.`,
    );
    await expectError(
      kms.generateMac({ KeyId: keyId, Message: new Uint8Array(0), MacAlgorithm: "HMAC_SHA_224" }),
      ValidationException,
      "1 validation error detected: Value at 'message' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    await expectError(
      kms.verifyMac({ KeyId: keyId, Message: new Uint8Array(4097), MacAlgorithm: "HMAC_SHA_224", Mac: new Uint8Array(28) }),
      ValidationException,
      "1 validation error detected: Value at 'message' failed to satisfy constraint: Member must have length less than or equal to 4096",
    );
  });

  it("checks the key state before the algorithm, as AWS does", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms, { KeySpec: "HMAC_224", KeyUsage: "GENERATE_VERIFY_MAC" });
    await kms.disableKey({ KeyId: keyId });
    await expectError(kms.generateMac({ KeyId: keyId, Message: MESSAGE, MacAlgorithm: "HMAC_SHA_512" }), DisabledException, `${ARN(keyId)} is disabled.`);
  });
});
