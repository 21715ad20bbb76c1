import { describe, expect, it } from "vitest";
import { decryptEnvelope, DisabledException, encryptEnvelope, InvalidCiphertextException, nobleCryptoProvider, type CryptoProvider } from "../../src/index.js";
import { createTestKms, expectError, newKeyId } from "../support/create-test-kms.js";

const INVALID = "The ciphertext is invalid or does not match the encryption context.";

function payload(length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (i * 31 + 7) & 0xff;
  return out;
}

/** Splits a message made with frameBytes F into header and frames, for surgery. */
function frames(message: Uint8Array, headerEnd: number): { header: Uint8Array; frames: Uint8Array[] } {
  const view = new DataView(message.buffer, message.byteOffset, message.byteLength);
  const out: Uint8Array[] = [];
  let offset = headerEnd;
  while (offset < message.length) {
    const end = offset + 8 + view.getUint32(offset + 4) + 16;
    out.push(message.subarray(offset, end));
    offset = end;
  }
  return { header: message.subarray(0, headerEnd), frames: out };
}

function headerEnd(message: Uint8Array): number {
  const view = new DataView(message.buffer, message.byteOffset, message.byteLength);
  const wrapped = view.getUint32(24);
  const context = view.getUint32(28 + wrapped);
  return 32 + wrapped + context + 16;
}

const join = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
};

async function setup() {
  const t = createTestKms();
  const keyId = await newKeyId(t.kms);
  return { ...t, keyId };
}

describe("encryptEnvelope and decryptEnvelope", () => {
  it("round-trip payloads of every size around frame boundaries", async () => {
    const { kms, keyId } = await setup();
    for (const length of [0, 1, 99, 100, 101, 250, 1000]) {
      const message = await encryptEnvelope(kms, { KeyId: keyId, Plaintext: payload(length) }, { frameBytes: 100 });
      const out = await decryptEnvelope(kms, message);
      expect(out.Plaintext).toEqual(payload(length));
      expect(out.KeyId).toBe(`arn:aws:kms:us-east-1:111122223333:key/${keyId}`);
      expect(out.EncryptionContext).toEqual({});
    }
  });

  it("round-trips a multi-megabyte payload with the default frames", async () => {
    const { kms, keyId } = await setup();
    const big = payload(3 * 1024 * 1024 + 17);
    const message = await encryptEnvelope(kms, { KeyId: "arn:aws:kms:us-east-1:111122223333:key/" + keyId, Plaintext: big });
    const out = (await decryptEnvelope(kms, message)).Plaintext;
    // Compare as Buffers: element-wise toEqual on megabytes is needlessly slow.
    expect(Buffer.from(out.buffer, out.byteOffset, out.length).equals(Buffer.from(big))).toBe(true);
  });

  it("binds the encryption context and returns it", async () => {
    const { kms, keyId } = await setup();
    const message = await encryptEnvelope(kms, { KeyId: keyId, Plaintext: payload(10), EncryptionContext: { tenant: "t-42", "ünï": "cødé" } });
    expect((await decryptEnvelope(kms, message)).EncryptionContext).toEqual({ tenant: "t-42", "ünï": "cødé" });
    expect((await decryptEnvelope(kms, message, { EncryptionContext: { "ünï": "cødé", tenant: "t-42" } })).Plaintext).toEqual(payload(10));
    await expectError(decryptEnvelope(kms, message, { EncryptionContext: { tenant: "t-99", "ünï": "cødé" } }), InvalidCiphertextException, INVALID);
    await expectError(decryptEnvelope(kms, message, { EncryptionContext: {} }), InvalidCiphertextException, INVALID);
  });

  it("decrypts after the key rotated, naming the material that wrapped the data key", async () => {
    const { kms, keyId } = await setup();
    const material = (await kms.describeKey({ KeyId: keyId })).KeyMetadata?.CurrentKeyMaterialId;
    const message = await encryptEnvelope(kms, { KeyId: keyId, Plaintext: payload(5) });
    for (let i = 0; i < 3; i++) await kms.rotateKeyOnDemand({ KeyId: keyId });
    expect((await decryptEnvelope(kms, message)).KeyMaterialId).toBe(material);
  });

  it("rejects truncation at every frame boundary and inside frames", async () => {
    const { kms, keyId } = await setup();
    const message = await encryptEnvelope(kms, { KeyId: keyId, Plaintext: payload(350) }, { frameBytes: 100 });
    for (let length = 0; length < message.length; length++) {
      await expectError(decryptEnvelope(kms, message.subarray(0, length)), InvalidCiphertextException, INVALID);
    }
  });

  it("rejects reordered, dropped, duplicated and extra frames", async () => {
    const { kms, keyId } = await setup();
    const message = await encryptEnvelope(kms, { KeyId: keyId, Plaintext: payload(350) }, { frameBytes: 100 });
    const { header, frames: [f1, f2, f3, f4] } = frames(message, headerEnd(message));
    const parts = [f1, f2, f3, f4] as Uint8Array[];
    expect(parts.map((f) => f.length)).toEqual([124, 124, 124, 74]);
    const variants = [
      [header, f2, f1, f3, f4],
      [header, f1, f3, f2, f4],
      [header, f1, f2, f4],
      [header, f1, f1, f2, f3, f4],
      [header, f1, f2, f3, f4, f4],
      [header, f1, f2, f3, f4, new Uint8Array([0])],
    ] as Uint8Array[][];
    for (const variant of variants) {
      await expectError(decryptEnvelope(kms, join(variant)), InvalidCiphertextException, INVALID);
    }
    expect((await decryptEnvelope(kms, join([header, ...parts]))).Plaintext).toEqual(payload(350));
  });

  it("rejects every single-byte change of a small message", async () => {
    const { kms, keyId } = await setup();
    const message = await encryptEnvelope(kms, { KeyId: keyId, Plaintext: payload(40), EncryptionContext: { a: "b" } }, { frameBytes: 16 });
    for (let i = 0; i < message.length; i++) {
      const changed = Uint8Array.from(message);
      changed[i] = (changed[i] as number) ^ 0x80;
      await expectError(decryptEnvelope(kms, changed), InvalidCiphertextException);
    }
  });

  it("splicing frames between two messages under the same key fails", async () => {
    const { kms, keyId } = await setup();
    const a = await encryptEnvelope(kms, { KeyId: keyId, Plaintext: payload(150) }, { frameBytes: 100 });
    const b = await encryptEnvelope(kms, { KeyId: keyId, Plaintext: payload(150) }, { frameBytes: 100 });
    const pa = frames(a, headerEnd(a));
    const pb = frames(b, headerEnd(b));
    await expectError(decryptEnvelope(kms, join([pa.header, pb.frames[0] as Uint8Array, pa.frames[1] as Uint8Array])), InvalidCiphertextException);
  });

  it("passes KMS errors through: a disabled key cannot unwrap", async () => {
    const { kms, keyId } = await setup();
    const message = await encryptEnvelope(kms, { KeyId: keyId, Plaintext: payload(5) });
    await kms.disableKey({ KeyId: keyId });
    await expectError(decryptEnvelope(kms, message), DisabledException);
    await expectError(encryptEnvelope(kms, { KeyId: keyId, Plaintext: payload(5) }), DisabledException);
  });

  it("rejects messages that are not envelopes", async () => {
    const { kms } = await setup();
    await expectError(decryptEnvelope(kms, new Uint8Array(100)), InvalidCiphertextException, INVALID);
  });

  it("refuses impossible frame sizes", async () => {
    const { kms, keyId } = await setup();
    await expect(encryptEnvelope(kms, { KeyId: keyId, Plaintext: payload(5) }, { frameBytes: 0 })).rejects.toThrow(RangeError);
  });
});

describe("envelope helpers and the KMS's crypto provider", () => {
  /** A provider that counts payload-sized AES-GCM calls and otherwise is noble. */
  function countingProvider(): { provider: CryptoProvider; calls: { encrypt: number; decrypt: number } } {
    const calls = { encrypt: 0, decrypt: 0 };
    const provider: CryptoProvider = {
      ...nobleCryptoProvider,
      aesGcmEncrypt: (key, iv, plaintext, aad) => {
        if (plaintext.length >= 1000) calls.encrypt++;
        return nobleCryptoProvider.aesGcmEncrypt(key, iv, plaintext, aad);
      },
      aesGcmDecrypt: (key, iv, sealed, aad) => {
        if (sealed.length >= 1000) calls.decrypt++;
        return nobleCryptoProvider.aesGcmDecrypt(key, iv, sealed, aad);
      },
    };
    return { provider, calls };
  }

  it("use the provider the KMS was created with when none is given, and the one given otherwise", async () => {
    const own = countingProvider();
    const { kms } = createTestKms({ crypto: own.provider });
    const keyId = await newKeyId(kms);
    const message = await encryptEnvelope(kms, { KeyId: keyId, Plaintext: payload(5000) });
    expect((await decryptEnvelope(kms, message)).Plaintext).toEqual(payload(5000));
    expect(own.calls).toEqual({ encrypt: 1, decrypt: 1 });
    const other = countingProvider();
    await decryptEnvelope(kms, await encryptEnvelope(kms, { KeyId: keyId, Plaintext: payload(5000) }, { crypto: other.provider }), { crypto: other.provider });
    expect(other.calls).toEqual({ encrypt: 1, decrypt: 1 });
    expect(own.calls).toEqual({ encrypt: 1, decrypt: 1 });
  });
});
