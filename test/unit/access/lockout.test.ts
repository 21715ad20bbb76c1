import { describe, expect, it } from "vitest";
import { compileKeyPolicy, isLockoutSafe, requireLockoutSafe, type Caller, type CompiledPolicy } from "../../../src/access/index.js";
import { MalformedPolicyDocumentException } from "../../../src/index.js";
import { defaultKeyPolicy } from "../../../src/model/policy.js";
import { ACCOUNT, alice, appRoleSession, bob, context, ENABLE_IAM, identityPolicy, keyPolicy, keyResource, NOW, root } from "../../support/access.js";

const check = (caller: Caller, policy: CompiledPolicy, identityPolicies: CompiledPolicy[] = [], now = NOW) =>
  isLockoutSafe({ caller, keyPolicy: policy, identityPolicies, resource: keyResource(), context: context({ now, bypassPolicyLockoutSafetyCheck: true }) });

const PUT_KEY_POLICY = identityPolicy({ Effect: "Allow", Action: "kms:PutKeyPolicy", Resource: "*" });
const onlyBob = keyPolicy({ Effect: "Allow", Principal: { AWS: bob.arn }, Action: "kms:*", Resource: "*" });

describe("the key policy lockout safety check", () => {
  it.each<[string, Caller, CompiledPolicy, CompiledPolicy[], boolean]>([
    ["the default policy, for the root user", root, compileKeyPolicy(defaultKeyPolicy(ACCOUNT)), [], true],
    ["the default policy, for a user whose IAM allows PutKeyPolicy", alice, compileKeyPolicy(defaultKeyPolicy(ACCOUNT)), [PUT_KEY_POLICY], true],
    ["the default policy, for a user without that IAM permission", alice, compileKeyPolicy(defaultKeyPolicy(ACCOUNT)), [], false],
    ["a policy naming only another user, for the root user", root, onlyBob, [], false],
    ["a policy naming only another user, for that user", bob, onlyBob, [], true],
    ["a policy naming the caller's role, for a session of it", appRoleSession, keyPolicy({ Effect: "Allow", Principal: { AWS: appRoleSession.principalArn }, Action: "kms:Put*", Resource: "*" }), [], true],
    ["a policy that allows everything but PutKeyPolicy", root, keyPolicy({ Effect: "Allow", Principal: { AWS: ACCOUNT }, NotAction: "kms:PutKeyPolicy", Resource: "*" }), [], false],
    ["a policy that denies the caller PutKeyPolicy", root, keyPolicy(ENABLE_IAM, { Effect: "Deny", Principal: "*", Action: "kms:PutKeyPolicy", Resource: "*" }), [], false],
    ["a caller whose IAM denies PutKeyPolicy", alice, keyPolicy(ENABLE_IAM), [PUT_KEY_POLICY, identityPolicy({ Effect: "Deny", Action: "kms:Put*", Resource: "*" })], false],
    [
      "a policy that allows PutKeyPolicy only with the bypass flag (a later request has none)",
      root,
      keyPolicy({ Effect: "Allow", Principal: { AWS: ACCOUNT }, Action: "kms:*", Resource: "*", Condition: { Bool: { "kms:BypassPolicyLockoutSafetyCheck": "true" } } }),
      [],
      false,
    ],
  ])("%s: %s", (_, caller, policy, iam, safe) => {
    expect(check(caller, policy, iam)).toBe(safe);
  });

  it("evaluates aws:CurrentTime at the request's instant", () => {
    const until2031 = keyPolicy({ Effect: "Allow", Principal: { AWS: ACCOUNT }, Action: "kms:*", Resource: "*", Condition: { DateLessThan: { "aws:CurrentTime": "2031-01-01T00:00:00Z" } } });
    expect(check(root, until2031, [], Date.UTC(2030, 11, 31))).toBe(true);
    expect(check(root, until2031, [], Date.UTC(2031, 0, 1))).toBe(false);
  });

  it("throws AWS's MalformedPolicyDocumentException when the caller would be locked out", () => {
    const run = () => requireLockoutSafe({ caller: root, keyPolicy: onlyBob, identityPolicies: [], resource: keyResource(), context: context() });
    expect(run).toThrow(MalformedPolicyDocumentException);
    expect(run).toThrow("The new key policy will not allow you to update the key policy in the future.");
    expect(() => requireLockoutSafe({ caller: bob, keyPolicy: onlyBob, identityPolicies: [], resource: keyResource(), context: context() })).not.toThrow();
  });
});
