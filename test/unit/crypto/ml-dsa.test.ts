/**
 * ML-DSA keys (FIPS 204): checked against a signature AWS made, and the EXTERNAL_MU path against a
 * μ computed independently with node:crypto's SHAKE-256 (μ = SHAKE256(SHAKE256(pk, 64) ‖ 0x00 ‖
 * 0x00 ‖ M, 64), pure ML-DSA with an empty context).
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseSpki } from "../../../src/crypto/der.js";
import { seededRandom } from "../../../src/testing/index.js";
import { PROVIDERS, derivedKey, expectKmsError, hex, unhex, utf8 } from "../../support/key-types.js";

const AWS = JSON.parse(readFileSync(join(import.meta.dirname, "../../vectors/aws-key-type-signatures.json"), "utf8")).mlDsa44;
const shake256 = (data: Uint8Array) => new Uint8Array(createHash("shake256", { outputLength: 64 }).update(data).digest());

/** FIPS 204's μ for pure ML-DSA with an empty context, as AWS's EXTERNAL_MU expects it. */
function mu(rawPublicKey: Uint8Array, message: Uint8Array): Uint8Array {
  const tr = shake256(rawPublicKey);
  return shake256(new Uint8Array([...tr, 0, 0, ...message]));
}

const SETS = [
  ["ML_DSA_44", "ML-DSA-44", 1312, 2420],
  ["ML_DSA_65", "ML-DSA-65", 1952, 3309],
  ["ML_DSA_87", "ML-DSA-87", 2592, 4627],
] as const;

describe.each(PROVIDERS)("ML-DSA (%s provider)", (_name, provider) => {
  it("verifies the signature AWS made, both as RAW and through an independently computed μ", () => {
    const parsed = parseSpki(unhex(AWS.publicKey));
    expect(parsed).toMatchObject({ kind: "ML-DSA", set: "ML-DSA-44" });
    const publicKey = (parsed as { publicKey: Uint8Array }).publicKey;
    const message = unhex(AWS.message);
    const signature = unhex(AWS.signature);
    expect(provider.mlDsa.verify("ML-DSA-44", publicKey, message, signature, { externalMu: false })).toBe(true);
    expect(provider.mlDsa.verify("ML-DSA-44", publicKey, mu(publicKey, message), signature, { externalMu: true })).toBe(true);
    expect(provider.mlDsa.verify("ML-DSA-44", publicKey, utf8("other"), signature, { externalMu: false })).toBe(false);
  });

  for (const [spec, set, publicBytes, signatureBytes] of SETS) {
    it(`${spec}: RAW and EXTERNAL_MU signatures are interchangeable, with FIPS 204 sizes`, async () => {
      const { key } = await derivedKey(provider, spec);
      const parsed = parseSpki(key.publicKey as Uint8Array);
      expect(parsed).toMatchObject({ kind: "ML-DSA", set });
      const publicKey = (parsed as { publicKey: Uint8Array }).publicKey;
      expect(publicKey.length).toBe(publicBytes);
      const message = utf8(`firmware image for ${spec}`);
      const raw = await key.sign({ SigningAlgorithm: "ML_DSA_SHAKE_256", Message: message });
      const external = await key.sign({ SigningAlgorithm: "ML_DSA_SHAKE_256", MessageType: "EXTERNAL_MU", Message: mu(publicKey, message) });
      expect(raw.length).toBe(signatureBytes);
      // Deterministic by default: signing μ is signing the message.
      expect(hex(external)).toBe(hex(raw));
      await key.verify({ SigningAlgorithm: "ML_DSA_SHAKE_256", Message: message, Signature: raw });
      await key.verify({ SigningAlgorithm: "ML_DSA_SHAKE_256", MessageType: "EXTERNAL_MU", Message: mu(publicKey, message), Signature: raw });
      const flipped = Uint8Array.from(raw);
      flipped[0]! ^= 1;
      await expectKmsError(key.verify({ SigningAlgorithm: "ML_DSA_SHAKE_256", Message: message, Signature: flipped }), "KMSInvalidSignatureException", "");
      await expectKmsError(key.verify({ SigningAlgorithm: "ML_DSA_SHAKE_256", Message: message, Signature: utf8("x") }), "KMSInvalidSignatureException", "");
    });
  }

  it("repeats keys and signatures for the same seed; hedged signatures differ per call, as AWS's do", async () => {
    const a = await derivedKey(provider, "ML_DSA_65", 3);
    const b = await derivedKey(PROVIDERS[0]![1], "ML_DSA_65", 3);
    expect(hex(a.key.publicKey as Uint8Array)).toBe(hex(b.key.publicKey as Uint8Array));
    const request = { SigningAlgorithm: "ML_DSA_SHAKE_256", Message: utf8("m") } as const;
    expect(hex(await a.key.sign(request))).toBe(hex(await b.key.sign(request)));
    const random = seededRandom("ml-dsa hedging");
    const first = await a.key.sign(request, { random });
    const second = await a.key.sign(request, { random });
    expect(hex(first)).not.toBe(hex(second));
    await a.key.verify({ ...request, Signature: second });
  });
});
