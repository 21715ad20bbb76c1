/** The SPKI and PKCS #8 encodings: AWS's exact prefixes and sizes, strict reading. */
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ecPkcs8, ecSpki, ed25519Pkcs8, ed25519Spki, mlDsaSpki, parsePkcs8, parseSpki } from "../../../src/crypto/der.js";
import { hex, unhex } from "../../support/key-types.js";

// DER prefixes before the point or raw key, decoded from AWS's GetPublicKey (key-types-multi-region.md §1).
const PREFIXES = {
  "P-256": "3059301306072a8648ce3d020106082a8648ce3d030107034200",
  "P-384": "3076301006072a8648ce3d020106052b81040022036200",
  "P-521": "30819b301006072a8648ce3d020106052b8104002303818600",
  secp256k1: "3056301006072a8648ce3d020106052b8104000a034200",
} as const;

describe("SubjectPublicKeyInfo", () => {
  it("writes AWS's bytes for every curve, Ed25519 and ML-DSA-44", () => {
    for (const [curve, prefix] of Object.entries(PREFIXES) as [keyof typeof PREFIXES, string][]) {
      const size = { "P-256": 65, "P-384": 97, "P-521": 133, secp256k1: 65 }[curve];
      const point = new Uint8Array(size).fill(4);
      const spki = ecSpki(curve, point);
      expect(hex(spki)).toBe(prefix + hex(point));
      expect(parseSpki(spki)).toEqual({ kind: "EC", curve, point });
    }
    expect(hex(ed25519Spki(new Uint8Array(32)))).toBe(`302a300506032b6570032100${"00".repeat(32)}`);
    const ml = mlDsaSpki("ML-DSA-44", new Uint8Array(1312));
    expect(ml.length).toBe(1334);
    expect(hex(ml.subarray(0, 22))).toBe("30820532300b06096086480165030403110382052100");
  });

  it("reads OpenSSL's RSA keys with their modulus size and refuses malformed DER", () => {
    const rsa = new Uint8Array(generateKeyPairSync("rsa", { modulusLength: 3072 }).publicKey.export({ format: "der", type: "spki" }));
    expect(parseSpki(rsa)).toEqual({ kind: "RSA", modulusBits: 3072 });
    const ec = ecSpki("P-256", new Uint8Array(65).fill(4));
    expect(parseSpki(ec.subarray(0, ec.length - 1))).toBeUndefined();
    expect(parseSpki(new Uint8Array([...ec, 0]))).toBeUndefined();
    // A non-minimal length (0x81 0x59 for 0x59) is BER, not DER.
    expect(parseSpki(unhex(`3081${hex(ec.subarray(1))}`))).toBeUndefined();
    expect(parseSpki(unhex("3003020101"))).toBeUndefined();
  });
});

describe("PKCS #8", () => {
  it("writes AWS's EC form and reads it back, as well as OpenSSL's shorter form", () => {
    const d = new Uint8Array(32).fill(1);
    const point = new Uint8Array(65).fill(4);
    const der = ecPkcs8("P-256", d, point);
    expect(der.length).toBe(150);
    expect(parsePkcs8(der)).toEqual({ kind: "EC", curve: "P-256", privateKey: d, point });
    const openssl = new Uint8Array(generateKeyPairSync("ec", { namedCurve: "P-384" }).privateKey.export({ format: "der", type: "pkcs8" }));
    expect(parsePkcs8(openssl)).toMatchObject({ kind: "EC", curve: "P-384" });
    expect(ed25519Pkcs8(d).length).toBe(48);
    expect(parsePkcs8(ed25519Pkcs8(d))).toEqual({ kind: "ED25519", privateKey: d });
  });

  it("accepts an indefinite-length outer SEQUENCE for RSA and EC keys but not for Ed25519, as AWS does", () => {
    const indefinite = (der: Uint8Array) => {
      const offset = der[1]! & 0x80 ? 2 + (der[1]! & 0x7f) : 2;
      return new Uint8Array([0x30, 0x80, ...der.subarray(offset), 0, 0]);
    };
    const rsa = new Uint8Array(generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "der", type: "pkcs8" }));
    expect(parsePkcs8(indefinite(rsa))).toEqual({ kind: "RSA", der: rsa });
    const ec = ecPkcs8("secp256k1", new Uint8Array(32).fill(2), new Uint8Array(65).fill(4));
    expect(parsePkcs8(indefinite(ec))).toMatchObject({ kind: "EC", curve: "secp256k1" });
    expect(parsePkcs8(indefinite(ed25519Pkcs8(new Uint8Array(32))))).toBeUndefined();
    expect(parsePkcs8(indefinite(ec).subarray(0, 20))).toBeUndefined();
  });

  it("refuses a curve OID in ECPrivateKey that contradicts the algorithm, and unknown key types", () => {
    const p384 = ecPkcs8("P-384", new Uint8Array(48).fill(1), new Uint8Array(97).fill(4));
    expect(parsePkcs8(p384)).toMatchObject({ kind: "EC", curve: "P-384" });
    // Same length, other curve: the ECPrivateKey's [0] parameters now name secp256k1.
    const mixed = unhex(hex(p384).replace("a00706052b81040022", "a00706052b8104000a"));
    expect(hex(mixed)).not.toBe(hex(p384));
    expect(parsePkcs8(mixed)).toBeUndefined();
    const x25519 = new Uint8Array(generateKeyPairSync("x25519").privateKey.export({ format: "der", type: "pkcs8" }));
    expect(parsePkcs8(x25519)).toBeUndefined();
  });
});
