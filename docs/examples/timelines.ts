// Rotation timelines as data and as a self-contained SVG: with the audit trail they also show
// state and rotation-setting spans, deletion scheduled and done, and the key's events.
import assert from "node:assert/strict";
import { createKms } from "kms-sim";
import { ManualClock, seededRandom } from "kms-sim/testing";
import { renderTimelineSvg, rotationTimeline } from "kms-sim/sim";

const clock = new ManualClock(new Date("2026-01-01T00:00:00Z"));
const kms = createKms({ clock, random: seededRandom("timelines"), audit: true });
const keep = (await kms.createKey({ Description: "orders <prod>" })).KeyMetadata!.KeyId;
const retire = (await kms.createKey({ Description: "tenant 9 (churned)" })).KeyMetadata!.KeyId;
for (const keyId of [keep, retire]) await kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 90 });
clock.advance({ days: 120 });
await kms.disableKey({ KeyId: retire });
clock.advance({ days: 60 });
await kms.scheduleKeyDeletion({ KeyId: retire, PendingWindowInDays: 7 });
clock.advance({ days: 30 });

const retired = await rotationTimeline(kms, retire); // deleted by now: read from the trail
assert.deepEqual(retired.DeletedDate, new Date("2026-07-07T00:00:00Z"));
assert.deepEqual(retired.States?.map((s) => s.KeyState), ["Enabled", "Disabled", "PendingDeletion"]);
assert.deepEqual(retired.KeyMaterials.map((m) => m.Began), ["CREATED", "AUTOMATIC"]);
const kept = await rotationTimeline(kms, keep);
assert.deepEqual(kept.KeyMaterials.map((m) => m.StartDate?.toISOString().slice(0, 10)), ["2026-01-01", "2026-04-01", "2026-06-30"]);

const svg = renderTimelineSvg([kept, retired], { now: clock.now(), title: "Two tenants" });
assert.ok(svg.startsWith("<svg") && svg.includes("orders &lt;prod&gt;") && !svg.includes("<script"));
console.log(`${svg.length} characters of SVG; ${retired.Events?.length} events of the retired key`);
