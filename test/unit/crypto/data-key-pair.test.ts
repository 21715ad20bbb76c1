/** GenerateDataKeyPair's pairs load into node:crypto and sign/verify there, in AWS's encodings. */
import { createPublicKey, sign as nodeSign, verify as nodeVerify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateDataKeyPair } from "../../../src/crypto/data-key-pair.js";
import type { DataKeyPairSpec } from "../../../src/model/algorithms.js";
import { seededRandom } from "../../../src/testing/index.js";
import { PROVIDERS, expectKmsError, hex, nodePrivateKey, nodePublicKey, utf8 } from "../../support/key-types.js";

// PKCS #8 sizes AWS returns (native captures); the EC ones carry the curve OID in ECPrivateKey.
const SPECS: [DataKeyPairSpec, string | null, number][] = [
  ["ECC_NIST_P256", "sha256", 150],
  ["ECC_NIST_P384", "sha384", 194],
  ["ECC_NIST_P521", "sha512", 250],
  ["ECC_SECG_P256K1", "sha256", 144],
  ["ECC_NIST_EDWARDS25519", null, 48],
];

describe.each(PROVIDERS)("generateDataKeyPair (%s provider)", (_name, provider) => {
  for (const [spec, hash, privateBytes] of SPECS) {
    it(`${spec}: PKCS #8 of ${privateBytes} bytes that node:crypto loads, matching the SPKI public key`, async () => {
      const pair = await generateDataKeyPair(provider, spec, seededRandom(`pair ${spec}`));
      expect(pair.privateKey.length).toBe(privateBytes);
      const privateKey = nodePrivateKey(pair.privateKey);
      expect(hex(new Uint8Array(createPublicKey(privateKey).export({ format: "der", type: "spki" })))).toBe(hex(pair.publicKey));
      const signature = nodeSign(hash, utf8("payload"), privateKey);
      expect(nodeVerify(hash, utf8("payload"), nodePublicKey(pair.publicKey), signature)).toBe(true);
      // The same random stream gives the same pair; the next draw a different one.
      const random = seededRandom(`pair ${spec}`);
      const again = await generateDataKeyPair(provider, spec, random);
      expect(hex(again.privateKey)).toBe(hex(pair.privateKey));
      expect(hex((await generateDataKeyPair(provider, spec, random)).publicKey)).not.toBe(hex(pair.publicKey));
    });
  }

  it("RSA_2048..4096 pairs come from the platform and load into node:crypto", async () => {
    for (const [spec, bits] of [["RSA_2048", 2048], ["RSA_3072", 3072]] as const) {
      const pair = await generateDataKeyPair(provider, spec, seededRandom("rsa"));
      const privateKey = nodePrivateKey(pair.privateKey);
      expect(privateKey.asymmetricKeyDetails?.modulusLength).toBe(bits);
      expect(pair.privateKey.length).toBeGreaterThan(bits / 2);
      const signature = nodeSign("sha256", utf8("x"), privateKey);
      expect(nodeVerify("sha256", utf8("x"), nodePublicKey(pair.publicKey), signature)).toBe(true);
    }
  });

  it("refuses SM2 (China Regions only)", async () => {
    await expectKmsError(generateDataKeyPair(provider, "SM2", seededRandom("x")), "UnsupportedOperationException", "KeyPairSpec SM2 is not supported in this Region");
  });
});
