/**
 * An independent implementation (node:crypto) of how kms-sim derives backing keys and their ids
 * from a key's seeds (src/service/materials.ts, docs/ciphertext-format.md): tests use it to check
 * the derivation and to know every secret a snapshot implies.
 */
import { createHash, createHmac } from "node:crypto";
import type { KeySnapshot } from "../../src/index.js";

const u32 = (n: number) => Buffer.from([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);

/** The secret of version `version` (1-based) of a key with seeds `seedsHex`, in hex. */
export function derivedSecretHex(seedsHex: string, version: number): string {
  const root = Buffer.from(seedsHex.slice(0, 64), "hex");
  // HKDF-Expand(PRK = root, info = "kms-sim backing key" || u32(version), L = 32): T(1).
  return createHmac("sha256", root).update(Buffer.concat([Buffer.from("kms-sim backing key"), u32(version), Buffer.from([1])])).digest("hex");
}

/** The KeyMaterialId of version `version` (1-based) of a key with seeds `seedsHex`. */
export function derivedMaterialId(seedsHex: string, version: number): string {
  const idSeed = Buffer.from(seedsHex.slice(64), "hex");
  if (version === 1) return idSeed.toString("hex");
  return createHash("sha256").update(Buffer.concat([Buffer.from("kms-sim key material id"), idSeed, u32(version)])).digest("hex");
}

/**
 * Every secret a snapshot's key implies, in hex: its root, each derived version, each explicit one.
 * (The id seed is not secret: it is version 1's KeyMaterialId.)
 */
export function secretsOf(key: KeySnapshot): string[] {
  const out: string[] = [];
  const explicit = new Map(key.history.explicit.map((m) => [m.index, m]));
  if (key.seedsHex) out.push(key.seedsHex.slice(0, 64));
  for (let index = 0; index < key.history.length; index++) {
    const stored = explicit.get(index);
    if (stored) {
      if (stored.secretHex) out.push(stored.secretHex);
    } else if (key.seedsHex) {
      out.push(derivedSecretHex(key.seedsHex, index + 1));
    }
  }
  return out;
}
