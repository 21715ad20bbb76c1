// Keys and aliases: lifecycle, identifiers, AWS errors, and the seed page's manual rotation.
import assert from "node:assert/strict";
import { createKms, KMSInvalidStateException, NotFoundException } from "kms-sim";
import { ManualClock, seededRandom } from "kms-sim/testing";

const clock = new ManualClock(new Date("2026-01-01T00:00:00Z"));
const kms = createKms({ clock, random: seededRandom("keys-and-aliases") });

// Every identifier form AWS accepts for DescribeKey.
const { KeyMetadata } = await kms.createKey({ Description: "TestCMK", Tags: [{ TagKey: "team", TagValue: "payments" }] });
const { KeyId, Arn } = KeyMetadata!;
await kms.createAlias({ AliasName: "alias/TestCMK", TargetKeyId: KeyId });
for (const id of [KeyId, Arn!, "alias/TestCMK", `arn:aws:kms:us-east-1:111122223333:alias/TestCMK`]) {
  assert.equal((await kms.describeKey({ KeyId: id })).KeyMetadata?.KeyId, KeyId);
}

// Errors are the AWS exception classes, with AWS's messages.
await assert.rejects(kms.describeKey({ KeyId: "alias/missing" }), NotFoundException);

// Manual rotation: a new key, then UpdateAlias.
const replacement = (await kms.createKey({ Description: "TestCMK v2" })).KeyMetadata!.KeyId;
await kms.updateAlias({ AliasName: "alias/TestCMK", TargetKeyId: replacement });
const [alias] = (await kms.listAliases()).Aliases ?? [];
assert.equal(alias?.TargetKeyId, replacement);

// Deletion: a waiting period, then the key and its aliases are gone.
await kms.updateAlias({ AliasName: "alias/TestCMK", TargetKeyId: KeyId });
const { DeletionDate } = await kms.scheduleKeyDeletion({ KeyId, PendingWindowInDays: 7 });
await assert.rejects(kms.enableKey({ KeyId }), KMSInvalidStateException);
clock.set(DeletionDate!);
await assert.rejects(kms.describeKey({ KeyId }), NotFoundException);
assert.deepEqual((await kms.listAliases()).Aliases, []);
console.log(`deleted ${KeyId} on ${DeletionDate!.toISOString()} with its alias`);
