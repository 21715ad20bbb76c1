/**
 * keyUsage and deletionImpact: exact counts per backing key from a small fixed history; a failed
 * call counts nothing; asymmetric keys count at the key level.
 */
import { describe, expect, it } from "vitest";
import { NotFoundException } from "../../../src/index.js";
import { deletionImpact, keyUsage } from "../../../src/sim/index.js";
import { at, createTestKms, expectError, newKeyId, T0 } from "../../support/create-test-kms.js";

const bytes = new Uint8Array([1]);

async function history() {
  const t = createTestKms();
  const { kms, clock } = t;
  const keyId = await newKeyId(kms);
  const other = await newKeyId(kms);
  const first = (await kms.encrypt({ KeyId: keyId, Plaintext: bytes })).CiphertextBlob as Uint8Array;
  await kms.encrypt({ KeyId: keyId, Plaintext: bytes });
  clock.advance({ days: 10 });
  await kms.rotateKeyOnDemand({ KeyId: keyId });
  await kms.generateDataKey({ KeyId: keyId, KeySpec: "AES_128" });
  await kms.generateDataKeyWithoutPlaintext({ KeyId: keyId, NumberOfBytes: 64 });
  clock.advance({ days: 10 });
  await kms.decrypt({ CiphertextBlob: first });
  await kms.reEncrypt({ CiphertextBlob: first, DestinationKeyId: other });
  await kms.decrypt({ CiphertextBlob: first, EncryptionContext: { wrong: "context" } }).catch(() => undefined);
  await kms.disableKey({ KeyId: keyId });
  await kms.encrypt({ KeyId: keyId, Plaintext: bytes }).catch(() => undefined);
  const ids = (await kms.listKeyRotations({ KeyId: keyId, IncludeKeyMaterial: "ALL_KEY_MATERIAL" })).Rotations?.map((r) => r.KeyMaterialId as string) ?? [];
  return { ...t, keyId, other, ids };
}

describe("keyUsage", () => {
  it("counts each backing key's ciphertexts, data keys and decryptions, oldest first; failed calls count nothing", async () => {
    const { kms, keyId, ids } = await history();
    expect(await keyUsage(kms, keyId)).toEqual({
      KeyId: keyId,
      KeyMaterials: [
        { KeyMaterialId: ids[0], Encryptions: 2, DataKeys: 0, Decryptions: 2, LastEncryptedAt: T0, LastDecryptedAt: at("2026-01-21T00:00:00Z") },
        { KeyMaterialId: ids[1], Encryptions: 0, DataKeys: 2, Decryptions: 0, LastEncryptedAt: at("2026-01-11T00:00:00Z") },
      ],
    });
  });

  it("counts ReEncrypt as a ciphertext of the destination's current backing key", async () => {
    const { kms, other } = await history();
    expect((await keyUsage(kms, `alias/none`).catch((e: Error) => e.name))).toBe("NotFoundException");
    const usage = await keyUsage(kms, other);
    expect(usage.KeyMaterials).toEqual([
      { KeyMaterialId: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown, Encryptions: 1, DataKeys: 0, Decryptions: 0, LastEncryptedAt: at("2026-01-21T00:00:00Z") },
    ]);
  });

  it("counts asymmetric keys, which have no backing keys, at the key level only", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms, { KeySpec: "RSA_2048", KeyUsage: "SIGN_VERIFY" });
    expect(await keyUsage(kms, keyId)).toEqual({ KeyId: keyId, KeyMaterials: [] });
    expect(await deletionImpact(kms, keyId)).toEqual({ KeyId: keyId, Ciphertexts: 0, KeyMaterials: [] });
  });
});

describe("deletionImpact", () => {
  it("counts every ciphertext and data key the key made, per backing key, with the last use", async () => {
    const { kms, keyId, ids } = await history();
    expect(await deletionImpact(kms, keyId)).toEqual({
      KeyId: keyId,
      Ciphertexts: 4,
      LastUsedAt: at("2026-01-21T00:00:00Z"),
      KeyMaterials: [
        { KeyMaterialId: ids[0], Ciphertexts: 2, LastUsedAt: at("2026-01-21T00:00:00Z") },
        { KeyMaterialId: ids[1], Ciphertexts: 2, LastUsedAt: at("2026-01-11T00:00:00Z") },
      ],
    });
    await expectError(deletionImpact(kms, "11111111-2222-4333-8444-555555555555"), NotFoundException);
  });
});
