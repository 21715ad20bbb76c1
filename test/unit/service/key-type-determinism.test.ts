/**
 * Determinism of the key types: the same seed gives the same public keys, signatures and MACs for
 * ECC, Ed25519, ML-DSA and HMAC keys (derived from each key's seeds, never stored); RSA pairs too
 * with `rsaKeyGeneration: "seeded"`. Another seed gives other keys.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { CreateKeyRequest, Kms, SigningAlgorithmSpec } from "../../../src/index.js";
import { createTestKms } from "../../support/create-test-kms.js";

const MESSAGE = new TextEncoder().encode("same seed, same signature");
const SIGNING: readonly [CreateKeyRequest["KeySpec"], SigningAlgorithmSpec][] = [
  ["ECC_NIST_P256", "ECDSA_SHA_256"],
  ["ECC_NIST_P384", "ECDSA_SHA_384"],
  ["ECC_NIST_P521", "ECDSA_SHA_512"],
  ["ECC_SECG_P256K1", "ECDSA_SHA_256"],
  ["ECC_NIST_EDWARDS25519", "ED25519_SHA_512"],
  ["ML_DSA_44", "ML_DSA_SHAKE_256"],
  ["ML_DSA_65", "ML_DSA_SHAKE_256"],
  ["ML_DSA_87", "ML_DSA_SHAKE_256"],
];
const MACS = [["HMAC_224", "HMAC_SHA_224"], ["HMAC_256", "HMAC_SHA_256"], ["HMAC_384", "HMAC_SHA_384"], ["HMAC_512", "HMAC_SHA_512"]] as const;

async function story(kms: Kms): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const [KeySpec, SigningAlgorithm] of SIGNING) {
    const KeyId = (await kms.createKey({ KeySpec, KeyUsage: "SIGN_VERIFY" })).KeyMetadata?.KeyId as string;
    out.push(KeyId, (await kms.getPublicKey({ KeyId })).PublicKey, (await kms.sign({ KeyId, Message: MESSAGE, SigningAlgorithm })).Signature);
  }
  for (const [KeySpec, MacAlgorithm] of MACS) {
    const KeyId = (await kms.createKey({ KeySpec, KeyUsage: "GENERATE_VERIFY_MAC" })).KeyMetadata?.KeyId as string;
    out.push((await kms.generateMac({ KeyId, Message: MESSAGE, MacAlgorithm })).Mac);
  }
  const agreement = (await kms.createKey({ KeySpec: "ECC_NIST_P256", KeyUsage: "KEY_AGREEMENT" })).KeyMetadata?.KeyId as string;
  const peer = (await kms.getPublicKey({ KeyId: agreement })).PublicKey as Uint8Array;
  out.push((await kms.deriveSharedSecret({ KeyId: agreement, KeyAgreementAlgorithm: "ECDH", PublicKey: peer })).SharedSecret);
  return out;
}

describe("key-type determinism", () => {
  it("the same seed gives the same public keys, signatures, MACs and shared secrets; the state holds no key-type material", async () => {
    const a = createTestKms({ seed: "keys" }).kms;
    const b = createTestKms({ seed: "keys" }).kms;
    const first = await story(a);
    expect(await story(b)).toEqual(first);
    expect(JSON.stringify(b.snapshot())).toBe(JSON.stringify(a.snapshot()));
    // Derived on demand from the 64 bytes of seeds each key draws at CreateKey: nothing else is kept.
    expect(a.snapshot().keys.every((key) => key.history.length === 0 && key.seedsHex?.length === 128)).toBe(true);
    expect(await story(createTestKms({ seed: "other keys" }).kms)).not.toEqual(first);
  });

  it("randomized signatures draw from the seeded source: they differ per call and repeat per seed", async () => {
    const sign = async () => {
      const { kms } = createTestKms({ seed: "hedged", randomizedSignatures: true });
      const KeyId = (await kms.createKey({ KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY" })).KeyMetadata?.KeyId as string;
      const twice = [];
      for (let i = 0; i < 2; i++) twice.push((await kms.sign({ KeyId, Message: MESSAGE, SigningAlgorithm: "ECDSA_SHA_256" })).Signature);
      return twice;
    };
    const [x, y] = await sign();
    expect(x).not.toEqual(y);
    expect(await sign()).toEqual([x, y]);
  });

  it("seeded RSA: the seed determines the pair (a known answer; slow: pure-JavaScript prime search), stored once made", { timeout: 120_000 }, async () => {
    const { kms } = createTestKms({ seed: "rsa", rsaKeyGeneration: "seeded" });
    const KeyId = (await kms.createKey({ KeySpec: "RSA_2048", KeyUsage: "SIGN_VERIFY" })).KeyMetadata?.KeyId as string;
    const publicKey = (await kms.getPublicKey({ KeyId })).PublicKey as Uint8Array;
    expect(publicKey.length).toBe(294);
    // Pinned: a change in the derivation (labels, prime search, encoding) shows here.
    expect(createHash("sha256").update(publicKey).digest("hex")).toBe("d278fe10f13150c95db7ab3e978d6b299d8d78d0fcff8638bf361d04fd559a08");
    expect(kms.snapshot().keys[0]?.history.explicit).toHaveLength(1);
  });
});
