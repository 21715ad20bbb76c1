// Key types: sign with an asymmetric key, check the signature outside KMS, and rotate the key
// manually (a new key, then UpdateAlias), the only rotation asymmetric and HMAC keys have.
import assert from "node:assert/strict";
import { createPublicKey, verify } from "node:crypto";
import { createKms, KMSInvalidSignatureException, UnsupportedOperationException } from "kms-sim";
import { ManualClock, seededRandom } from "kms-sim/testing";

const clock = new ManualClock(new Date("2026-01-01T00:00:00Z"));
const kms = createKms({ clock, random: seededRandom("key-types") });
const release = new TextEncoder().encode("release 1.0.0");

// A signing key behind an alias; verifiers get its public key once, as DER SubjectPublicKeyInfo.
const first = (await kms.createKey({ KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY", Description: "release signing" })).KeyMetadata!.KeyId;
await kms.createAlias({ AliasName: "alias/release-signing", TargetKeyId: first });
const oldPublicKey = (await kms.getPublicKey({ KeyId: "alias/release-signing" })).PublicKey!;
const oldSignature = (await kms.sign({ KeyId: "alias/release-signing", Message: release, SigningAlgorithm: "ECDSA_SHA_256" })).Signature!;
// Anyone verifies it with OpenSSL (here node:crypto): a DER ECDSA signature over SHA-256.
const spki = (der: Uint8Array) => createPublicKey({ key: Buffer.from(der), format: "der", type: "spki" });
assert.equal(verify("sha256", release, spki(oldPublicKey), oldSignature), true);

// These keys never rotate: AWS refuses automatic and on-demand rotation, and says rotation is off.
await assert.rejects(kms.enableKeyRotation({ KeyId: first }), UnsupportedOperationException);
await assert.rejects(kms.rotateKeyOnDemand({ KeyId: first }), UnsupportedOperationException);
assert.equal((await kms.getKeyRotationStatus({ KeyId: first })).KeyRotationEnabled, false);

// Manual rotation, a year on: a new key of the same spec and usage, and the alias moves to it.
clock.advance({ years: 1 });
const second = (await kms.createKey({ KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY", Description: "release signing 2027" })).KeyMetadata!.KeyId;
await kms.updateAlias({ AliasName: "alias/release-signing", TargetKeyId: second });
const signed = await kms.sign({ KeyId: "alias/release-signing", Message: release, SigningAlgorithm: "ECDSA_SHA_256" });
assert.equal(signed.KeyId, `arn:aws:kms:us-east-1:111122223333:key/${second}`);
const newPublicKey = (await kms.getPublicKey({ KeyId: "alias/release-signing" })).PublicKey!;
assert.equal(verify("sha256", release, spki(newPublicKey), signed.Signature!), true);

// Old signatures: Verify through the moved alias fails, as AWS documents; name the old key instead.
const verifyOld = { Message: release, Signature: oldSignature, SigningAlgorithm: "ECDSA_SHA_256" as const };
await assert.rejects(kms.verify({ KeyId: "alias/release-signing", ...verifyOld }), KMSInvalidSignatureException);
assert.equal((await kms.verify({ KeyId: first, ...verifyOld })).SignatureValid, true);

// When nothing needs the old key any more, schedule its deletion.
await kms.scheduleKeyDeletion({ KeyId: first, PendingWindowInDays: 30 });
console.log(`alias/release-signing now signs with ${second}; ${first} is pending deletion`);
