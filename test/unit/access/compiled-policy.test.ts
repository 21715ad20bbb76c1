import { describe, expect, it } from "vitest";
import {
  callerFromArn,
  compilePolicy,
  evaluatePolicy,
  NO_RESOURCE,
  parseKeyPolicy,
  POLICY_ALLOWS_ACCOUNT,
  POLICY_ALLOWS_DIRECT,
  POLICY_DENIES,
  type AccessResource,
  type Caller,
} from "../../../src/access/index.js";
import { defaultKeyPolicy } from "../../../src/model/policy.js";
import {
  ACCOUNT,
  alice,
  appRoleSession,
  bob,
  carol,
  cloudTrail,
  context,
  identityPolicy,
  KEY_ARN,
  keyPolicy,
  keyResource,
  OTHER_ACCOUNT,
  otherRoot,
  root,
} from "../../support/access.js";

const NONE = 0;
const DIRECT = POLICY_ALLOWS_DIRECT;
const ACCOUNT_ONLY = POLICY_ALLOWS_ACCOUNT;
const DENY = POLICY_DENIES;

const evaluate = (policy: ReturnType<typeof keyPolicy>, caller: Caller, action = "kms:Decrypt", resource: AccessResource = keyResource()) =>
  evaluatePolicy(policy, action, { caller, resource, context: context() });

const allowFor = (principal: unknown) => keyPolicy({ Effect: "Allow", Principal: principal, Action: "kms:Decrypt", Resource: "*" });

describe("Principal matching in key policies", () => {
  it.each<[string, unknown, Caller, number]>([
    ["the account principal covers the account's root itself", { AWS: `arn:aws:iam::${ACCOUNT}:root` }, root, DIRECT],
    ["the 12-digit short form behaves the same", { AWS: ACCOUNT }, root, DIRECT],
    ["the account principal delegates for an IAM user", { AWS: `arn:aws:iam::${ACCOUNT}:root` }, alice, ACCOUNT_ONLY],
    ["the short form delegates for a role session", { AWS: ACCOUNT }, appRoleSession, ACCOUNT_ONLY],
    ["another account's principal does not cover this account", { AWS: OTHER_ACCOUNT }, alice, NONE],
    ["a user ARN covers that user", { AWS: `arn:aws:iam::${ACCOUNT}:user/alice` }, alice, DIRECT],
    ["a user ARN with a path covers that user", { AWS: `arn:aws:iam::${ACCOUNT}:user/engineering/bob` }, bob, DIRECT],
    ["a user ARN covers no one else", { AWS: `arn:aws:iam::${ACCOUNT}:user/alice` }, bob, NONE],
    ["a role ARN covers its sessions", { AWS: `arn:aws:iam::${ACCOUNT}:role/service/app` }, appRoleSession, DIRECT],
    ["a role ARN without the path does not", { AWS: `arn:aws:iam::${ACCOUNT}:role/app` }, appRoleSession, NONE],
    ["a session ARN covers that session", { AWS: `arn:aws:sts::${ACCOUNT}:assumed-role/app/session-1` }, appRoleSession, DIRECT],
    ["a session ARN covers no other session", { AWS: `arn:aws:sts::${ACCOUNT}:assumed-role/app/session-2` }, appRoleSession, NONE],
    ['"*" covers everyone', "*", carol, DIRECT],
    ['{"AWS": "*"} covers everyone', { AWS: "*" }, appRoleSession, DIRECT],
    ['{"AWS": "*"} covers service principals', { AWS: "*" }, cloudTrail, DIRECT],
    ["a Service principal covers that service", { Service: "cloudtrail.amazonaws.com" }, cloudTrail, DIRECT],
    ["a Service principal covers no IAM identity", { Service: "cloudtrail.amazonaws.com" }, root, NONE],
    ["an account principal covers no service", { AWS: ACCOUNT }, cloudTrail, NONE],
    ["another account's root is covered by its account principal", { AWS: OTHER_ACCOUNT }, otherRoot, DIRECT],
    ["a list covers each entry", { AWS: [`arn:aws:iam::${ACCOUNT}:user/alice`, OTHER_ACCOUNT] }, carol, ACCOUNT_ONLY],
  ])("%s", (_, principal, caller, expected) => {
    expect(evaluate(allowFor(principal), caller)).toBe(expected);
  });

  it("matches a federated user by its ARN", () => {
    const federated = callerFromArn(`arn:aws:sts::${ACCOUNT}:federated-user/dana`);
    expect(evaluate(allowFor({ AWS: `arn:aws:sts::${ACCOUNT}:federated-user/dana` }), federated)).toBe(DIRECT);
    expect(evaluate(allowFor({ AWS: ACCOUNT }), federated)).toBe(ACCOUNT_ONLY);
  });
});

describe("NotPrincipal", () => {
  const denyAllBut = (...notPrincipals: string[]) =>
    keyPolicy({ Effect: "Deny", NotPrincipal: { AWS: notPrincipals }, Action: "kms:Decrypt", Resource: "*" }, { Effect: "Allow", Principal: "*", Action: "kms:*", Resource: "*" });

  it("applies to everyone the list does not name", () => {
    expect(evaluate(denyAllBut(`arn:aws:iam::${ACCOUNT}:user/alice`, ACCOUNT), bob)).toBe(DENY);
    expect(evaluate(denyAllBut(`arn:aws:iam::${ACCOUNT}:user/alice`, ACCOUNT), alice)).toBe(DIRECT);
  });

  it("excludes a user only with its account listed too (IAM: every identity of the caller)", () => {
    expect(evaluate(denyAllBut(`arn:aws:iam::${ACCOUNT}:user/alice`), alice)).toBe(DENY);
  });

  it("excludes a role session only when the session, the role and the account are all listed", () => {
    const session = `arn:aws:sts::${ACCOUNT}:assumed-role/app/session-1`;
    const role = `arn:aws:iam::${ACCOUNT}:role/service/app`;
    expect(evaluate(denyAllBut(role, ACCOUNT), appRoleSession)).toBe(DENY);
    expect(evaluate(denyAllBut(session, ACCOUNT), appRoleSession)).toBe(DENY);
    expect(evaluate(denyAllBut(session, role, ACCOUNT), appRoleSession)).toBe(DIRECT);
  });

  it("excludes the root user when its account is listed", () => {
    expect(evaluate(denyAllBut(`arn:aws:iam::${ACCOUNT}:root`), root)).toBe(DIRECT);
  });

  it("with an Allow, allows everyone it does not name", () => {
    const policy = keyPolicy({ Effect: "Allow", NotPrincipal: { AWS: [`arn:aws:iam::${ACCOUNT}:user/alice`, ACCOUNT] }, Action: "kms:Decrypt", Resource: "*" });
    expect([evaluate(policy, alice), evaluate(policy, bob), evaluate(policy, carol)]).toEqual([NONE, DIRECT, DIRECT]);
  });
});

describe("Action and NotAction", () => {
  const actions = (spec: object) => keyPolicy({ Effect: "Allow", Principal: { AWS: ACCOUNT }, Resource: "*", ...spec });
  it.each<[object, string, number]>([
    [{ Action: "kms:Decrypt" }, "kms:Decrypt", 1],
    [{ Action: "KMS:decrypt" }, "kms:Decrypt", 1],
    [{ Action: "kms:Decrypt" }, "kms:Encrypt", 0],
    [{ Action: "kms:*" }, "kms:ScheduleKeyDeletion", 1],
    [{ Action: "*" }, "kms:ScheduleKeyDeletion", 1],
    [{ Action: "kms:ReEncrypt*" }, "kms:ReEncryptFrom", 1],
    [{ Action: "kms:ReEncrypt*" }, "kms:ReEncryptTo", 1],
    [{ Action: "kms:GenerateDataKey*" }, "kms:GenerateDataKeyPairWithoutPlaintext", 1],
    [{ Action: "kms:Get*" }, "kms:GenerateDataKey", 0],
    [{ Action: "kms:?ncrypt" }, "kms:Encrypt", 1],
    [{ Action: "kms:?ncrypt" }, "kms:Decrypt", 0],
    [{ Action: "kms:*Key*" }, "kms:DescribeKey", 1],
    [{ Action: ["kms:Encrypt", "kms:Decrypt"] }, "kms:Decrypt", 1],
    [{ Action: "s3:GetObject" }, "kms:Decrypt", 0],
    [{ NotAction: "kms:Decrypt" }, "kms:Decrypt", 0],
    [{ NotAction: "kms:Decrypt" }, "kms:Encrypt", 1],
    [{ NotAction: ["kms:*Delet*", "kms:Disable*"] }, "kms:ScheduleKeyDeletion", 0],
    [{ NotAction: ["kms:*Delet*", "kms:Disable*"] }, "kms:Encrypt", 1],
  ])("%j and %s: %s", (spec, action, applies) => {
    expect(evaluate(actions(spec), root, action)).toBe(applies ? DIRECT : NONE);
  });
});

describe("Resource and NotResource", () => {
  const other = keyResource({ arn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/other` });
  const alias = { kind: "alias" as const, arn: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/app`, accountId: ACCOUNT, region: "us-east-1" };

  it('reads "*" in a key policy as "this key"', () => {
    expect(evaluate(allowFor({ AWS: ACCOUNT }), root, "kms:Decrypt", other)).toBe(DIRECT);
  });

  it("matches a key ARN in a key policy against the key", () => {
    const policy = keyPolicy({ Effect: "Allow", Principal: { AWS: ACCOUNT }, Action: "kms:*", Resource: KEY_ARN });
    expect([evaluate(policy, root), evaluate(policy, root, "kms:Decrypt", other)]).toEqual([DIRECT, NONE]);
  });

  it.each<[object, AccessResource, number]>([
    [{ Resource: "*" }, keyResource(), DIRECT],
    [{ Resource: "*" }, NO_RESOURCE, DIRECT],
    [{ Resource: KEY_ARN }, keyResource(), DIRECT],
    [{ Resource: KEY_ARN }, other, NONE],
    [{ Resource: KEY_ARN }, NO_RESOURCE, NONE],
    [{ Resource: `arn:aws:kms:us-east-1:${ACCOUNT}:key/*` }, other, DIRECT],
    [{ Resource: `arn:aws:kms:*:${ACCOUNT}:key/*` }, other, DIRECT],
    [{ Resource: `arn:aws:kms:*:${OTHER_ACCOUNT}:key/*` }, other, NONE],
    [{ Resource: `arn:aws:kms:us-east-1:${ACCOUNT}:key/*` }, alias, NONE],
    [{ Resource: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/app` }, alias, DIRECT],
    [{ Resource: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/*` }, alias, DIRECT],
    [{ Resource: "arn:aws:kms:*" }, keyResource(), DIRECT],
    [{ NotResource: KEY_ARN }, keyResource(), NONE],
    [{ NotResource: KEY_ARN }, other, DIRECT],
    [{ NotResource: KEY_ARN }, NO_RESOURCE, DIRECT],
  ])("an IAM statement with %j on %j: %s", (spec, resource, expected) => {
    const policy = identityPolicy({ Effect: "Allow", Action: "kms:*", ...spec });
    expect(evaluate(policy, alice, "kms:Decrypt", resource)).toBe(expected);
  });

  it("substitutes policy variables in resources", () => {
    const policy = identityPolicy({ Effect: "Allow", Action: "kms:*", Resource: "arn:aws:kms:*:${aws:PrincipalAccount}:key/*" });
    expect(evaluate(policy, alice)).toBe(DIRECT);
    expect(evaluate(policy, carol)).toBe(NONE);
  });
});

describe("evaluatePolicy", () => {
  it("reports a Deny alone, whatever else allows", () => {
    const policy = keyPolicy(
      { Effect: "Allow", Principal: "*", Action: "kms:*", Resource: "*" },
      { Effect: "Deny", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/alice` }, Action: "kms:Decrypt", Resource: "*" },
    );
    expect([evaluate(policy, alice), evaluate(policy, bob), evaluate(policy, alice, "kms:Encrypt")]).toEqual([DENY, DIRECT, DIRECT]);
  });

  it("applies a Deny naming the account to every identity of the account", () => {
    const policy = keyPolicy({ Effect: "Allow", Principal: "*", Action: "kms:*", Resource: "*" }, { Effect: "Deny", Principal: { AWS: ACCOUNT }, Action: "kms:Decrypt", Resource: "*" });
    expect([evaluate(policy, root), evaluate(policy, alice), evaluate(policy, appRoleSession), evaluate(policy, carol)]).toEqual([DENY, DENY, DENY, DIRECT]);
  });

  it("applies a statement only when all its conditions hold", () => {
    const policy = keyPolicy({
      Effect: "Allow",
      Principal: "*",
      Action: "kms:Decrypt",
      Resource: "*",
      Condition: { StringEquals: { "kms:CallerAccount": ACCOUNT, "kms:ViaService": "s3.us-east-1.amazonaws.com" } },
    });
    const input = (viaService?: string) => ({ caller: alice, resource: keyResource(), context: context(viaService ? { viaService } : {}) });
    expect(evaluatePolicy(policy, "kms:Decrypt", input("s3.us-east-1.amazonaws.com"))).toBe(DIRECT);
    expect(evaluatePolicy(policy, "kms:Decrypt", input())).toBe(NONE);
    expect(evaluatePolicy(policy, "kms:Decrypt", { ...input("s3.us-east-1.amazonaws.com"), caller: carol })).toBe(NONE);
  });

  it("reports both a delegation and a direct allow as direct", () => {
    const policy = keyPolicy(
      { Effect: "Allow", Principal: { AWS: ACCOUNT }, Action: "kms:*", Resource: "*" },
      { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/alice` }, Action: "kms:Decrypt", Resource: "*" },
    );
    expect(evaluate(policy, alice) & DIRECT).toBe(DIRECT);
  });

  it("lists the statements of an action once", () => {
    const policy = compilePolicy(parseKeyPolicy(defaultKeyPolicy(ACCOUNT)));
    expect(policy.forAction("kms:Decrypt")).toBe(policy.forAction("kms:Decrypt"));
    expect(policy.forAction("kms:Decrypt").allow).toHaveLength(1);
    expect(policy.forAction("s3:GetObject").allow).toHaveLength(0);
  });
});
