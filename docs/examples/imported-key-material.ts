// Imported key material: import, expiry by the clock, re-import, on-demand rotation of new material.
import assert from "node:assert/strict";
import { createKms, KMSInvalidStateException, type KmsEvent } from "kms-sim";
import { ManualClock, seededRandom, wrapKeyMaterial } from "kms-sim/testing";

const events: KmsEvent[] = [];
const clock = new ManualClock(new Date("2026-01-01T00:00:00Z"));
const kms = createKms({ clock, random: seededRandom("byok"), events: (e) => events.push(e) });

const keyId = (await kms.createKey({ Origin: "EXTERNAL", Description: "bring your own key" })).KeyMetadata!.KeyId;
const importInto = async (bytes: Uint8Array, extra: object) => {
  const p = await kms.getParametersForImport({ KeyId: keyId, WrappingAlgorithm: "RSAES_OAEP_SHA_256", WrappingKeySpec: "RSA_2048" });
  const EncryptedKeyMaterial = await wrapKeyMaterial(p.PublicKey!, bytes, "RSAES_OAEP_SHA_256");
  return (await kms.importKeyMaterial({ KeyId: keyId, ImportToken: p.ImportToken!, EncryptedKeyMaterial, ...extra })).KeyMaterialId!;
};

// Import 256-bit material that expires in 30 days.
const original = new Uint8Array(32).fill(1);
const firstId = await importInto(original, { ValidTo: new Date("2026-01-31T00:00:00Z") });
const blob = (await kms.encrypt({ KeyId: keyId, Plaintext: new TextEncoder().encode("byok") })).CiphertextBlob!;

// The clock expires it: the key waits in PendingImport, and its ciphertexts wait with it.
clock.advance({ days: 30 });
await kms.tick();
assert.equal(events.at(-1)?.["detail-type"], "KMS Imported Key Material Expiration");
await assert.rejects(kms.decrypt({ CiphertextBlob: blob }), KMSInvalidStateException);

// Re-importing the same bytes brings everything back (same KeyMaterialId).
assert.equal(await importInto(original, { ExpirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE" }), firstId);
assert.equal((await kms.decrypt({ CiphertextBlob: blob })).KeyMaterialId, firstId);

// On-demand rotation (current AWS): import NEW material, then RotateKeyOnDemand makes it current.
const secondId = await importInto(new Uint8Array(32).fill(2), { ImportType: "NEW_KEY_MATERIAL", ExpirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE" });
await kms.rotateKeyOnDemand({ KeyId: keyId });
assert.equal((await kms.describeKey({ KeyId: keyId })).KeyMetadata?.CurrentKeyMaterialId, secondId);
assert.equal((await kms.decrypt({ CiphertextBlob: blob })).KeyMaterialId, firstId);
console.log(`imported ${firstId.slice(0, 8)}…, expired, re-imported, rotated on demand to ${secondId.slice(0, 8)}…`);
