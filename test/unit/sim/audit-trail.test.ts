/**
 * The audit trail: CloudTrail-shaped records of every call and of the service's own events,
 * never holding plaintexts, key material or data keys; lookupEvents as CloudTrail's LookupEvents
 * (attributes, time range, paging, errors), oldest first; a sink instead of a kept trail.
 */
import { describe, expect, it } from "vitest";
import { type CloudTrailRecord } from "../../../src/index.js";
import {
  InvalidLookupAttributesException,
  InvalidMaxResultsException,
  InvalidNextTokenException,
  InvalidTimeRangeException,
  lookupEvents,
} from "../../../src/sim/index.js";
import { at, createTestKms, expectError, newKeyId, T0 } from "../../support/create-test-kms.js";
import { trailEventId, usageEventId, usageRequestId } from "../../support/request-ids.js";

const SECRET = new TextEncoder().encode("SECRET-PLAINTEXT");
const arn = (keyId: string) => `arn:aws:kms:us-east-1:111122223333:key/${keyId}`;
const resource = (keyId: string) => ({ accountId: "111122223333", type: "AWS::KMS::Key", ARN: arn(keyId) });
const ROOT = { type: "Root", principalId: "111122223333", arn: "arn:aws:iam::111122223333:root", accountId: "111122223333" };

async function records(kms: Parameters<typeof lookupEvents>[0], request: Parameters<typeof lookupEvents>[1] = {}): Promise<CloudTrailRecord[]> {
  return (await lookupEvents(kms, request)).Events.map((event) => JSON.parse(event.CloudTrailEvent) as CloudTrailRecord);
}

describe("the audit trail", () => {
  it("records a cryptographic call as CloudTrail does, named like GetKeyLastUsage names it", async () => {
    const { kms } = createTestKms({ audit: true });
    const keyId = await newKeyId(kms);
    const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: SECRET, EncryptionContext: { tenant: "t1" } });
    const materialId = (await kms.describeKey({ KeyId: keyId })).KeyMetadata?.CurrentKeyMaterialId as string;
    const [, encrypt] = await records(kms);
    expect(encrypt).toEqual({
      eventVersion: "1.11",
      userIdentity: ROOT,
      eventTime: "2026-01-01T00:00:00Z",
      eventSource: "kms.amazonaws.com",
      eventName: "Encrypt",
      awsRegion: "us-east-1",
      sourceIPAddress: "127.0.0.1",
      userAgent: "kms-sim",
      requestParameters: { keyId, encryptionContext: { tenant: "t1" }, encryptionAlgorithm: "SYMMETRIC_DEFAULT" },
      responseElements: null,
      additionalEventData: { keyMaterialId: materialId },
      requestID: usageRequestId("Encrypt", T0, keyId, 1),
      eventID: usageEventId("Encrypt", T0, keyId, 1),
      readOnly: true,
      resources: [resource(keyId)],
      eventType: "AwsApiCall",
      managementEvent: true,
      recipientAccountId: "111122223333",
      eventCategory: "Management",
    });
    expect((await kms.getKeyLastUsage({ KeyId: keyId })).KeyLastUsage?.CloudTrailEventId).toBe(encrypt?.eventID);
    // Nothing secret anywhere: not the plaintext, not the ciphertext, not the returned data key.
    const { Plaintext } = await kms.generateDataKey({ KeyId: keyId, NumberOfBytes: 32 });
    const everything = JSON.stringify((await lookupEvents(kms)).Events);
    const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
    const base64 = (b: Uint8Array) => Buffer.from(b).toString("base64");
    for (const secret of [SECRET, CiphertextBlob as Uint8Array, Plaintext as Uint8Array]) {
      expect(everything).not.toContain(hex(secret));
      expect(everything).not.toContain(base64(secret));
    }
    expect(everything).not.toContain("SECRET-PLAINTEXT");
  });

  it("records failures with AWS's errorCode and errorMessage, and ReEncrypt's two keys and backing keys", async () => {
    const { kms, clock } = createTestKms({ audit: true });
    const source = await newKeyId(kms);
    const destination = await newKeyId(kms);
    const { CiphertextBlob } = await kms.encrypt({ KeyId: source, Plaintext: SECRET });
    await kms.disableKey({ KeyId: destination });
    await kms.reEncrypt({ CiphertextBlob, DestinationKeyId: destination }).catch(() => undefined);
    await kms.enableKey({ KeyId: destination });
    clock.advance({ seconds: 30 });
    await kms.reEncrypt({ CiphertextBlob, DestinationKeyId: destination });
    const [failed, succeeded] = (await records(kms, { LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "ReEncrypt" }] }));
    expect(failed).toMatchObject({
      errorCode: "DisabledException",
      errorMessage: `${arn(destination)} is disabled.`,
      eventID: trailEventId("ReEncrypt", T0, 4),
      resources: [resource(source), resource(destination)],
    });
    expect(failed).not.toHaveProperty("additionalEventData");
    const material = async (keyId: string) => (await kms.describeKey({ KeyId: keyId })).KeyMetadata?.CurrentKeyMaterialId;
    expect(succeeded).toMatchObject({
      eventTime: "2026-01-01T00:00:30Z",
      requestParameters: { destinationKeyId: destination, sourceEncryptionAlgorithm: "SYMMETRIC_DEFAULT", destinationEncryptionAlgorithm: "SYMMETRIC_DEFAULT" },
      additionalEventData: { sourceKeyMaterialId: await material(source), destinationKeyMaterialId: await material(destination) },
      eventID: usageEventId("ReEncrypt", at("2026-01-01T00:00:30Z"), source, 2),
      resources: [resource(source), resource(destination)],
    });
  });

  it("records automatic rotations and deletions as the service's own events", async () => {
    const { kms, clock } = createTestKms({ audit: true });
    const keyId = await newKeyId(kms);
    const original = (await kms.describeKey({ KeyId: keyId })).KeyMetadata?.CurrentKeyMaterialId;
    await kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 90 });
    clock.advance({ days: 95 });
    await kms.scheduleKeyDeletion({ KeyId: keyId, PendingWindowInDays: 7 });
    clock.advance({ days: 7 });
    await kms.tick();
    const rotated = (await lookupEvents(kms, { LookupAttributes: [{ AttributeKey: "ResourceName", AttributeValue: keyId }] })).Events;
    expect(rotated.map((e) => [e.EventName, e.EventTime, e.Username])).toEqual([
      ["CreateKey", T0, "root"],
      ["DescribeKey", T0, "root"],
      ["EnableKeyRotation", T0, "root"],
      ["RotateKey", at("2026-04-01T00:00:00Z"), undefined],
      ["ScheduleKeyDeletion", at("2026-04-06T00:00:00Z"), "root"],
      ["DeleteKey", at("2026-04-13T00:00:00Z"), undefined],
    ]);
    const rotation = JSON.parse(rotated[3]?.CloudTrailEvent ?? "{}") as CloudTrailRecord;
    const current = (rotation.serviceEventDetails as { currentKeyMaterialId: string }).currentKeyMaterialId;
    expect(rotation).toEqual({
      eventVersion: "1.11",
      userIdentity: { accountId: "111122223333", invokedBy: "AWS Internal" },
      eventTime: "2026-04-01T00:00:00Z",
      eventSource: "kms.amazonaws.com",
      eventName: "RotateKey",
      awsRegion: "us-east-1",
      sourceIPAddress: "AWS Internal",
      userAgent: "AWS Internal",
      requestParameters: null,
      responseElements: null,
      eventID: rotation.eventID,
      readOnly: false,
      resources: [resource(keyId)],
      eventType: "AwsServiceEvent",
      managementEvent: true,
      recipientAccountId: "111122223333",
      serviceEventDetails: { rotationType: "AUTOMATIC", keyOrigin: "AWS_KMS", previousKeyMaterialId: original, currentKeyMaterialId: current },
      eventCategory: "Management",
    });
    expect(current).toMatch(/^[0-9a-f]{64}$/);
    const scheduled = JSON.parse(rotated[4]?.CloudTrailEvent ?? "{}") as CloudTrailRecord;
    expect(scheduled.responseElements).toEqual({ keyId: arn(keyId), deletionDate: "2026-04-13T00:00:00.000Z", keyState: "PendingDeletion", pendingWindowInDays: 7 });
    expect(JSON.parse(rotated[5]?.CloudTrailEvent ?? "{}")).toMatchObject({ eventType: "AwsServiceEvent", serviceEventDetails: { keyId } });
  });

  it("takes its Region from the KMS's scope and its caller from the one place that describes callers", async () => {
    const { kms } = createTestKms({ audit: true, region: "eu-west-3", accountId: "444455556666" });
    await kms.createAwsManagedKey({ Service: "s3" });
    const [created] = await records(kms);
    expect(created).toMatchObject({
      awsRegion: "eu-west-3",
      recipientAccountId: "444455556666",
      eventName: "CreateKey",
      userIdentity: { type: "AWSService", invokedBy: "s3.amazonaws.com" },
    });
    expect(created?.resources[0]?.ARN).toMatch(/^arn:aws:kms:eu-west-3:444455556666:key\//);
  });

  it("hands each record to a sink as its call ends, and keeps nothing", async () => {
    const received: CloudTrailRecord[] = [];
    const { kms } = createTestKms({ audit: (record) => received.push(record) });
    const keyId = await newKeyId(kms);
    await kms.describeKey({ KeyId: "alias/none" }).catch(() => undefined);
    expect(received.map((r) => [r.eventName, r.errorCode, r.eventID])).toEqual([
      ["CreateKey", undefined, trailEventId("CreateKey", T0, 0)],
      ["DescribeKey", "NotFoundException", trailEventId("DescribeKey", T0, 1)],
    ]);
    expect(received[0]?.resources).toEqual([resource(keyId)]);
    expect(kms.auditTrail()).toBeUndefined();
    await expect(lookupEvents(kms)).rejects.toThrow("this KMS keeps no audit trail: create it with createKms({ audit: true })");
  });
});

describe("lookupEvents", () => {
  async function busy() {
    const t = createTestKms({ audit: true });
    const a = await newKeyId(t.kms);
    const b = await newKeyId(t.kms);
    for (let day = 0; day < 5; day++) {
      await t.kms.encrypt({ KeyId: day % 2 === 0 ? a : b, Plaintext: SECRET });
      t.clock.advance({ days: 1 });
    }
    return { ...t, a, b };
  }

  it("finds by key (ARN or id), by event name and by time range, oldest first", async () => {
    const { kms, a, b } = await busy();
    const byArn = await lookupEvents(kms, { LookupAttributes: [{ AttributeKey: "ResourceName", AttributeValue: arn(a) }] });
    expect(byArn.Events.map((e) => [e.EventName, e.EventTime])).toEqual([
      ["CreateKey", T0], ["Encrypt", T0], ["Encrypt", at("2026-01-03T00:00:00Z")], ["Encrypt", at("2026-01-05T00:00:00Z")],
    ]);
    expect(byArn.Events[0]?.Resources).toEqual([{ ResourceType: "AWS::KMS::Key", ResourceName: arn(a) }]);
    const byId = await lookupEvents(kms, { LookupAttributes: [{ AttributeKey: "ResourceName", AttributeValue: b }], StartTime: at("2026-01-02T00:00:00Z"), EndTime: at("2026-01-04T00:00:00Z") });
    expect(byId.Events.map((e) => e.EventTime)).toEqual([at("2026-01-02T00:00:00Z"), at("2026-01-04T00:00:00Z")]);
    const range = await lookupEvents(kms, { StartTime: at("2026-01-03T00:00:00Z") });
    expect(range.Events.map((e) => e.EventTime)).toEqual([at("2026-01-03T00:00:00Z"), at("2026-01-04T00:00:00Z"), at("2026-01-05T00:00:00Z")]);
    const creates = await lookupEvents(kms, { LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "CreateKey" }] });
    expect(creates.Events.map((e) => JSON.parse(e.CloudTrailEvent).responseElements.keyMetadata.keyId)).toEqual([a, b]);
    const readOnly = await lookupEvents(kms, { LookupAttributes: [{ AttributeKey: "ReadOnly", AttributeValue: "false" }] });
    expect(readOnly.Events.map((e) => e.EventName)).toEqual(["CreateKey", "CreateKey"]);
    const root = await lookupEvents(kms, { LookupAttributes: [{ AttributeKey: "Username", AttributeValue: "root" }] });
    expect(root.Events).toHaveLength(7);
    const one = byArn.Events[2] as { EventId: string };
    expect((await lookupEvents(kms, { LookupAttributes: [{ AttributeKey: "EventId", AttributeValue: one.EventId }] })).Events).toEqual([byArn.Events[2]]);
  });

  it("pages with NextToken, which only serves the parameters it was issued for", async () => {
    const { kms, a } = await busy();
    const first = await lookupEvents(kms, { MaxResults: 3 });
    expect(first.Events.map((e) => e.EventName)).toEqual(["CreateKey", "CreateKey", "Encrypt"]);
    const second = await lookupEvents(kms, { MaxResults: 3, NextToken: first.NextToken });
    const third = await lookupEvents(kms, { MaxResults: 3, NextToken: second.NextToken });
    expect([...second.Events, ...third.Events].map((e) => e.EventTime)).toEqual(
      [1, 2, 3, 4].map((d) => at(`2026-01-0${d + 1}T00:00:00Z`)),
    );
    expect(third.NextToken).toBeUndefined();
    const byKey = await lookupEvents(kms, { LookupAttributes: [{ AttributeKey: "ResourceName", AttributeValue: a }], MaxResults: 2 });
    const rest = await lookupEvents(kms, { LookupAttributes: [{ AttributeKey: "ResourceName", AttributeValue: a }], MaxResults: 2, NextToken: byKey.NextToken });
    expect([...byKey.Events, ...rest.Events]).toHaveLength(4);
    expect(rest.NextToken).toBeUndefined();
    await expectError(lookupEvents(kms, { MaxResults: 3, NextToken: byKey.NextToken }), InvalidNextTokenException);
    await expectError(lookupEvents(kms, { NextToken: "garbage" }), InvalidNextTokenException);
  });

  it("refuses what CloudTrail refuses", async () => {
    const { kms } = await busy();
    const attribute = { AttributeKey: "EventName" as const, AttributeValue: "Encrypt" };
    await expectError(lookupEvents(kms, { LookupAttributes: [attribute, attribute] }), InvalidLookupAttributesException, "You can look up events by at most one attribute.");
    await expectError(lookupEvents(kms, { LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "" }] }), InvalidLookupAttributesException);
    await expectError(lookupEvents(kms, { LookupAttributes: [{ AttributeKey: "Color" as never, AttributeValue: "x" }] }), InvalidLookupAttributesException);
    await expectError(lookupEvents(kms, { StartTime: at("2026-01-03T00:00:00Z"), EndTime: at("2026-01-02T00:00:00Z") }), InvalidTimeRangeException, "StartTime must not be after EndTime.");
    await expectError(lookupEvents(kms, { MaxResults: 51 }), InvalidMaxResultsException, "MaxResults must be from 1 to 50.");
    await expectError(lookupEvents(kms, { MaxResults: 0 }), InvalidMaxResultsException);
  });
});
