// Getting started: a KMS with a manual clock, a key, encrypt and decrypt, ten years of rotation.
import assert from "node:assert/strict";
import { createKms } from "kms-sim";
import { ManualClock, seededRandom } from "kms-sim/testing";

const clock = new ManualClock(new Date("2026-01-01T00:00:00Z"));
const kms = createKms({ clock, random: seededRandom("getting-started") });

const { KeyMetadata } = await kms.createKey({ Description: "orders" });
const keyId = KeyMetadata!.KeyId;
await kms.createAlias({ AliasName: "alias/orders", TargetKeyId: keyId });
await kms.enableKeyRotation({ KeyId: "alias/orders" });

const secret = new TextEncoder().encode("card 4111-1111");
const { CiphertextBlob } = await kms.encrypt({ KeyId: "alias/orders", Plaintext: secret });

clock.advance({ years: 10 });
const rotations = (await kms.listKeyRotations({ KeyId: keyId })).Rotations ?? [];
assert.equal(rotations.length, 10);

const decrypted = await kms.decrypt({ CiphertextBlob: CiphertextBlob! });
assert.equal(new TextDecoder().decode(decrypted.Plaintext), "card 4111-1111");
assert.equal(decrypted.KeyMaterialId, KeyMetadata!.CurrentKeyMaterialId);
console.log(`${rotations.length} rotations; the 2026 ciphertext still decrypts with material ${decrypted.KeyMaterialId?.slice(0, 8)}…`);
