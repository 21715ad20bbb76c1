// Rotation compliance as AWS Config's cmk-backing-key-rotation-enabled (Security Hub KMS.4)
// judges it: now, at a past instant, and every day of a span.
import assert from "node:assert/strict";
import { createKms } from "kms-sim";
import { ManualClock, seededRandom } from "kms-sim/testing";
import { evaluateRotationCompliance, evaluateRotationComplianceSeries } from "kms-sim/sim";

const clock = new ManualClock(new Date("2026-01-01T00:00:00Z"));
const kms = createKms({ clock, random: seededRandom("compliance"), audit: true });
const rotating = (await kms.createKey()).KeyMetadata!.KeyId;
await kms.enableKeyRotation({ KeyId: rotating, RotationPeriodInDays: 90 });
const forgotten = (await kms.createKey()).KeyMetadata!.KeyId;
await kms.createAwsManagedKey({ Service: "s3" }); // AWS managed: not applicable
clock.advance({ days: 30 });
await kms.enableKeyRotation({ KeyId: forgotten }); // fixed after a month
clock.advance({ days: 335 });

const now = await evaluateRotationCompliance(kms);
assert.deepEqual(now.map((k) => k.Compliance), ["COMPLIANT", "COMPLIANT", "NOT_APPLICABLE"]);
assert.deepEqual(now.map((k) => k.CurrentKeyMaterialAgeDays), [5, 365, 365]);
// The same question with a limit on the current backing key's age, and at a past instant.
assert.equal((await evaluateRotationCompliance(kms, { maxMaterialAgeDays: 180 }))[1]!.Compliance, "NON_COMPLIANT");
const before = await evaluateRotationCompliance(kms, { at: new Date("2026-01-15T00:00:00Z") });
assert.equal(before.find((k) => k.KeyId === forgotten)?.Compliance, "NON_COMPLIANT");

const series = await evaluateRotationComplianceSeries(kms);
assert.equal(series.Days.length, 366);
assert.deepEqual(series.NonCompliantKeys.map((k) => [k.KeyId, k.Days]), [[forgotten, 30]]);
console.log(`non-compliant key-days over the year: ${series.Days.reduce((n, d) => n + d.NonCompliant, 0)}`);
