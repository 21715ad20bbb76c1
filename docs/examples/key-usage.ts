// Usage of backing keys: what each backing key produced and opened, and what deleting the key
// (or an EXTERNAL key's material) would make undecryptable.
import assert from "node:assert/strict";
import { createKms } from "kms-sim";
import { ManualClock, seededRandom } from "kms-sim/testing";
import { deletionImpact, keyUsage } from "kms-sim/sim";

const clock = new ManualClock(new Date("2026-01-01T00:00:00Z"));
const kms = createKms({ clock, random: seededRandom("usage") });
const keyId = (await kms.createKey({ Description: "tenant 17" })).KeyMetadata!.KeyId;
await kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 180 });

const old = (await kms.encrypt({ KeyId: keyId, Plaintext: new Uint8Array(16) })).CiphertextBlob!;
await kms.generateDataKey({ KeyId: keyId, KeySpec: "AES_256" });
clock.advance({ days: 200 }); // rotated on 2026-06-30
await kms.generateDataKeyWithoutPlaintext({ KeyId: keyId, KeySpec: "AES_256" });
await kms.decrypt({ CiphertextBlob: old });
await kms.decrypt({ CiphertextBlob: old, EncryptionContext: { wrong: "context" } }).catch(() => undefined); // counts nothing

const usage = await keyUsage(kms, keyId);
assert.deepEqual(
  usage.KeyMaterials.map((m) => [m.Encryptions, m.DataKeys, m.Decryptions]),
  [[1, 1, 1], [0, 1, 0]],
);
assert.deepEqual(usage.KeyMaterials[0]!.LastDecryptedAt, new Date("2026-07-20T00:00:00Z"));

// Before retiring the key: three ciphertexts and data keys would become undecryptable.
const impact = await deletionImpact(kms, keyId);
assert.equal(impact.Ciphertexts, 3);
assert.deepEqual(impact.LastUsedAt, new Date("2026-07-20T00:00:00Z"));
assert.deepEqual(impact.KeyMaterials.map((m) => m.Ciphertexts), [2, 1]);
console.log(`deleting ${keyId} would make ${impact.Ciphertexts} ciphertexts undecryptable; last used ${impact.LastUsedAt?.toISOString()}`);
