/**
 * RSA keys: RSASSA-PSS (MGF1 with the same hash, salt = hash length) and PKCS #1 v1.5 over RAW
 * messages and over the caller's digests, verified by node:crypto; RSAES-OAEP both ways with
 * node:crypto and AWS's size limits; seeded generation repeats itself.
 */
import { constants, createHash, generateKeyPairSync, privateDecrypt, publicEncrypt, sign as nodeSign, verify as nodeVerify } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadKey, type LoadedKey } from "../../../src/crypto/loaded-key.js";
import { oaepMaxPlaintextBytes, type RsaKeySpec } from "../../../src/model/algorithms.js";
import { PROVIDERS, derivedKey, expectKmsError, hex, nodePrivateKey, nodePublicKey, unhex, utf8 } from "../../support/key-types.js";

const AWS = JSON.parse(readFileSync(join(import.meta.dirname, "../../vectors/aws-key-type-signatures.json"), "utf8")).rsa;
const HASHES = { SHA_256: ["sha256", 32], SHA_384: ["sha384", 48], SHA_512: ["sha512", 64] } as const;

/** One PKCS #8 RSA key per size, made by OpenSSL (node:crypto), shared by both providers. */
const pkcs8: Partial<Record<RsaKeySpec, Uint8Array>> = {};
beforeAll(() => {
  for (const [spec, bits] of [["RSA_2048", 2048], ["RSA_3072", 3072], ["RSA_4096", 4096]] as const) {
    pkcs8[spec] = new Uint8Array(generateKeyPairSync("rsa", { modulusLength: bits }).privateKey.export({ format: "der", type: "pkcs8" }));
  }
});

describe("AWS's RSA signatures", () => {
  it("use PSS with salt = hash length (a 20-byte salt does not verify) and deterministic PKCS #1 v1.5", () => {
    const publicKey = nodePublicKey(unhex(AWS.publicKey));
    const message = unhex(AWS.message);
    for (const { signingAlgorithm, signature } of AWS.signatures as { signingAlgorithm: string; signature: string }[]) {
      const [hash, saltLength] = HASHES[signingAlgorithm.slice(-7) as keyof typeof HASHES];
      if (signingAlgorithm.startsWith("RSASSA_PSS")) {
        const pss = (salt: number) => ({ key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: salt });
        expect(nodeVerify(hash, message, pss(saltLength), unhex(signature)), signingAlgorithm).toBe(true);
        expect(nodeVerify(hash, message, pss(20), unhex(signature)), signingAlgorithm).toBe(false);
      } else {
        expect(nodeVerify(hash, message, publicKey, unhex(signature)), signingAlgorithm).toBe(true);
      }
    }
  });
});

describe.each(PROVIDERS)("RSA (%s provider)", (_name, provider) => {
  let key2048: LoadedKey;
  beforeAll(async () => {
    key2048 = await loadKey(provider, "RSA_2048", pkcs8.RSA_2048 as Uint8Array);
  });

  for (const scheme of ["RSASSA_PSS", "RSASSA_PKCS1_V1_5"] as const) {
    for (const suffix of ["SHA_256", "SHA_384", "SHA_512"] as const) {
      const algorithm = `${scheme}_${suffix}` as const;
      const [hash, saltLength] = HASHES[suffix];
      it(`${algorithm}: RAW and DIGEST signatures verify with node:crypto and in kms-sim`, async () => {
        const message = utf8(`sign me with ${algorithm}`);
        const digest = new Uint8Array(createHash(hash).update(message).digest());
        const raw = await key2048.sign({ SigningAlgorithm: algorithm, Message: message });
        const fromDigest = await key2048.sign({ SigningAlgorithm: algorithm, MessageType: "DIGEST", Message: digest });
        const publicKey = nodePublicKey(key2048.publicKey as Uint8Array);
        const options = scheme === "RSASSA_PSS" ? { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength } : publicKey;
        for (const signature of [raw, fromDigest]) {
          expect(signature.length).toBe(256);
          expect(nodeVerify(hash, message, options, signature)).toBe(true);
          // Verify accepts a signature of either message type under either message type.
          await key2048.verify({ SigningAlgorithm: algorithm, Message: message, Signature: signature });
          await key2048.verify({ SigningAlgorithm: algorithm, MessageType: "DIGEST", Message: digest, Signature: signature });
        }
        if (scheme === "RSASSA_PKCS1_V1_5") {
          // Deterministic: RAW, DIGEST and OpenSSL give the same bytes.
          expect(hex(fromDigest)).toBe(hex(raw));
          expect(hex(new Uint8Array(nodeSign(hash, message, nodePrivateKey(pkcs8.RSA_2048 as Uint8Array))))).toBe(hex(raw));
        } else {
          expect(nodeVerify(hash, message, { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 20 }, raw)).toBe(false);
        }
        const tampered = Uint8Array.from(raw);
        tampered[100]! ^= 1;
        await expectKmsError(key2048.verify({ SigningAlgorithm: algorithm, Message: message, Signature: tampered }), "KMSInvalidSignatureException", "");
        await expectKmsError(
          key2048.verify({ SigningAlgorithm: algorithm, MessageType: "DIGEST", Message: digest, Signature: tampered }), "KMSInvalidSignatureException", "");
        await expectKmsError(key2048.verify({ SigningAlgorithm: algorithm, Message: message, Signature: new Uint8Array(256).fill(0x78) }),
          "KMSInvalidSignatureException", "");
      });
    }
  }

  it("verifies OpenSSL's PSS signatures over RAW messages and digests", async () => {
    const message = utf8("signed elsewhere");
    const signature = new Uint8Array(nodeSign("sha384", message, { key: nodePrivateKey(pkcs8.RSA_2048 as Uint8Array), padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 48 }));
    await key2048.verify({ SigningAlgorithm: "RSASSA_PSS_SHA_384", Message: message, Signature: signature });
    const digest = new Uint8Array(createHash("sha384").update(message).digest());
    await key2048.verify({ SigningAlgorithm: "RSASSA_PSS_SHA_384", MessageType: "DIGEST", Message: digest, Signature: signature });
    await expectKmsError(key2048.verify({ SigningAlgorithm: "RSASSA_PSS_SHA_512", Message: message, Signature: signature }), "KMSInvalidSignatureException", "");
  });

  for (const spec of ["RSA_2048", "RSA_3072", "RSA_4096"] as const) {
    it(`${spec}: RSAES_OAEP interoperates with node:crypto up to AWS's limit`, async () => {
      const key = await loadKey(provider, spec, pkcs8[spec] as Uint8Array);
      for (const [algorithm, hash, nodeHash] of [["RSAES_OAEP_SHA_1", "SHA-1", "sha1"], ["RSAES_OAEP_SHA_256", "SHA-256", "sha256"]] as const) {
        const max = oaepMaxPlaintextBytes(spec, hash);
        const plaintext = new Uint8Array(max).fill(0x61);
        const ciphertext = await key.encrypt(algorithm, plaintext);
        expect(ciphertext.length).toBe(Number(spec.slice(4)) / 8);
        const opened = privateDecrypt({ key: nodePrivateKey(pkcs8[spec] as Uint8Array), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: nodeHash }, ciphertext);
        expect(hex(new Uint8Array(opened))).toBe(hex(plaintext));
        const fromNode = new Uint8Array(publicEncrypt({ key: nodePublicKey(key.publicKey as Uint8Array), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: nodeHash }, utf8("hello")));
        expect(hex(await key.decrypt(algorithm, fromNode))).toBe(hex(utf8("hello")));
        await expectKmsError(key.encrypt(algorithm, new Uint8Array(max + 1)), "ValidationException",
          `Algorithm ${algorithm} and key spec ${spec} cannot encrypt data larger than ${max} bytes.`);
        // The other hash, a damaged block, a short block: one InvalidCiphertextException, no message.
        const other = algorithm === "RSAES_OAEP_SHA_1" ? "RSAES_OAEP_SHA_256" : "RSAES_OAEP_SHA_1";
        await expectKmsError(key.decrypt(other, fromNode), "InvalidCiphertextException", "");
        await expectKmsError(key.decrypt(algorithm, new Uint8Array(ciphertext.length).fill(0x78)), "InvalidCiphertextException", "");
        await expectKmsError(key.decrypt(algorithm, utf8("short")), "InvalidCiphertextException", "");
      }
      await expectKmsError(key.encrypt(undefined, utf8("x")), "InvalidKeyUsageException", `Algorithm SYMMETRIC_DEFAULT is incompatible with key spec ${spec}.`);
      await expectKmsError(key.decrypt(undefined, utf8("x")), "InvalidCiphertextException", "");
    });
  }

  it("generates platform key pairs that OpenSSL loads", async () => {
    const pair = await provider.rsa.generate(2048);
    const message = utf8("fresh");
    const signature = nodeSign("sha256", message, nodePrivateKey(pair.privateKey));
    expect(nodeVerify("sha256", message, nodePublicKey(pair.publicKey), signature)).toBe(true);
    const loaded = await provider.rsa.load(pair.privateKey);
    expect(loaded?.modulusBits).toBe(2048);
    expect(hex(loaded?.publicKey as Uint8Array)).toBe(hex(pair.publicKey));
  });

  it("refuses to load what is not an RSA private key", async () => {
    expect(await provider.rsa.load(utf8("not a key"))).toBeUndefined();
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ format: "der", type: "pkcs8" });
    expect(await provider.rsa.load(new Uint8Array(ec))).toBeUndefined();
  });
});

describe("seeded RSA generation", () => {
  it("gives the same key pair for the same seed in both providers (slow: pure-JavaScript prime search)", async () => {
    const seed = new Uint8Array(32).fill(0x2a);
    const a = await PROVIDERS[0]![1].rsa.generate(2048, { seed });
    const b = await PROVIDERS[1]![1].rsa.generate(2048, { seed });
    expect(hex(a.publicKey)).toBe(hex(b.publicKey));
    expect(hex(a.privateKey)).toBe(hex(b.privateKey));
    // A known answer: a change in node-forge's prime search (or the seed stream) changes every derived RSA key.
    expect(createHash("sha256").update(a.publicKey).digest("hex")).toBe(KNOWN_SEEDED_2048_SPKI_SHA256);
    const signature = nodeSign("sha256", utf8("m"), nodePrivateKey(a.privateKey));
    expect(nodeVerify("sha256", utf8("m"), nodePublicKey(a.publicKey), signature)).toBe(true);
  }, 120_000);

  it("derives RSA keys from a root only with rsa: 'seeded'", async () => {
    const seeded = await derivedKey(PROVIDERS[1]![1], "RSA_2048", 7, { rsa: "seeded" });
    const again = await derivedKey(PROVIDERS[1]![1], "RSA_2048", 7, { rsa: "seeded" });
    expect(hex(seeded.key.publicKey as Uint8Array)).toBe(hex(again.key.publicKey as Uint8Array));
    const platform = await derivedKey(PROVIDERS[1]![1], "RSA_2048", 7);
    expect(hex(platform.key.publicKey as Uint8Array)).not.toBe(hex(seeded.key.publicKey as Uint8Array));
  }, 120_000);
});

const KNOWN_SEEDED_2048_SPKI_SHA256 = "150654e57189b4a2296d653d5b87fe9b21d8d253cd20318d199415ce3bdb6dfc";
