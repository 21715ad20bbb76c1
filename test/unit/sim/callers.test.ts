/**
 * The simulation kit with access control: the audit trail names the caller of each call as
 * CloudTrail does (kms.as in process), records refusals with AccessDeniedException and AWS's
 * message; a caller's view forwards the kit's extras (GetKeyLastUsage and key usage authorized as
 * kms:GetKeyLastUsage, the trail, forks as the same caller); forks carry principals and grants;
 * grant operations appear in the trail as CloudTrail writes them.
 */
import { describe, expect, it } from "vitest";
import { AccessDeniedException, type CloudTrailRecord, type Kms } from "../../../src/index.js";
import { nobleCryptoProvider } from "../../../src/crypto/noble-provider.js";
import { iamUniqueId } from "../../../src/service/audit-identity.js";
import { deletionImpact, fork, keyUsage, lookupEvents } from "../../../src/sim/index.js";
import { ManualClock } from "../../../src/testing/index.js";
import { createTestKms, expectError, newKeyId, T0 } from "../../support/create-test-kms.js";
import { usageEventId } from "../../support/request-ids.js";

const ACCOUNT = "111122223333";
const ALICE = `arn:aws:iam::${ACCOUNT}:user/alice`;
const APP = `arn:aws:iam::${ACCOUNT}:role/app`;
const SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/app/kms-sim`;
const PLAINTEXT = new Uint8Array([1, 2, 3]);
const arn = (keyId: string) => `arn:aws:kms:us-east-1:${ACCOUNT}:key/${keyId}`;
const allow = (...actions: string[]) => ({ Policies: [{ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: actions, Resource: "*" }] }] });
const refusal = (who: string, action: string, keyId: string) =>
  `User: ${who} is not authorized to perform: ${action} on resource: ${arn(keyId)} because no identity-based policy allows the ${action} action`;

async function records(kms: Kms, eventName?: string): Promise<CloudTrailRecord[]> {
  const request = eventName === undefined ? {} : { LookupAttributes: [{ AttributeKey: "EventName" as const, AttributeValue: eventName }] };
  return (await lookupEvents(kms, request)).Events.map((event) => JSON.parse(event.CloudTrailEvent) as CloudTrailRecord);
}

describe("the audit trail names the caller", () => {
  it("of kms.as: an IAM user, a role's session, another account's root, an AWS service, a call through an integrated service", async () => {
    const { kms } = createTestKms({ audit: true, principals: { [ALICE]: allow("kms:*"), [APP]: allow("kms:Encrypt") } });
    const keyId = await newKeyId(kms);
    await kms.as(ALICE).encrypt({ KeyId: keyId, Plaintext: PLAINTEXT });
    await kms.as(APP).encrypt({ KeyId: keyId, Plaintext: PLAINTEXT });
    await kms.as({ PrincipalArn: ALICE, ViaService: "s3.us-east-1.amazonaws.com" }).encrypt({ KeyId: keyId, Plaintext: PLAINTEXT });
    await kms.as({ PrincipalArn: ALICE, SourceIp: "203.0.113.9" }).describeKey({ KeyId: keyId });
    await kms.as("444455556666").describeKey({ KeyId: arn(keyId) }).catch(() => undefined);
    await kms.as("cloudtrail.amazonaws.com").describeKey({ KeyId: keyId }).catch(() => undefined);
    const [create, alice, app, viaS3, fromIp, otherAccount, service] = await records(kms);
    const aliceIdentity = { type: "IAMUser", principalId: iamUniqueId(nobleCryptoProvider, "AIDA", ALICE), arn: ALICE, accountId: ACCOUNT, userName: "alice" };
    expect(create?.userIdentity).toEqual({ type: "Root", principalId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT });
    expect(alice?.userIdentity).toEqual(aliceIdentity);
    const roleId = iamUniqueId(nobleCryptoProvider, "AROA", APP);
    expect(app?.userIdentity).toEqual({
      type: "AssumedRole",
      principalId: `${roleId}:kms-sim`,
      arn: SESSION,
      accountId: ACCOUNT,
      sessionContext: { sessionIssuer: { type: "Role", principalId: roleId, arn: APP, accountId: ACCOUNT, userName: "app" }, attributes: { mfaAuthenticated: "false" } },
    });
    expect([viaS3?.userIdentity, viaS3?.sourceIPAddress, viaS3?.userAgent]).toEqual([{ ...aliceIdentity, invokedBy: "s3.amazonaws.com" }, "s3.amazonaws.com", "s3.amazonaws.com"]);
    expect([fromIp?.sourceIPAddress, fromIp?.userAgent]).toEqual(["203.0.113.9", "kms-sim"]);
    expect(otherAccount?.userIdentity).toEqual({ type: "Root", principalId: "444455556666", arn: "arn:aws:iam::444455556666:root", accountId: "444455556666" });
    expect(otherAccount?.recipientAccountId).toBe(ACCOUNT);
    expect(service?.userIdentity).toEqual({ type: "AWSService", invokedBy: "cloudtrail.amazonaws.com" });
    expect(service?.sourceIPAddress).toBe("cloudtrail.amazonaws.com");
    // LookupEvents' Username: the user's name, a role session's name, root.
    const names = (await lookupEvents(kms)).Events.map((event) => event.Username);
    expect(names.slice(0, 5)).toEqual(["root", "alice", "kms-sim", "alice", "alice"]);
    expect((await lookupEvents(kms, { LookupAttributes: [{ AttributeKey: "Username", AttributeValue: "kms-sim" }] })).Events.map((e) => e.EventName)).toEqual(["Encrypt"]);
  });

  it("records a refusal with AccessDeniedException and AWS's message, naming the key, counting no usage", async () => {
    const { kms } = createTestKms({ audit: true, principals: { [APP]: allow("kms:Decrypt") } });
    const keyId = await newKeyId(kms);
    const message = refusal(SESSION, "kms:Encrypt", keyId);
    await expectError(kms.as(APP).encrypt({ KeyId: keyId, Plaintext: PLAINTEXT }), AccessDeniedException, message);
    const [denied] = await records(kms, "Encrypt");
    expect(denied).toMatchObject({
      userIdentity: { type: "AssumedRole", arn: SESSION },
      errorCode: "AccessDeniedException",
      errorMessage: message,
      requestParameters: { keyId, encryptionAlgorithm: "SYMMETRIC_DEFAULT" },
      resources: [{ accountId: ACCOUNT, type: "AWS::KMS::Key", ARN: arn(keyId) }],
    });
    expect(denied?.additionalEventData).toBeUndefined();
    expect((await kms.getKeyLastUsage({ KeyId: keyId })).KeyLastUsage).toEqual({});
    // A refusal before any key is found (IAM alone decides CreateKey) names none.
    await expectError(kms.as(APP).createKey({}), AccessDeniedException);
    const [createDenied] = (await records(kms, "CreateKey")).slice(-1);
    expect([createDenied?.errorCode, createDenied?.resources]).toEqual(["AccessDeniedException", []]);
  });
});

describe("a caller's view", () => {
  it("authorizes GetKeyLastUsage and the kit's key usage as kms:GetKeyLastUsage, and reads the same trail", async () => {
    const { kms } = createTestKms({ audit: true, principals: { [APP]: allow("kms:Encrypt"), [ALICE]: allow("kms:Encrypt", "kms:GetKeyLastUsage") } });
    const keyId = await newKeyId(kms);
    const app = kms.as(APP);
    await app.encrypt({ KeyId: keyId, Plaintext: PLAINTEXT });
    const usageRefusal = refusal(SESSION, "kms:GetKeyLastUsage", keyId);
    await expectError(app.getKeyLastUsage({ KeyId: keyId }), AccessDeniedException, usageRefusal);
    await expectError(keyUsage(app, keyId), AccessDeniedException, usageRefusal);
    await expectError(deletionImpact(app, keyId), AccessDeniedException, usageRefusal);
    const alice = kms.as(ALICE);
    expect((await alice.getKeyLastUsage({ KeyId: keyId })).KeyLastUsage).toEqual({
      Operation: "Encrypt",
      Timestamp: T0,
      CloudTrailEventId: usageEventId("Encrypt", T0, keyId, 1),
      KmsRequestId: expect.any(String) as unknown,
    });
    expect((await keyUsage(alice, keyId)).KeyMaterials.map((m) => m.Encryptions)).toEqual([1]);
    // The trail is CloudTrail's, read alike through every view; keyUsage left no record.
    expect((await lookupEvents(alice)).Events.map((e) => [e.EventName, e.Username])).toEqual([
      ["CreateKey", "root"], ["Encrypt", "kms-sim"], ["GetKeyLastUsage", "kms-sim"], ["GetKeyLastUsage", "alice"],
    ]);
    expect(alice.now()).toEqual(kms.now());
    expect(alice.auditTrail()).toBe(kms.auditTrail());
  });

  it("forks into the fork's view as the same caller; the fork keeps principals and grants apart from its parent", async () => {
    const { kms, clock } = createTestKms({ audit: true, principals: { [APP]: allow("kms:DescribeKey") } });
    const keyId = await newKeyId(kms);
    const { GrantId } = await kms.createGrant({ KeyId: keyId, GranteePrincipal: APP, Operations: ["Encrypt"] });
    const child = fork(kms.as(APP), { clock: new ManualClock(clock.now()) });
    // The fork acts as the role: the grant (copied with the keys) lets it encrypt.
    await child.encrypt({ KeyId: keyId, Plaintext: PLAINTEXT });
    const [encrypt] = await records(child, "Encrypt");
    expect(encrypt?.userIdentity).toMatchObject({ type: "AssumedRole", arn: SESSION });
    // Revoked in the parent, the grant still serves the fork; a principal put in the fork is the fork's.
    await kms.revokeGrant({ KeyId: keyId, GrantId: GrantId as string });
    await expectError(kms.as(APP).encrypt({ KeyId: keyId, Plaintext: PLAINTEXT }), AccessDeniedException, refusal(SESSION, "kms:Encrypt", keyId));
    await child.encrypt({ KeyId: keyId, Plaintext: PLAINTEXT });
    expect(child.snapshot().grants?.map((g) => g.grantId)).toEqual([GrantId]);
    const rootChild = fork(kms, { clock: new ManualClock(clock.now()) });
    rootChild.putPrincipal(ALICE, allow("kms:Encrypt"));
    expect(kms.snapshot().principals?.map((p) => p.arn)).toEqual([APP]);
    expect(rootChild.snapshot().principals?.map((p) => p.arn)).toEqual([APP, ALICE]);
    expect(rootChild.snapshot().grants ?? []).toEqual([]);
  });
});

describe("grant operations in the trail", () => {
  it("CreateGrant with the grant id and key ARN, not the token; ListGrants read only; RetireGrant by the grant's id; RevokeGrant", async () => {
    const { kms } = createTestKms({ audit: true });
    const keyId = await newKeyId(kms);
    const created = await kms.createGrant({ KeyId: keyId, GranteePrincipal: APP, Operations: ["Decrypt", "RetireGrant"], Constraints: { EncryptionContextSubset: { tenant: "t-1" } } });
    const second = await kms.createGrant({ KeyId: keyId, GranteePrincipal: ALICE, Operations: ["Encrypt"] });
    await kms.listGrants({ KeyId: keyId });
    await kms.as(APP).retireGrant({ GrantToken: created.GrantToken as string });
    await kms.revokeGrant({ KeyId: arn(keyId), GrantId: second.GrantId as string });
    const [createGrant, , listGrants, retire, revoke] = (await records(kms)).slice(1);
    expect(createGrant).toMatchObject({
      eventName: "CreateGrant",
      readOnly: false,
      requestParameters: { keyId, granteePrincipal: APP, operations: ["Decrypt", "RetireGrant"], constraints: { encryptionContextSubset: { tenant: "t-1" } } },
      responseElements: { grantId: created.GrantId, keyId: arn(keyId) },
      resources: [{ ARN: arn(keyId) }],
    });
    expect([listGrants?.eventName, listGrants?.readOnly, listGrants?.responseElements]).toEqual(["ListGrants", true, null]);
    expect(retire).toMatchObject({
      eventName: "RetireGrant",
      userIdentity: { arn: SESSION },
      requestParameters: null,
      responseElements: null,
      additionalEventData: { grantId: created.GrantId },
      resources: [{ ARN: arn(keyId) }],
    });
    expect(revoke).toMatchObject({ eventName: "RevokeGrant", requestParameters: { keyId: arn(keyId), grantId: second.GrantId }, resources: [{ ARN: arn(keyId) }] });
    // A grant token lets its holder use the grant: it is in no record.
    const everything = JSON.stringify((await lookupEvents(kms)).Events);
    for (const token of [created.GrantToken, second.GrantToken]) expect(everything).not.toContain(token as string);
  });
});
