/**
 * ECDSA on all four curves, cross-checked with node:crypto (OpenSSL) through the DER public key
 * GetPublicKey would return, and with real AWS signatures (some of them high-S).
 */
import { createHash, sign as nodeSign, verify as nodeVerify } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseSpki } from "../../../src/crypto/der.js";
import { seededRandom } from "../../../src/testing/index.js";
import { PROVIDERS, derivedKey, expectKmsError, hex, nodePrivateKey, nodePublicKey, unhex, utf8 } from "../../support/key-types.js";

const AWS = JSON.parse(readFileSync(join(import.meta.dirname, "../../vectors/aws-key-type-signatures.json"), "utf8"));
const CURVES = [
  ["ECC_NIST_P256", "ECDSA_SHA_256", "sha256", "P-256", 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n],
  ["ECC_NIST_P384", "ECDSA_SHA_384", "sha384", "P-384", 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n],
  ["ECC_NIST_P521", "ECDSA_SHA_512", "sha512", "P-521", 0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n],
  ["ECC_SECG_P256K1", "ECDSA_SHA_256", "sha256", "secp256k1", 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n],
] as const;

/** r and s of a DER ECDSA signature. */
function rs(signature: Uint8Array): { r: bigint; s: bigint } {
  let offset = signature[1] === 0x81 ? 3 : 2;
  const read = (): bigint => {
    const length = signature[offset + 1] as number;
    const value = BigInt(`0x${hex(signature.subarray(offset + 2, offset + 2 + length))}`);
    offset += 2 + length;
    return value;
  };
  return { r: read(), s: read() };
}

/** The same signature with s replaced by n - s (the other valid signature for the same r). */
function flipS(signature: Uint8Array, n: bigint): Uint8Array {
  const { r, s } = rs(signature);
  const integer = (v: bigint) => {
    let h = v.toString(16);
    if (h.length % 2) h = `0${h}`;
    if (Number.parseInt(h.slice(0, 2), 16) >= 0x80) h = `00${h}`;
    return `02${(h.length / 2).toString(16).padStart(2, "0")}${h}`;
  };
  const body = integer(r) + integer(n - s);
  const length = body.length / 2;
  return unhex(`30${length >= 0x80 ? "81" : ""}${length.toString(16).padStart(2, "0")}${body}`);
}

describe.each(PROVIDERS)("ECDSA (%s provider)", (_name, provider) => {
  for (const [spec, algorithm, nodeHash, curve, n] of CURVES) {
    describe(spec, () => {
      it("signs RAW and DIGEST messages with DER signatures that node:crypto verifies with the SPKI public key", async () => {
        const { key } = await derivedKey(provider, spec);
        const message = utf8(`release 1.0 on ${spec}`);
        const digest = new Uint8Array(createHash(nodeHash).update(message).digest());
        const raw = await key.sign({ SigningAlgorithm: algorithm, Message: message });
        const fromDigest = await key.sign({ SigningAlgorithm: algorithm, MessageType: "DIGEST", Message: digest });
        expect(raw[0]).toBe(0x30);
        // RFC 6979: the same key and hash give the same signature, whether kms-sim hashed or not.
        expect(hex(fromDigest)).toBe(hex(raw));
        expect(nodeVerify(nodeHash, message, nodePublicKey(key.publicKey as Uint8Array), raw)).toBe(true);
        expect(nodeVerify(nodeHash, utf8("another message"), nodePublicKey(key.publicKey as Uint8Array), raw)).toBe(false);
        await key.verify({ SigningAlgorithm: algorithm, Message: message, Signature: raw });
        await key.verify({ SigningAlgorithm: algorithm, MessageType: "DIGEST", Message: digest, Signature: raw });
      });

      it("verifies node:crypto's signatures, including their high-S twins, and refuses anything else with an empty KMSInvalidSignatureException", async () => {
        const { key, material } = await derivedKey(provider, spec);
        const message = utf8("signed by OpenSSL");
        const signature = new Uint8Array(nodeSign(nodeHash, message, nodePrivateKey(material.privateMaterial)));
        await key.verify({ SigningAlgorithm: algorithm, Message: message, Signature: signature });
        const twin = flipS(signature, n);
        expect(nodeVerify(nodeHash, message, nodePublicKey(key.publicKey as Uint8Array), twin)).toBe(true);
        await key.verify({ SigningAlgorithm: algorithm, Message: message, Signature: twin });
        const tampered = Uint8Array.from(signature);
        tampered[tampered.length - 1]! ^= 1;
        for (const bad of [tampered, utf8("invalid"), new Uint8Array(0)]) {
          await expectKmsError(key.verify({ SigningAlgorithm: algorithm, Message: message, Signature: bad }), "KMSInvalidSignatureException", "");
        }
        await expectKmsError(key.verify({ SigningAlgorithm: algorithm, Message: utf8("other"), Signature: signature }), "KMSInvalidSignatureException", "");
      });

      it("does not normalise S: some of its own signatures are high-S, as AWS's are", async () => {
        const { key } = await derivedKey(provider, spec);
        let high = 0;
        for (let i = 0; i < 12; i++) {
          const signature = await key.sign({ SigningAlgorithm: algorithm, Message: utf8(`message ${i}`) });
          if (rs(signature).s > n / 2n) high++;
          expect(nodeVerify(nodeHash, utf8(`message ${i}`), nodePublicKey(key.publicKey as Uint8Array), signature)).toBe(true);
        }
        expect(high).toBeGreaterThan(0);
        expect(high).toBeLessThan(12);
      });

      it("gives the same key and signatures for the same seed, and AWS-like randomized signatures on request", async () => {
        const a = await derivedKey(provider, spec, 9);
        const b = await derivedKey(PROVIDERS[0]![1], spec, 9);
        expect(hex(a.key.publicKey as Uint8Array)).toBe(hex(b.key.publicKey as Uint8Array));
        const request = { SigningAlgorithm: algorithm, Message: utf8("same") } as const;
        expect(hex(await a.key.sign(request))).toBe(hex(await b.key.sign(request)));
        const random = seededRandom("ecdsa hedging");
        const first = await a.key.sign(request, { random });
        const second = await a.key.sign(request, { random });
        expect(hex(first)).not.toBe(hex(second));
        for (const signature of [first, second]) await a.key.verify({ ...request, Signature: signature });
        expect(parseSpki(a.key.publicKey as Uint8Array)).toMatchObject({ kind: "EC", curve });
      });

      it("verifies AWS's own signatures over the message and over its digest, high-S ones included", async () => {
        const vector = AWS.ecdsa.keys[spec];
        const point = (parseSpki(unhex(vector.publicKey)) as { point: Uint8Array }).point;
        const message = unhex(AWS.ecdsa.message);
        const digest = new Uint8Array(createHash(nodeHash).update(message).digest());
        let high = 0;
        for (const { signature } of vector.signatures as { signature: string }[]) {
          const bytes = unhex(signature);
          if (rs(bytes).s > n / 2n) high++;
          expect(provider.ecc.verify(curve, point, digest, bytes)).toBe(true);
          expect(provider.ecc.verify(curve, point, digest.map((b, i) => (i === 0 ? b ^ 1 : b)), bytes)).toBe(false);
        }
        expect(high).toBeGreaterThan(0);
      });
    });
  }
});
