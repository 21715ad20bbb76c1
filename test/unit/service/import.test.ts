import { execFileSync } from "node:child_process";
import { createPublicKey } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  ExpiredImportTokenException,
  IncorrectKeyMaterialException,
  InvalidCiphertextException,
  InvalidImportTokenException,
  KMSInvalidStateException,
  NotFoundException,
  UnsupportedOperationException,
  ValidationException,
  type Kms,
} from "../../../src/index.js";
import { wrapKeyMaterial, type WrappingAlgorithm } from "../../../src/testing/index.js";
import { createTestKms, DAY, expectError, newKeyId, T0 } from "../../support/create-test-kms.js";

const ARN = (keyId: string) => `arn:aws:kms:us-east-1:111122223333:key/${keyId}`;
const material = (byte: number) => new Uint8Array(32).fill(byte);
const text = (s: string) => new TextEncoder().encode(s);

/** Imports `bytes` into `keyId` (two lines with wrapKeyMaterial) and returns the KeyMaterialId. */
async function importMaterial(
  kms: Kms,
  keyId: string,
  bytes: Uint8Array,
  extra: Partial<Parameters<Kms["importKeyMaterial"]>[0]> = {},
  algorithm: WrappingAlgorithm = "RSAES_OAEP_SHA_256",
): Promise<string> {
  const p = await kms.getParametersForImport({ KeyId: keyId, WrappingAlgorithm: algorithm, WrappingKeySpec: "RSA_2048" });
  const response = await kms.importKeyMaterial({
    KeyId: keyId,
    ImportToken: p.ImportToken as Uint8Array,
    EncryptedKeyMaterial: await wrapKeyMaterial(p.PublicKey as Uint8Array, bytes, algorithm),
    ExpirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE",
    ...extra,
  });
  expect(response.KeyId).toBe(ARN(keyId));
  return response.KeyMaterialId as string;
}

describe("getParametersForImport", () => {
  it("returns the key ARN, a token, a DER public key of the asked size, valid for 24 hours", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms, { Origin: "EXTERNAL" });
    const p = await kms.getParametersForImport({ KeyId: keyId, WrappingAlgorithm: "RSAES_OAEP_SHA_256", WrappingKeySpec: "RSA_3072" });
    expect(p.KeyId).toBe(ARN(keyId));
    expect(p.ParametersValidTo).toEqual(new Date(T0.getTime() + DAY));
    expect(p.ImportToken?.length).toBe(33);
    const publicKey = createPublicKey({ key: Buffer.from(p.PublicKey as Uint8Array), format: "der", type: "spki" });
    expect(publicKey.asymmetricKeyDetails?.modulusLength).toBe(3072);
  });

  it("refuses AWS_KMS keys, SM2, the retired RSAES_PKCS1_V1_5 and keys pending deletion", async () => {
    const { kms } = createTestKms();
    const kmsKey = await newKeyId(kms);
    await expectError(
      kms.getParametersForImport({ KeyId: kmsKey, WrappingAlgorithm: "RSAES_OAEP_SHA_256", WrappingKeySpec: "RSA_2048" }),
      UnsupportedOperationException,
      `${ARN(kmsKey)} origin is AWS_KMS which is not valid for this operation.`,
    );
    const keyId = await newKeyId(kms, { Origin: "EXTERNAL" });
    await expectError(kms.getParametersForImport({ KeyId: keyId, WrappingAlgorithm: "SM2PKE", WrappingKeySpec: "SM2" }), UnsupportedOperationException, /SM2/);
    await expectError(kms.getParametersForImport({ KeyId: keyId, WrappingAlgorithm: "RSAES_PKCS1_V1_5", WrappingKeySpec: "RSA_2048" }), UnsupportedOperationException, /October 10, 2023/);
    await kms.scheduleKeyDeletion({ KeyId: keyId });
    await expectError(
      kms.getParametersForImport({ KeyId: keyId, WrappingAlgorithm: "RSAES_OAEP_SHA_256", WrappingKeySpec: "RSA_2048" }),
      KMSInvalidStateException,
      `${ARN(keyId)} is pending deletion.`,
    );
  });
});

describe("importKeyMaterial", () => {
  it.each(["RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256", "RSA_AES_KEY_WRAP_SHA_1", "RSA_AES_KEY_WRAP_SHA_256"] as const)(
    "imports material wrapped with %s and enables the key",
    async (algorithm) => {
      const { kms } = createTestKms();
      const keyId = await newKeyId(kms, { Origin: "EXTERNAL" });
      const id = await importMaterial(kms, keyId, material(1), {}, algorithm);
      expect(id).toMatch(/^[0-9a-f]{64}$/);
      const meta = (await kms.describeKey({ KeyId: keyId })).KeyMetadata;
      expect(meta).toMatchObject({ KeyState: "Enabled", Enabled: true, CurrentKeyMaterialId: id, ExpirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE" });
      const blob = (await kms.encrypt({ KeyId: keyId, Plaintext: text("x") })).CiphertextBlob as Uint8Array;
      expect((await kms.decrypt({ CiphertextBlob: blob })).KeyMaterialId).toBe(id);
    },
  );

  it("derives the KeyMaterialId from the key and the material: the same bytes get the same id", async () => {
    const { kms } = createTestKms();
    const a = await newKeyId(kms, { Origin: "EXTERNAL" });
    const b = await newKeyId(kms, { Origin: "EXTERNAL" });
    const first = await importMaterial(kms, a, material(5));
    expect(await importMaterial(kms, a, material(5))).toBe(first);
    expect(await importMaterial(kms, b, material(5))).not.toBe(first);
  });

  it("with KEY_MATERIAL_EXPIRES (the default) needs a ValidTo in the future, at most 365 days ahead", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms, { Origin: "EXTERNAL" });
    const p = await kms.getParametersForImport({ KeyId: keyId, WrappingAlgorithm: "RSAES_OAEP_SHA_256", WrappingKeySpec: "RSA_2048" });
    const wrapped = await wrapKeyMaterial(p.PublicKey as Uint8Array, material(1), "RSAES_OAEP_SHA_256");
    const base = { KeyId: keyId, ImportToken: p.ImportToken as Uint8Array, EncryptedKeyMaterial: wrapped };
    await expectError(kms.importKeyMaterial(base), ValidationException, "A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES");
    await expectError(kms.importKeyMaterial({ ...base, ValidTo: T0 }), ValidationException, "The validTo date must be in the future.");
    await expectError(kms.importKeyMaterial({ ...base, ValidTo: new Date(T0.getTime() + 366 * DAY) }), ValidationException);
    await expectError(
      kms.importKeyMaterial({ ...base, ExpirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE", ValidTo: new Date(T0.getTime() + DAY) }),
      ValidationException,
    );
    await kms.importKeyMaterial({ ...base, ValidTo: new Date(T0.getTime() + 365 * DAY) });
    const meta = (await kms.describeKey({ KeyId: keyId })).KeyMetadata;
    expect(meta).toMatchObject({ ExpirationModel: "KEY_MATERIAL_EXPIRES", ValidTo: new Date(T0.getTime() + 365 * DAY) });
  });

  it("refuses expired tokens, tokens of another key, garbage, unwrappable and wrong-size material", async () => {
    const { kms, clock } = createTestKms();
    const keyId = await newKeyId(kms, { Origin: "EXTERNAL" });
    const other = await newKeyId(kms, { Origin: "EXTERNAL" });
    const p = await kms.getParametersForImport({ KeyId: keyId, WrappingAlgorithm: "RSAES_OAEP_SHA_256", WrappingKeySpec: "RSA_2048" });
    const good = await wrapKeyMaterial(p.PublicKey as Uint8Array, material(1), "RSAES_OAEP_SHA_256");
    const request = { KeyId: keyId, ImportToken: p.ImportToken as Uint8Array, EncryptedKeyMaterial: good, ExpirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE" as const };
    await expectError(kms.importKeyMaterial({ ...request, KeyId: other }), InvalidImportTokenException);
    await expectError(kms.importKeyMaterial({ ...request, ImportToken: new Uint8Array(33).fill(9) }), InvalidImportTokenException);
    await expectError(kms.importKeyMaterial({ ...request, EncryptedKeyMaterial: new Uint8Array(256).fill(1) }), InvalidCiphertextException);
    const short = await wrapKeyMaterial(p.PublicKey as Uint8Array, new Uint8Array(16), "RSAES_OAEP_SHA_256");
    await expectError(kms.importKeyMaterial({ ...request, EncryptedKeyMaterial: short }), IncorrectKeyMaterialException);
    clock.advance(DAY + 1);
    await expectError(kms.importKeyMaterial(request), ExpiredImportTokenException);
    expect((await kms.describeKey({ KeyId: keyId })).KeyMetadata?.KeyState).toBe("PendingImport");
  });

  it("refuses a re-import of different material, and AWS_KMS keys", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms, { Origin: "EXTERNAL" });
    await importMaterial(kms, keyId, material(1));
    await expectError(importMaterial(kms, keyId, material(2), { ImportType: "EXISTING_KEY_MATERIAL" }), IncorrectKeyMaterialException);
    await expectError(importMaterial(kms, keyId, material(2)), IncorrectKeyMaterialException);
    const kmsKey = await newKeyId(kms);
    await expectError(
      kms.importKeyMaterial({ KeyId: kmsKey, ImportToken: new Uint8Array(33), EncryptedKeyMaterial: new Uint8Array(256), ExpirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE" }),
      UnsupportedOperationException,
      `${ARN(kmsKey)} origin is AWS_KMS which is not valid for this operation.`,
    );
  });
});

describe("deleteImportedKeyMaterial and re-import", () => {
  it("sends the key to PendingImport until the same material comes back", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms, { Origin: "EXTERNAL" });
    const id = await importMaterial(kms, keyId, material(3));
    const blob = (await kms.encrypt({ KeyId: keyId, Plaintext: text("kept") })).CiphertextBlob as Uint8Array;
    expect(await kms.deleteImportedKeyMaterial({ KeyId: keyId })).toEqual({ KeyId: ARN(keyId), KeyMaterialId: id });
    const meta = (await kms.describeKey({ KeyId: keyId })).KeyMetadata;
    expect(meta).toMatchObject({ KeyState: "PendingImport", Enabled: false, CurrentKeyMaterialId: id });
    expect(meta).not.toHaveProperty("ExpirationModel");
    await expectError(kms.decrypt({ CiphertextBlob: blob }), KMSInvalidStateException, `${ARN(keyId)} is pending import.`);
    await expectError(importMaterial(kms, keyId, material(4)), IncorrectKeyMaterialException);
    await importMaterial(kms, keyId, material(3));
    expect(new TextDecoder().decode((await kms.decrypt({ CiphertextBlob: blob })).Plaintext)).toBe("kept");
    await expectError(kms.deleteImportedKeyMaterial({ KeyId: keyId, KeyMaterialId: "f".repeat(64) }), NotFoundException);
    await expectError(kms.deleteImportedKeyMaterial({ KeyId: await newKeyId(kms) }), UnsupportedOperationException);
  });

  it("expires material at ValidTo, driven by the clock, with an event", async () => {
    const { kms, clock, events } = createTestKms();
    const keyId = await newKeyId(kms, { Origin: "EXTERNAL" });
    const id = await importMaterial(kms, keyId, material(8), { ExpirationModel: "KEY_MATERIAL_EXPIRES", ValidTo: new Date(T0.getTime() + 10 * DAY) });
    const blob = (await kms.encrypt({ KeyId: keyId, Plaintext: text("x") })).CiphertextBlob as Uint8Array;
    expect((await kms.listKeyRotations({ KeyId: keyId, IncludeKeyMaterial: "ALL_KEY_MATERIAL" })).Rotations).toEqual([
      {
        KeyId: ARN(keyId), KeyMaterialId: id, ImportState: "IMPORTED", KeyMaterialState: "CURRENT",
        ExpirationModel: "KEY_MATERIAL_EXPIRES", ValidTo: new Date(T0.getTime() + 10 * DAY),
      },
    ]);
    clock.advance(10 * DAY - 1);
    expect(await kms.tick()).toEqual([]);
    clock.advance(1);
    await kms.tick();
    expect(events.map((e) => [e["detail-type"], e.time, e.detail])).toEqual([
      ["KMS Imported Key Material Expiration", "2026-01-11T00:00:00.000Z", { "key-id": keyId, "key-material-id": id }],
    ]);
    expect((await kms.describeKey({ KeyId: keyId })).KeyMetadata?.KeyState).toBe("PendingImport");
    expect((await kms.listKeyRotations({ KeyId: keyId, IncludeKeyMaterial: "ALL_KEY_MATERIAL" })).Rotations?.[0]?.ImportState).toBe("PENDING_IMPORT");
    await expectError(kms.decrypt({ CiphertextBlob: blob }), KMSInvalidStateException);
    await importMaterial(kms, keyId, material(8));
    expect((await kms.decrypt({ CiphertextBlob: blob })).KeyMaterialId).toBe(id);
  });
});

describe("rotation of imported material", () => {
  it("is refused for automatic rotation (the seed page)", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms, { Origin: "EXTERNAL" });
    await importMaterial(kms, keyId, material(1));
    await expectError(kms.enableKeyRotation({ KeyId: keyId }), UnsupportedOperationException, `${ARN(keyId)} origin is EXTERNAL which is not valid for this operation.`);
  });

  it("works on demand after a NEW_KEY_MATERIAL import (current AWS)", async () => {
    const { kms, clock } = createTestKms();
    const keyId = await newKeyId(kms, { Origin: "EXTERNAL" });
    const first = await importMaterial(kms, keyId, material(1), { KeyMaterialDescription: "v1" });
    const oldBlob = (await kms.encrypt({ KeyId: keyId, Plaintext: text("old") })).CiphertextBlob as Uint8Array;
    await expectError(kms.rotateKeyOnDemand({ KeyId: keyId }), KMSInvalidStateException, `No available key material pending rotation for the key: ${ARN(keyId)}.`);
    const second = await importMaterial(kms, keyId, material(2), { ImportType: "NEW_KEY_MATERIAL", KeyMaterialDescription: "v2" });
    expect((await kms.describeKey({ KeyId: keyId })).KeyMetadata?.CurrentKeyMaterialId).toBe(first);
    await expectError(
      importMaterial(kms, keyId, material(3), { ImportType: "NEW_KEY_MATERIAL" }),
      KMSInvalidStateException,
      new RegExp(`cannot be imported into KMS key ${keyId}, because another key material \\(id: ${second}\\) is pending rotation\\.$`),
    );
    const pending = (await kms.listKeyRotations({ KeyId: keyId, IncludeKeyMaterial: "ALL_KEY_MATERIAL" })).Rotations;
    expect(pending).toEqual([
      { KeyId: ARN(keyId), KeyMaterialId: first, KeyMaterialDescription: "v1", ImportState: "IMPORTED", KeyMaterialState: "CURRENT", ExpirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE" },
      { KeyId: ARN(keyId), KeyMaterialId: second, KeyMaterialDescription: "v2", ImportState: "IMPORTED", KeyMaterialState: "PENDING_ROTATION", ExpirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE" },
    ]);
    clock.advance(DAY);
    await kms.rotateKeyOnDemand({ KeyId: keyId });
    expect((await kms.describeKey({ KeyId: keyId })).KeyMetadata?.CurrentKeyMaterialId).toBe(second);
    expect((await kms.listKeyRotations({ KeyId: keyId })).Rotations).toEqual([
      {
        KeyId: ARN(keyId), KeyMaterialId: second, KeyMaterialDescription: "v2", ImportState: "IMPORTED", KeyMaterialState: "CURRENT",
        ExpirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE", RotationDate: new Date(T0.getTime() + DAY), RotationType: "ON_DEMAND",
      },
    ]);
    expect((await kms.decrypt({ CiphertextBlob: oldBlob })).KeyMaterialId).toBe(first);
    const newBlob = (await kms.encrypt({ KeyId: keyId, Plaintext: text("new") })).CiphertextBlob as Uint8Array;
    expect((await kms.decrypt({ CiphertextBlob: newBlob })).KeyMaterialId).toBe(second);
  });

  it("manual rotation, as the seed page tells it: a new EXTERNAL key, import, UpdateAlias", async () => {
    const { kms } = createTestKms();
    const original = await newKeyId(kms, { Origin: "EXTERNAL" });
    await importMaterial(kms, original, material(10));
    await kms.createAlias({ AliasName: "alias/byok", TargetKeyId: original });
    const before = (await kms.encrypt({ KeyId: "alias/byok", Plaintext: text("before") })).CiphertextBlob as Uint8Array;
    const replacement = await newKeyId(kms, { Origin: "EXTERNAL" });
    await importMaterial(kms, replacement, material(11));
    await kms.updateAlias({ AliasName: "alias/byok", TargetKeyId: replacement });
    const after = (await kms.encrypt({ KeyId: "alias/byok", Plaintext: text("after") })).CiphertextBlob as Uint8Array;
    expect((await kms.decrypt({ CiphertextBlob: before })).KeyId).toBe(ARN(original));
    expect((await kms.decrypt({ CiphertextBlob: after })).KeyId).toBe(ARN(replacement));
  });
});

describe("interoperability", () => {
  it("imports material wrapped by the openssl command AWS documents", async () => {
    try {
      execFileSync("openssl", ["version"], { stdio: "pipe" });
    } catch {
      throw new Error("openssl is not installed on this machine" + ": install it (the project's machines have it); a cross-check that does not run proves nothing");
    }
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms, { Origin: "EXTERNAL" });
    const p = await kms.getParametersForImport({ KeyId: keyId, WrappingAlgorithm: "RSAES_OAEP_SHA_256", WrappingKeySpec: "RSA_2048" });
    const dir = mkdtempSync(join(tmpdir(), "kms-sim-openssl-"));
    try {
      writeFileSync(join(dir, "PublicKey.bin"), p.PublicKey as Uint8Array);
      writeFileSync(join(dir, "PlaintextKeyMaterial.bin"), material(42));
      execFileSync("openssl", [
        "pkeyutl", "-encrypt", "-in", join(dir, "PlaintextKeyMaterial.bin"), "-out", join(dir, "EncryptedKeyMaterial.bin"),
        "-inkey", join(dir, "PublicKey.bin"), "-keyform", "DER", "-pubin",
        "-pkeyopt", "rsa_padding_mode:oaep", "-pkeyopt", "rsa_oaep_md:sha256", "-pkeyopt", "rsa_mgf1_md:sha256",
      ], { stdio: "pipe" });
      const encrypted = new Uint8Array(readFileSync(join(dir, "EncryptedKeyMaterial.bin")));
      const response = await kms.importKeyMaterial({
        KeyId: keyId, ImportToken: p.ImportToken as Uint8Array, EncryptedKeyMaterial: encrypted, ExpirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE",
      });
      expect(response.KeyMaterialId).toBe(await importMaterial(kms, keyId, material(42)));
      expect((await kms.describeKey({ KeyId: keyId })).KeyMetadata?.KeyState).toBe("Enabled");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
