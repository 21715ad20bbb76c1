/** DeriveSharedSecret through the service, checked against node:crypto's ECDH on each NIST curve. */
import { createECDH, diffieHellman, generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DisabledException, DryRunOperationException, InvalidKeyUsageException, ValidationException } from "../../../src/index.js";
import { createTestKms, expectError, newKeyId } from "../../support/create-test-kms.js";
import { ARN, DRY_RUN, nodePublicKey } from "../../support/key-type-service.js";

const spkiOf = (key: ReturnType<typeof generateKeyPairSync>["publicKey"]) => new Uint8Array(key.export({ format: "der", type: "spki" }));

describe("DeriveSharedSecret", () => {
  for (const [spec, curve, bytes] of [
    ["ECC_NIST_P256", "prime256v1", 32],
    ["ECC_NIST_P384", "secp384r1", 48],
    ["ECC_NIST_P521", "secp521r1", 66],
  ] as const) {
    it(`${spec}: the raw x-coordinate, equal to node:crypto's ECDH from the other side`, async () => {
      const { kms } = createTestKms();
      const keyId = await newKeyId(kms, { KeySpec: spec, KeyUsage: "KEY_AGREEMENT" });
      const ours = nodePublicKey((await kms.getPublicKey({ KeyId: keyId })).PublicKey as Uint8Array);
      const peer = generateKeyPairSync("ec", { namedCurve: curve });
      const response = await kms.deriveSharedSecret({ KeyId: keyId, KeyAgreementAlgorithm: "ECDH", PublicKey: spkiOf(peer.publicKey) });
      const expected = new Uint8Array(diffieHellman({ privateKey: peer.privateKey, publicKey: ours }));
      expect(response).toEqual({ KeyId: ARN(keyId), SharedSecret: expected, KeyAgreementAlgorithm: "ECDH", KeyOrigin: "AWS_KMS" });
      expect(expected.length).toBe(bytes);
      // With createECDH, too (raw points), as a second opinion.
      const ecdh = createECDH(curve);
      ecdh.setPrivateKey(Buffer.from(peer.privateKey.export({ format: "jwk" }).d as string, "base64url"));
      const point = ours.export({ format: "jwk" });
      const raw = Buffer.concat([Buffer.from([4]), Buffer.from(point.x as string, "base64url"), Buffer.from(point.y as string, "base64url")]);
      expect(new Uint8Array(ecdh.computeSecret(raw))).toEqual(expected);
    });
  }

  it("accepts the key's own public key; refuses other curves, other key types and garbage with an empty ValidationException, under DryRun too", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms, { KeySpec: "ECC_NIST_P256", KeyUsage: "KEY_AGREEMENT" });
    const own = (await kms.getPublicKey({ KeyId: keyId })).PublicKey as Uint8Array;
    expect((await kms.deriveSharedSecret({ KeyId: keyId, KeyAgreementAlgorithm: "ECDH", PublicKey: own })).SharedSecret?.length).toBe(32);
    const others = [
      spkiOf(generateKeyPairSync("ec", { namedCurve: "secp384r1" }).publicKey),
      spkiOf(generateKeyPairSync("ed25519").publicKey),
      new Uint8Array(own.length).fill(4),
      Uint8Array.from(own).fill(0x11, own.length - 20),
    ];
    for (const PublicKey of others) {
      await expectError(kms.deriveSharedSecret({ KeyId: keyId, KeyAgreementAlgorithm: "ECDH", PublicKey }), ValidationException, "");
      await expectError(kms.deriveSharedSecret({ KeyId: keyId, KeyAgreementAlgorithm: "ECDH", PublicKey, DryRun: true }), ValidationException, "");
    }
    await expectError(kms.deriveSharedSecret({ KeyId: keyId, KeyAgreementAlgorithm: "ECDH", PublicKey: own, DryRun: true }), DryRunOperationException, DRY_RUN);
  });

  it("refuses signing keys and disabled keys with AWS's messages", async () => {
    const { kms } = createTestKms();
    const signing = await newKeyId(kms, { KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY" });
    const peer = spkiOf(generateKeyPairSync("ec", { namedCurve: "prime256v1" }).publicKey);
    await expectError(
      kms.deriveSharedSecret({ KeyId: signing, KeyAgreementAlgorithm: "ECDH", PublicKey: peer }),
      InvalidKeyUsageException,
      `${ARN(signing)} key usage is SIGN_VERIFY which is not valid for DeriveSharedSecret.`,
    );
    const agreement = await newKeyId(kms, { KeySpec: "ECC_NIST_P256", KeyUsage: "KEY_AGREEMENT" });
    await kms.disableKey({ KeyId: agreement });
    await expectError(kms.deriveSharedSecret({ KeyId: agreement, KeyAgreementAlgorithm: "ECDH", PublicKey: peer }), DisabledException, `${ARN(agreement)} is disabled.`);
  });
});
