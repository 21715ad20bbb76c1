/**
 * Imported material for HMAC and asymmetric keys through the service: the wrapping AWS allows per
 * key spec, one material for life (re-import of the same key only), the request members AWS refuses
 * for them, expiry and deletion as for symmetric keys, and what DescribeKey shows.
 */
import { createHmac, generateKeyPairSync, sign as nodeSign, verify as nodeVerify } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  IncorrectKeyMaterialException,
  InvalidCiphertextException,
  KMSInvalidStateException,
  ValidationException,
} from "../../../src/index.js";
import { createTestKms, DAY, expectError, newKeyId, T0 } from "../../support/create-test-kms.js";
import { wrapKeyMaterial } from "../../../src/testing/index.js";
import { ARN, importMaterial, importParameters, nodePublicKey, utf8 } from "../../support/key-type-service.js";

const MESSAGE = utf8("imported keys sign like generated ones");
const pkcs8 = (key: ReturnType<typeof generateKeyPairSync>["privateKey"]) => new Uint8Array(key.export({ format: "der", type: "pkcs8" }));
const hmacKey = (byte: number, length = 32) => new Uint8Array(length).fill(byte);

describe("GetParametersForImport for HMAC and asymmetric keys", () => {
  it("refuses the wrapping AWS refuses: RSAES_OAEP for RSA private keys, RSA_2048 wrapping keys for P-521 and Ed25519", async () => {
    const { kms } = createTestKms();
    for (const [KeySpec, KeyUsage, WrappingAlgorithm, WrappingKeySpec] of [
      ["RSA_2048", "SIGN_VERIFY", "RSAES_OAEP_SHA_256", "RSA_4096"],
      ["ECC_NIST_P521", "SIGN_VERIFY", "RSAES_OAEP_SHA_1", "RSA_2048"],
      ["ECC_NIST_EDWARDS25519", "SIGN_VERIFY", "RSAES_OAEP_SHA_256", "RSA_2048"],
    ] as const) {
      const keyId = await newKeyId(kms, { KeySpec, KeyUsage, Origin: "EXTERNAL" });
      await expectError(
        kms.getParametersForImport({ KeyId: keyId, WrappingAlgorithm, WrappingKeySpec }),
        ValidationException,
        `Wrapping algorithm ${WrappingAlgorithm} and wrapping key spec ${WrappingKeySpec} cannot be used to import a ${KeySpec} key.`,
      );
    }
    const rsa = await newKeyId(kms, { KeySpec: "RSA_2048", KeyUsage: "SIGN_VERIFY", Origin: "EXTERNAL" });
    expect((await kms.getParametersForImport({ KeyId: rsa, WrappingAlgorithm: "RSA_AES_KEY_WRAP_SHA_256", WrappingKeySpec: "RSA_2048" })).KeyId).toBe(ARN(rsa));
  });

  it("ML-DSA keys cannot be EXTERNAL", async () => {
    const { kms } = createTestKms();
    await expectError(kms.createKey({ KeySpec: "ML_DSA_44", KeyUsage: "SIGN_VERIFY", Origin: "EXTERNAL" }), ValidationException, "KeySpec ML_DSA_44 is not supported for Origin EXTERNAL");
  });
});

describe("ImportKeyMaterial for HMAC and asymmetric keys", () => {
  it("an imported EC key signs for node:crypto and its public key is the imported one's; no material id anywhere", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms, { KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY", Origin: "EXTERNAL" });
    expect((await kms.describeKey({ KeyId: keyId })).KeyMetadata?.KeyState).toBe("PendingImport");
    await expectError(kms.getPublicKey({ KeyId: keyId }), KMSInvalidStateException, `${ARN(keyId)} is pending import.`);
    const pair = generateKeyPairSync("ec", { namedCurve: "P-256" });
    expect(await importMaterial(kms, keyId, pkcs8(pair.privateKey))).toEqual({ KeyId: ARN(keyId) });
    const metadata = (await kms.describeKey({ KeyId: keyId })).KeyMetadata;
    expect([metadata?.KeyState, metadata?.Origin, metadata?.ExpirationModel, metadata?.CurrentKeyMaterialId]).toEqual([
      "Enabled", "EXTERNAL", "KEY_MATERIAL_DOES_NOT_EXPIRE", undefined,
    ]);
    const publicKey = (await kms.getPublicKey({ KeyId: keyId })).PublicKey as Uint8Array;
    expect(nodePublicKey(publicKey).export({ format: "jwk" })).toEqual(pair.publicKey.export({ format: "jwk" }));
    const signature = (await kms.sign({ KeyId: keyId, Message: MESSAGE, SigningAlgorithm: "ECDSA_SHA_256" })).Signature as Uint8Array;
    expect(nodeVerify("sha256", MESSAGE, pair.publicKey, signature)).toBe(true);
    const theirs = nodeSign("sha256", MESSAGE, pair.privateKey);
    expect((await kms.verify({ KeyId: keyId, Message: MESSAGE, Signature: theirs, SigningAlgorithm: "ECDSA_SHA_256" })).SignatureValid).toBe(true);
    expect(await kms.listKeyRotations({ KeyId: keyId })).toEqual({ Rotations: [], Truncated: false });
  });

  it("an imported RSA key (RSA_AES_KEY_WRAP) and an imported Ed25519 key sign for node:crypto", { timeout: 30_000 }, async () => {
    const { kms } = createTestKms();
    const rsa = await newKeyId(kms, { KeySpec: "RSA_3072", KeyUsage: "SIGN_VERIFY", Origin: "EXTERNAL" });
    const rsaPair = generateKeyPairSync("rsa", { modulusLength: 3072 });
    await importMaterial(kms, rsa, pkcs8(rsaPair.privateKey), { algorithm: "RSA_AES_KEY_WRAP_SHA_1" });
    const rsaSignature = (await kms.sign({ KeyId: rsa, Message: MESSAGE, SigningAlgorithm: "RSASSA_PKCS1_V1_5_SHA_384" })).Signature as Uint8Array;
    expect(nodeVerify("sha384", MESSAGE, rsaPair.publicKey, rsaSignature)).toBe(true);
    const ed = await newKeyId(kms, { KeySpec: "ECC_NIST_EDWARDS25519", KeyUsage: "SIGN_VERIFY", Origin: "EXTERNAL" });
    const edPair = generateKeyPairSync("ed25519");
    const parameters = await kms.getParametersForImport({ KeyId: ed, WrappingAlgorithm: "RSAES_OAEP_SHA_256", WrappingKeySpec: "RSA_3072" });
    await kms.importKeyMaterial({
      KeyId: ed,
      ImportToken: parameters.ImportToken as Uint8Array,
      EncryptedKeyMaterial: await wrapKeyMaterial(parameters.PublicKey as Uint8Array, pkcs8(edPair.privateKey), "RSAES_OAEP_SHA_256"),
      ExpirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE",
    });
    const edSignature = (await kms.sign({ KeyId: ed, Message: MESSAGE, SigningAlgorithm: "ED25519_SHA_512" })).Signature as Uint8Array;
    expect(nodeVerify(null, MESSAGE, edPair.publicKey, edSignature)).toBe(true);
  });

  it("one material for life: the same key imports again, another is refused naming the expected id; AWS's refused members", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms, { KeySpec: "HMAC_224", KeyUsage: "GENERATE_VERIFY_MAC", Origin: "EXTERNAL" });
    const parameters = await importParameters(kms, keyId);
    await expectError(importMaterial(kms, keyId, hmacKey(1, 27), { parameters }), InvalidCiphertextException, "");
    await expectError(importMaterial(kms, keyId, hmacKey(1, 65), { parameters }), InvalidCiphertextException, "");
    for (const [request, parameter] of [
      [{ ImportType: "NEW_KEY_MATERIAL" }, "importType"],
      [{ KeyMaterialId: "0".repeat(64) }, "keyMaterialId"],
      [{ KeyMaterialDescription: "mine" }, "keyMaterialDescription"],
    ] as const) {
      await expectError(importMaterial(kms, keyId, hmacKey(1, 28), { request, parameters }), ValidationException, `Input parameter ${parameter} cannot be used with HMAC_224 imported keys.`);
    }
    await importMaterial(kms, keyId, hmacKey(1, 28), { parameters });
    const snapshot = kms.snapshot();
    const id = snapshot.keys.find((key) => key.keyId === keyId)?.history.explicit[0]?.id as string;
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    await expectError(importMaterial(kms, keyId, hmacKey(2, 28), { parameters }), IncorrectKeyMaterialException, `Imported key material does not have the expected identifier (${id}).`);
    expect(await importMaterial(kms, keyId, hmacKey(1, 28), { parameters })).toEqual({ KeyId: ARN(keyId) });
  });

  it("expires as symmetric material does: PendingImport at ValidTo, back in use after the same key is imported again", async () => {
    const { kms, clock, events } = createTestKms();
    const keyId = await newKeyId(kms, { KeySpec: "HMAC_256", KeyUsage: "GENERATE_VERIFY_MAC", Origin: "EXTERNAL" });
    const validTo = new Date(T0.getTime() + 30 * DAY);
    await importMaterial(kms, keyId, hmacKey(9), { request: { ExpirationModel: "KEY_MATERIAL_EXPIRES", ValidTo: validTo } });
    expect((await kms.describeKey({ KeyId: keyId })).KeyMetadata?.ValidTo).toEqual(validTo);
    const request = { KeyId: keyId, Message: MESSAGE, MacAlgorithm: "HMAC_SHA_256" as const };
    const expected = new Uint8Array(createHmac("sha256", hmacKey(9)).update(MESSAGE).digest());
    expect((await kms.generateMac(request)).Mac).toEqual(expected);
    clock.advance(30 * DAY);
    await kms.tick();
    expect(events.at(-1)?.["detail-type"]).toBe("KMS Imported Key Material Expiration");
    expect((await kms.describeKey({ KeyId: keyId })).KeyMetadata?.KeyState).toBe("PendingImport");
    await expectError(kms.generateMac(request), KMSInvalidStateException, `${ARN(keyId)} is pending import.`);
    await importMaterial(kms, keyId, hmacKey(9));
    expect((await kms.generateMac(request)).Mac).toEqual(expected);
  });

  it("DeleteImportedKeyMaterial: PendingImport until the same key comes back; the answer names no material", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms, { KeySpec: "ECC_SECG_P256K1", KeyUsage: "SIGN_VERIFY", Origin: "EXTERNAL" });
    const pair = generateKeyPairSync("ec", { namedCurve: "secp256k1" });
    await importMaterial(kms, keyId, pkcs8(pair.privateKey));
    expect(await kms.deleteImportedKeyMaterial({ KeyId: keyId })).toEqual({ KeyId: ARN(keyId) });
    await expectError(kms.sign({ KeyId: keyId, Message: MESSAGE, SigningAlgorithm: "ECDSA_SHA_256" }), KMSInvalidStateException, `${ARN(keyId)} is pending import.`);
    await expectError(importMaterial(kms, keyId, pkcs8(generateKeyPairSync("ec", { namedCurve: "secp256k1" }).privateKey)), IncorrectKeyMaterialException);
    await importMaterial(kms, keyId, pkcs8(pair.privateKey));
    const signature = (await kms.sign({ KeyId: keyId, Message: MESSAGE, SigningAlgorithm: "ECDSA_SHA_256" })).Signature as Uint8Array;
    expect(nodeVerify("sha256", MESSAGE, pair.publicKey, signature)).toBe(true);
  });

  it("refuses a private key of another spec", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms, { KeySpec: "ECC_NIST_P384", KeyUsage: "SIGN_VERIFY", Origin: "EXTERNAL" });
    const parameters = await importParameters(kms, keyId);
    await expectError(importMaterial(kms, keyId, pkcs8(generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey), { parameters }), InvalidCiphertextException, "");
    await expectError(importMaterial(kms, keyId, pkcs8(generateKeyPairSync("ed25519").privateKey), { parameters }), InvalidCiphertextException, "");
    expect((await kms.describeKey({ KeyId: keyId })).KeyMetadata?.KeyState).toBe("PendingImport");
  });
});
