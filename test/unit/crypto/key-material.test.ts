/** Key material derived from a key's secret root: deterministic, distinct per root and spec, pinned. */
import { describe, expect, it } from "vitest";
import { KeyCache } from "../../../src/crypto/key-cache.js";
import { deriveKeyMaterial, rootSeedSource } from "../../../src/crypto/key-material.js";
import { nobleKeyTypeProvider } from "../../../src/crypto/noble-key-types.js";
import { PROVIDERS, hex, rootMac } from "../../support/key-types.js";

const SPECS = ["ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521", "ECC_SECG_P256K1", "ECC_NIST_EDWARDS25519", "ML_DSA_44", "ML_DSA_65", "ML_DSA_87", "HMAC_224", "HMAC_256", "HMAC_384", "HMAC_512"] as const;

describe("deriveKeyMaterial", () => {
  it("gives the same material for the same root in both providers, and different material per root and per spec", async () => {
    const seen = new Set<string>();
    for (const spec of SPECS) {
      const [a, b, other] = await Promise.all([
        deriveKeyMaterial(PROVIDERS[0]![1], rootMac(1), spec),
        deriveKeyMaterial(PROVIDERS[1]![1], rootMac(1), spec),
        deriveKeyMaterial(PROVIDERS[0]![1], rootMac(2), spec),
      ]);
      expect(hex(a.privateMaterial), spec).toBe(hex(b.privateMaterial));
      expect(hex(a.publicKey ?? new Uint8Array(0)), spec).toBe(hex(b.publicKey ?? new Uint8Array(0)));
      expect(hex(other.privateMaterial), spec).not.toBe(hex(a.privateMaterial));
      seen.add(hex(a.privateMaterial));
    }
    expect(seen.size).toBe(SPECS.length);
  });

  it("is pinned by known answers: a changed byte is a determinism break", async () => {
    const p256 = await deriveKeyMaterial(nobleKeyTypeProvider, rootMac(1), "ECC_NIST_P256");
    const hmac = await deriveKeyMaterial(nobleKeyTypeProvider, rootMac(1), "HMAC_224");
    expect({ p256: hex(p256.publicKey as Uint8Array).slice(-40), hmac: hex(hmac.privateMaterial) }).toEqual(PINNED);
  });

  it("reads counter-mode blocks: 99 bytes are three HMAC outputs of one stream", () => {
    const seed = rootSeedSource(rootMac(3), "ECC_NIST_P521");
    const long = seed(99);
    expect(long.length).toBe(99);
    expect(hex(seed(99))).toBe(hex(long));
    expect(hex(rootSeedSource(rootMac(3), "ECC_NIST_P384")(99))).not.toBe(hex(long));
  });

  it("has no material for SYMMETRIC_DEFAULT or SM2", async () => {
    await expect(deriveKeyMaterial(nobleKeyTypeProvider, rootMac(1), "SM2")).rejects.toThrow(RangeError);
    await expect(deriveKeyMaterial(nobleKeyTypeProvider, rootMac(1), "SYMMETRIC_DEFAULT")).rejects.toThrow(RangeError);
  });
});

describe("KeyCache", () => {
  it("loads once per id, shares concurrent loads, evicts the least recently used and forgets failures", async () => {
    const cache = new KeyCache<string>(2);
    let loads = 0;
    const load = (value: string) => () => {
      loads++;
      return Promise.resolve(value);
    };
    expect(await Promise.all([cache.get("a", load("A")), cache.get("a", load("A2"))])).toEqual(["A", "A"]);
    await cache.get("b", load("B"));
    await cache.get("a", load("A3"));
    await cache.get("c", load("C"));
    expect(loads).toBe(3);
    expect(await cache.get("b", load("B2"))).toBe("B2");
    await expect(cache.get("x", () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await Promise.resolve();
    expect(await cache.get("x", load("X"))).toBe("X");
    expect(() => new KeyCache(0)).toThrow(RangeError);
  });
});

const PINNED = { p256: "0ec7b585eb69ccca90462c1cab2a2a5dca370bc1", hmac: "fd44609fa26b5264a4d2cefebcf7a31fdc2388cadc6918bb7de4539d" };

describe("loaded keys", () => {
  it("never print their private material", async () => {
    const { inspect } = await import("node:util");
    const { loadKey } = await import("../../../src/crypto/loaded-key.js");
    const material = await deriveKeyMaterial(nobleKeyTypeProvider, rootMac(1), "HMAC_256");
    const key = await loadKey(nobleKeyTypeProvider, "HMAC_256", material.privateMaterial);
    const secret = hex(material.privateMaterial);
    for (const text of [JSON.stringify({ key }), String(key), inspect(key, { depth: 5 })]) {
      expect(text).toContain("[HMAC_256 key]");
      expect(text).not.toContain(secret.slice(0, 8));
    }
  });
});
