/**
 * Every row of the key-type error table (model/key-type-errors.ts, from the reference's tables),
 * raised through the service API by a real request, with AWS's exception class and exact message.
 * A row without a request here fails the completeness test.
 */
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { KEY_TYPE_ERRORS, type KeyTypeErrorId } from "../../../src/model/key-type-errors.js";
import type { Kms } from "../../../src/index.js";
import { createTestKms, newKeyId } from "../../support/create-test-kms.js";
import { ARN, importMaterial, importParameters, utf8 } from "../../support/key-type-service.js";

interface Keys {
  readonly kms: Kms;
  readonly symmetric: string;
  readonly ecc: string;
  readonly ed: string;
  readonly mlDsa: string;
  readonly hmac: string;
  readonly rsa: string;
  readonly agreement: string;
  readonly external: string;
}

const message = utf8("every row");
type Case = { readonly params?: Record<string, string | number>; readonly call: (k: Keys) => Promise<unknown> };

/** One request per row, with the parameters of the message it must produce. */
const CASES: Readonly<Record<KeyTypeErrorId, Case>> = {
  KEY_USAGE_MISSING: { call: (k) => k.kms.createKey({ KeySpec: "ECC_NIST_P256" }) },
  KEY_USAGE_INCOMPATIBLE: { params: { keyUsage: "ENCRYPT_DECRYPT", keySpec: "ECC_NIST_P256" }, call: (k) => k.kms.createKey({ KeySpec: "ECC_NIST_P256", KeyUsage: "ENCRYPT_DECRYPT" }) },
  KEY_SPEC_NOT_FOR_ORIGIN: { params: { keySpec: "ML_DSA_65", origin: "EXTERNAL" }, call: (k) => k.kms.createKey({ KeySpec: "ML_DSA_65", KeyUsage: "SIGN_VERIFY", Origin: "EXTERNAL" }) },
  KEY_SPEC_NOT_IN_REGION: { params: { keySpec: "SM2" }, call: (k) => k.kms.createKey({ KeySpec: "SM2", KeyUsage: "SIGN_VERIFY" }) },
  KEY_PAIR_SPEC_NOT_IN_REGION: { params: { keyPairSpec: "SM2" }, call: (k) => k.kms.generateDataKeyPair({ KeyId: k.symmetric, KeyPairSpec: "SM2" }) },
  KEY_USAGE_INVALID: {
    params: { keyUsage: "SIGN_VERIFY", operation: "GenerateMac" },
    call: (k) => k.kms.generateMac({ KeyId: k.ecc, Message: message, MacAlgorithm: "HMAC_SHA_256" }),
  },
  KEY_SPEC_INVALID_FOR_DATA_KEY_PAIR: {
    params: { keySpec: "RSA_2048", operation: "GenerateDataKeyPair" },
    call: (k) => k.kms.generateDataKeyPair({ KeyId: k.rsa, KeyPairSpec: "ECC_NIST_P256" }),
  },
  KEY_SPEC_INVALID_FOR_DATA_KEY: {
    params: { keySpec: "RSA_2048", operation: "GenerateDataKeyWithoutPlaintext" },
    call: (k) => k.kms.generateDataKeyWithoutPlaintext({ KeyId: k.rsa, KeySpec: "AES_256" }),
  },
  ALGORITHM_INCOMPATIBLE: {
    params: { algorithm: "ECDSA_SHA_384", keySpec: "ECC_NIST_P256" },
    call: (k) => k.kms.verify({ KeyId: k.ecc, Message: message, Signature: new Uint8Array(70), SigningAlgorithm: "ECDSA_SHA_384" }),
  },
  MESSAGE_TYPE_INCOMPATIBLE_WITH_SPEC: {
    params: { messageType: "DIGEST", keySpec: "ML_DSA_44" },
    call: (k) => k.kms.verify({ KeyId: k.mlDsa, Message: new Uint8Array(64), MessageType: "DIGEST", Signature: new Uint8Array(8), SigningAlgorithm: "ML_DSA_SHAKE_256" }),
  },
  MESSAGE_TYPE_INCOMPATIBLE_WITH_ALGORITHM: {
    params: { messageType: "RAW", algorithm: "ED25519_PH_SHA_512" },
    call: (k) => k.kms.sign({ KeyId: k.ed, Message: message, SigningAlgorithm: "ED25519_PH_SHA_512" }),
  },
  DIGEST_LENGTH: {
    params: { algorithm: "ECDSA_SHA_256" },
    call: (k) => k.kms.verify({ KeyId: k.ecc, Message: new Uint8Array(31), MessageType: "DIGEST", Signature: new Uint8Array(70), SigningAlgorithm: "ECDSA_SHA_256" }),
  },
  EXTERNAL_MU_LENGTH: {
    params: { algorithm: "ML_DSA_SHAKE_256" },
    call: (k) => k.kms.sign({ KeyId: k.mlDsa, Message: new Uint8Array(63), MessageType: "EXTERNAL_MU", SigningAlgorithm: "ML_DSA_SHAKE_256" }),
  },
  MESSAGE_EMPTY: { call: (k) => k.kms.verifyMac({ KeyId: k.hmac, Message: new Uint8Array(0), Mac: new Uint8Array(32), MacAlgorithm: "HMAC_SHA_256" }) },
  MESSAGE_TOO_LONG: { call: (k) => k.kms.sign({ KeyId: k.ecc, Message: new Uint8Array(4097), SigningAlgorithm: "ECDSA_SHA_256" }) },
  INVALID_SIGNATURE: { call: (k) => k.kms.verify({ KeyId: k.ed, Message: message, Signature: new Uint8Array(64), SigningAlgorithm: "ED25519_SHA_512" }) },
  INVALID_MAC: { call: (k) => k.kms.verifyMac({ KeyId: k.hmac, Message: message, Mac: new Uint8Array(32), MacAlgorithm: "HMAC_SHA_256", DryRun: true }) },
  PLAINTEXT_TOO_LARGE: {
    params: { algorithm: "RSAES_OAEP_SHA_256", keySpec: "RSA_2048", maxBytes: 190 },
    call: (k) => k.kms.encrypt({ KeyId: k.rsa, Plaintext: new Uint8Array(191), EncryptionAlgorithm: "RSAES_OAEP_SHA_256" }),
  },
  ENCRYPTION_CONTEXT_ASYMMETRIC: {
    call: (k) => k.kms.decrypt({ KeyId: k.rsa, CiphertextBlob: new Uint8Array(256), EncryptionAlgorithm: "RSAES_OAEP_SHA_1", EncryptionContext: { a: "b" } }),
  },
  DECRYPT_KEY_ID_REQUIRED: { call: (k) => k.kms.decrypt({ CiphertextBlob: new Uint8Array(256), EncryptionAlgorithm: "RSAES_OAEP_SHA_256" }) },
  ASYMMETRIC_CIPHERTEXT_INVALID: { call: (k) => k.kms.decrypt({ KeyId: k.rsa, CiphertextBlob: new Uint8Array(256), EncryptionAlgorithm: "RSAES_OAEP_SHA_256" }) },
  PUBLIC_KEY_SYMMETRIC: { call: (k) => k.kms.getPublicKey({ KeyId: k.symmetric }) },
  PEER_PUBLIC_KEY_INVALID: { call: (k) => k.kms.deriveSharedSecret({ KeyId: k.agreement, KeyAgreementAlgorithm: "ECDH", PublicKey: utf8("not a key") }) },
  ROTATION_UNSUPPORTED: { call: (k) => k.kms.enableKeyRotation({ KeyId: k.mlDsa }) },
  INCLUDE_KEY_MATERIAL_SYMMETRIC_ONLY: { call: (k) => k.kms.listKeyRotations({ KeyId: k.hmac, IncludeKeyMaterial: "ROTATIONS_ONLY" }) },
  IMPORT_PARAMETER_SYMMETRIC_ONLY: {
    params: { parameter: "keyMaterialDescription", keySpec: "HMAC_512" },
    call: (k) => importMaterial(k.kms, k.external, new Uint8Array(64).fill(1), { request: { KeyMaterialDescription: "x" } }),
  },
  IMPORT_MATERIAL_MISMATCH: {
    params: { materialId: "<the id of the first import>" },
    call: async (k) => {
      const parameters = await importParameters(k.kms, k.external);
      await importMaterial(k.kms, k.external, new Uint8Array(64).fill(1), { parameters });
      return importMaterial(k.kms, k.external, new Uint8Array(64).fill(2), { parameters });
    },
  },
  IMPORT_MATERIAL_INVALID: { call: (k) => importMaterial(k.kms, k.external, new Uint8Array(63).fill(1)) },
  WRAPPING_INCOMPATIBLE: {
    params: { algorithm: "RSAES_OAEP_SHA_1", wrappingKeySpec: "RSA_3072", keySpec: "RSA_4096" },
    call: async (k) => {
      const rsa = await newKeyId(k.kms, { KeySpec: "RSA_4096", KeyUsage: "ENCRYPT_DECRYPT", Origin: "EXTERNAL" });
      return k.kms.getParametersForImport({ KeyId: rsa, WrappingAlgorithm: "RSAES_OAEP_SHA_1", WrappingKeySpec: "RSA_3072" });
    },
  },
  GRANT_ENCRYPTION_CONTEXT: {
    call: (k) =>
      k.kms.createGrant({
        KeyId: k.ecc,
        GranteePrincipal: "arn:aws:iam::111122223333:role/signer",
        Operations: ["Sign"],
        Constraints: { EncryptionContextSubset: { tenant: "acme" } },
      }),
  },
  DRY_RUN: { call: (k) => k.kms.deriveSharedSecret({ KeyId: k.agreement, KeyAgreementAlgorithm: "ECDH", PublicKey: spkiP256, DryRun: true }) },
};

const spkiP256 = new Uint8Array(generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ format: "der", type: "spki" }));

async function keys(): Promise<Keys> {
  const { kms } = createTestKms();
  return {
    kms,
    symmetric: await newKeyId(kms),
    ecc: await newKeyId(kms, { KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY" }),
    ed: await newKeyId(kms, { KeySpec: "ECC_NIST_EDWARDS25519", KeyUsage: "SIGN_VERIFY" }),
    mlDsa: await newKeyId(kms, { KeySpec: "ML_DSA_44", KeyUsage: "SIGN_VERIFY" }),
    hmac: await newKeyId(kms, { KeySpec: "HMAC_256", KeyUsage: "GENERATE_VERIFY_MAC" }),
    rsa: await newKeyId(kms, { KeySpec: "RSA_2048", KeyUsage: "ENCRYPT_DECRYPT" }),
    agreement: await newKeyId(kms, { KeySpec: "ECC_NIST_P256", KeyUsage: "KEY_AGREEMENT" }),
    external: await newKeyId(kms, { KeySpec: "HMAC_512", KeyUsage: "GENERATE_VERIFY_MAC", Origin: "EXTERNAL" }),
  };
}

describe("the key-type error table through the service", () => {
  it("has a request for every row", () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(KEY_TYPE_ERRORS).sort());
  });

  for (const [id, { params = {}, call }] of Object.entries(CASES) as [KeyTypeErrorId, Case][]) {
    const row = KEY_TYPE_ERRORS[id];
    it(`${id}: ${row.exception.name} with AWS's message (${row.operations.join(", ")})`, async () => {
      const k = await keys();
      let caught: unknown;
      try {
        await call(k);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(row.exception);
      // The key ARN and the material id exist only once the keys do.
      const resolved: Record<string, string | number> = { ...params, arn: ARN(id === "KEY_USAGE_INVALID" ? k.ecc : k.rsa) };
      if (id === "IMPORT_MATERIAL_MISMATCH") {
        resolved.materialId = k.kms.snapshot().keys.find((key) => key.keyId === k.external)?.history.explicit[0]?.id as string;
      }
      expect((caught as Error).message).toBe(row.message(resolved as never));
    });
  }
});
