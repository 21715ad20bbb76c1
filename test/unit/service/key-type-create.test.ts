/**
 * CreateKey for every key spec and key usage AWS defines: the pairings AWS accepts give AWS's
 * metadata with the one algorithm list (in AWS's order, from native captures), the others AWS's
 * exact refusal; SM2 is refused outside the China Regions. CreateKey makes no key material for
 * any of them (it is derived or made at first use), so it stays instant.
 */
import { describe, expect, it } from "vitest";
import { UnsupportedOperationException, ValidationException, type KeySpec, type KeyUsageType } from "../../../src/index.js";
import { createTestKms, expectError } from "../../support/create-test-kms.js";

const USAGES: readonly KeyUsageType[] = ["ENCRYPT_DECRYPT", "SIGN_VERIFY", "GENERATE_VERIFY_MAC", "KEY_AGREEMENT"];
const RSA_SIGNING = ["RSASSA_PKCS1_V1_5_SHA_256", "RSASSA_PKCS1_V1_5_SHA_384", "RSASSA_PKCS1_V1_5_SHA_512", "RSASSA_PSS_SHA_256", "RSASSA_PSS_SHA_384", "RSASSA_PSS_SHA_512"];
const RSA = { ENCRYPT_DECRYPT: { EncryptionAlgorithms: ["RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"] }, SIGN_VERIFY: { SigningAlgorithms: RSA_SIGNING } };
const ecc = (algorithm: string) => ({ SIGN_VERIFY: { SigningAlgorithms: [algorithm] }, KEY_AGREEMENT: { KeyAgreementAlgorithms: ["ECDH"] } });
const mlDsa = { SIGN_VERIFY: { SigningAlgorithms: ["ML_DSA_SHAKE_256"] } };
const hmac = (bits: number) => ({ GENERATE_VERIFY_MAC: { MacAlgorithms: [`HMAC_SHA_${bits}`] } });

/** What AWS accepts, with the algorithm list DescribeKey shows (key-types-multi-region.md §1). */
const ACCEPTED: Readonly<Record<Exclude<KeySpec, "SM2">, Partial<Record<KeyUsageType, Record<string, string[]>>>>> = {
  SYMMETRIC_DEFAULT: { ENCRYPT_DECRYPT: { EncryptionAlgorithms: ["SYMMETRIC_DEFAULT"] } },
  RSA_2048: RSA,
  RSA_3072: RSA,
  RSA_4096: RSA,
  ECC_NIST_P256: ecc("ECDSA_SHA_256"),
  ECC_NIST_P384: ecc("ECDSA_SHA_384"),
  ECC_NIST_P521: ecc("ECDSA_SHA_512"),
  ECC_SECG_P256K1: { SIGN_VERIFY: { SigningAlgorithms: ["ECDSA_SHA_256"] } },
  ECC_NIST_EDWARDS25519: { SIGN_VERIFY: { SigningAlgorithms: ["ED25519_PH_SHA_512", "ED25519_SHA_512"] } },
  ML_DSA_44: mlDsa,
  ML_DSA_65: mlDsa,
  ML_DSA_87: mlDsa,
  HMAC_224: hmac(224),
  HMAC_256: hmac(256),
  HMAC_384: hmac(384),
  HMAC_512: hmac(512),
};

describe("CreateKey: every key spec and usage", () => {
  for (const [spec, usages] of Object.entries(ACCEPTED) as [Exclude<KeySpec, "SM2">, (typeof ACCEPTED)[keyof typeof ACCEPTED]][]) {
    it(`${spec}: ${Object.keys(usages).join(", ")} accepted with AWS's algorithm list; other usages refused`, async () => {
      const { kms } = createTestKms();
      for (const usage of USAGES) {
        const lists = usages[usage];
        const created = kms.createKey({ KeySpec: spec, KeyUsage: usage });
        if (lists === undefined) {
          await expectError(created, ValidationException, `KeyUsage ${usage} is not compatible with KeySpec ${spec}`);
          continue;
        }
        const metadata = (await created).KeyMetadata;
        const shown = Object.fromEntries(
          ["EncryptionAlgorithms", "SigningAlgorithms", "MacAlgorithms", "KeyAgreementAlgorithms"]
            .filter((name) => metadata?.[name as keyof typeof metadata] !== undefined)
            .map((name) => [name, metadata?.[name as keyof typeof metadata]]),
        );
        expect(shown, `${spec} ${usage}`).toEqual(lists);
        expect([metadata?.KeySpec, metadata?.CustomerMasterKeySpec, metadata?.KeyUsage, metadata?.KeyState]).toEqual([spec, spec, usage, "Enabled"]);
        if (spec !== "SYMMETRIC_DEFAULT") expect(metadata?.CurrentKeyMaterialId).toBeUndefined();
      }
      if (spec !== "SYMMETRIC_DEFAULT") {
        await expectError(kms.createKey({ KeySpec: spec }), ValidationException, "You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.");
      }
      // No key material is made at CreateKey: the state holds the 64 bytes of seeds only.
      expect(kms.snapshot().keys.filter((key) => key.keySpec !== "SYMMETRIC_DEFAULT").every((key) => key.history.length === 0)).toBe(true);
    });
  }

  it("SM2 is refused outside the China Regions, whatever the usage; the deprecated CustomerMasterKeySpec works too", async () => {
    const { kms } = createTestKms();
    for (const usage of ["ENCRYPT_DECRYPT", "SIGN_VERIFY", "KEY_AGREEMENT"] as const) {
      await expectError(kms.createKey({ KeySpec: "SM2", KeyUsage: usage }), UnsupportedOperationException, "KeySpec SM2 is not supported in this Region");
    }
    const legacy = (await kms.createKey({ CustomerMasterKeySpec: "HMAC_512", KeyUsage: "GENERATE_VERIFY_MAC" })).KeyMetadata;
    expect([legacy?.KeySpec, legacy?.MacAlgorithms]).toEqual(["HMAC_512", ["HMAC_SHA_512"]]);
    expect((await kms.listKeys()).Keys).toHaveLength(1);
  });
});
