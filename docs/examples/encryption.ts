// Encryption: Encrypt/Decrypt with context, data keys, envelope messages, ReEncrypt after manual rotation.
import assert from "node:assert/strict";
import { createKms, decryptEnvelope, encryptEnvelope, InvalidCiphertextException } from "kms-sim";
import { ManualClock, seededRandom } from "kms-sim/testing";

const kms = createKms({ clock: new ManualClock(new Date("2026-01-01T00:00:00Z")), random: seededRandom("encryption") });
const oldKey = (await kms.createKey()).KeyMetadata!.KeyId;
await kms.createAlias({ AliasName: "alias/app", TargetKeyId: oldKey });
const text = (s: string) => new TextEncoder().encode(s);

// Encrypt with an encryption context: decrypting needs the same pairs.
const { CiphertextBlob } = await kms.encrypt({ KeyId: "alias/app", Plaintext: text("hello"), EncryptionContext: { tenant: "t-42" } });
await assert.rejects(kms.decrypt({ CiphertextBlob: CiphertextBlob!, EncryptionContext: { tenant: "t-99" } }), InvalidCiphertextException);
assert.equal(new TextDecoder().decode((await kms.decrypt({ CiphertextBlob: CiphertextBlob!, EncryptionContext: { tenant: "t-42" } })).Plaintext), "hello");

// Data keys: a plaintext key to use locally and the same key encrypted under the KMS key.
const dataKey = await kms.generateDataKey({ KeyId: "alias/app", KeySpec: "AES_256" });
assert.deepEqual((await kms.decrypt({ CiphertextBlob: dataKey.CiphertextBlob! })).Plaintext, dataKey.Plaintext);

// Envelope messages for payloads of any size.
const payload = new Uint8Array(3_000_000).fill(42);
const message = await encryptEnvelope(kms, { KeyId: "alias/app", Plaintext: payload, EncryptionContext: { file: "report.pdf" } });
assert.equal((await decryptEnvelope(kms, message)).Plaintext.length, 3_000_000);

// Manual rotation (the seed page): new key, UpdateAlias; old ciphertexts still decrypt; ReEncrypt moves them.
const newKey = (await kms.createKey()).KeyMetadata!.KeyId;
await kms.updateAlias({ AliasName: "alias/app", TargetKeyId: newKey });
const moved = await kms.reEncrypt({
  CiphertextBlob: CiphertextBlob!,
  SourceEncryptionContext: { tenant: "t-42" },
  DestinationKeyId: "alias/app",
  DestinationEncryptionContext: { tenant: "t-42" },
});
assert.equal(moved.SourceKeyId?.endsWith(oldKey), true);
assert.equal(moved.KeyId?.endsWith(newKey), true);
console.log(`re-encrypted from ${oldKey.slice(0, 8)}… to ${newKey.slice(0, 8)}…; envelope of ${message.length} bytes`);
