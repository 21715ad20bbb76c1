import { describe, expect, it } from "vitest";
import {
  authorize,
  compileKeyPolicy,
  denialMessage,
  NO_RESOURCE,
  requireAuthorized,
  type AccessRequest,
  type AccessResource,
  type Caller,
  type CompiledPolicy,
  type GrantRecord,
} from "../../../src/access/index.js";
import { AccessDeniedException } from "../../../src/index.js";
import { awsManagedKeyPolicy, defaultKeyPolicy } from "../../../src/model/policy.js";
import {
  ACCOUNT,
  alice,
  appRoleSession,
  bob,
  carol,
  cloudTrail,
  context,
  ENABLE_IAM,
  identityPolicy,
  KEY_ARN,
  keyPolicy,
  keyResource,
  OTHER_ACCOUNT,
  otherRoot,
  root,
} from "../../support/access.js";

const DEFAULT = compileKeyPolicy(defaultKeyPolicy(ACCOUNT));
const ALICE_DECRYPT = identityPolicy({ Effect: "Allow", Action: "kms:Decrypt", Resource: KEY_ARN });
const KMS_ALL = identityPolicy({ Effect: "Allow", Action: "kms:*", Resource: "*" });

function request(caller: Caller, overrides: Partial<AccessRequest> = {}): AccessRequest {
  return { caller, action: "kms:Decrypt", resource: keyResource(), context: context(), keyPolicy: DEFAULT, identityPolicies: [], ...overrides };
}

function message(req: AccessRequest): string {
  try {
    requireAuthorized(req);
  } catch (error) {
    expect(error).toBeInstanceOf(AccessDeniedException);
    return (error as Error).message;
  }
  return "allowed";
}

const noResource = (caller: Caller, action = "kms:Decrypt") =>
  `User: ${caller.arn} is not authorized to perform: ${action} on resource: ${KEY_ARN} because no resource-based policy allows the ${action} action`;
const noIdentity = (caller: Caller, action = "kms:Decrypt", resource = KEY_ARN) =>
  `User: ${caller.arn} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`;

describe("denialMessage", () => {
  it.each([
    ["no-resource-policy-allows", "User: arn:aws:iam::111122223333:user/alice is not authorized to perform: kms:Decrypt on resource: arn:aws:kms:us-east-1:111122223333:key/k because no resource-based policy allows the kms:Decrypt action"],
    ["no-identity-policy-allows", "User: arn:aws:iam::111122223333:user/alice is not authorized to perform: kms:Decrypt on resource: arn:aws:kms:us-east-1:111122223333:key/k because no identity-based policy allows the kms:Decrypt action"],
    ["explicit-deny-in-resource-policy", "User: arn:aws:iam::111122223333:user/alice is not authorized to perform: kms:Decrypt on resource: arn:aws:kms:us-east-1:111122223333:key/k with an explicit deny in a resource-based policy"],
    ["explicit-deny-in-identity-policy", "User: arn:aws:iam::111122223333:user/alice is not authorized to perform: kms:Decrypt on resource: arn:aws:kms:us-east-1:111122223333:key/k with an explicit deny in an identity-based policy"],
  ] as const)("words %s as AWS does", (reason, text) => {
    expect(denialMessage("arn:aws:iam::111122223333:user/alice", "kms:Decrypt", "arn:aws:kms:us-east-1:111122223333:key/k", reason)).toBe(text);
  });
});

describe("authorize: the same account", () => {
  it.each<[string, AccessRequest, string]>([
    ["the root user under the default key policy", request(root), "allowed"],
    ["an IAM user allowed by IAM under the default key policy (delegation)", request(alice, { identityPolicies: [ALICE_DECRYPT] }), "allowed"],
    ["an IAM user without IAM permission under the default key policy", request(alice), noIdentity(alice)],
    ["an IAM user whose IAM allows another action", request(alice, { action: "kms:Encrypt", identityPolicies: [ALICE_DECRYPT] }), noIdentity(alice, "kms:Encrypt")],
    [
      "an IAM user whose IAM allows only another key",
      request(alice, { identityPolicies: [identityPolicy({ Effect: "Allow", Action: "kms:*", Resource: `arn:aws:kms:us-east-1:${ACCOUNT}:key/other` })] }),
      noIdentity(alice),
    ],
    [
      "a user named in the key policy, without IAM (the key policy alone suffices)",
      request(alice, { keyPolicy: keyPolicy({ Effect: "Allow", Principal: { AWS: alice.arn }, Action: "kms:Decrypt", Resource: "*" }) }),
      "allowed",
    ],
    [
      "a role session whose role the key policy names",
      request(appRoleSession, { keyPolicy: keyPolicy({ Effect: "Allow", Principal: { AWS: appRoleSession.principalArn }, Action: "kms:Decrypt", Resource: "*" }) }),
      "allowed",
    ],
    [
      "IAM allows but the key policy does not delegate to the account",
      request(alice, { keyPolicy: keyPolicy({ Effect: "Allow", Principal: { AWS: bob.arn }, Action: "kms:*", Resource: "*" }), identityPolicies: [KMS_ALL] }),
      noResource(alice),
    ],
    [
      "the root user under a key policy that names only a user (lockout)",
      request(root, { keyPolicy: keyPolicy({ Effect: "Allow", Principal: { AWS: bob.arn }, Action: "kms:*", Resource: "*" }) }),
      noResource(root),
    ],
    [
      "a Deny in the key policy beats the key policy's Allow",
      request(alice, { keyPolicy: keyPolicy(ENABLE_IAM, { Effect: "Deny", Principal: { AWS: alice.arn }, Action: "kms:Decrypt", Resource: "*" }), identityPolicies: [KMS_ALL] }),
      `User: ${alice.arn} is not authorized to perform: kms:Decrypt on resource: ${KEY_ARN} with an explicit deny in a resource-based policy`,
    ],
    [
      "a Deny in IAM beats the key policy's Allow for the user itself",
      request(alice, {
        keyPolicy: keyPolicy({ Effect: "Allow", Principal: { AWS: alice.arn }, Action: "kms:*", Resource: "*" }),
        identityPolicies: [identityPolicy({ Effect: "Deny", Action: "kms:Decrypt", Resource: "*" })],
      }),
      `User: ${alice.arn} is not authorized to perform: kms:Decrypt on resource: ${KEY_ARN} with an explicit deny in an identity-based policy`,
    ],
    [
      "a Deny in one IAM policy beats an Allow in another",
      request(alice, { identityPolicies: [KMS_ALL, identityPolicy({ Effect: "Deny", Action: "kms:*", Resource: KEY_ARN })] }),
      `User: ${alice.arn} is not authorized to perform: kms:Decrypt on resource: ${KEY_ARN} with an explicit deny in an identity-based policy`,
    ],
    [
      "a key policy condition that fails",
      request(alice, {
        keyPolicy: keyPolicy({ Effect: "Allow", Principal: { AWS: alice.arn }, Action: "kms:Decrypt", Resource: "*", Condition: { StringEquals: { "kms:EncryptionContext:tenant": "acme" } } }),
        context: context({ encryptionContext: { tenant: "globex" } }),
      }),
      noResource(alice),
    ],
    [
      "a key policy condition that holds",
      request(alice, {
        keyPolicy: keyPolicy({ Effect: "Allow", Principal: { AWS: alice.arn }, Action: "kms:Decrypt", Resource: "*", Condition: { StringEquals: { "kms:EncryptionContext:tenant": "acme" } } }),
        context: context({ encryptionContext: { tenant: "acme" } }),
      }),
      "allowed",
    ],
    [
      "an IAM condition that fails",
      request(alice, { identityPolicies: [identityPolicy({ Effect: "Allow", Action: "kms:*", Resource: "*", Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } } })], context: context({ sourceIp: "192.0.2.1" }) }),
      noIdentity(alice),
    ],
  ])("%s", (_, req, expected) => {
    expect(message(req)).toBe(expected);
  });

  it("says how the request was allowed", () => {
    expect(authorize(request(root))).toEqual({ allowed: true, by: "key-policy" });
    expect(authorize(request(alice, { identityPolicies: [ALICE_DECRYPT] }))).toEqual({ allowed: true, by: "identity-policy" });
  });

  it("lets a service principal in through a Service statement, without IAM", () => {
    const policy = keyPolicy(ENABLE_IAM, { Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "kms:GenerateDataKey*", Resource: "*" });
    expect(message(request(cloudTrail, { action: "kms:GenerateDataKey", keyPolicy: policy }))).toBe("allowed");
    expect(message(request(cloudTrail, { action: "kms:Decrypt", keyPolicy: policy }))).toBe(noResource(cloudTrail));
  });
});

describe("authorize: AWS managed keys", () => {
  const managed = compileKeyPolicy(awsManagedKeyPolicy(ACCOUNT, "us-east-1", "s3"));
  it("allow use only through the service, for principals of the account", () => {
    const via = context({ viaService: "s3.us-east-1.amazonaws.com" });
    expect(message(request(alice, { keyPolicy: managed, context: via }))).toBe("allowed");
    expect(message(request(alice, { keyPolicy: managed }))).toBe(noResource(alice));
    expect(message(request(carol, { keyPolicy: managed, context: via, identityPolicies: [KMS_ALL] }))).toBe(noResource(carol));
  });

  it("let the account read metadata but not manage the key", () => {
    expect(message(request(alice, { keyPolicy: managed, action: "kms:DescribeKey", identityPolicies: [KMS_ALL] }))).toBe("allowed");
    expect(message(request(root, { keyPolicy: managed, action: "kms:ScheduleKeyDeletion" }))).toBe(noResource(root, "kms:ScheduleKeyDeletion"));
  });
});

describe("authorize: operations on no key are IAM's alone", () => {
  it.each<[Caller, CompiledPolicy[], string]>([
    [root, [], "allowed"],
    [alice, [KMS_ALL], "allowed"],
    [alice, [ALICE_DECRYPT], noIdentity(alice, "kms:CreateKey", "*")],
    [alice, [], noIdentity(alice, "kms:CreateKey", "*")],
    [alice, [identityPolicy({ Effect: "Allow", Action: "kms:CreateKey", Resource: `arn:aws:kms:*:${ACCOUNT}:key/*` })], noIdentity(alice, "kms:CreateKey", "*")],
    [
      alice,
      [KMS_ALL, identityPolicy({ Effect: "Deny", Action: "kms:Create*", Resource: "*" })],
      `User: ${alice.arn} is not authorized to perform: kms:CreateKey on resource: * with an explicit deny in an identity-based policy`,
    ],
  ])("%s with %# IAM policies", (caller, policies, expected) => {
    expect(message({ caller, action: "kms:CreateKey", resource: NO_RESOURCE, context: context(), identityPolicies: policies })).toBe(expected);
  });

  it("decides the alias half of alias operations on the alias ARN", () => {
    const alias: AccessResource = { kind: "alias", arn: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/app`, accountId: ACCOUNT, region: "us-east-1" };
    const aliasPolicy = identityPolicy({ Effect: "Allow", Action: "kms:CreateAlias", Resource: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/app*` });
    expect(message({ caller: alice, action: "kms:CreateAlias", resource: alias, context: context(), identityPolicies: [aliasPolicy] })).toBe("allowed");
    expect(message({ caller: alice, action: "kms:CreateAlias", resource: alias, context: context(), identityPolicies: [ALICE_DECRYPT] })).toBe(
      `User: ${alice.arn} is not authorized to perform: kms:CreateAlias on resource: ${alias.arn} because no identity-based policy allows the kms:CreateAlias action`,
    );
  });
});

describe("authorize: across accounts", () => {
  const trustsOther = keyPolicy(ENABLE_IAM, { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` }, Action: ["kms:Decrypt", "kms:DescribeKey", "kms:ScheduleKeyDeletion"], Resource: "*" });
  const namesCarol = keyPolicy(ENABLE_IAM, { Effect: "Allow", Principal: { AWS: carol.arn }, Action: "kms:Decrypt", Resource: "*" });
  const carolIam = identityPolicy({ Effect: "Allow", Action: ["kms:Decrypt", "kms:ScheduleKeyDeletion"], Resource: KEY_ARN });

  it.each<[string, AccessRequest, string]>([
    ["needs the key policy and IAM in the caller's account", request(carol, { keyPolicy: trustsOther, identityPolicies: [carolIam] }), "allowed"],
    ["the key policy alone is not enough", request(carol, { keyPolicy: trustsOther }), noIdentity(carol)],
    ["IAM alone is not enough", request(carol, { identityPolicies: [carolIam] }), noResource(carol)],
    ["a key policy naming the external user still needs IAM", request(carol, { keyPolicy: namesCarol }), noIdentity(carol)],
    ["a key policy naming the external user, with IAM", request(carol, { keyPolicy: namesCarol, identityPolicies: [carolIam] }), "allowed"],
    ["the other account's root needs only the key policy", request(otherRoot, { keyPolicy: trustsOther }), "allowed"],
    [
      "only the cross-account operations are effective",
      request(carol, { action: "kms:ScheduleKeyDeletion", keyPolicy: trustsOther, identityPolicies: [carolIam] }),
      noResource(carol, "kms:ScheduleKeyDeletion"),
    ],
    [
      "not even for the other account's root",
      request(otherRoot, { action: "kms:ScheduleKeyDeletion", keyPolicy: trustsOther }),
      noResource(otherRoot, "kms:ScheduleKeyDeletion"),
    ],
    ["DescribeKey is cross-account", request(otherRoot, { action: "kms:DescribeKey", keyPolicy: trustsOther }), "allowed"],
  ])("%s", (_, req, expected) => {
    expect(message(req)).toBe(expected);
  });
});

describe("authorize: grants", () => {
  const grant = (overrides: Partial<GrantRecord> = {}): GrantRecord => ({
    grantId: "a".repeat(64),
    keyArn: KEY_ARN,
    granteePrincipal: appRoleSession.principalArn,
    issuingAccount: `arn:aws:iam::${ACCOUNT}:root`,
    operations: ["Decrypt", "Encrypt"],
    ...overrides,
  });

  it("allows the grantee the granted operations, without any policy", () => {
    const g = grant();
    expect(authorize(request(appRoleSession, { grants: [g] }))).toEqual({ allowed: true, by: "grant", grant: g });
    expect(message(request(appRoleSession, { action: "kms:ReEncryptFrom", grants: [g] }))).toBe(noIdentity(appRoleSession, "kms:ReEncryptFrom"));
    expect(message(request(bob, { grants: [g] }))).toBe(noIdentity(bob));
  });

  it("matches a grantee by user ARN, role ARN, session ARN or account", () => {
    expect(message(request(alice, { grants: [grant({ granteePrincipal: alice.arn })] }))).toBe("allowed");
    expect(message(request(appRoleSession, { grants: [grant({ granteePrincipal: appRoleSession.arn })] }))).toBe("allowed");
    expect(message(request(root, { keyPolicy: keyPolicy({ Effect: "Allow", Principal: { AWS: bob.arn }, Action: "kms:*", Resource: "*" }), grants: [grant({ granteePrincipal: ACCOUNT })] }))).toBe("allowed");
  });

  it("needs IAM for an identity covered only through a grant to its account", () => {
    const toAccount = grant({ granteePrincipal: `arn:aws:iam::${OTHER_ACCOUNT}:root` });
    const noKeyPolicy = keyPolicy(ENABLE_IAM);
    expect(message(request(carol, { keyPolicy: noKeyPolicy, grants: [toAccount] }))).toBe(noResource(carol));
    expect(message(request(carol, { keyPolicy: noKeyPolicy, grants: [toAccount], identityPolicies: [KMS_ALL] }))).toBe("allowed");
    expect(message(request(otherRoot, { keyPolicy: noKeyPolicy, grants: [toAccount] }))).toBe("allowed");
  });

  it("works across accounts without IAM", () => {
    const g = grant({ granteePrincipal: carol.arn });
    expect(message(request(carol, { grants: [g] }))).toBe("allowed");
  });

  it("applies its constraints to operations with an encryption context", () => {
    const g = grant({ constraints: { EncryptionContextSubset: { tenant: "acme" } } });
    expect(message(request(appRoleSession, { grants: [g], context: context({ encryptionContext: { tenant: "acme", doc: "1" } }) }))).toBe("allowed");
    expect(message(request(appRoleSession, { grants: [g], context: context({ encryptionContext: { tenant: "globex" } }) }))).toBe(noIdentity(appRoleSession));
    expect(message(request(appRoleSession, { grants: [g] }))).toBe(noIdentity(appRoleSession));
  });

  it("loses to an explicit deny", () => {
    const policy = keyPolicy(ENABLE_IAM, { Effect: "Deny", Principal: "*", Action: "kms:Decrypt", Resource: "*", Condition: { Bool: { "aws:ViaAWSService": "false" } } });
    expect(message(request(appRoleSession, { keyPolicy: policy, grants: [grant()] }))).toBe(
      `User: ${appRoleSession.arn} is not authorized to perform: kms:Decrypt on resource: ${KEY_ARN} with an explicit deny in a resource-based policy`,
    );
  });

  it("ignores constraints on an asymmetric key (no encryption context there)", () => {
    const g = grant({ operations: ["Sign"], constraints: { EncryptionContextEquals: { a: "b" } } });
    const rsa = keyResource({ keySpec: "RSA_2048", keyUsage: "SIGN_VERIFY" });
    expect(message(request(appRoleSession, { action: "kms:Sign", resource: rsa, grants: [g] }))).toBe("allowed");
  });
});

describe("authorize: wiring errors", () => {
  it("throws TypeError when a key comes without its key policy", () => {
    const { keyPolicy: _, ...rest } = request(root);
    expect(() => authorize(rest)).toThrow(TypeError);
  });
});
