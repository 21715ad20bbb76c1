/**
 * Known-answer vectors. primitives.json: published vectors every CryptoProvider must reproduce.
 * formats.json: kms-sim's ciphertext blob and envelope message for a fixed seed and clock; a
 * changed byte is a format break. The blob vector is also rebuilt from its documented fields with
 * node:crypto alone, which proves docs/ciphertext-format.md describes the bytes exactly.
 * Regenerate formats.json (only for a deliberate format change): UPDATE_VECTORS=1 npx vitest run test/vectors.test.ts
 */
import { aeskwp } from "@noble/ciphers/aes.js";
import { createCipheriv, createHmac } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { encryptEnvelope, nobleCryptoProvider, type CryptoProvider } from "../src/index.js";
import { nodeCryptoProvider } from "../src/node/index.js";
import { createTestKms } from "./support/create-test-kms.js";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
const bin = (text: string) => new Uint8Array(Buffer.from(text, "hex"));
const dir = join(import.meta.dirname, "vectors");
const primitives = JSON.parse(readFileSync(join(dir, "primitives.json"), "utf8"));

describe.each([
  ["noble", nobleCryptoProvider],
  ["node", nodeCryptoProvider],
] as [string, CryptoProvider][])("%s provider reproduces published vectors", (_, provider) => {
  it("AES-256-GCM", () => {
    const v = primitives.aes256gcm;
    const sealed = provider.aesGcmEncrypt(bin(v.key), bin(v.iv), bin(v.plaintext), bin(v.aad));
    expect(hex(sealed)).toBe(v.ciphertext + v.tag);
    expect(hex(provider.aesGcmDecrypt(bin(v.key), bin(v.iv), sealed, bin(v.aad)) as Uint8Array)).toBe(v.plaintext);
    const bad = Uint8Array.from(sealed);
    bad[0] = (bad[0] as number) ^ 1;
    expect(provider.aesGcmDecrypt(bin(v.key), bin(v.iv), bad, bin(v.aad))).toBeUndefined();
  });

  it("AES key unwrap with padding (RFC 5649) of what @noble/ciphers wraps, and refusal of a tampered wrap", () => {
    const kek = bin("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    for (const length of [1, 7, 20, 32]) {
      const keyData = new Uint8Array(length).map((_, i) => i * 7 + 1);
      const wrapped = aeskwp(kek).encrypt(keyData);
      expect(provider.aesKeyUnwrapPadded(kek, wrapped)).toEqual(keyData);
      const bad = Uint8Array.from(wrapped);
      bad[3] = (bad[3] as number) ^ 1;
      expect(provider.aesKeyUnwrapPadded(kek, bad)).toBeUndefined();
    }
  });

  it("keyed HMAC-SHA256 equals HMAC-SHA256", () => {
    const mac = provider.hmacSha256Keyed(bin(primitives.hmacSha256.key));
    expect(hex(mac(bin(primitives.hmacSha256.data)))).toBe(primitives.hmacSha256.mac);
    expect(hex(mac(bin(primitives.hmacSha256.data)))).toBe(primitives.hmacSha256.mac);
  });

  it("HMAC-SHA256 and SHA-256", () => {
    expect(hex(provider.hmacSha256(bin(primitives.hmacSha256.key), bin(primitives.hmacSha256.data)))).toBe(primitives.hmacSha256.mac);
    expect(hex(provider.sha256(bin(primitives.sha256.data)))).toBe(primitives.sha256.digest);
  });
});

async function makeFormats() {
  const { kms } = createTestKms({ seed: "vectors" });
  const keyId = (await kms.createKey({ Description: "vectors" })).KeyMetadata?.KeyId as string;
  const context = { purpose: "known-answer", "ab": "c" };
  const blob = (await kms.encrypt({ KeyId: keyId, Plaintext: new TextEncoder().encode("kms-sim"), EncryptionContext: context })).CiphertextBlob as Uint8Array;
  const material = kms.snapshot().keys[0]?.materials[0];
  const envelope = await encryptEnvelope(kms, { KeyId: keyId, Plaintext: new TextEncoder().encode("envelope payload, two frames"), EncryptionContext: context }, { frameBytes: 16 });
  return {
    seed: "vectors",
    clock: "2026-01-01T00:00:00.000Z",
    keyId,
    keyMaterialId: material?.id,
    backingKey: material?.secretHex,
    encryptionContext: context,
    plaintext: "kms-sim",
    blob: hex(blob),
    envelope: hex(envelope),
  };
}

describe("format vectors", () => {
  it("the blob and envelope bytes for seed 'vectors' are unchanged", async () => {
    const file = join(dir, "formats.json");
    const actual = await makeFormats();
    if (process.env.UPDATE_VECTORS === "1") writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
    expect(actual).toEqual(JSON.parse(readFileSync(file, "utf8")));
  });

  it("the blob is exactly what docs/ciphertext-format.md describes", () => {
    const v = JSON.parse(readFileSync(join(dir, "formats.json"), "utf8"));
    const blob = bin(v.blob);
    const header = blob.subarray(0, 77);
    expect(header[0]).toBe(0x01);
    expect(hex(header.subarray(1, 17))).toBe(v.keyId.replaceAll("-", ""));
    expect(hex(header.subarray(17, 49))).toBe(v.keyMaterialId);
    const nonce = header.subarray(49, 65);
    const iv = header.subarray(65, 77);
    // SP 800-108 counter-mode KDF, one HMAC-SHA256 block: [1]_4 || label || 0x00 || nonce || [256]_4.
    const kdfInput = Buffer.concat([
      Buffer.from([0, 0, 0, 1]), Buffer.from("kms-sim ciphertext v1"), Buffer.from([0]), Buffer.from(nonce), Buffer.from([0, 0, 1, 0]),
    ]);
    const derived = createHmac("sha256", bin(v.backingKey)).update(kdfInput).digest();
    // Canonical context: count, then sorted pairs, each length-prefixed (big-endian u32).
    const pairs = Object.entries(v.encryptionContext as Record<string, string>).sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    const u32 = (n: number) => Buffer.from([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
    const context = Buffer.concat([u32(pairs.length), ...pairs.flatMap(([k, val]) => [u32(Buffer.byteLength(k)), Buffer.from(k), u32(Buffer.byteLength(val)), Buffer.from(val)])]);
    const cipher = createCipheriv("aes-256-gcm", derived, iv);
    cipher.setAAD(Buffer.concat([header, context]));
    const body = Buffer.concat([cipher.update(v.plaintext), cipher.final(), cipher.getAuthTag()]);
    expect(hex(blob.subarray(77))).toBe(body.toString("hex"));
    expect(nonce.length).toBe(16);
  });
});

describe("providers are byte-compatible", () => {
  it("each decrypts what the other encrypts, and the same seed gives the same bytes", async () => {
    const make = (crypto: CryptoProvider) => createTestKms({ seed: "compat", crypto });
    const a = make(nobleCryptoProvider);
    const b = make(nodeCryptoProvider);
    const idA = (await a.kms.createKey()).KeyMetadata?.KeyId as string;
    const idB = (await b.kms.createKey()).KeyMetadata?.KeyId as string;
    expect(idB).toBe(idA);
    const plaintext = new TextEncoder().encode("same bytes either way");
    const blobA = (await a.kms.encrypt({ KeyId: idA, Plaintext: plaintext, EncryptionContext: { x: "y" } })).CiphertextBlob as Uint8Array;
    const blobB = (await b.kms.encrypt({ KeyId: idB, Plaintext: plaintext, EncryptionContext: { x: "y" } })).CiphertextBlob as Uint8Array;
    expect(hex(blobB)).toBe(hex(blobA));
    expect((await b.kms.decrypt({ CiphertextBlob: blobA, EncryptionContext: { x: "y" } })).Plaintext).toEqual(plaintext);
    const envA = await encryptEnvelope(a.kms, { KeyId: idA, Plaintext: plaintext }, { crypto: nobleCryptoProvider, frameBytes: 8 });
    const envB = await encryptEnvelope(b.kms, { KeyId: idB, Plaintext: plaintext }, { crypto: nodeCryptoProvider, frameBytes: 8 });
    expect(hex(envB)).toBe(hex(envA));
  });
});
