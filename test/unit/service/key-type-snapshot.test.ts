/**
 * Snapshots and change records of asymmetric and HMAC keys: derived keys survive as their seeds,
 * stored material (an RSA pair made at first use, imported material) as explicit material; the RSA
 * pair's change record is the record of the operation that made it.
 */
import { describe, expect, it } from "vitest";
import { createKms, type KmsSnapshot, type StateChange } from "../../../src/index.js";
import { createTestKms, newKeyId } from "../../support/create-test-kms.js";
import { importMaterial, utf8 } from "../../support/key-type-service.js";

const MESSAGE = utf8("survives a restart");
const roundTrip = (snapshot: KmsSnapshot): KmsSnapshot => JSON.parse(JSON.stringify(snapshot)) as KmsSnapshot;

describe("key types in snapshots and change records", () => {
  it("restored keys have the same public keys, signatures and MACs: derived, RSA made at first use, and imported", { timeout: 30_000 }, async () => {
    const { kms } = createTestKms();
    const ecc = await newKeyId(kms, { KeySpec: "ECC_NIST_P521", KeyUsage: "SIGN_VERIFY" });
    const rsa = await newKeyId(kms, { KeySpec: "RSA_2048", KeyUsage: "SIGN_VERIFY" });
    const hmac = await newKeyId(kms, { KeySpec: "HMAC_512", KeyUsage: "GENERATE_VERIFY_MAC", Origin: "EXTERNAL" });
    await importMaterial(kms, hmac, new Uint8Array(100).fill(3));
    const read = async (k: typeof kms) => [
      (await k.getPublicKey({ KeyId: ecc })).PublicKey,
      (await k.sign({ KeyId: ecc, Message: MESSAGE, SigningAlgorithm: "ECDSA_SHA_512" })).Signature,
      (await k.getPublicKey({ KeyId: rsa })).PublicKey,
      (await k.sign({ KeyId: rsa, Message: MESSAGE, SigningAlgorithm: "RSASSA_PKCS1_V1_5_SHA_256" })).Signature,
      (await k.generateMac({ KeyId: hmac, Message: MESSAGE, MacAlgorithm: "HMAC_SHA_512" })).Mac,
    ];
    const before = await read(kms);
    const snapshot = roundTrip(kms.snapshot());
    const saved = new Map(snapshot.keys.map((key) => [key.keyId, key]));
    expect(saved.get(ecc)?.history).toEqual({ length: 0, current: -1, from: 0, made: [], explicit: [] });
    expect(saved.get(rsa)?.history.explicit).toEqual([{ index: 0, id: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown, secretHex: expect.stringMatching(/^30/) as unknown, import: null }]);
    expect(saved.get(hmac)?.history.explicit[0]?.secretHex).toBe("03".repeat(100));
    expect(await read(createKms({ state: snapshot }))).toEqual(before);
  });

  it("an RSA pair is recorded by the operation that made it, and replay needs no randomness to reproduce it", async () => {
    const changes: StateChange[] = [];
    const { kms } = createTestKms({ changes: (change) => changes.push(change) });
    const rsa = await newKeyId(kms, { KeySpec: "RSA_2048", KeyUsage: "SIGN_VERIFY" });
    const initial = roundTrip(kms.snapshot());
    changes.length = 0;
    const signature = (await kms.sign({ KeyId: rsa, Message: MESSAGE, SigningAlgorithm: "RSASSA_PKCS1_V1_5_SHA_512" })).Signature;
    expect(changes).toHaveLength(1);
    expect(changes[0]?.keys?.[0]?.history).toMatchObject({ length: 1, current: 0, from: 0 });
    expect(changes[0]?.usage?.map((u) => [u.keyId, u.usage.uses])).toEqual([[rsa, 1]]);
    // A second use stores no key material again: its record carries the key's usage only.
    await kms.sign({ KeyId: rsa, Message: MESSAGE, SigningAlgorithm: "RSASSA_PKCS1_V1_5_SHA_512" });
    expect(changes).toHaveLength(2);
    expect(changes[1]?.keys).toBeUndefined();
    expect(changes[1]?.usage?.map((u) => [u.keyId, u.usage.uses])).toEqual([[rsa, 2]]);
    const replayed = createKms({
      state: initial,
      replay: JSON.parse(JSON.stringify(changes)) as StateChange[],
      random: () => {
        throw new Error("replay drew random bytes");
      },
    });
    // PKCS #1 v1.5 is deterministic: the same pair gives the same signature.
    expect((await replayed.sign({ KeyId: rsa, Message: MESSAGE, SigningAlgorithm: "RSASSA_PKCS1_V1_5_SHA_512" })).Signature).toEqual(signature);
  });

  it("derived keys emit no key record when used, only their usage; a DryRun or failed first use of an RSA key emits none", async () => {
    const changes: StateChange[] = [];
    const { kms } = createTestKms({ changes: (change) => changes.push(change) });
    const ecc = await newKeyId(kms, { KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY" });
    const rsa = await newKeyId(kms, { KeySpec: "RSA_2048", KeyUsage: "SIGN_VERIFY" });
    changes.length = 0;
    await kms.sign({ KeyId: ecc, Message: MESSAGE, SigningAlgorithm: "ECDSA_SHA_256" });
    // GetKeyLastUsage tracks Sign: the record carries the key's usage, no key material.
    expect(changes.map((change) => [change.keys, change.usage?.map((u) => u.keyId)])).toEqual([[undefined, [ecc]]]);
    changes.length = 0;
    await kms.getPublicKey({ KeyId: ecc });
    await kms.verify({ KeyId: rsa, Message: MESSAGE, Signature: new Uint8Array(256), SigningAlgorithm: "RSASSA_PSS_SHA_256" }).catch(() => undefined);
    await kms.sign({ KeyId: rsa, Message: MESSAGE, SigningAlgorithm: "RSASSA_PSS_SHA_256", DryRun: true }).catch(() => undefined);
    expect(changes).toEqual([]);
  });
});
