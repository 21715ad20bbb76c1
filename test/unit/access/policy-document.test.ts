import { describe, expect, it } from "vitest";
import { parseIdentityPolicy, parseKeyPolicy } from "../../../src/access/index.js";
import { LimitExceededException, MalformedPolicyDocumentException } from "../../../src/index.js";
import { awsManagedKeyPolicy, defaultKeyPolicy } from "../../../src/model/policy.js";
import { ACCOUNT, ENABLE_IAM } from "../../support/access.js";

const doc = (...statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const allow = (extra: object = {}) => ({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*", ...extra });
const without = (key: string) => {
  const statement: Record<string, unknown> = allow();
  delete statement[key];
  return statement;
};

function failure(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a throw");
}

describe("parseKeyPolicy", () => {
  it("reads the default key policy AWS returns today", () => {
    const policy = parseKeyPolicy(defaultKeyPolicy(ACCOUNT));
    expect(policy).toEqual({
      kind: "key",
      version: "2012-10-17",
      id: "key-default-1",
      statements: [
        {
          sid: "Enable IAM User Permissions",
          effect: "Allow",
          principal: { any: false, aws: [`arn:aws:iam::${ACCOUNT}:root`], service: [] },
          notPrincipal: undefined,
          action: ["kms:*"],
          notAction: undefined,
          resource: ["*"],
          notResource: undefined,
          conditions: [],
        },
      ],
    });
  });

  it("reads the AWS managed key policy, EBS's naming EC2 as kms:ViaService", () => {
    const policy = parseKeyPolicy(awsManagedKeyPolicy(ACCOUNT, "eu-west-1", "ebs"));
    expect(policy.statements[0]?.conditions).toEqual([
      { operator: "StringEquals", key: "kms:CallerAccount", values: [ACCOUNT] },
      { operator: "StringEquals", key: "kms:ViaService", values: ["ec2.eu-west-1.amazonaws.com"] },
    ]);
    expect(parseKeyPolicy(awsManagedKeyPolicy(ACCOUNT, "eu-west-1", "s3")).statements[0]?.conditions[1]?.values).toEqual(["s3.eu-west-1.amazonaws.com"]);
  });

  it("accepts a single statement object, Sids with spaces, NotPrincipal, NotAction, NotResource, service principals and no Version", () => {
    const policy = parseKeyPolicy(
      JSON.stringify({
        Statement: {
          Sid: "Deny all but admins",
          Effect: "Deny",
          NotPrincipal: { AWS: [ACCOUNT, `arn:aws:iam::${ACCOUNT}:role/admin`], Service: "cloudtrail.amazonaws.com" },
          NotAction: ["kms:Describe*"],
          NotResource: "arn:aws:kms:*:*:key/other",
        },
      }),
    );
    expect(policy.version).toBe("2008-10-17");
    expect(policy.statements[0]).toMatchObject({
      sid: "Deny all but admins",
      notPrincipal: { any: false, aws: [ACCOUNT, `arn:aws:iam::${ACCOUNT}:role/admin`], service: ["cloudtrail.amazonaws.com"] },
      notAction: ["kms:Describe*"],
      notResource: ["arn:aws:kms:*:*:key/other"],
    });
  });

  it("reads condition values of every JSON scalar type as strings", () => {
    const policy = parseKeyPolicy(doc(allow({ Condition: { NumericLessThan: { "kms:RotationPeriodInDays": 400 }, Bool: { "kms:GrantIsForAWSResource": true } } })));
    expect(policy.statements[0]?.conditions).toEqual([
      { operator: "NumericLessThan", key: "kms:RotationPeriodInDays", values: ["400"] },
      { operator: "Bool", key: "kms:GrantIsForAWSResource", values: ["true"] },
    ]);
  });

  it("allows 32,768 bytes and refuses one more with LimitExceededException", () => {
    const base = doc(allow());
    const exact = base + " ".repeat(32_768 - base.length);
    expect(() => parseKeyPolicy(exact)).not.toThrow();
    const error = failure(() => parseKeyPolicy(`${exact} `));
    expect(error).toBeInstanceOf(LimitExceededException);
    expect(error.message).toBe("The key policy document cannot exceed 32 KB (32,768 bytes).");
  });

  it("counts the size in UTF-8 bytes", () => {
    const base = doc(allow({ Sid: "é" }));
    const padded = base + " ".repeat(32_768 - base.length);
    expect(() => parseKeyPolicy(padded)).toThrow(LimitExceededException);
  });

  it.each([
    ["not JSON", "not a real policy statement", ""],
    ["a JSON array", "[]", ""],
    ["a JSON string", '"policy"', ""],
    ["an unknown top-level element", JSON.stringify({ Version: "2012-10-17", Statement: [allow()], Condition: {} }), "Syntax errors in policy."],
    ["an unknown Version", JSON.stringify({ Version: "2012-10-18", Statement: [allow()] }), "Syntax errors in policy."],
    ["no Statement", JSON.stringify({ Version: "2012-10-17" }), "Syntax errors in policy."],
    ["an empty Statement list", doc(), "Syntax errors in policy."],
    ["a statement that is not an object", JSON.stringify({ Statement: ["x"] }), "Syntax errors in policy."],
    ["an unknown statement element", doc(allow({ Actions: "kms:*" })), "Syntax errors in policy."],
    ["Effect Permit", doc(allow({ Effect: "Permit" })), "Syntax errors in policy."],
    ["Effect in lower case", doc(allow({ Effect: "allow" })), "The policy failed legacy parsing"],
    ["both Action and NotAction", doc(allow({ NotAction: "kms:Decrypt" })), "Syntax errors in policy."],
    ["both Resource and NotResource", doc(allow({ NotResource: "*" })), "Syntax errors in policy."],
    ["both Principal and NotPrincipal", doc(allow({ NotPrincipal: { AWS: "*" } })), "Syntax errors in policy."],
    ["an Action that is a number", doc(allow({ Action: 3 })), "Syntax errors in policy."],
    ["a Condition that is a list", doc(allow({ Condition: [] })), "Syntax errors in policy."],
    ["an unknown condition operator", doc(allow({ Condition: { StringEqualz: { "kms:ViaService": "x" } } })), "Syntax errors in policy."],
    ["a condition value that is an object", doc(allow({ Condition: { StringEquals: { "kms:ViaService": { a: 1 } } } })), "Syntax errors in policy."],
    ["no Principal", doc(without("Principal")), "Policy contains a statement with one or more invalid principals."],
    ["an IAM group principal", doc(allow({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:group/admins` } })), "Policy contains a statement with one or more invalid principals."],
    ["a wildcard inside a principal ARN", doc(allow({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/*` } })), "Policy contains a statement with one or more invalid principals."],
    ["a malformed account", doc(allow({ Principal: { AWS: "12345" } })), "Policy contains a statement with one or more invalid principals."],
    ["a Federated principal", doc(allow({ Principal: { Federated: "cognito-identity.amazonaws.com" } })), "Policy contains a statement with one or more invalid principals."],
    ["an empty principal list", doc(allow({ Principal: { AWS: [] } })), "Policy contains a statement with one or more invalid principals."],
    ["a principal ARN as a bare string", doc(allow({ Principal: `arn:aws:iam::${ACCOUNT}:root` })), "Policy contains a statement with one or more invalid principals."],
    ["a malformed service principal", doc(allow({ Principal: { Service: "cloudtrail" } })), "Policy contains a statement with one or more invalid principals."],
    ["no Action", doc(without("Action")), "Policy statement must contain actions."],
    ["an empty Action list", doc(allow({ Action: [] })), "Policy statement must contain actions."],
    ["no Resource", doc(without("Resource")), "Policy statement must contain resources."],
    ["an empty Resource list", doc(allow({ Resource: [] })), "Policy statement must contain resources."],
    ["a Resource that is not an ARN", doc(allow({ Resource: "key/1234" })), 'Resource key/1234 must be in ARN format or "*".'],
    ["an action without a vendor", doc(allow({ Action: "Decrypt" })), "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."],
    ["an action with two colons", doc(allow({ Action: "kms:Decrypt:x" })), "Actions/Condition can contain only one colon."],
    ["an invalid vendor", doc(allow({ Action: "k ms:Decrypt" })), "Vendor k ms is not valid"],
    ["a condition key without a vendor", doc(allow({ Condition: { StringEquals: { ViaService: "x" } } })), "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."],
    ["a date that is not a date", doc(allow({ Condition: { DateLessThan: { "aws:CurrentTime": "soon" } } })), "The policy failed legacy parsing"],
    ["an address that is not a CIDR", doc(allow({ Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/33" } } })), "The policy failed legacy parsing"],
    ["a number that is not a number", doc(allow({ Condition: { NumericEquals: { "kms:RotationPeriodInDays": "ninety" } } })), "The policy failed legacy parsing"],
    [
      "aws:ResourceTag",
      doc(allow({ Condition: { StringEquals: { "aws:ResourceTag/Project": "atlas" } } })),
      "These condition keys are not permitted in a key policy: aws:ResourceTag, kms:ResourceTag, kms:ResourceAliases",
    ],
    [
      "kms:ResourceAliases",
      doc(allow({ Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": "alias/a" } } })),
      "These condition keys are not permitted in a key policy: aws:ResourceTag, kms:ResourceTag, kms:ResourceAliases",
    ],
    [
      "ForAllValues with kms:EncryptionContext:<k>",
      doc(allow({ Condition: { "ForAllValues:StringEquals": { "kms:EncryptionContext:tenant": "acme" } } })),
      "OverlyPermissiveCondition:EncryptionContext: Using the ForAllValues set operator with a single-valued condition key matches requests without the specified encryption context or with an unspecified encryption context. To fix, remove ForAllValues.",
    ],
  ])("refuses %s with MalformedPolicyDocumentException", (_, text, message) => {
    const error = failure(() => parseKeyPolicy(text));
    expect(error).toBeInstanceOf(MalformedPolicyDocumentException);
    expect(error.message).toBe(message);
  });

  it("asks whether named users and roles exist, and refuses those that do not", () => {
    const asked: string[] = [];
    const exists = (arn: string) => {
      asked.push(arn);
      return arn.endsWith("/alice");
    };
    const principals = [ACCOUNT, `arn:aws:iam::${ACCOUNT}:root`, `arn:aws:iam::${ACCOUNT}:user/alice`, `arn:aws:sts::${ACCOUNT}:assumed-role/r/s`, "*"];
    expect(() => parseKeyPolicy(doc(allow({ Principal: { AWS: principals } })), { principalExists: exists })).not.toThrow();
    expect(asked).toEqual([`arn:aws:iam::${ACCOUNT}:user/alice`]);
    const error = failure(() => parseKeyPolicy(doc(ENABLE_IAM, allow({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/deleted` } })), { principalExists: exists }));
    expect(error).toBeInstanceOf(MalformedPolicyDocumentException);
    expect(error.message).toBe("Policy contains a statement with one or more invalid principals.");
  });
});

describe("parseIdentityPolicy", () => {
  const statement = { Effect: "Allow", Action: "kms:Decrypt", Resource: "*" };

  it("reads a policy given as an object or as JSON text", () => {
    const policy = { Version: "2012-10-17", Statement: [statement] };
    expect(parseIdentityPolicy(policy)).toEqual(parseIdentityPolicy(JSON.stringify(policy)));
    expect(parseIdentityPolicy(policy)).toMatchObject({ kind: "identity", version: "2012-10-17", statements: [{ effect: "Allow", action: ["kms:Decrypt"] }] });
  });

  it.each([
    ["not JSON", "{", "Syntax errors in policy."],
    ["a Principal", { Version: "2012-10-17", Statement: [{ ...statement, Principal: "*" }] }, "Policy document should not specify a principal."],
    ["no Version", { Statement: [statement] }, "Policy document must be version 2012-10-17 or greater."],
    ["Version 2008-10-17", { Version: "2008-10-17", Statement: [statement] }, "Policy document must be version 2012-10-17 or greater."],
    ["duplicate Sids", { Version: "2012-10-17", Statement: [{ ...statement, Sid: "a" }, { ...statement, Sid: "a" }] }, "Statement IDs (SID) in a single policy must be unique."],
    ["no Action", { Version: "2012-10-17", Statement: [{ Effect: "Allow", Resource: "*" }] }, "Policy statement must contain actions."],
    ["no Resource", { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "kms:*" }] }, "Policy statement must contain resources."],
    ["Effect in lower case", { Version: "2012-10-17", Statement: [{ ...statement, Effect: "deny" }] }, "The policy failed legacy parsing"],
  ])("refuses %s with IAM's message", (_, policy, message) => {
    const error = failure(() => parseIdentityPolicy(policy));
    expect(error).toBeInstanceOf(MalformedPolicyDocumentException);
    expect(error.message).toBe(message);
  });

  it("allows aws:ResourceTag and kms:ResourceAliases, which only key policies refuse", () => {
    expect(() =>
      parseIdentityPolicy({
        Version: "2012-10-17",
        Statement: [{ ...statement, Condition: { StringEquals: { "aws:ResourceTag/Project": "atlas" }, "ForAnyValue:StringLike": { "kms:ResourceAliases": "alias/a*" } } }],
      }),
    ).not.toThrow();
  });
});
