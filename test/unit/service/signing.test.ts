/**
 * Sign, Verify and GetPublicKey through the service, cross-checked with independent
 * implementations: node:crypto (OpenSSL) verifies every ECDSA, RSA and Ed25519 signature with the
 * DER public key from GetPublicKey; @noble's own verifiers check Ed25519ph and ML-DSA (node:crypto
 * on Node 20 has neither).
 */
import { constants, createHash, createPublicKey, verify as nodeVerify } from "node:crypto";
import { ed25519ph } from "@noble/curves/ed25519.js";
import { p256 } from "@noble/curves/nist.js";
import { ml_dsa44, ml_dsa65, ml_dsa87 } from "@noble/post-quantum/ml-dsa.js";
import { describe, expect, it } from "vitest";
import {
  DisabledException,
  DryRunOperationException,
  InvalidKeyUsageException,
  KMSInvalidSignatureException,
  KMSInvalidStateException,
  NotFoundException,
  UnsupportedOperationException,
  ValidationException,
  type Kms,
  type KeySpec,
  type SigningAlgorithmSpec,
} from "../../../src/index.js";
import { parseSpki } from "../../../src/crypto/der.js";
import { createTestKms, DAY, expectError, newKeyId } from "../../support/create-test-kms.js";

const ARN = (keyId: string) => `arn:aws:kms:us-east-1:111122223333:key/${keyId}`;
const MESSAGE = new TextEncoder().encode("kms-sim signs like AWS KMS");
const DRY_RUN = "The request would have succeeded, but the DryRun option is set.";
const nodeKey = (spki: Uint8Array) => createPublicKey({ key: Buffer.from(spki), format: "der", type: "spki" });
const digest = (hash: string, data: Uint8Array) => new Uint8Array(createHash(hash).update(data).digest());

async function signingKey(kms: Kms, KeySpec: KeySpec) {
  const keyId = await newKeyId(kms, { KeySpec, KeyUsage: "SIGN_VERIFY" });
  const publicKey = (await kms.getPublicKey({ KeyId: keyId })).PublicKey as Uint8Array;
  return { keyId, publicKey };
}

describe("Sign and Verify: ECDSA", () => {
  for (const [spec, algorithm, hash] of [
    ["ECC_NIST_P256", "ECDSA_SHA_256", "sha256"],
    ["ECC_NIST_P384", "ECDSA_SHA_384", "sha384"],
    ["ECC_NIST_P521", "ECDSA_SHA_512", "sha512"],
    ["ECC_SECG_P256K1", "ECDSA_SHA_256", "sha256"],
  ] as const) {
    it(`${spec}: DER signatures that node:crypto verifies with the public key from GetPublicKey, RAW and DIGEST alike`, async () => {
      const { kms } = createTestKms();
      const { keyId, publicKey } = await signingKey(kms, spec);
      const raw = await kms.sign({ KeyId: keyId, Message: MESSAGE, SigningAlgorithm: algorithm });
      expect(raw.KeyId).toBe(ARN(keyId));
      expect(raw.SigningAlgorithm).toBe(algorithm);
      const signature = raw.Signature as Uint8Array;
      expect(signature[0]).toBe(0x30);
      expect(nodeVerify(hash, MESSAGE, nodeKey(publicKey), signature)).toBe(true);
      // RFC 6979: the digest of the message signs to the very same bytes.
      const overDigest = await kms.sign({ KeyId: keyId, Message: digest(hash, MESSAGE), MessageType: "DIGEST", SigningAlgorithm: algorithm });
      expect(overDigest.Signature).toEqual(signature);
      expect((await kms.verify({ KeyId: keyId, Message: MESSAGE, Signature: signature, SigningAlgorithm: algorithm })).SignatureValid).toBe(true);
      const asDigest = { KeyId: keyId, Message: digest(hash, MESSAGE), MessageType: "DIGEST" as const, Signature: signature, SigningAlgorithm: algorithm };
      expect(await kms.verify(asDigest)).toEqual({ KeyId: ARN(keyId), SignatureValid: true, SigningAlgorithm: algorithm });
    });
  }

  it("verifies high-S signatures, as AWS does (it does not normalise S either)", async () => {
    const { kms } = createTestKms();
    const { keyId } = await signingKey(kms, "ECC_NIST_P256");
    const signature = (await kms.sign({ KeyId: keyId, Message: MESSAGE, SigningAlgorithm: "ECDSA_SHA_256" })).Signature as Uint8Array;
    const parsed = p256.Signature.fromBytes(signature, "der");
    // (r, n - s) is the same signature's other half: exactly one of the two is high-S.
    const twin = new p256.Signature(parsed.r, p256.Point.CURVE().n - parsed.s).toBytes("der");
    const highS = parsed.hasHighS() ? signature : twin;
    expect(p256.Signature.fromBytes(highS, "der").hasHighS()).toBe(true);
    for (const candidate of [signature, twin]) {
      expect((await kms.verify({ KeyId: keyId, Message: MESSAGE, Signature: candidate, SigningAlgorithm: "ECDSA_SHA_256" })).SignatureValid).toBe(true);
    }
  });

  it("is deterministic by default (RFC 6979) and randomized like AWS's on request", async () => {
    const deterministic = createTestKms().kms;
    const a = await signingKey(deterministic, "ECC_NIST_P256");
    const sign = (kms: Kms, keyId: string) => kms.sign({ KeyId: keyId, Message: MESSAGE, SigningAlgorithm: "ECDSA_SHA_256" }).then((r) => r.Signature);
    expect(await sign(deterministic, a.keyId)).toEqual(await sign(deterministic, a.keyId));
    const randomized = createTestKms({ randomizedSignatures: true }).kms;
    const b = await signingKey(randomized, "ECC_NIST_P256");
    const [first, second] = [await sign(randomized, b.keyId), await sign(randomized, b.keyId)];
    expect(first).not.toEqual(second);
    for (const s of [first, second]) expect(nodeVerify("sha256", MESSAGE, nodeKey(b.publicKey), s as Uint8Array)).toBe(true);
  });
});

describe("Sign and Verify: RSA", () => {
  it("PSS with MGF1 and a salt as long as the hash, PKCS #1 v1.5 deterministic; node:crypto verifies each", { timeout: 30_000 }, async () => {
    const { kms } = createTestKms();
    const { keyId, publicKey } = await signingKey(kms, "RSA_2048");
    expect(publicKey.length).toBe(294);
    for (const [bits, hash] of [[256, "sha256"], [384, "sha384"], [512, "sha512"]] as const) {
      const pss = `RSASSA_PSS_SHA_${bits}` as SigningAlgorithmSpec;
      const pkcs1 = `RSASSA_PKCS1_V1_5_SHA_${bits}` as SigningAlgorithmSpec;
      const saltLength = bits / 8;
      for (const MessageType of ["RAW", "DIGEST"] as const) {
        const Message = MessageType === "RAW" ? MESSAGE : digest(hash, MESSAGE);
        const signed = (await kms.sign({ KeyId: keyId, Message, MessageType, SigningAlgorithm: pss })).Signature as Uint8Array;
        expect(signed.length).toBe(256);
        const key = { key: nodeKey(publicKey), padding: constants.RSA_PKCS1_PSS_PADDING };
        expect(nodeVerify(hash, MESSAGE, { ...key, saltLength }, signed), `${pss} ${MessageType}`).toBe(true);
        // Not OpenSSL's maximum salt, not 20 bytes: exactly the hash length, as AWS's signatures.
        expect(nodeVerify(hash, MESSAGE, { ...key, saltLength: 20 }, signed)).toBe(false);
        expect(nodeVerify(hash, MESSAGE, { ...key, saltLength: 256 - saltLength - 2 }, signed)).toBe(false);
        expect((await kms.verify({ KeyId: keyId, Message, MessageType, Signature: signed, SigningAlgorithm: pss })).SignatureValid).toBe(true);
      }
      const raw = (await kms.sign({ KeyId: keyId, Message: MESSAGE, SigningAlgorithm: pkcs1 })).Signature as Uint8Array;
      const overDigest = (await kms.sign({ KeyId: keyId, Message: digest(hash, MESSAGE), MessageType: "DIGEST", SigningAlgorithm: pkcs1 })).Signature;
      expect(overDigest).toEqual(raw);
      expect(nodeVerify(hash, MESSAGE, nodeKey(publicKey), raw)).toBe(true);
    }
  });
});

describe("Sign and Verify: Ed25519 and ML-DSA", () => {
  it("ED25519_SHA_512 is pure Ed25519 (node:crypto verifies); ED25519_PH_SHA_512 is Ed25519ph over the SHA-512 digest", async () => {
    const { kms } = createTestKms();
    const { keyId, publicKey } = await signingKey(kms, "ECC_NIST_EDWARDS25519");
    expect(publicKey.length).toBe(44);
    const pure = (await kms.sign({ KeyId: keyId, Message: MESSAGE, SigningAlgorithm: "ED25519_SHA_512" })).Signature as Uint8Array;
    expect(pure.length).toBe(64);
    expect(nodeVerify(null, MESSAGE, nodeKey(publicKey), pure)).toBe(true);
    const sha512 = digest("sha512", MESSAGE);
    const ph = (await kms.sign({ KeyId: keyId, Message: sha512, MessageType: "DIGEST", SigningAlgorithm: "ED25519_PH_SHA_512" })).Signature as Uint8Array;
    const raw = (parseSpki(publicKey) as { publicKey: Uint8Array }).publicKey;
    // Ed25519ph prehashes its input: the caller's digest is hashed once more, as AWS documents.
    expect(ed25519ph.verify(ph, sha512, raw)).toBe(true);
    expect(ed25519ph.verify(ph, MESSAGE, raw)).toBe(false);
    expect(nodeVerify(null, sha512, nodeKey(publicKey), ph)).toBe(false);
    const verified = await kms.verify({ KeyId: keyId, Message: sha512, MessageType: "DIGEST", Signature: ph, SigningAlgorithm: "ED25519_PH_SHA_512" });
    expect(verified.SignatureValid).toBe(true);
    // Ed25519 signatures repeat exactly, in AWS too.
    expect((await kms.sign({ KeyId: keyId, Message: MESSAGE, SigningAlgorithm: "ED25519_SHA_512" })).Signature).toEqual(pure);
  });

  for (const [spec, verifier, size] of [
    ["ML_DSA_44", ml_dsa44, 2420],
    ["ML_DSA_65", ml_dsa65, 3309],
    ["ML_DSA_87", ml_dsa87, 4627],
  ] as const) {
    it(`${spec}: pure ML-DSA with an empty context and over an external μ, checked by @noble/post-quantum's verifier`, async () => {
      const { kms } = createTestKms();
      const { keyId, publicKey } = await signingKey(kms, spec);
      const raw = (parseSpki(publicKey) as { publicKey: Uint8Array }).publicKey;
      const signature = (await kms.sign({ KeyId: keyId, Message: MESSAGE, SigningAlgorithm: "ML_DSA_SHAKE_256" })).Signature as Uint8Array;
      expect(signature.length).toBe(size);
      expect(verifier.verify(signature, MESSAGE, raw)).toBe(true);
      const mu = muOf(raw, MESSAGE);
      const overMu = (await kms.sign({ KeyId: keyId, Message: mu, MessageType: "EXTERNAL_MU", SigningAlgorithm: "ML_DSA_SHAKE_256" })).Signature as Uint8Array;
      // A signature over μ is a signature over the message μ stands for.
      expect(verifier.verify(overMu, MESSAGE, raw)).toBe(true);
      const verified = await kms.verify({ KeyId: keyId, Message: MESSAGE, Signature: overMu, SigningAlgorithm: "ML_DSA_SHAKE_256" });
      expect(verified.SignatureValid).toBe(true);
    });
  }
});

/** μ = SHAKE256(SHAKE256(pk, 64) || 0x00 || 0x00 || M, 64) (FIPS 204, pure mode, empty context). */
function muOf(publicKey: Uint8Array, message: Uint8Array): Uint8Array {
  const tr = new Uint8Array(createHash("shake256", { outputLength: 64 }).update(publicKey).digest());
  return new Uint8Array(createHash("shake256", { outputLength: 64 }).update(tr).update(new Uint8Array([0, 0])).update(message).digest());
}

describe("Verify refusals", () => {
  it("never answers SignatureValid false: a bad signature is KMSInvalidSignatureException with an empty message, under DryRun too", async () => {
    const { kms } = createTestKms();
    const { keyId } = await signingKey(kms, "ECC_NIST_P256");
    const signature = (await kms.sign({ KeyId: keyId, Message: MESSAGE, SigningAlgorithm: "ECDSA_SHA_256" })).Signature as Uint8Array;
    const other = new TextEncoder().encode("another message");
    const request = { KeyId: keyId, Message: other, Signature: signature, SigningAlgorithm: "ECDSA_SHA_256" as const };
    await expectError(kms.verify(request), KMSInvalidSignatureException, "");
    await expectError(kms.verify({ ...request, DryRun: true }), KMSInvalidSignatureException, "");
    await expectError(kms.verify({ ...request, Signature: new Uint8Array([1, 2, 3]) }), KMSInvalidSignatureException, "");
    await expectError(kms.verify({ ...request, Message: MESSAGE, DryRun: true }), DryRunOperationException, DRY_RUN);
    await expectError(kms.sign({ KeyId: keyId, Message: MESSAGE, SigningAlgorithm: "ECDSA_SHA_256", DryRun: true }), DryRunOperationException, DRY_RUN);
  });

  it("checks key state, then key usage, then algorithm, then message type and length", async () => {
    const { kms } = createTestKms();
    const { keyId } = await signingKey(kms, "ECC_NIST_P256");
    const base = { KeyId: keyId, Message: MESSAGE, SigningAlgorithm: "ECDSA_SHA_256" as const };
    await expectError(kms.sign({ ...base, SigningAlgorithm: "RSASSA_PSS_SHA_256" }), InvalidKeyUsageException, "Algorithm RSASSA_PSS_SHA_256 is incompatible with key spec ECC_NIST_P256.");
    await expectError(kms.sign({ ...base, MessageType: "EXTERNAL_MU" }), ValidationException, "Message type EXTERNAL_MU is incompatible with key spec ECC_NIST_P256.");
    await expectError(kms.sign({ ...base, MessageType: "DIGEST" }), ValidationException, "Digest is invalid length for algorithm ECDSA_SHA_256.");
    await expectError(
      kms.sign({ ...base, Message: new Uint8Array(4097) }),
      ValidationException,
      "1 validation error detected: Value at 'message' failed to satisfy constraint: Member must have length less than or equal to 4096",
    );
    await expectError(
      kms.sign({ ...base, Message: new Uint8Array(0) }),
      ValidationException,
      "1 validation error detected: Value at 'message' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    const encryption = await newKeyId(kms);
    await expectError(kms.sign({ ...base, KeyId: encryption }), InvalidKeyUsageException, `${ARN(encryption)} key usage is ENCRYPT_DECRYPT which is not valid for Sign.`);
    const mac = await newKeyId(kms, { KeySpec: "HMAC_256", KeyUsage: "GENERATE_VERIFY_MAC" });
    await expectError(
      kms.verify({ ...base, KeyId: mac, Signature: new Uint8Array(8) }),
      InvalidKeyUsageException,
      `${ARN(mac)} key usage is GENERATE_VERIFY_MAC which is not valid for Verify.`,
    );
    await kms.disableKey({ KeyId: keyId });
    await expectError(kms.sign({ ...base, SigningAlgorithm: "RSASSA_PSS_SHA_256" }), DisabledException, `${ARN(keyId)} is disabled.`);
    await kms.scheduleKeyDeletion({ KeyId: keyId });
    await expectError(kms.verify({ ...base, Signature: new Uint8Array(8) }), KMSInvalidStateException, `${ARN(keyId)} is pending deletion.`);
  });

  it("Ed25519 and ML-DSA take only their message types", async () => {
    const { kms } = createTestKms();
    const ed = await newKeyId(kms, { KeySpec: "ECC_NIST_EDWARDS25519", KeyUsage: "SIGN_VERIFY" });
    await expectError(kms.sign({ KeyId: ed, Message: MESSAGE, SigningAlgorithm: "ED25519_PH_SHA_512" }), ValidationException, "Message type RAW is incompatible with algorithm ED25519_PH_SHA_512.");
    await expectError(
      kms.sign({ KeyId: ed, Message: new Uint8Array(64), MessageType: "DIGEST", SigningAlgorithm: "ED25519_SHA_512" }),
      ValidationException,
      "Message type DIGEST is incompatible with algorithm ED25519_SHA_512.",
    );
    await expectError(kms.sign({ KeyId: ed, Message: MESSAGE, MessageType: "EXTERNAL_MU", SigningAlgorithm: "ED25519_SHA_512" }), ValidationException, "Message type EXTERNAL_MU is incompatible with key spec ECC_NIST_EDWARDS25519.");
    const ml = await newKeyId(kms, { KeySpec: "ML_DSA_44", KeyUsage: "SIGN_VERIFY" });
    await expectError(kms.sign({ KeyId: ml, Message: new Uint8Array(64), MessageType: "DIGEST", SigningAlgorithm: "ML_DSA_SHAKE_256" }), ValidationException, "Message type DIGEST is incompatible with key spec ML_DSA_44.");
    await expectError(kms.sign({ KeyId: ml, Message: new Uint8Array(32), MessageType: "EXTERNAL_MU", SigningAlgorithm: "ML_DSA_SHAKE_256" }), ValidationException, "External Mu is invalid length for algorithm ML_DSA_SHAKE_256.");
  });
});

describe("GetPublicKey", () => {
  it("returns the DER SubjectPublicKeyInfo with the key's spec, usage and one algorithm list", async () => {
    const { kms } = createTestKms();
    const signing = await newKeyId(kms, { KeySpec: "ECC_NIST_P384", KeyUsage: "SIGN_VERIFY" });
    const response = await kms.getPublicKey({ KeyId: signing });
    expect({ ...response, PublicKey: response.PublicKey?.length }).toEqual({
      KeyId: ARN(signing),
      PublicKey: 120,
      CustomerMasterKeySpec: "ECC_NIST_P384",
      KeySpec: "ECC_NIST_P384",
      KeyUsage: "SIGN_VERIFY",
      SigningAlgorithms: ["ECDSA_SHA_384"],
    });
    expect(nodeKey(response.PublicKey as Uint8Array).asymmetricKeyDetails?.namedCurve).toBe("secp384r1");
    const agreement = await newKeyId(kms, { KeySpec: "ECC_NIST_P521", KeyUsage: "KEY_AGREEMENT" });
    const forAgreement = await kms.getPublicKey({ KeyId: agreement });
    expect([forAgreement.PublicKey?.length, forAgreement.KeyAgreementAlgorithms, forAgreement.SigningAlgorithms]).toEqual([158, ["ECDH"], undefined]);
    const k1 = await kms.getPublicKey({ KeyId: await newKeyId(kms, { KeySpec: "ECC_SECG_P256K1", KeyUsage: "SIGN_VERIFY" }) });
    expect(k1.PublicKey?.length).toBe(88);
    const ml = await kms.getPublicKey({ KeyId: await newKeyId(kms, { KeySpec: "ML_DSA_44", KeyUsage: "SIGN_VERIFY" }) });
    expect([ml.PublicKey?.length, ml.SigningAlgorithms]).toEqual([1334, ["ML_DSA_SHAKE_256"]]);
  });

  it("answers for a Disabled key (as AWS does), not for one pending deletion, and not for keys without a public key", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms, { KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY" });
    await kms.createAlias({ AliasName: "alias/signer", TargetKeyId: keyId });
    const before = (await kms.getPublicKey({ KeyId: "alias/signer" })).PublicKey;
    await kms.disableKey({ KeyId: keyId });
    expect((await kms.getPublicKey({ KeyId: keyId })).PublicKey).toEqual(before);
    await kms.scheduleKeyDeletion({ KeyId: keyId });
    await expectError(kms.getPublicKey({ KeyId: keyId }), KMSInvalidStateException, `${ARN(keyId)} is pending deletion.`);
    await expectError(kms.getPublicKey({ KeyId: await newKeyId(kms) }), UnsupportedOperationException, "");
    await expectError(kms.getPublicKey({ KeyId: await newKeyId(kms, { KeySpec: "HMAC_384", KeyUsage: "GENERATE_VERIFY_MAC" }) }), UnsupportedOperationException, "");
    await expectError(kms.getPublicKey({ KeyId: "alias/none" }), NotFoundException, "Alias arn:aws:kms:us-east-1:111122223333:alias/none is not found.");
  });

  it("the key pair outlives rotation time: a year later the same key signs with the same public key", async () => {
    const { kms, clock } = createTestKms();
    const { keyId, publicKey } = await signingKey(kms, "ECC_NIST_P256");
    clock.advance(365 * DAY);
    await kms.tick();
    expect((await kms.getPublicKey({ KeyId: keyId })).PublicKey).toEqual(publicKey);
  });
});
