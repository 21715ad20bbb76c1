/**
 * Ed25519 keys: ED25519_SHA_512 is pure Ed25519 (node:crypto verifies it); ED25519_PH_SHA_512 is
 * Ed25519ph over the caller's SHA-512 digest, hashed once more (checked against RFC 8032's test
 * vector and against a signature AWS made).
 */
import { createHash, sign as nodeSign, verify as nodeVerify } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ed25519Pkcs8, parseSpki } from "../../../src/crypto/der.js";
import { loadKey } from "../../../src/crypto/loaded-key.js";
import { PROVIDERS, derivedKey, expectKmsError, hex, nodePrivateKey, nodePublicKey, unhex, utf8 } from "../../support/key-types.js";

const AWS = JSON.parse(readFileSync(join(import.meta.dirname, "../../vectors/aws-key-type-signatures.json"), "utf8")).ed25519;
// RFC 8032 §7.3, Ed25519ph test "abc".
const RFC_PH = {
  secret: "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
  public: "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
  message: "616263",
  signature: "98a70222f0b8121aa9d30f813d683f809e462b469c7ff87639499bb94e6dae4131f85042463c2a355a2003d062adf5aaa10b8c61e636062aaad11c2a26083406",
};
const sha512 = (data: Uint8Array) => new Uint8Array(createHash("sha512").update(data).digest());

describe.each(PROVIDERS)("Ed25519 (%s provider)", (_name, provider) => {
  it("ED25519_SHA_512 signs RAW messages that node:crypto verifies, and repeats exactly", async () => {
    const { key } = await derivedKey(provider, "ECC_NIST_EDWARDS25519");
    const message = utf8("a JWT header.payload");
    const signature = await key.sign({ SigningAlgorithm: "ED25519_SHA_512", MessageType: "RAW", Message: message });
    expect(signature.length).toBe(64);
    expect(nodeVerify(null, message, nodePublicKey(key.publicKey as Uint8Array), signature)).toBe(true);
    expect(hex(await key.sign({ SigningAlgorithm: "ED25519_SHA_512", Message: message }))).toBe(hex(signature));
    await key.verify({ SigningAlgorithm: "ED25519_SHA_512", Message: message, Signature: signature });
  });

  it("verifies node:crypto's Ed25519 signatures and refuses altered ones", async () => {
    const { key, material } = await derivedKey(provider, "ECC_NIST_EDWARDS25519");
    const message = utf8("from OpenSSL");
    const signature = new Uint8Array(nodeSign(null, message, nodePrivateKey(material.privateMaterial)));
    await key.verify({ SigningAlgorithm: "ED25519_SHA_512", Message: message, Signature: signature });
    signature[10]! ^= 0x40;
    await expectKmsError(key.verify({ SigningAlgorithm: "ED25519_SHA_512", Message: message, Signature: signature }), "KMSInvalidSignatureException", "");
  });

  it("ED25519_PH_SHA_512 is Ed25519ph over the 64-byte digest (SHA-512 applied twice)", async () => {
    expect(hex(provider.ed25519.publicKeyOf(unhex(RFC_PH.secret)))).toBe(RFC_PH.public);
    expect(hex(provider.ed25519.signPrehashed(unhex(RFC_PH.secret), unhex(RFC_PH.message)))).toBe(RFC_PH.signature);
    const key = await loadKey(provider, "ECC_NIST_EDWARDS25519", ed25519Pkcs8(unhex(RFC_PH.secret)));
    const digest = sha512(utf8("a large release artifact"));
    const signature = await key.sign({ SigningAlgorithm: "ED25519_PH_SHA_512", MessageType: "DIGEST", Message: digest });
    expect(hex(signature)).toBe(hex(provider.ed25519.signPrehashed(unhex(RFC_PH.secret), digest)));
    await key.verify({ SigningAlgorithm: "ED25519_PH_SHA_512", MessageType: "DIGEST", Message: digest, Signature: signature });
    // A pure Ed25519 verifier does not accept it: the two algorithms are not interchangeable.
    await expectKmsError(key.verify({ SigningAlgorithm: "ED25519_SHA_512", Message: digest, Signature: signature }), "KMSInvalidSignatureException", "");
  });

  it("verifies the signatures AWS made with both algorithms", () => {
    const publicKey = (parseSpki(unhex(AWS.publicKey)) as { publicKey: Uint8Array }).publicKey;
    const message = unhex(AWS.message);
    expect(provider.ed25519.verify(publicKey, message, unhex(AWS.ED25519_SHA_512))).toBe(true);
    const ph = unhex(AWS["ED25519_PH_SHA_512 over SHA-512(message)"]);
    expect(provider.ed25519.verifyPrehashed(publicKey, sha512(message), ph)).toBe(true);
    expect(provider.ed25519.verifyPrehashed(publicKey, message, ph)).toBe(false);
  });

  it("gives the same key and signatures for the same seed", async () => {
    const a = await derivedKey(provider, "ECC_NIST_EDWARDS25519", 4);
    const b = await derivedKey(PROVIDERS[0]![1], "ECC_NIST_EDWARDS25519", 4);
    expect(hex(a.key.publicKey as Uint8Array)).toBe(hex(b.key.publicKey as Uint8Array));
    expect(hex(a.material.privateMaterial)).toBe(hex(b.material.privateMaterial));
    expect(hex((await derivedKey(provider, "ECC_NIST_EDWARDS25519", 5)).key.publicKey as Uint8Array)).not.toBe(hex(a.key.publicKey as Uint8Array));
  });
});
