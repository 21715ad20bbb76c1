/**
 * Rotation compliance as AWS Config's cmk-backing-key-rotation-enabled (Security Hub KMS.4) judges
 * it, at the present, at past instants (from the trail) and as a daily series, on a small fixed fleet.
 */
import { describe, expect, it } from "vitest";
import { evaluateRotationCompliance, evaluateRotationComplianceSeries } from "../../../src/sim/index.js";
import { at, createTestKms, newKeyId, T0 } from "../../support/create-test-kms.js";

async function fleet() {
  const t = createTestKms({ audit: true });
  const { kms, clock } = t;
  const rotating = await newKeyId(kms);
  await kms.enableKeyRotation({ KeyId: rotating, RotationPeriodInDays: 90 });
  const plain = await newKeyId(kms);
  const managed = (await kms.createAwsManagedKey({ Service: "s3" })).KeyMetadata?.KeyId as string;
  const external = await newKeyId(kms, { Origin: "EXTERNAL" });
  const signing = await newKeyId(kms, { KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY" });
  const dormant = await newKeyId(kms);
  await kms.enableKeyRotation({ KeyId: dormant, RotationPeriodInDays: 90 });
  clock.advance({ days: 10 });
  await kms.disableKey({ KeyId: dormant });
  const retired = await newKeyId(kms);
  clock.advance({ days: 10 });
  await kms.scheduleKeyDeletion({ KeyId: retired, PendingWindowInDays: 7 });
  clock.advance({ days: 130 });
  await kms.enableKeyRotation({ KeyId: plain, RotationPeriodInDays: 365 });
  await kms.tick();
  return { ...t, rotating, plain, managed, external, signing, dormant, retired };
}

describe("evaluateRotationCompliance", () => {
  it("judges every key as the AWS Config rule does, with its current backing key's age", async () => {
    const { kms, rotating, plain, managed, external, signing, dormant } = await fleet();
    // 2026-05-31: rotating rotated on 04-01 (60 days ago); dormant, disabled since 01-11, never did.
    expect(await evaluateRotationCompliance(kms)).toEqual([
      { KeyId: rotating, Compliance: "COMPLIANT", CurrentKeyMaterialAgeDays: 60 },
      { KeyId: plain, Compliance: "COMPLIANT", CurrentKeyMaterialAgeDays: 150 },
      { KeyId: managed, Compliance: "NOT_APPLICABLE", CurrentKeyMaterialAgeDays: 150 },
      { KeyId: external, Compliance: "NOT_APPLICABLE" },
      { KeyId: signing, Compliance: "NOT_APPLICABLE" },
      { KeyId: dormant, Compliance: "COMPLIANT", CurrentKeyMaterialAgeDays: 150 },
    ]);
    const strict = await evaluateRotationCompliance(kms, { maxMaterialAgeDays: 100 });
    expect(strict.map((k) => k.Compliance)).toEqual(["COMPLIANT", "NON_COMPLIANT", "NOT_APPLICABLE", "NOT_APPLICABLE", "NOT_APPLICABLE", "NON_COMPLIANT"]);
  });

  it("judges a past instant from the audit trail, keys since deleted included", async () => {
    const { kms, rotating, plain, managed, external, signing, dormant, retired } = await fleet();
    expect(await evaluateRotationCompliance(kms, { at: at("2026-01-15T00:00:00Z") })).toEqual([
      { KeyId: rotating, Compliance: "COMPLIANT", CurrentKeyMaterialAgeDays: 14 },
      { KeyId: plain, Compliance: "NON_COMPLIANT", CurrentKeyMaterialAgeDays: 14 },
      { KeyId: managed, Compliance: "NOT_APPLICABLE", CurrentKeyMaterialAgeDays: 14 },
      { KeyId: external, Compliance: "NOT_APPLICABLE" },
      { KeyId: signing, Compliance: "NOT_APPLICABLE" },
      { KeyId: dormant, Compliance: "COMPLIANT", CurrentKeyMaterialAgeDays: 14 },
      { KeyId: retired, Compliance: "NON_COMPLIANT", CurrentKeyMaterialAgeDays: 4 },
    ]);
    const pending = await evaluateRotationCompliance(kms, { at: at("2026-01-25T00:00:00Z") });
    expect(pending.find((k) => k.KeyId === retired)?.Compliance).toBe("NOT_APPLICABLE");
    expect((await evaluateRotationCompliance(kms, { at: at("2026-02-01T00:00:00Z") })).map((k) => k.KeyId)).not.toContain(retired);
  });

  it("refuses the future, and the past without a trail", async () => {
    const { kms, clock } = createTestKms();
    await expect(evaluateRotationCompliance(kms, { at: at("2026-02-01T00:00:00Z") })).rejects.toThrow(RangeError);
    clock.advance({ days: 1 });
    await expect(evaluateRotationCompliance(kms, { at: T0 })).rejects.toThrow("this KMS keeps no audit trail");
    await expect(evaluateRotationCompliance(kms, { maxMaterialAgeDays: -1 })).rejects.toThrow("maxMaterialAgeDays must be a non-negative number, got -1");
  });
});

describe("evaluateRotationComplianceSeries", () => {
  it("counts the fleet every day and names the keys that were ever NON_COMPLIANT", async () => {
    const { kms, plain, dormant, retired } = await fleet();
    const series = await evaluateRotationComplianceSeries(kms, { maxMaterialAgeDays: 100 });
    expect([series.StartDate, series.EndDate, series.Days.length]).toEqual([T0, at("2026-05-31T00:00:00Z"), 151]);
    const day = (iso: string) => series.Days.find((d) => d.Date.getTime() === Date.parse(iso));
    expect(day("2026-01-01T00:00:00Z")).toEqual({ Date: T0, Compliant: 2, NonCompliant: 1, NotApplicable: 3 });
    expect(day("2026-01-11T00:00:00Z")).toEqual({ Date: at("2026-01-11T00:00:00Z"), Compliant: 2, NonCompliant: 2, NotApplicable: 3 });
    expect(day("2026-01-21T00:00:00Z")).toEqual({ Date: at("2026-01-21T00:00:00Z"), Compliant: 2, NonCompliant: 1, NotApplicable: 4 });
    expect(day("2026-01-28T00:00:00Z")).toEqual({ Date: at("2026-01-28T00:00:00Z"), Compliant: 2, NonCompliant: 1, NotApplicable: 3 });
    // dormant's backing key passes 100 days on 04-11 (strictly more than 100 days from 04-12).
    expect(day("2026-04-11T00:00:00Z")).toMatchObject({ Compliant: 2, NonCompliant: 1 });
    expect(day("2026-04-12T00:00:00Z")).toMatchObject({ Compliant: 1, NonCompliant: 2 });
    expect(series.NonCompliantKeys).toEqual([
      { KeyId: plain, Days: 151, FirstDate: T0, LastDate: at("2026-05-31T00:00:00Z") },
      { KeyId: dormant, Days: 50, FirstDate: at("2026-04-12T00:00:00Z"), LastDate: at("2026-05-31T00:00:00Z") },
      { KeyId: retired, Days: 10, FirstDate: at("2026-01-11T00:00:00Z"), LastDate: at("2026-01-20T00:00:00Z") },
    ]);
  });

  it("agrees with the point form at every day", async () => {
    const { kms } = await fleet();
    const series = await evaluateRotationComplianceSeries(kms, { from: at("2026-01-05T12:00:00Z"), maxMaterialAgeDays: 30 });
    for (const d of series.Days.filter((_, i) => i % 7 === 0)) {
      const keys = await evaluateRotationCompliance(kms, { at: d.Date, maxMaterialAgeDays: 30 });
      const count = (c: string) => keys.filter((k) => k.Compliance === c).length;
      expect([d.Compliant, d.NonCompliant, d.NotApplicable], d.Date.toISOString()).toEqual([count("COMPLIANT"), count("NON_COMPLIANT"), count("NOT_APPLICABLE")]);
    }
  });

  it("needs the trail, and a span inside it", async () => {
    const { kms: quiet } = createTestKms();
    await expect(evaluateRotationComplianceSeries(quiet)).rejects.toThrow("this KMS keeps no audit trail");
    const { kms } = createTestKms({ audit: true });
    await expect(evaluateRotationComplianceSeries(kms, { from: at("2025-12-31T00:00:00Z") })).rejects.toThrow(
      "the audit trail starts at 2026-01-01T00:00:00.000Z: the series cannot start before it",
    );
    await expect(evaluateRotationComplianceSeries(kms, { to: at("2026-01-02T00:00:00Z") })).rejects.toThrow(RangeError);
  });
});
