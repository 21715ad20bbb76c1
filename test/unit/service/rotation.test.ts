import { describe, expect, it } from "vitest";
import {
  ConflictException,
  DisabledException,
  InvalidMarkerException,
  KMSInvalidStateException,
  LimitExceededException,
  NotFoundException,
  UnsupportedOperationException,
  ValidationException,
  type KeyRotationEvent,
} from "../../../src/index.js";
import { createTestKms, DAY, expectError, newKeyId, T0 } from "../../support/create-test-kms.js";

const ARN = (keyId: string) => `arn:aws:kms:us-east-1:111122223333:key/${keyId}`;
const day = (n: number) => new Date(T0.getTime() + n * DAY);

describe("enableKeyRotation", () => {
  it("turns rotation on with the default period of 365 days", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms);
    expect(await kms.getKeyRotationStatus({ KeyId: keyId })).toEqual({ KeyId: ARN(keyId), KeyRotationEnabled: false });
    await kms.enableKeyRotation({ KeyId: keyId });
    expect(await kms.getKeyRotationStatus({ KeyId: keyId })).toEqual({
      KeyId: ARN(keyId),
      KeyRotationEnabled: true,
      RotationPeriodInDays: 365,
      NextRotationDate: day(365),
    });
  });

  it("accepts key id, key ARN, alias name and alias ARN (the seed page)", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms);
    await kms.createAlias({ AliasName: "alias/TestCMK", TargetKeyId: keyId });
    for (const id of [keyId, ARN(keyId), "alias/TestCMK", "arn:aws:kms:us-east-1:111122223333:alias/TestCMK"]) {
      await kms.enableKeyRotation({ KeyId: id });
      expect((await kms.getKeyRotationStatus({ KeyId: id })).KeyRotationEnabled).toBe(true);
      await kms.disableKeyRotation({ KeyId: id });
      expect((await kms.getKeyRotationStatus({ KeyId: id })).KeyRotationEnabled).toBe(false);
    }
  });

  it("validates RotationPeriodInDays 90..2560", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms);
    await expectError(
      kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 89 }),
      ValidationException,
      "1 validation error detected: Value '89' at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value greater than or equal to 90",
    );
    await expectError(
      kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 2561 }),
      ValidationException,
      "1 validation error detected: Value '2561' at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value less than or equal to 2560",
    );
    await kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 2560 });
    expect((await kms.getKeyRotationStatus({ KeyId: keyId })).NextRotationDate).toEqual(day(2560));
  });

  it("changing the period counts from the schedule's anchor (decision 4), omitted meaning 365", async () => {
    const { kms, clock } = createTestKms();
    const keyId = await newKeyId(kms);
    await kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 200 });
    clock.advance(50 * DAY);
    await kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 100 });
    expect((await kms.getKeyRotationStatus({ KeyId: keyId })).NextRotationDate).toEqual(day(100));
    clock.advance(60 * DAY); // day 110: rotated at day 100
    expect((await kms.listKeyRotations({ KeyId: keyId })).Rotations?.map((r) => r.RotationDate)).toEqual([day(100)]);
    await kms.enableKeyRotation({ KeyId: keyId });
    expect(await kms.getKeyRotationStatus({ KeyId: keyId })).toMatchObject({ RotationPeriodInDays: 365, NextRotationDate: day(465) });
  });

  it("a shorter period whose date already passed rotates at once", async () => {
    const { kms, clock, events } = createTestKms();
    const keyId = await newKeyId(kms);
    await kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 365 });
    clock.advance(200 * DAY);
    await kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 90 });
    expect(events.map((e) => e.time)).toEqual([day(200).toISOString()]);
    expect((await kms.getKeyRotationStatus({ KeyId: keyId })).NextRotationDate).toEqual(day(290));
  });

  it("disabling and re-enabling restarts the schedule from the new enable instant", async () => {
    const { kms, clock } = createTestKms();
    const keyId = await newKeyId(kms);
    await kms.enableKeyRotation({ KeyId: keyId });
    clock.advance(300 * DAY);
    await kms.disableKeyRotation({ KeyId: keyId });
    clock.advance(10 * DAY);
    await kms.enableKeyRotation({ KeyId: keyId });
    expect((await kms.getKeyRotationStatus({ KeyId: keyId })).NextRotationDate).toEqual(day(310 + 365));
    clock.advance(364 * DAY);
    expect((await kms.listKeyRotations({ KeyId: keyId })).Rotations).toEqual([]);
  });

  it("checks the key state before the key spec, as AWS does", async () => {
    const { kms } = createTestKms();
    const hmac = await newKeyId(kms, { KeySpec: "HMAC_256", KeyUsage: "GENERATE_VERIFY_MAC" });
    await kms.disableKey({ KeyId: hmac });
    await expectError(kms.enableKeyRotation({ KeyId: hmac }), DisabledException, `${ARN(hmac)} is disabled.`);
    await kms.scheduleKeyDeletion({ KeyId: hmac });
    await expectError(kms.enableKeyRotation({ KeyId: hmac }), KMSInvalidStateException, `${ARN(hmac)} is pending deletion.`);
    const rsa = await newKeyId(kms, { KeySpec: "RSA_2048", KeyUsage: "ENCRYPT_DECRYPT" });
    await expectError(kms.enableKeyRotation({ KeyId: rsa }), UnsupportedOperationException, "");
  });

  it("refuses EXTERNAL keys (the seed page) with AWS's message", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms, { Origin: "EXTERNAL" });
    const message = `${ARN(keyId)} origin is EXTERNAL which is not valid for this operation.`;
    await expectError(kms.enableKeyRotation({ KeyId: keyId }), UnsupportedOperationException, message);
    await expectError(kms.disableKeyRotation({ KeyId: keyId }), UnsupportedOperationException, message);
    await expectError(kms.getKeyRotationStatus({ KeyId: keyId }), UnsupportedOperationException, message);
  });

  it("refuses unknown keys", async () => {
    const { kms } = createTestKms();
    await expectError(kms.enableKeyRotation({ KeyId: "alias/none" }), NotFoundException);
  });
});

describe("key states and rotation (the seed page)", () => {
  it("a key disabled across its rotation date does not rotate, then rotates the instant it is enabled", async () => {
    const { kms, clock, events } = createTestKms();
    const keyId = await newKeyId(kms);
    await kms.enableKeyRotation({ KeyId: keyId });
    clock.advance(300 * DAY);
    await kms.disableKey({ KeyId: keyId });
    clock.advance(200 * DAY);
    expect(await kms.tick()).toEqual([]);
    expect((await kms.getKeyRotationStatus({ KeyId: keyId })).KeyRotationEnabled).toBe(true);
    await kms.enableKey({ KeyId: keyId });
    expect(events.map((e) => [e.time, (e as KeyRotationEvent).detail["rotation-type"]])).toEqual([[day(500).toISOString(), "AUTOMATIC"]]);
    expect((await kms.getKeyRotationStatus({ KeyId: keyId })).NextRotationDate).toEqual(day(865));
  });

  it("a key re-enabled before its backing key is a period old resumes its schedule", async () => {
    const { kms, clock } = createTestKms();
    const keyId = await newKeyId(kms);
    await kms.enableKeyRotation({ KeyId: keyId });
    clock.advance(100 * DAY);
    await kms.disableKey({ KeyId: keyId });
    clock.advance(100 * DAY);
    await kms.enableKey({ KeyId: keyId });
    expect((await kms.listKeyRotations({ KeyId: keyId })).Rotations).toEqual([]);
    clock.advance(165 * DAY);
    expect((await kms.listKeyRotations({ KeyId: keyId })).Rotations?.map((r) => r.RotationDate)).toEqual([day(365)]);
  });

  it("a key pending deletion never rotates, reports false, and gets its setting back Disabled on cancel", async () => {
    const { kms, clock } = createTestKms();
    const keyId = await newKeyId(kms);
    await kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 90 });
    clock.advance(80 * DAY);
    await kms.scheduleKeyDeletion({ KeyId: keyId, PendingWindowInDays: 30 });
    expect(await kms.getKeyRotationStatus({ KeyId: keyId })).toEqual({ KeyId: ARN(keyId), KeyRotationEnabled: false });
    clock.advance(20 * DAY);
    await kms.cancelKeyDeletion({ KeyId: keyId });
    expect((await kms.describeKey({ KeyId: keyId })).KeyMetadata?.KeyState).toBe("Disabled");
    expect(await kms.getKeyRotationStatus({ KeyId: keyId })).toMatchObject({ KeyRotationEnabled: true, RotationPeriodInDays: 90 });
    expect((await kms.listKeyRotations({ KeyId: keyId })).Rotations).toEqual([]);
    await kms.enableKey({ KeyId: keyId }); // day 100: backing key 100 days old, period 90: rotates now
    expect((await kms.listKeyRotations({ KeyId: keyId })).Rotations?.map((r) => r.RotationDate)).toEqual([day(100)]);
  });
});

describe("rotateKeyOnDemand", () => {
  it("rotates now, whether or not automatic rotation is on, and never moves NextRotationDate", async () => {
    const { kms, clock, events } = createTestKms();
    const keyId = await newKeyId(kms);
    expect(await kms.rotateKeyOnDemand({ KeyId: keyId })).toEqual({ KeyId: ARN(keyId) });
    await kms.enableKeyRotation({ KeyId: keyId });
    clock.advance(10 * DAY);
    await kms.rotateKeyOnDemand({ KeyId: keyId });
    expect((await kms.getKeyRotationStatus({ KeyId: keyId })).NextRotationDate).toEqual(day(365));
    const rotations = (await kms.listKeyRotations({ KeyId: keyId })).Rotations ?? [];
    expect(rotations.map((r) => [r.RotationDate, r.RotationType, r.KeyMaterialState])).toEqual([
      [T0, "ON_DEMAND", "NON_CURRENT"],
      [day(10), "ON_DEMAND", "CURRENT"],
    ]);
    expect(events).toHaveLength(2);
  });

  it("stops at the on-demand limit with AWS's message", async () => {
    const { kms } = createTestKms({ onDemandRotationLimit: 3 });
    const keyId = await newKeyId(kms);
    for (let i = 0; i < 3; i++) await kms.rotateKeyOnDemand({ KeyId: keyId });
    await expectError(
      kms.rotateKeyOnDemand({ KeyId: keyId }),
      LimitExceededException,
      `The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: ${ARN(keyId)}`,
    );
  });

  it("allows 25 per key by default", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms);
    for (let i = 0; i < 25; i++) await kms.rotateKeyOnDemand({ KeyId: keyId });
    await expectError(kms.rotateKeyOnDemand({ KeyId: keyId }), LimitExceededException);
    expect((await kms.listKeyRotations({ KeyId: keyId })).Rotations).toHaveLength(25);
  });

  it("with a duration, shows OnDemandRotationStartDate until it completes and refuses a second request", async () => {
    const { kms, clock, events } = createTestKms({ onDemandRotationDurationMs: 30_000 });
    const keyId = await newKeyId(kms);
    await kms.rotateKeyOnDemand({ KeyId: keyId });
    expect(await kms.getKeyRotationStatus({ KeyId: keyId })).toEqual({ KeyId: ARN(keyId), KeyRotationEnabled: false, OnDemandRotationStartDate: T0 });
    await expectError(kms.rotateKeyOnDemand({ KeyId: keyId }), ConflictException);
    clock.advance(29_999);
    expect(await kms.tick()).toEqual([]);
    clock.advance(1);
    const [event] = await kms.tick();
    expect(event?.time).toBe("2026-01-01T00:00:30.000Z");
    expect(await kms.getKeyRotationStatus({ KeyId: keyId })).toEqual({ KeyId: ARN(keyId), KeyRotationEnabled: false });
    expect(events).toHaveLength(1);
  });

  it("refuses disabled, pending deletion, EXTERNAL without pending material, asymmetric and AWS managed keys", async () => {
    const { kms } = createTestKms();
    const disabled = await newKeyId(kms);
    await kms.disableKey({ KeyId: disabled });
    await expectError(kms.rotateKeyOnDemand({ KeyId: disabled }), DisabledException, `${ARN(disabled)} is disabled.`);
    const doomed = await newKeyId(kms);
    await kms.scheduleKeyDeletion({ KeyId: doomed });
    await expectError(kms.rotateKeyOnDemand({ KeyId: doomed }), KMSInvalidStateException, `${ARN(doomed)} is pending deletion.`);
    const external = await newKeyId(kms, { Origin: "EXTERNAL" });
    await expectError(kms.rotateKeyOnDemand({ KeyId: external }), KMSInvalidStateException, `${ARN(external)} is pending import.`);
    const rsa = await newKeyId(kms, { KeySpec: "RSA_2048", KeyUsage: "SIGN_VERIFY" });
    await expectError(kms.rotateKeyOnDemand({ KeyId: rsa }), UnsupportedOperationException, "");
    const aws = (await kms.createAwsManagedKey({ Service: "s3" })).KeyMetadata?.KeyId ?? "";
    await expectError(kms.rotateKeyOnDemand({ KeyId: aws }), UnsupportedOperationException);
  });
});

describe("listKeyRotations", () => {
  it("lists rotations oldest first; ALL_KEY_MATERIAL adds the original material", async () => {
    const { kms, clock } = createTestKms();
    const keyId = await newKeyId(kms);
    const original = (await kms.describeKey({ KeyId: keyId })).KeyMetadata?.CurrentKeyMaterialId;
    expect(await kms.listKeyRotations({ KeyId: keyId })).toEqual({ Rotations: [], Truncated: false });
    await kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 90 });
    clock.advance(180 * DAY);
    const all = (await kms.listKeyRotations({ KeyId: keyId, IncludeKeyMaterial: "ALL_KEY_MATERIAL" })).Rotations ?? [];
    expect(all[0]).toEqual({ KeyId: ARN(keyId), KeyMaterialId: original, KeyMaterialState: "NON_CURRENT" });
    expect(all.slice(1).map((r) => [r.RotationDate, r.RotationType, r.KeyMaterialState])).toEqual([
      [day(90), "AUTOMATIC", "NON_CURRENT"],
      [day(180), "AUTOMATIC", "CURRENT"],
    ]);
    expect(all[2]?.KeyMaterialId).toBe((await kms.describeKey({ KeyId: keyId })).KeyMetadata?.CurrentKeyMaterialId);
  });

  it("pages with Limit and Marker, and refuses markers it did not issue", async () => {
    const { kms, clock } = createTestKms();
    const keyId = await newKeyId(kms);
    await kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 90 });
    clock.advance(90 * 7 * DAY);
    const seen: (Date | undefined)[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const result = await kms.listKeyRotations({ KeyId: keyId, Limit: 3, ...(marker ? { Marker: marker } : {}) });
      seen.push(...(result.Rotations ?? []).map((r) => r.RotationDate));
      marker = result.NextMarker;
      expect(result.Truncated).toBe(marker !== undefined);
      pages++;
    } while (marker);
    expect(pages).toBe(3);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => day(90 * n)));
    await expectError(kms.listKeyRotations({ KeyId: keyId, Marker: "rotations:x" }), InvalidMarkerException);
    await expectError(kms.listKeyRotations({ KeyId: keyId, Limit: 1001 }), ValidationException);
  });

  it("takes key id or ARN only", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms);
    await kms.createAlias({ AliasName: "alias/a", TargetKeyId: keyId });
    await expectError(kms.listKeyRotations({ KeyId: "alias/a" }), NotFoundException, "Invalid keyId 'alias/a'");
  });
});

describe("AWS managed keys", () => {
  it("rotate every 1095 days by default (the seed page) and report true", async () => {
    const { kms, clock } = createTestKms();
    const keyId = (await kms.createAwsManagedKey({ Service: "s3" })).KeyMetadata?.KeyId ?? "";
    expect(await kms.getKeyRotationStatus({ KeyId: keyId })).toEqual({
      KeyId: ARN(keyId),
      KeyRotationEnabled: true,
      RotationPeriodInDays: 1095,
      NextRotationDate: day(1095),
    });
    clock.advance(3 * 1095 * DAY);
    expect((await kms.listKeyRotations({ KeyId: keyId })).Rotations?.map((r) => r.RotationDate)).toEqual([day(1095), day(2190), day(3285)]);
  });

  it("rotate every 365 days with the current-AWS option", async () => {
    const { kms, clock } = createTestKms({ awsManagedRotationPeriodDays: 365 });
    const keyId = (await kms.describeKey({ KeyId: "alias/aws/ebs" })).KeyMetadata?.KeyId ?? "";
    clock.advance(730 * DAY);
    expect((await kms.listKeyRotations({ KeyId: keyId })).Rotations?.map((r) => r.RotationType)).toEqual(["AUTOMATIC", "AUTOMATIC"]);
  });

  it("cannot have rotation enabled, disabled or triggered", async () => {
    const { kms } = createTestKms();
    const keyId = (await kms.createAwsManagedKey({ Service: "s3" })).KeyMetadata?.KeyId ?? "";
    await expectError(kms.enableKeyRotation({ KeyId: keyId }), UnsupportedOperationException);
    await expectError(kms.disableKeyRotation({ KeyId: "alias/aws/s3" }), UnsupportedOperationException);
    await expectError(kms.rotateKeyOnDemand({ KeyId: keyId }), UnsupportedOperationException);
  });
});

describe("events", () => {
  it("every rotation sends an EventBridge-shaped KMS CMK Rotation event", async () => {
    const { kms, clock, events } = createTestKms();
    const keyId = await newKeyId(kms);
    const first = (await kms.describeKey({ KeyId: keyId })).KeyMetadata?.CurrentKeyMaterialId;
    await kms.enableKeyRotation({ KeyId: keyId });
    clock.advance(365 * DAY);
    const ticked = await kms.tick();
    const second = (await kms.describeKey({ KeyId: keyId })).KeyMetadata?.CurrentKeyMaterialId;
    expect(ticked).toEqual(events);
    expect(events).toEqual([
      {
        version: "0",
        id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
        "detail-type": "KMS CMK Rotation",
        source: "aws.kms",
        account: "111122223333",
        time: "2027-01-01T00:00:00.000Z",
        region: "us-east-1",
        resources: [ARN(keyId)],
        detail: {
          "key-id": keyId,
          "key-origin": "AWS_KMS",
          "rotation-type": "AUTOMATIC",
          "previous-key-material-id": first,
          "current-key-material-id": second,
        },
      },
    ]);
  });

  it("arrive in time order across keys", async () => {
    const { kms, clock, events } = createTestKms();
    const a = await newKeyId(kms);
    const b = await newKeyId(kms);
    const c = await newKeyId(kms);
    await kms.enableKeyRotation({ KeyId: a, RotationPeriodInDays: 365 });
    await kms.enableKeyRotation({ KeyId: b, RotationPeriodInDays: 100 });
    await kms.scheduleKeyDeletion({ KeyId: c, PendingWindowInDays: 20 });
    clock.advance(800 * DAY);
    await kms.tick();
    const times = events.map((e) => e.time);
    expect(times).toEqual([...times].sort());
    expect(events.map((e) => [e.detail["key-id"], e["detail-type"], e.time.slice(0, 10)])).toEqual([
      [c, "KMS CMK Deletion", "2026-01-21"],
      [b, "KMS CMK Rotation", "2026-04-11"],
      [b, "KMS CMK Rotation", "2026-07-20"],
      [b, "KMS CMK Rotation", "2026-10-28"],
      [a, "KMS CMK Rotation", "2027-01-01"],
      [b, "KMS CMK Rotation", "2027-02-05"],
      [b, "KMS CMK Rotation", "2027-05-16"],
      [b, "KMS CMK Rotation", "2027-08-24"],
      [b, "KMS CMK Rotation", "2027-12-02"],
      [a, "KMS CMK Rotation", "2028-01-01"],
      [b, "KMS CMK Rotation", "2028-03-11"],
    ]);
  });

  it("time never goes back: a clock set to the past leaves the model where it was", async () => {
    const { kms, clock } = createTestKms();
    const keyId = await newKeyId(kms);
    await kms.enableKeyRotation({ KeyId: keyId });
    clock.advance(400 * DAY);
    await kms.tick();
    clock.set(T0);
    const created = (await kms.createKey()).KeyMetadata?.CreationDate;
    expect(created).toEqual(day(400));
    expect((await kms.listKeyRotations({ KeyId: keyId })).Rotations).toHaveLength(1);
  });
});

describe("docs/rotation.md timeline", () => {
  it("happens exactly as documented", async () => {
    const { kms, clock, events } = createTestKms();
    const keyId = await newKeyId(kms);
    const at = (iso: string) => clock.set(new Date(`${iso}T00:00:00Z`));
    await kms.enableKeyRotation({ KeyId: keyId });
    at("2027-05-01");
    await kms.disableKey({ KeyId: keyId });
    at("2028-03-01");
    await kms.enableKey({ KeyId: keyId });
    expect((await kms.getKeyRotationStatus({ KeyId: keyId })).NextRotationDate).toEqual(new Date("2029-03-01T00:00:00Z"));
    at("2028-06-01");
    await kms.rotateKeyOnDemand({ KeyId: keyId });
    at("2028-08-01");
    await kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 180 });
    expect((await kms.getKeyRotationStatus({ KeyId: keyId })).NextRotationDate).toEqual(new Date("2028-08-28T00:00:00Z"));
    expect(events.map((e) => [e.time.slice(0, 10), (e as KeyRotationEvent).detail["rotation-type"]])).toEqual([
      ["2027-01-01", "AUTOMATIC"],
      ["2028-03-01", "AUTOMATIC"],
      ["2028-06-01", "ON_DEMAND"],
    ]);
  });
});
