/**
 * Known-answer vectors. primitives.json: published vectors every CryptoProvider must reproduce.
 * formats.json: kms-sim's ciphertext blob (format 2) and envelope message for a fixed seed and
 * clock; a changed byte is a format break. formats-v1.json: the same made by kms-sim 0.1 (blob
 * format 1, snapshot format 1), frozen: it must keep decrypting after migration. The blob vector is also rebuilt from its documented fields with
 * node:crypto alone, which proves docs/ciphertext-format.md describes the bytes exactly.
 * Regenerate formats.json (only for a deliberate format change): UPDATE_VECTORS=1 npx vitest run test/vectors.test.ts
 */
import { aeskwp } from "@noble/ciphers/aes.js";
import { createCipheriv, createHmac } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decryptEnvelope, encryptEnvelope, nobleCryptoProvider, type CryptoProvider, type KmsSnapshot } from "../src/index.js";
import { nodeCryptoProvider } from "../src/node/index.js";
import { createTestKms } from "./support/create-test-kms.js";
import { derivedMaterialId, derivedSecretHex } from "./support/derived-material.js";

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
  const seedsHex = kms.snapshot().keys[0]?.seedsHex as string;
  const envelope = await encryptEnvelope(kms, { KeyId: keyId, Plaintext: new TextEncoder().encode("envelope payload, two frames"), EncryptionContext: context }, { frameBytes: 16 });
  return {
    seed: "vectors",
    clock: "2026-01-01T00:00:00.000Z",
    keyId,
    keyMaterialId: derivedMaterialId(seedsHex, 1),
    backingKey: derivedSecretHex(seedsHex, 1),
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
    const header = blob.subarray(0, 50);
    expect(header[0]).toBe(0x02);
    expect(header[1]).toBe(0x00);
    expect(hex(header.subarray(2, 18))).toBe(v.keyId.replaceAll("-", ""));
    expect(hex(header.subarray(18, 22))).toBe("00000001");
    const nonce = header.subarray(22, 38);
    const iv = header.subarray(38, 50);
    expect(hex(blob.subarray(50))).toBe(sealByHand(v, header, nonce, iv));
  });

  it("a format-1 blob and envelope (kms-sim 0.1) decrypt after the format-1 snapshot holding their key is migrated", async () => {
    const v1 = JSON.parse(readFileSync(join(dir, "formats-v1.json"), "utf8"));
    // The format-1 blob is what its documentation said: 77-byte header with the material id.
    const blob = bin(v1.blob);
    expect(blob[0]).toBe(0x01);
    expect(hex(blob.subarray(17, 49))).toBe(v1.keyMaterialId);
    expect(hex(blob.subarray(77))).toBe(sealByHand(v1, blob.subarray(0, 77), blob.subarray(49, 65), blob.subarray(65, 77)));
    const created = Date.parse(v1.clock);
    const snapshotV1 = {
      format: "kms-sim-snapshot", version: 1, region: "us-east-1", accountId: "111122223333", settledAt: created,
      keySeq: 1, aliasSeq: 0, random: null, deletedKeyIds: [], importParameters: [], aliases: [],
      keys: [{
        seq: 0, keyId: v1.keyId, arn: `arn:aws:kms:us-east-1:111122223333:key/${v1.keyId}`, createdAt: created,
        description: "vectors", keyUsage: "ENCRYPT_DECRYPT", keySpec: "SYMMETRIC_DEFAULT", origin: "AWS_KMS",
        keyManager: "CUSTOMER", state: "Enabled", deletionAt: null, pendingWindowDays: null, policy: "{}", tags: [],
        materials: [{ id: v1.keyMaterialId, version: 1, createdAt: created, rotationType: null, secretHex: v1.backingKey, import: null }],
        current: 0, rotation: { enabled: false, periodDays: null, nextRotationAt: null },
        onDemand: { count: 0, startedAt: null, completesAt: null }, awsService: null,
      }],
    };
    const { kms } = createTestKms({ state: snapshotV1 as unknown as KmsSnapshot });
    const decrypted = await kms.decrypt({ CiphertextBlob: blob, EncryptionContext: v1.encryptionContext });
    expect(new TextDecoder().decode(decrypted.Plaintext)).toBe(v1.plaintext);
    expect(decrypted.KeyMaterialId).toBe(v1.keyMaterialId);
    expect(new TextDecoder().decode((await decryptEnvelope(kms, bin(v1.envelope))).Plaintext)).toBe("envelope payload, two frames");
    // The migrated key keeps rotating: the new version is derived, the old one still decrypts.
    await kms.rotateKeyOnDemand({ KeyId: v1.keyId });
    const migrated = kms.snapshot();
    expect(migrated.version).toBe(2);
    expect(migrated.keys[0]?.history).toMatchObject({ length: 2, current: 1, explicit: [{ index: 0, id: v1.keyMaterialId, secretHex: v1.backingKey }] });
    expect((await kms.decrypt({ CiphertextBlob: blob, EncryptionContext: v1.encryptionContext })).KeyMaterialId).toBe(v1.keyMaterialId);
    const fresh = (await kms.encrypt({ KeyId: v1.keyId, Plaintext: new Uint8Array([7]) })).CiphertextBlob as Uint8Array;
    expect((await kms.decrypt({ CiphertextBlob: fresh })).KeyMaterialId).toBe(derivedMaterialId(migrated.keys[0]?.seedsHex as string, 2));
  });

  it("an asymmetric key of a format-1 snapshot (kms-sim 0.1 made it no material) gets its seeds at first use, and keeps them", async () => {
    const keyId = "0d0f7b1e-8e1c-4b5f-9a3e-2b6c1d4e5f60";
    const snapshotV1 = {
      format: "kms-sim-snapshot", version: 1, region: "us-east-1", accountId: "111122223333", settledAt: 0,
      keySeq: 1, aliasSeq: 0, random: null, deletedKeyIds: [], importParameters: [], aliases: [],
      keys: [{
        seq: 0, keyId, arn: `arn:aws:kms:us-east-1:111122223333:key/${keyId}`, createdAt: 0,
        description: "0.1 signing key", keyUsage: "SIGN_VERIFY", keySpec: "ECC_NIST_P256", origin: "AWS_KMS",
        keyManager: "CUSTOMER", state: "Enabled", deletionAt: null, pendingWindowDays: null, policy: "{}", tags: [],
        materials: [], current: -1, rotation: { enabled: false, periodDays: null, nextRotationAt: null },
        onDemand: { count: 0, startedAt: null, completesAt: null }, awsService: null,
      }],
    };
    const { kms } = createTestKms({ state: snapshotV1 as unknown as KmsSnapshot });
    expect(kms.snapshot().keys[0]?.seedsHex).toBeNull();
    const publicKey = (await kms.getPublicKey({ KeyId: keyId })).PublicKey;
    const after = kms.snapshot();
    expect(after.keys[0]?.seedsHex).toMatch(/^[0-9a-f]{128}$/);
    expect((await createTestKms({ state: after }).kms.getPublicKey({ KeyId: keyId })).PublicKey).toEqual(publicKey);
  });
});

/** The sealed body of a blob, rebuilt with node:crypto alone from the documented construction. */
function sealByHand(v: { backingKey: string; encryptionContext: Record<string, string>; plaintext: string }, header: Uint8Array, nonce: Uint8Array, iv: Uint8Array): string {
  // SP 800-108 counter-mode KDF, one HMAC-SHA256 block: [1]_4 || label || 0x00 || nonce || [256]_4.
  const kdfInput = Buffer.concat([
    Buffer.from([0, 0, 0, 1]), Buffer.from("kms-sim ciphertext v1"), Buffer.from([0]), Buffer.from(nonce), Buffer.from([0, 0, 1, 0]),
  ]);
  const derived = createHmac("sha256", bin(v.backingKey)).update(kdfInput).digest();
  // Canonical context: count, then sorted pairs, each length-prefixed (big-endian u32).
  const pairs = Object.entries(v.encryptionContext).sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const u32 = (n: number) => Buffer.from([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
  const context = Buffer.concat([u32(pairs.length), ...pairs.flatMap(([k, val]) => [u32(Buffer.byteLength(k)), Buffer.from(k), u32(Buffer.byteLength(val)), Buffer.from(val)])]);
  const cipher = createCipheriv("aes-256-gcm", derived, iv);
  cipher.setAAD(Buffer.concat([header, context]));
  return Buffer.concat([cipher.update(v.plaintext), cipher.final(), cipher.getAuthTag()]).toString("hex");
}

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
