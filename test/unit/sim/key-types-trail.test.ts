/**
 * The key types' operations in the audit trail and in usage: Sign, Verify, GenerateMac, VerifyMac,
 * DeriveSharedSecret, the data key pairs and RSA encryption are recorded with CloudTrail's
 * requestParameters (never a message, signature, MAC, public or private key), tracked by
 * GetKeyLastUsage, and counted by keyUsage where they make or open ciphertexts.
 */
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { CloudTrailRecord, Kms } from "../../../src/index.js";
import { keyUsage, lookupEvents } from "../../../src/sim/index.js";
import { createTestKms, newKeyId, T0 } from "../../support/create-test-kms.js";
import { usageEventId } from "../../support/request-ids.js";

const MESSAGE = new TextEncoder().encode("MESSAGE-TO-SIGN");
const PEER = new Uint8Array(generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ format: "der", type: "spki" }));

async function records(kms: Kms): Promise<CloudTrailRecord[]> {
  return (await lookupEvents(kms)).Events.map((event) => JSON.parse(event.CloudTrailEvent) as CloudTrailRecord);
}

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const base64 = (b: Uint8Array) => Buffer.from(b).toString("base64");

describe("the key types in the trail", () => {
  it("records each operation's parameters as CloudTrail does, and GetKeyLastUsage names its event", { timeout: 30_000 }, async () => {
    const { kms } = createTestKms({ audit: true });
    const signer = await newKeyId(kms, { KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY" });
    const hmac = await newKeyId(kms, { KeySpec: "HMAC_256", KeyUsage: "GENERATE_VERIFY_MAC" });
    const agreement = await newKeyId(kms, { KeySpec: "ECC_NIST_P256", KeyUsage: "KEY_AGREEMENT" });
    const symmetric = await newKeyId(kms);
    const { Signature } = await kms.sign({ KeyId: signer, Message: MESSAGE, SigningAlgorithm: "ECDSA_SHA_256" });
    await kms.verify({ KeyId: signer, Message: MESSAGE, Signature, SigningAlgorithm: "ECDSA_SHA_256", MessageType: "RAW" });
    const { Mac } = await kms.generateMac({ KeyId: hmac, Message: MESSAGE, MacAlgorithm: "HMAC_SHA_256" });
    await kms.verifyMac({ KeyId: hmac, Message: MESSAGE, Mac, MacAlgorithm: "HMAC_SHA_256" });
    const { SharedSecret } = await kms.deriveSharedSecret({ KeyId: agreement, KeyAgreementAlgorithm: "ECDH", PublicKey: PEER });
    const pair = await kms.generateDataKeyPair({ KeyId: symmetric, KeyPairSpec: "ECC_NIST_P256", EncryptionContext: { purpose: "pair" } });
    const withoutPlaintext = await kms.generateDataKeyPairWithoutPlaintext({ KeyId: symmetric, KeyPairSpec: "ECC_NIST_EDWARDS25519" });
    const materialId = pair.KeyMaterialId as string;
    const trail = (await records(kms)).slice(4);
    expect(trail.map((r) => [r.eventName, r.requestParameters, r.responseElements, r.additionalEventData, r.readOnly, r.resources.map((x) => x.ARN.slice(-36))])).toEqual([
      ["Sign", { keyId: signer, signingAlgorithm: "ECDSA_SHA_256" }, null, undefined, true, [signer]],
      ["Verify", { keyId: signer, messageType: "RAW", signingAlgorithm: "ECDSA_SHA_256" }, null, undefined, true, [signer]],
      ["GenerateMac", { keyId: hmac, macAlgorithm: "HMAC_SHA_256" }, null, undefined, true, [hmac]],
      ["VerifyMac", { keyId: hmac, macAlgorithm: "HMAC_SHA_256" }, null, undefined, true, [hmac]],
      ["DeriveSharedSecret", { keyId: agreement, keyAgreementAlgorithm: "ECDH" }, null, undefined, true, [agreement]],
      ["GenerateDataKeyPair", { keyId: symmetric, keyPairSpec: "ECC_NIST_P256", encryptionContext: { purpose: "pair" } }, null, { keyMaterialId: materialId }, true, [symmetric]],
      ["GenerateDataKeyPairWithoutPlaintext", { keyId: symmetric, keyPairSpec: "ECC_NIST_EDWARDS25519" }, null, { keyMaterialId: materialId }, true, [symmetric]],
    ]);
    // kms-sim records the message type a request gave (Verify's), and adds none it left out (Sign's).
    for (const [keyId, operation, seq] of [[signer, "Verify", 2], [hmac, "VerifyMac", 2], [agreement, "DeriveSharedSecret", 1], [symmetric, "GenerateDataKeyPairWithoutPlaintext", 2]] as const) {
      const { KeyLastUsage } = await kms.getKeyLastUsage({ KeyId: keyId });
      expect(KeyLastUsage).toMatchObject({ Operation: operation, Timestamp: T0, CloudTrailEventId: usageEventId(operation, T0, keyId, seq) });
      expect(trail.some((r) => r.eventID === KeyLastUsage?.CloudTrailEventId)).toBe(true);
    }
    // Data key pairs count as data keys of the backing key that sealed them; the others make none.
    expect((await keyUsage(kms, symmetric)).KeyMaterials).toEqual([
      { KeyMaterialId: materialId, Encryptions: 0, DataKeys: 2, Decryptions: 0, LastEncryptedAt: T0 },
    ]);
    expect((await keyUsage(kms, signer)).KeyMaterials).toEqual([]);
    // No message, signature, MAC, public key, shared secret or private key in any record.
    const everything = JSON.stringify((await lookupEvents(kms)).Events);
    expect(everything).not.toContain("MESSAGE-TO-SIGN");
    const secrets = [MESSAGE, Signature, Mac, PEER, SharedSecret, pair.PrivateKeyPlaintext, pair.PrivateKeyCiphertextBlob, pair.PublicKey, withoutPlaintext.PublicKey];
    for (const secret of secrets as Uint8Array[]) {
      expect(everything).not.toContain(hex(secret));
      expect(everything).not.toContain(base64(secret));
    }
  });

  it("records RSA encryption with its algorithm and no backing key; ReEncrypt from RSA names only the destination's", { timeout: 30_000 }, async () => {
    const { kms } = createTestKms({ audit: true });
    const rsa = await newKeyId(kms, { KeySpec: "RSA_2048", KeyUsage: "ENCRYPT_DECRYPT" });
    const symmetric = await newKeyId(kms);
    const { CiphertextBlob } = await kms.encrypt({ KeyId: rsa, Plaintext: MESSAGE, EncryptionAlgorithm: "RSAES_OAEP_SHA_256" });
    await kms.decrypt({ KeyId: rsa, CiphertextBlob, EncryptionAlgorithm: "RSAES_OAEP_SHA_256" });
    const re = await kms.reEncrypt({ CiphertextBlob, SourceKeyId: rsa, SourceEncryptionAlgorithm: "RSAES_OAEP_SHA_256", DestinationKeyId: symmetric });
    const [encrypt, decrypt, reEncrypt] = (await records(kms)).slice(2);
    expect([encrypt?.requestParameters, encrypt?.additionalEventData]).toEqual([{ keyId: rsa, encryptionAlgorithm: "RSAES_OAEP_SHA_256" }, undefined]);
    expect([decrypt?.requestParameters, decrypt?.additionalEventData]).toEqual([
      { keyId: `arn:aws:kms:us-east-1:111122223333:key/${rsa}`, encryptionAlgorithm: "RSAES_OAEP_SHA_256" },
      undefined,
    ]);
    expect(reEncrypt?.additionalEventData).toEqual({ destinationKeyMaterialId: re.DestinationKeyMaterialId });
    // Source, then destination, as CloudTrail lists ReEncrypt's keys.
    expect(reEncrypt?.resources.map((r) => r.ARN.slice(-36))).toEqual([rsa, symmetric]);
    // The RSA key was used three times, at the key level.
    const usage = await kms.keyMaterialUsage({ KeyId: rsa });
    expect([usage.Uses, usage.Encryptions, usage.Decryptions, usage.KeyMaterials]).toEqual([3, 1, 2, []]);
  });
});
