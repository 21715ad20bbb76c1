import { describe, expect, it } from "vitest";
import {
  AlreadyExistsException,
  InvalidAliasNameException,
  InvalidMarkerException,
  KMSInvalidStateException,
  LimitExceededException,
  NotAuthorizedException,
  NotFoundException,
  ValidationException,
} from "../../../src/index.js";
import { createTestKms, expectError, newKeyId, T0 } from "../../support/create-test-kms.js";

const ALIAS_ARN = "arn:aws:kms:us-east-1:111122223333:alias/";
const PREFIX_MESSAGE =
  'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html';

describe("createAlias", () => {
  it("creates an alias listed with its ARN, bare target key id and dates", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms);
    await kms.createAlias({ AliasName: "alias/TestCMK", TargetKeyId: `arn:aws:kms:us-east-1:111122223333:key/${keyId}` });
    expect(await kms.listAliases()).toEqual({
      Aliases: [
        { AliasName: "alias/TestCMK", AliasArn: `${ALIAS_ARN}TestCMK`, TargetKeyId: keyId, CreationDate: T0, LastUpdatedDate: T0 },
      ],
      Truncated: false,
    });
  });

  it("refuses names without the alias/ prefix, reserved names and bad characters", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms);
    await expectError(kms.createAlias({ AliasName: "TestCMK", TargetKeyId: keyId }), ValidationException, PREFIX_MESSAGE);
    await expectError(kms.createAlias({ AliasName: "alias/aws/mine", TargetKeyId: keyId }), NotAuthorizedException);
    await expectError(kms.createAlias({ AliasName: "alias/a:b", TargetKeyId: keyId }), InvalidAliasNameException);
    await expectError(kms.createAlias({ AliasName: "alias/", TargetKeyId: keyId }), InvalidAliasNameException);
    await expectError(
      kms.createAlias({ AliasName: "alias/sp ace", TargetKeyId: keyId }),
      ValidationException,
      "1 validation error detected: Value 'alias/sp ace' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$",
    );
    await expectError(kms.createAlias({ AliasName: `alias/${"x".repeat(251)}`, TargetKeyId: keyId }), ValidationException);
  });

  it("refuses duplicates, case-sensitively", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms);
    await kms.createAlias({ AliasName: "alias/x", TargetKeyId: keyId });
    await kms.createAlias({ AliasName: "alias/X", TargetKeyId: keyId });
    await expectError(
      kms.createAlias({ AliasName: "alias/x", TargetKeyId: keyId }),
      AlreadyExistsException,
      `An alias with the name ${ALIAS_ARN}x already exists`,
    );
  });

  it("refuses targets that are missing, pending deletion, AWS managed, aliases, or full", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms);
    await expectError(kms.createAlias({ AliasName: "alias/m", TargetKeyId: "1234abcd-12ab-34cd-56ef-1234567890ab" }), NotFoundException);
    await kms.createAlias({ AliasName: "alias/first", TargetKeyId: keyId });
    await expectError(kms.createAlias({ AliasName: "alias/second", TargetKeyId: "alias/first" }), NotFoundException, "Invalid keyId 'alias/first'");
    const aws = (await kms.createAwsManagedKey({ Service: "s3" })).KeyMetadata?.KeyId ?? "";
    await expectError(kms.createAlias({ AliasName: "alias/mine", TargetKeyId: aws }), NotAuthorizedException);
    const doomed = await newKeyId(kms);
    await kms.scheduleKeyDeletion({ KeyId: doomed });
    await expectError(kms.createAlias({ AliasName: "alias/d", TargetKeyId: doomed }), KMSInvalidStateException);
    for (let i = 1; i < 50; i++) await kms.createAlias({ AliasName: `alias/n${i}`, TargetKeyId: keyId });
    await expectError(kms.createAlias({ AliasName: "alias/n50", TargetKeyId: keyId }), LimitExceededException);
  });
});

describe("updateAlias", () => {
  it("re-points an alias (the seed page's manual rotation) and sets LastUpdatedDate", async () => {
    const { kms, clock } = createTestKms();
    const oldKey = await newKeyId(kms);
    const newKey = await newKeyId(kms);
    await kms.createAlias({ AliasName: "alias/TestCMK", TargetKeyId: oldKey });
    clock.advance({ days: 1 });
    await kms.updateAlias({ AliasName: "alias/TestCMK", TargetKeyId: newKey });
    expect((await kms.listAliases()).Aliases).toEqual([
      {
        AliasName: "alias/TestCMK",
        AliasArn: `${ALIAS_ARN}TestCMK`,
        TargetKeyId: newKey,
        CreationDate: T0,
        LastUpdatedDate: new Date("2026-01-02T00:00:00.000Z"),
      },
    ]);
    expect((await kms.describeKey({ KeyId: "alias/TestCMK" })).KeyMetadata?.KeyId).toBe(newKey);
  });

  it("refuses a key of another type or usage", async () => {
    const { kms } = createTestKms();
    const symmetric = await newKeyId(kms);
    const hmac = await newKeyId(kms, { KeySpec: "HMAC_256", KeyUsage: "GENERATE_VERIFY_MAC" });
    await kms.createAlias({ AliasName: "alias/a", TargetKeyId: symmetric });
    await expectError(kms.updateAlias({ AliasName: "alias/a", TargetKeyId: hmac }), ValidationException);
  });

  it("refuses unknown aliases, reserved aliases and targets pending deletion", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms);
    await expectError(kms.updateAlias({ AliasName: "alias/none", TargetKeyId: keyId }), NotFoundException, `Alias ${ALIAS_ARN}none is not found.`);
    await kms.describeKey({ KeyId: "alias/aws/s3" });
    await expectError(kms.updateAlias({ AliasName: "alias/aws/s3", TargetKeyId: keyId }), NotAuthorizedException);
    await kms.createAlias({ AliasName: "alias/a", TargetKeyId: keyId });
    const doomed = await newKeyId(kms);
    await kms.scheduleKeyDeletion({ KeyId: doomed });
    await expectError(kms.updateAlias({ AliasName: "alias/a", TargetKeyId: doomed }), KMSInvalidStateException);
    await expectError(kms.updateAlias({ AliasName: "a", TargetKeyId: keyId }), ValidationException, PREFIX_MESSAGE);
  });
});

describe("aliases per key", () => {
  it("follow re-pointing: the quota counts current targets, and a deleted key takes only its own aliases", async () => {
    const { kms, clock } = createTestKms();
    const a = await newKeyId(kms);
    const b = await newKeyId(kms);
    for (let i = 0; i < 50; i++) await kms.createAlias({ AliasName: `alias/n${i}`, TargetKeyId: a });
    await expectError(kms.createAlias({ AliasName: "alias/extra", TargetKeyId: a }), LimitExceededException);
    await kms.updateAlias({ AliasName: "alias/n0", TargetKeyId: b });
    await kms.createAlias({ AliasName: "alias/extra", TargetKeyId: a });
    await kms.deleteAlias({ AliasName: "alias/extra" });
    await kms.scheduleKeyDeletion({ KeyId: a, PendingWindowInDays: 7 });
    clock.advance({ days: 7 });
    expect((await kms.listAliases()).Aliases?.map((x) => [x.AliasName, x.TargetKeyId])).toEqual([["alias/n0", b]]);
  });
});

describe("deleteAlias", () => {
  it("deletes an alias whatever its key's state, and not the key", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms);
    await kms.createAlias({ AliasName: "alias/a", TargetKeyId: keyId });
    await kms.scheduleKeyDeletion({ KeyId: keyId });
    await kms.deleteAlias({ AliasName: "alias/a" });
    expect((await kms.listAliases()).Aliases).toEqual([]);
    expect((await kms.describeKey({ KeyId: keyId })).KeyMetadata?.KeyState).toBe("PendingDeletion");
  });

  it("refuses unknown and reserved aliases", async () => {
    const { kms } = createTestKms();
    await expectError(kms.deleteAlias({ AliasName: "alias/none" }), NotFoundException);
    await kms.describeKey({ KeyId: "alias/aws/s3" });
    await expectError(kms.deleteAlias({ AliasName: "alias/aws/s3" }), NotAuthorizedException);
  });
});

describe("listAliases", () => {
  it("filters by key and pages with Limit (default 50, at most 100) and Marker", async () => {
    const { kms } = createTestKms();
    const a = await newKeyId(kms);
    const b = await newKeyId(kms);
    for (let i = 0; i < 30; i++) await kms.createAlias({ AliasName: `alias/a${i}`, TargetKeyId: a });
    for (let i = 0; i < 30; i++) await kms.createAlias({ AliasName: `alias/b${i}`, TargetKeyId: b });
    const first = await kms.listAliases();
    expect(first.Aliases).toHaveLength(50);
    expect(first.Truncated).toBe(true);
    const rest = await kms.listAliases({ Marker: first.NextMarker });
    expect(rest.Aliases?.map((x) => x.AliasName)).toEqual(Array.from({ length: 10 }, (_, i) => `alias/b${20 + i}`));
    expect((await kms.listAliases({ KeyId: b, Limit: 100 })).Aliases?.map((x) => x.TargetKeyId)).toEqual(Array(30).fill(b));
    await expectError(kms.listAliases({ Limit: 101 }), ValidationException);
    await expectError(kms.listAliases({ Marker: "nonsense" }), InvalidMarkerException);
    await expectError(kms.listAliases({ KeyId: "alias/a0" }), NotFoundException);
  });
});
