/**
 * The suites run twice: under TZ=UTC and under TZ=America/New_York (daylight saving). This test
 * pins that a rotation schedule crossing DST changes is the same elapsed-time schedule in both.
 */
import { describe, expect, it } from "vitest";
import { createTestKms, newKeyId } from "../support/create-test-kms.js";

describe("time zones", () => {
  it("runs under the zone the test script set", () => {
    expect(["UTC", "America/New_York"]).toContain(process.env.TZ);
  });

  it("a 90-day period across daylight-saving changes is exactly 90 x 24 hours", async () => {
    const { kms, clock } = createTestKms({ at: new Date("2026-01-10T06:30:00.000Z") });
    const keyId = await newKeyId(kms);
    await kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 90 });
    clock.advance({ days: 365 });
    const dates = (await kms.listKeyRotations({ KeyId: keyId })).Rotations?.map((r) => r.RotationDate?.toISOString());
    expect(dates).toEqual([
      "2026-04-10T06:30:00.000Z",
      "2026-07-09T06:30:00.000Z",
      "2026-10-07T06:30:00.000Z",
      "2027-01-05T06:30:00.000Z",
    ]);
  });
});
