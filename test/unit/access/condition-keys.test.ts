import { describe, expect, it } from "vitest";
import { NO_RESOURCE, resolveConditionKey, type Caller, type EvaluationInput } from "../../../src/access/index.js";
import { alice, appRoleSession, cloudTrail, context, keyResource, NOW, root } from "../../support/access.js";

const base: EvaluationInput = { caller: alice, resource: keyResource(), context: context() };
const value = (name: string, input: Partial<EvaluationInput> = {}) => resolveConditionKey(name).get({ ...base, ...input });

describe("condition keys: where each reads its value", () => {
  const full = context({
    sourceIp: "203.0.113.9",
    viaService: "ec2.us-east-1.amazonaws.com",
    grantIsForAwsResource: true,
    encryptionContext: { Tenant: "acme", app: "billing" },
    requestAlias: "alias/billing",
    grantOperations: ["Decrypt", "Encrypt"],
    granteePrincipal: "arn:aws:iam::111122223333:role/app",
    retiringPrincipal: "arn:aws:iam::111122223333:role/ops",
    grantConstraintTypes: ["EncryptionContextSubset"],
    rotationPeriodInDays: 180,
    pendingWindowInDays: 7,
    bypassPolicyLockoutSafetyCheck: false,
    requestTags: { Env: "prod" },
    tagKeys: ["Env"],
  });
  const key = keyResource({ tags: [{ key: "Project", value: "atlas" }], aliases: ["alias/billing", "alias/b"], multiRegion: true, multiRegionKeyType: "PRIMARY" });

  it.each([
    ["kms:CallerAccount", "111122223333"],
    ["kms:ViaService", "ec2.us-east-1.amazonaws.com"],
    ["kms:EncryptionContext:Tenant", "acme"],
    ["kms:EncryptionContext:tenant", "acme"],
    ["KMS:ENCRYPTIONCONTEXT:APP", "billing"],
    ["kms:EncryptionContextKeys", ["Tenant", "app"]],
    ["kms:GrantIsForAWSResource", true],
    ["kms:GrantOperations", ["Decrypt", "Encrypt"]],
    ["kms:GranteePrincipal", "arn:aws:iam::111122223333:role/app"],
    ["kms:RetiringPrincipal", "arn:aws:iam::111122223333:role/ops"],
    ["kms:GrantConstraintType", ["EncryptionContextSubset"]],
    ["kms:KeySpec", "SYMMETRIC_DEFAULT"],
    ["kms:KeyUsage", "ENCRYPT_DECRYPT"],
    ["kms:KeyOrigin", "AWS_KMS"],
    ["kms:MultiRegion", true],
    ["kms:MultiRegionKeyType", "PRIMARY"],
    ["kms:RequestAlias", "alias/billing"],
    ["kms:ResourceAliases", ["alias/billing", "alias/b"]],
    ["kms:RotationPeriodInDays", 180],
    ["kms:ScheduleKeyDeletionPendingWindowInDays", 7],
    ["kms:BypassPolicyLockoutSafetyCheck", false],
    ["aws:PrincipalArn", "arn:aws:iam::111122223333:user/alice"],
    ["aws:PrincipalAccount", "111122223333"],
    ["aws:PrincipalType", "User"],
    ["aws:username", "alice"],
    ["aws:SourceIp", "203.0.113.9"],
    ["aws:ResourceTag/Project", "atlas"],
    ["aws:ResourceTag/project", "atlas"],
    ["aws:RequestTag/env", "prod"],
    ["aws:TagKeys", ["Env"]],
    ["aws:CurrentTime", NOW],
    ["aws:EpochTime", NOW / 1000],
    ["aws:RequestedRegion", "us-east-1"],
    ["aws:ResourceAccount", "111122223333"],
    ["aws:ViaAWSService", true],
  ])("%s reads %j", (name, expected) => {
    expect(value(name, { context: full, resource: key })).toEqual(expected);
    expect(resolveConditionKey(name).known).toBe(true);
  });

  it.each([
    "kms:ViaService", "kms:EncryptionContext:Tenant", "kms:EncryptionContextKeys", "kms:GrantIsForAWSResource", "kms:GrantOperations",
    "kms:GranteePrincipal", "kms:RetiringPrincipal", "kms:RequestAlias", "kms:RotationPeriodInDays",
    "kms:ScheduleKeyDeletionPendingWindowInDays", "kms:BypassPolicyLockoutSafetyCheck", "aws:SourceIp", "aws:ResourceTag/Project",
    "aws:RequestTag/Env", "aws:TagKeys", "kms:ResourceAliases",
  ])("%s is missing from a request that does not have it", (name) => {
    expect(value(name)).toBeUndefined();
  });

  it("reads the key's properties on key operations and the request's on CreateKey; never on ListKeys", () => {
    const rsa = keyResource({ keySpec: "RSA_2048", keyUsage: "SIGN_VERIFY", keyOrigin: "EXTERNAL" });
    expect([value("kms:KeySpec", { resource: rsa }), value("kms:KeyUsage", { resource: rsa }), value("kms:KeyOrigin", { resource: rsa })]).toEqual([
      "RSA_2048", "SIGN_VERIFY", "EXTERNAL",
    ]);
    const createKey = context({ keySpec: "HMAC_256", keyUsage: "GENERATE_VERIFY_MAC", keyOrigin: "AWS_KMS" });
    expect(value("kms:KeySpec", { resource: NO_RESOURCE, context: createKey })).toBe("HMAC_256");
    expect(value("kms:KeySpec", { resource: NO_RESOURCE })).toBeUndefined();
    expect(value("kms:ResourceAliases", { resource: NO_RESOURCE })).toBeUndefined();
    expect(value("aws:ResourceTag/Project", { resource: NO_RESOURCE })).toBeUndefined();
  });

  it.each<[string, Caller, unknown, unknown, unknown]>([
    ["root", root, "arn:aws:iam::111122223333:root", "111122223333", "Account"],
    ["a role session (aws:PrincipalArn is the role ARN)", appRoleSession, "arn:aws:iam::111122223333:role/service/app", "111122223333", "AssumedRole"],
    ["a service principal", cloudTrail, "cloudtrail.amazonaws.com", undefined, undefined],
  ])("caller keys of %s", (_, caller, principalArn, account, type) => {
    expect([value("aws:PrincipalArn", { caller }), value("kms:CallerAccount", { caller }), value("aws:PrincipalType", { caller })]).toEqual([
      principalArn, account, type,
    ]);
  });

  it("looks up keys it does not model in the context's extra map", () => {
    const key = resolveConditionKey("aws:SourceArn");
    expect(key.known).toBe(false);
    expect(key.get({ ...base, context: context({ extra: { "aws:sourcearn": "arn:aws:cloudtrail:us-east-1:111122223333:trail/t" } }) })).toBe(
      "arn:aws:cloudtrail:us-east-1:111122223333:trail/t",
    );
    expect(key.get(base)).toBeUndefined();
  });

  it("marks the keys KMS refuses in key policies", () => {
    expect(["aws:ResourceTag/x", "kms:ResourceTag/x", "kms:ResourceAliases", "kms:ViaService", "aws:RequestTag/x"].map((n) => resolveConditionKey(n).keyPolicyAllowed)).toEqual([
      false, false, false, true, true,
    ]);
  });
});
