/**
 * rotationTimeline: a key's history from the public API, with exact dates; renderTimelineSvg: a
 * self-contained SVG on a shared axis, every label escaped.
 */
import { describe, expect, it } from "vitest";
import { NotFoundException } from "../../../src/index.js";
import { renderTimelineSvg, rotationTimeline } from "../../../src/sim/index.js";
import { wrapKeyMaterial } from "../../../src/testing/index.js";
import { createTestKms, expectError, newKeyId, T0 } from "../../support/create-test-kms.js";

describe("rotationTimeline", () => {
  it("gives creation, every backing key's span and beginning, the schedule and a scheduled deletion", async () => {
    const { kms, clock } = createTestKms();
    const keyId = await newKeyId(kms, { Description: "orders" });
    await kms.createAlias({ AliasName: "alias/orders", TargetKeyId: keyId });
    await kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 90 });
    clock.advance({ days: 100 });
    await kms.rotateKeyOnDemand({ KeyId: keyId });
    clock.advance({ days: 90 });
    await kms.scheduleKeyDeletion({ KeyId: keyId, PendingWindowInDays: 7 });
    const timeline = await rotationTimeline(kms, "alias/orders");
    const ids = (await kms.listKeyRotations({ KeyId: keyId, IncludeKeyMaterial: "ALL_KEY_MATERIAL" })).Rotations?.map((r) => r.KeyMaterialId);
    expect(timeline).toEqual({
      KeyId: keyId,
      Arn: `arn:aws:kms:us-east-1:111122223333:key/${keyId}`,
      Description: "orders",
      Aliases: ["alias/orders"],
      KeyManager: "CUSTOMER",
      Origin: "AWS_KMS",
      KeySpec: "SYMMETRIC_DEFAULT",
      KeyState: "PendingDeletion",
      CreationDate: T0,
      DeletionDate: new Date("2026-07-17T00:00:00Z"),
      // Pending deletion: GetKeyRotationStatus reports rotation off, as AWS does.
      AutomaticRotation: { Enabled: false },
      KeyMaterials: [
        { KeyMaterialId: ids?.[0], Began: "CREATED", StartDate: T0, EndDate: new Date("2026-04-01T00:00:00Z"), KeyMaterialState: "NON_CURRENT" },
        { KeyMaterialId: ids?.[1], Began: "AUTOMATIC", StartDate: new Date("2026-04-01T00:00:00Z"), EndDate: new Date("2026-04-11T00:00:00Z"), KeyMaterialState: "NON_CURRENT" },
        { KeyMaterialId: ids?.[2], Began: "ON_DEMAND", StartDate: new Date("2026-04-11T00:00:00Z"), EndDate: new Date("2026-06-30T00:00:00Z"), KeyMaterialState: "NON_CURRENT" },
        { KeyMaterialId: ids?.[3], Began: "AUTOMATIC", StartDate: new Date("2026-06-30T00:00:00Z"), KeyMaterialState: "CURRENT" },
      ],
    });
  });

  it("reports the next rotation while automatic rotation is on", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms);
    await kms.enableKeyRotation({ KeyId: keyId });
    expect((await rotationTimeline(kms, keyId)).AutomaticRotation).toEqual({ Enabled: true, RotationPeriodInDays: 365, NextRotationDate: new Date("2027-01-01T00:00:00Z") });
  });

  it("shows imported material as IMPORTED, pending rotation material without a span, and no automatic rotation", async () => {
    const { kms, clock } = createTestKms();
    const keyId = await newKeyId(kms, { Origin: "EXTERNAL" });
    const importOne = async (bytes: number, type: "NEW_KEY_MATERIAL" | undefined) => {
      const params = await kms.getParametersForImport({ KeyId: keyId, WrappingAlgorithm: "RSAES_OAEP_SHA_256", WrappingKeySpec: "RSA_2048" });
      const material = new Uint8Array(32).fill(bytes);
      const wrapped = await wrapKeyMaterial(params.PublicKey as Uint8Array, material, "RSAES_OAEP_SHA_256");
      await kms.importKeyMaterial({
        KeyId: keyId,
        ImportToken: params.ImportToken,
        EncryptedKeyMaterial: wrapped,
        ExpirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE",
        ...(type ? { ImportType: type } : {}),
      });
    };
    await importOne(1, undefined);
    clock.advance({ days: 10 });
    await importOne(2, "NEW_KEY_MATERIAL");
    const timeline = await rotationTimeline(kms, keyId);
    expect(timeline.AutomaticRotation).toBeUndefined();
    expect(timeline.KeyMaterials.map((m) => [m.Began, m.KeyMaterialState, m.ImportState, m.StartDate, m.EndDate])).toEqual([
      ["IMPORTED", "CURRENT", "IMPORTED", T0, undefined],
      ["IMPORTED", "PENDING_ROTATION", "IMPORTED", undefined, undefined],
    ]);
    await kms.rotateKeyOnDemand({ KeyId: keyId });
    const rotated = await rotationTimeline(kms, keyId);
    expect(rotated.KeyMaterials.map((m) => [m.Began, m.KeyMaterialState, m.StartDate, m.EndDate])).toEqual([
      ["IMPORTED", "NON_CURRENT", T0, new Date("2026-01-11T00:00:00Z")],
      ["ON_DEMAND", "CURRENT", new Date("2026-01-11T00:00:00Z"), undefined],
    ]);
  });

  it("has no key materials for a key that cannot rotate, and AWS's NotFoundException for no key", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms, { KeySpec: "HMAC_256", KeyUsage: "GENERATE_VERIFY_MAC" });
    const timeline = await rotationTimeline(kms, keyId);
    expect([timeline.KeyMaterials, timeline.AutomaticRotation]).toEqual([[], undefined]);
    await expectError(rotationTimeline(kms, "alias/none"), NotFoundException);
  });

  it("shows an AWS managed key's own rotations as AUTOMATIC", async () => {
    const { kms, clock } = createTestKms({ awsManagedRotationPeriodDays: 365 });
    const keyId = (await kms.createAwsManagedKey({ Service: "s3" })).KeyMetadata?.KeyId as string;
    clock.advance({ days: 366 });
    const timeline = await rotationTimeline(kms, keyId);
    expect([timeline.KeyManager, timeline.Aliases, timeline.KeyMaterials.map((m) => m.Began)]).toEqual(["AWS", ["alias/aws/s3"], ["CREATED", "AUTOMATIC"]]);
  });
});

describe("renderTimelineSvg", () => {
  it("draws a self-contained SVG: no script, no style, no external reference; every label escaped", async () => {
    const { kms, clock } = createTestKms();
    const keyId = await newKeyId(kms, { Description: `<img src=x onerror=alert(1)> & "q"` });
    await kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 90 });
    clock.advance({ days: 200 });
    const svg = renderTimelineSvg(await rotationTimeline(kms, keyId), { now: clock.now(), title: "</title><script>alert(1)</script>" });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).not.toMatch(/<script|<style|style=|href=|url\(|<image|<foreignObject|<[^>]*\son[a-z]+=/i);
    expect(svg).toContain("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot;");
    expect(svg).toContain("<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>");
    // Three backing keys: the first, and rotations on 2026-04-01 and 2026-06-30.
    expect([...svg.matchAll(/<title>Key material [0-9a-f]{64}, ([^<]+)<\/title>/g)].map((m) => m[1])).toEqual([
      "Created with the key, current from 2026-01-01, until 2026-04-01",
      "Automatic rotation, current from 2026-04-01, until 2026-06-30",
      "Automatic rotation, current from 2026-06-30",
    ]);
    expect(svg).toContain("<title>Next automatic rotation 2026-09-28</title>");
    expect(svg).toContain("<title>Now 2026-07-20T00:00:00.000Z</title>");
  });

  it("puts many keys on one shared time axis", async () => {
    const { kms, clock } = createTestKms();
    const first = await newKeyId(kms, { Description: "first" });
    clock.advance({ years: 2 });
    const second = await newKeyId(kms, { Description: "second" });
    await kms.scheduleKeyDeletion({ KeyId: second, PendingWindowInDays: 30 });
    const timelines = [await rotationTimeline(kms, first), await rotationTimeline(kms, second)];
    const svg = renderTimelineSvg(timelines, { now: clock.now(), width: 1000 });
    expect(svg).toContain('width="1000"');
    // Quarterly ticks across both keys' lives, and one lane label per key.
    expect([...svg.matchAll(/<text [^>]*text-anchor="middle" fill="#414d5c">(\d{4}(?:-\d{2})?)<\/text>/g)].map((m) => m[1])).toEqual([
      "2026-01", "2026-04", "2026-07", "2026-10", "2027-01", "2027-04", "2027-07", "2027-10", "2028-01",
    ]);
    expect([...svg.matchAll(/font-weight="600">([^<]+)<\/text>/g)].map((m) => m[1])).toEqual(["first", "second"]);
    expect(svg).toContain("<title>Scheduled deletion 2028-01-31</title>");
  });
});

describe("rotationTimeline with the audit trail", () => {
  async function story() {
    const t = createTestKms({ audit: true });
    const { kms, clock } = t;
    const keyId = await newKeyId(kms, { Description: "tenant 42" });
    await kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 90 });
    clock.advance({ days: 100 });
    await kms.disableKey({ KeyId: keyId });
    clock.advance({ days: 30 });
    await kms.enableKey({ KeyId: keyId });
    clock.advance({ days: 20 });
    await kms.disableKeyRotation({ KeyId: keyId });
    await kms.updateKeyDescription({ KeyId: keyId, Description: "tenant 42 (churned)" });
    clock.advance({ days: 10 });
    await kms.scheduleKeyDeletion({ KeyId: keyId, PendingWindowInDays: 7 });
    return { ...t, keyId };
  }

  it("adds state and rotation-setting spans, the scheduled deletion and the management events", async () => {
    const { kms, keyId } = await story();
    const timeline = await rotationTimeline(kms, keyId);
    expect(timeline.RecordedSince).toEqual(T0);
    expect(timeline.States).toEqual([
      { KeyState: "Enabled", StartDate: T0, EndDate: new Date("2026-04-11T00:00:00Z") },
      { KeyState: "Disabled", StartDate: new Date("2026-04-11T00:00:00Z"), EndDate: new Date("2026-05-11T00:00:00Z") },
      { KeyState: "Enabled", StartDate: new Date("2026-05-11T00:00:00Z"), EndDate: new Date("2026-06-10T00:00:00Z") },
      { KeyState: "PendingDeletion", StartDate: new Date("2026-06-10T00:00:00Z") },
    ]);
    expect(timeline.RotationSettings).toEqual([
      { Enabled: true, RotationPeriodInDays: 90, StartDate: T0, EndDate: new Date("2026-05-31T00:00:00Z") },
      { Enabled: false, StartDate: new Date("2026-05-31T00:00:00Z") },
    ]);
    expect(timeline.DeletionScheduledDate).toEqual(new Date("2026-06-10T00:00:00Z"));
    expect(timeline.DeletionDate).toEqual(new Date("2026-06-17T00:00:00Z"));
    expect(timeline.DeletedDate).toBeUndefined();
    expect(timeline.Events?.map((e) => [e.EventName, e.EventTime.toISOString().slice(0, 10)])).toEqual([
      ["CreateKey", "2026-01-01"], ["EnableKeyRotation", "2026-01-01"], ["RotateKey", "2026-04-01"], ["DisableKey", "2026-04-11"],
      ["EnableKey", "2026-05-11"], ["DisableKeyRotation", "2026-05-31"], ["UpdateKeyDescription", "2026-05-31"], ["ScheduleKeyDeletion", "2026-06-10"],
    ]);
  });

  it("still gives the timeline of a deleted key, from the trail alone", async () => {
    const { kms, clock, keyId } = await story();
    const before = await rotationTimeline(kms, keyId);
    clock.advance({ days: 7 });
    await kms.tick();
    const deleted = await rotationTimeline(kms, `arn:aws:kms:us-east-1:111122223333:key/${keyId}`);
    expect(deleted).toEqual({
      ...before,
      Description: "tenant 42 (churned)",
      AutomaticRotation: undefined,
      DeletionDate: new Date("2026-06-17T00:00:00Z"),
      DeletedDate: new Date("2026-06-17T00:00:00Z"),
      States: [...(before.States ?? []).slice(0, 3), { KeyState: "PendingDeletion", StartDate: new Date("2026-06-10T00:00:00Z"), EndDate: new Date("2026-06-17T00:00:00Z") }],
      RotationSettings: [...(before.RotationSettings ?? []).slice(0, 1), { Enabled: false, StartDate: new Date("2026-05-31T00:00:00Z"), EndDate: new Date("2026-06-17T00:00:00Z") }],
      KeyMaterials: [
        { ...before.KeyMaterials[0] },
        { ...before.KeyMaterials[1], EndDate: new Date("2026-06-17T00:00:00Z") },
      ],
      Events: [...(before.Events ?? []), expect.objectContaining({ EventName: "DeleteKey", EventTime: new Date("2026-06-17T00:00:00Z") }) as unknown],
    });
    await expectError(rotationTimeline(kms, "11111111-2222-4333-8444-555555555555"), NotFoundException);
  });

  it("draws disabled and pending-deletion spans, the rotation setting and the deletion", async () => {
    const { kms, clock, keyId } = await story();
    clock.advance({ days: 7 });
    await kms.tick();
    const svg = renderTimelineSvg(await rotationTimeline(kms, keyId), { now: clock.now() });
    const titles = [...svg.matchAll(/<title>([^<]+)<\/title>/g)].map((m) => m[1]);
    expect(titles).toEqual(expect.arrayContaining([
      "Disabled from 2026-04-11 until 2026-05-11",
      "PendingDeletion from 2026-06-10 until 2026-06-17",
      "Automatic rotation on, every 90 days, from 2026-01-01 until 2026-05-31",
      "Automatic rotation off, from 2026-05-31 until 2026-06-17",
      "Deletion scheduled 2026-06-10",
      "Deleted 2026-06-17",
    ]));
    expect([...svg.matchAll(/<text x="[\d.]+" y="[\d.]+" fill="#16191f">([^<]+)<\/text>/g)].map((m) => m[1])).toEqual([
      "Created with the key", "Imported", "Automatic rotation", "On-demand rotation", "Next rotation", "Deletion",
      "Disabled", "Pending deletion", "Rotation on", "Rotation off", "Deleted",
    ]);
    expect(svg).not.toMatch(/<script|<style|style=|href=|url\((?!#kms-sim-hatch\))|<image|<foreignObject|<[^>]*\son[a-z]+=/i);
  });
});
