/**
 * Imported material for HMAC and asymmetric keys: the wrapping rules AWS applies per key spec, the
 * members it refuses, and unwrapped material checked against the key spec, end to end with
 * kms-sim's client-side wrapper (the OpenSSL recipe AWS documents).
 */
import { createHmac, generateKeyPairSync, verify as nodeVerify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { requireSingleMaterialImport, requireWrappingForKeySpec, unwrapImportedKeyMaterial, validateImportedMaterial } from "../../../src/crypto/asymmetric-import.js";
import { generateWrappingKeyPair } from "../../../src/crypto/import-wrapping.js";
import { loadKey } from "../../../src/crypto/loaded-key.js";
import { nobleCryptoProvider } from "../../../src/crypto/noble-provider.js";
import { wrapKeyMaterial } from "../../../src/testing/index.js";
import { PROVIDERS, expectKmsError, hex, nodePublicKey, utf8 } from "../../support/key-types.js";

const der = (key: ReturnType<typeof generateKeyPairSync>["privateKey"]) => new Uint8Array(key.export({ format: "der", type: "pkcs8" }));
const indefinite = (bytes: Uint8Array) => {
  const offset = bytes[1]! & 0x80 ? 2 + (bytes[1]! & 0x7f) : 2;
  return new Uint8Array([0x30, 0x80, ...bytes.subarray(offset), 0, 0]);
};

describe("wrapping rules per key spec", () => {
  it("refuses RSAES_OAEP for RSA private keys, and with RSA_2048 for P-521 and Ed25519 keys", async () => {
    for (const [spec, wrapping] of [["RSA_2048", "RSA_2048"], ["RSA_3072", "RSA_4096"], ["ECC_NIST_P521", "RSA_2048"], ["ECC_NIST_EDWARDS25519", "RSA_2048"]] as const) {
      await expectKmsError(() => requireWrappingForKeySpec(spec, "RSAES_OAEP_SHA_256", wrapping), "ValidationException",
        `Wrapping algorithm RSAES_OAEP_SHA_256 and wrapping key spec ${wrapping} cannot be used to import a ${spec} key.`);
    }
    await expectKmsError(() => requireWrappingForKeySpec("RSA_4096", "RSAES_OAEP_SHA_1", "RSA_3072"), "ValidationException",
      "Wrapping algorithm RSAES_OAEP_SHA_1 and wrapping key spec RSA_3072 cannot be used to import a RSA_4096 key.");
    for (const [spec, algorithm, wrapping] of [
      ["RSA_2048", "RSA_AES_KEY_WRAP_SHA_256", "RSA_2048"], ["ECC_NIST_P256", "RSAES_OAEP_SHA_256", "RSA_2048"],
      ["ECC_SECG_P256K1", "RSAES_OAEP_SHA_1", "RSA_2048"], ["ECC_NIST_P521", "RSAES_OAEP_SHA_256", "RSA_3072"],
      ["ECC_NIST_EDWARDS25519", "RSAES_OAEP_SHA_256", "RSA_3072"], ["HMAC_512", "RSAES_OAEP_SHA_256", "RSA_2048"],
    ] as const) {
      expect(() => requireWrappingForKeySpec(spec, algorithm, wrapping)).not.toThrow();
    }
  });

  it("refuses ImportType, KeyMaterialId and KeyMaterialDescription: these keys have one material for life", async () => {
    await expectKmsError(() => requireSingleMaterialImport("HMAC_224", { ImportType: "EXISTING_KEY_MATERIAL" }), "ValidationException",
      "Input parameter importType cannot be used with HMAC_224 imported keys.");
    await expectKmsError(() => requireSingleMaterialImport("HMAC_256", { KeyMaterialId: "0".repeat(64) }), "ValidationException",
      "Input parameter keyMaterialId cannot be used with HMAC_256 imported keys.");
    await expectKmsError(() => requireSingleMaterialImport("RSA_4096", { KeyMaterialDescription: "asymmetric description" }), "ValidationException",
      "Input parameter keyMaterialDescription cannot be used with RSA_4096 imported keys.");
    expect(() => requireSingleMaterialImport("ECC_NIST_P256", {})).not.toThrow();
  });
});

describe.each(PROVIDERS)("validateImportedMaterial (%s provider)", (_name, provider) => {
  it("takes HMAC keys from the digest length up to the block size", async () => {
    for (const [spec, min, max] of [["HMAC_224", 28, 64], ["HMAC_256", 32, 64], ["HMAC_384", 48, 128], ["HMAC_512", 64, 128]] as const) {
      for (const length of [min, max]) expect((await validateImportedMaterial(provider, spec, new Uint8Array(length).fill(0x41))).privateMaterial.length).toBe(length);
      for (const length of [min - 1, max + 1]) await expectKmsError(validateImportedMaterial(provider, spec, new Uint8Array(length)), "InvalidCiphertextException", "");
    }
  });

  it("takes OpenSSL's EC keys, BER-wrapped ones too, and keeps them in AWS's form", async () => {
    for (const [spec, curve, bytes] of [["ECC_NIST_P256", "P-256", 150], ["ECC_NIST_P384", "P-384", 194], ["ECC_NIST_P521", "P-521", 250], ["ECC_SECG_P256K1", "secp256k1", 144]] as const) {
      const pair = generateKeyPairSync("ec", { namedCurve: curve });
      for (const input of [der(pair.privateKey), indefinite(der(pair.privateKey))]) {
        const material = await validateImportedMaterial(provider, spec, input);
        expect(material.privateMaterial.length).toBe(bytes);
        expect(hex(material.publicKey as Uint8Array)).toBe(hex(new Uint8Array(pair.publicKey.export({ format: "der", type: "spki" }))));
      }
    }
    const p384 = der(generateKeyPairSync("ec", { namedCurve: "P-384" }).privateKey);
    await expectKmsError(validateImportedMaterial(provider, "ECC_NIST_P256", p384), "InvalidCiphertextException", "");
  });

  it("takes Ed25519 and RSA keys of the right kind and size, and nothing else", async () => {
    const ed = generateKeyPairSync("ed25519");
    const material = await validateImportedMaterial(provider, "ECC_NIST_EDWARDS25519", der(ed.privateKey));
    expect(hex(material.publicKey as Uint8Array)).toBe(hex(new Uint8Array(ed.publicKey.export({ format: "der", type: "spki" }))));
    await expectKmsError(validateImportedMaterial(provider, "ECC_NIST_EDWARDS25519", indefinite(der(ed.privateKey))), "InvalidCiphertextException", "");
    const rsa = der(generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey);
    expect(hex((await validateImportedMaterial(provider, "RSA_2048", indefinite(rsa))).privateMaterial)).toBe(hex(rsa));
    await expectKmsError(validateImportedMaterial(provider, "RSA_3072", rsa), "InvalidCiphertextException", "");
    await expectKmsError(validateImportedMaterial(provider, "RSA_2048", der(ed.privateKey)), "InvalidCiphertextException", "");
    await expectKmsError(validateImportedMaterial(provider, "ECC_NIST_P256", rsa), "InvalidCiphertextException", "");
    await expectKmsError(validateImportedMaterial(provider, "ML_DSA_44", new Uint8Array(32)), "InvalidCiphertextException", "");
  });

  it("unwraps an RSA private key sent with RSA_AES_KEY_WRAP_SHA_256; the imported key signs for node:crypto", async () => {
    const original = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const wrapping = await generateWrappingKeyPair("RSA_3072", "RSA_AES_KEY_WRAP_SHA_256");
    const encrypted = await wrapKeyMaterial(wrapping.publicKey, der(original.privateKey), "RSA_AES_KEY_WRAP_SHA_256");
    const material = await unwrapImportedKeyMaterial(nobleCryptoProvider, provider, "RSA_2048",
      { privateKeyPkcs8: wrapping.privateKeyPkcs8, wrappingKeySpec: "RSA_3072", algorithm: "RSA_AES_KEY_WRAP_SHA_256" }, encrypted);
    const key = await loadKey(provider, "RSA_2048", material.privateMaterial);
    const signature = await key.sign({ SigningAlgorithm: "RSASSA_PKCS1_V1_5_SHA_256", Message: utf8("imported") });
    expect(nodeVerify("sha256", utf8("imported"), original.publicKey, signature)).toBe(true);
    await expectKmsError(unwrapImportedKeyMaterial(nobleCryptoProvider, provider, "RSA_2048",
      { privateKeyPkcs8: wrapping.privateKeyPkcs8, wrappingKeySpec: "RSA_3072", algorithm: "RSA_AES_KEY_WRAP_SHA_256" }, encrypted.subarray(0, 400)),
    "InvalidCiphertextException", "");
  });

  it("unwraps an Ed25519 key and an HMAC key sent with RSAES_OAEP_SHA_256", async () => {
    const wrapping = await generateWrappingKeyPair("RSA_3072", "RSAES_OAEP_SHA_256");
    const params = { privateKeyPkcs8: wrapping.privateKeyPkcs8, wrappingKeySpec: "RSA_3072", algorithm: "RSAES_OAEP_SHA_256" } as const;
    const ed = generateKeyPairSync("ed25519");
    const edMaterial = await unwrapImportedKeyMaterial(nobleCryptoProvider, provider, "ECC_NIST_EDWARDS25519", params,
      await wrapKeyMaterial(wrapping.publicKey, der(ed.privateKey), "RSAES_OAEP_SHA_256"));
    const edKey = await loadKey(provider, "ECC_NIST_EDWARDS25519", edMaterial.privateMaterial);
    expect(nodeVerify(null, utf8("m"), ed.publicKey, await edKey.sign({ SigningAlgorithm: "ED25519_SHA_512", Message: utf8("m") }))).toBe(true);
    const secret = new Uint8Array(28).fill(0x41);
    const hmacMaterial = await unwrapImportedKeyMaterial(nobleCryptoProvider, provider, "HMAC_224", params,
      await wrapKeyMaterial(wrapping.publicKey, secret, "RSAES_OAEP_SHA_256"));
    const hmacKey = await loadKey(provider, "HMAC_224", hmacMaterial.privateMaterial);
    expect(hex(hmacKey.generateMac("HMAC_SHA_224", utf8("imported HMAC")))).toBe(createHmac("sha224", secret).update("imported HMAC").digest("hex"));
    expect(nodePublicKey(edKey.publicKey as Uint8Array).asymmetricKeyType).toBe("ed25519");
  });
});
