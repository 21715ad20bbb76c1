// The audit trail and GetKeyLastUsage: CloudTrail-shaped records of every call (with its caller) and
// of the service's own rotations, looked up as CloudTrail's LookupEvents does, named by the same event ids.
import assert from "node:assert/strict";
import { createKms } from "kms-sim";
import { ManualClock, seededRandom } from "kms-sim/testing";
import { lookupEvents } from "kms-sim/sim";

const clock = new ManualClock(new Date("2026-01-01T00:00:00Z"));
const kms = createKms({ clock, random: seededRandom("audit"), audit: true });
const { KeyMetadata } = await kms.createKey({ Description: "orders" });
const keyId = KeyMetadata!.KeyId;
await kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 90 });

clock.advance({ hours: 1 });
const card = new TextEncoder().encode("4111 1111 1111 1111");
await kms.encrypt({ KeyId: keyId, Plaintext: card, EncryptionContext: { order: "42" } });
clock.advance({ days: 100 }); // a rotation falls due on 2026-04-01
await kms.disableKey({ KeyId: keyId });
await kms.encrypt({ KeyId: keyId, Plaintext: card }).catch(() => undefined); // DisabledException: recorded too

// GetKeyLastUsage: the last successful cryptographic call, with or without a trail.
const { KeyLastUsage } = await kms.getKeyLastUsage({ KeyId: keyId });
assert.equal(KeyLastUsage?.Operation, "Encrypt");
assert.deepEqual(KeyLastUsage?.Timestamp, new Date("2026-01-01T01:00:00Z"));

// lookupEvents: by key (ARN or id), by event name, by time range; oldest first, 50 a page.
const { Events } = await lookupEvents(kms, { LookupAttributes: [{ AttributeKey: "ResourceName", AttributeValue: keyId }] });
// Every call is recorded, reads too (GetKeyLastUsage above), as CloudTrail records them.
assert.deepEqual(Events.map((e) => e.EventName), ["CreateKey", "EnableKeyRotation", "Encrypt", "RotateKey", "DisableKey", "Encrypt", "GetKeyLastUsage"]);
const encrypt = JSON.parse(Events[2]!.CloudTrailEvent);
assert.equal(encrypt.eventID, KeyLastUsage?.CloudTrailEventId);
assert.deepEqual(encrypt.requestParameters, { keyId, encryptionContext: { order: "42" }, encryptionAlgorithm: "SYMMETRIC_DEFAULT" });
assert.equal(encrypt.additionalEventData.keyMaterialId, KeyMetadata!.CurrentKeyMaterialId);
assert.ok(Events.every((e) => !e.CloudTrailEvent.includes("4111"))); // plaintexts are never recorded
const rotation = JSON.parse(Events[3]!.CloudTrailEvent);
assert.deepEqual([rotation.eventType, rotation.eventTime, rotation.serviceEventDetails.rotationType], ["AwsServiceEvent", "2026-04-01T00:00:00Z", "AUTOMATIC"]);
assert.equal(JSON.parse(Events[5]!.CloudTrailEvent).errorCode, "DisabledException");

const failures = await lookupEvents(kms, { LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "Encrypt" }], StartTime: new Date("2026-02-01T00:00:00Z") });
assert.equal(failures.Events.length, 1);
// Who called: kms.as(caller)'s principal, as CloudTrail's userIdentity describes it; refusals too.
kms.putPrincipal("arn:aws:iam::111122223333:role/app", { Policies: [{ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "kms:Encrypt", Resource: "*" }] }] });
await kms.enableKey({ KeyId: keyId });
const app = kms.as("arn:aws:iam::111122223333:role/app"); // allowed kms:Encrypt, not kms:Decrypt
const { CiphertextBlob } = await app.encrypt({ KeyId: keyId, Plaintext: card });
await app.decrypt({ CiphertextBlob }).catch(() => undefined);
const [encrypted, refused] = (await lookupEvents(kms, { LookupAttributes: [{ AttributeKey: "Username", AttributeValue: "kms-sim" }] })).Events;
assert.equal(JSON.parse(refused!.CloudTrailEvent).errorCode, "AccessDeniedException");
assert.equal(JSON.parse(encrypted!.CloudTrailEvent).userIdentity.sessionContext.sessionIssuer.arn, "arn:aws:iam::111122223333:role/app");

for (const e of Events) console.log(e.EventTime.toISOString(), e.EventName, JSON.parse(e.CloudTrailEvent).errorCode ?? "");
