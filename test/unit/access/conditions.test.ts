import { describe, expect, it } from "vitest";
import { compileCondition, parseConditionOperator, parsePolicyDate, type RequestContext } from "../../../src/access/index.js";
import { alice, context, keyResource } from "../../support/access.js";

/** Evaluates one condition against a request with `ctx` (alice calling on the test key). */
function holds(operator: string, key: string, values: string[], ctx: Partial<RequestContext>, effect: "Allow" | "Deny" = "Allow"): boolean {
  const parsed = parseConditionOperator(operator);
  if (!parsed) throw new Error(`unknown operator ${operator}`);
  return compileCondition(parsed, key, values, effect, true)({ caller: alice, resource: keyResource(), context: context(ctx) });
}

const absent: Partial<RequestContext> = {};

describe("parseConditionOperator", () => {
  it.each([
    ["StringEquals", "StringEquals", undefined, false],
    ["StringLikeIfExists", "StringLike", undefined, true],
    ["ForAnyValue:StringEquals", "StringEquals", "ForAnyValue", false],
    ["ForAllValues:StringNotLikeIfExists", "StringNotLike", "ForAllValues", true],
    ["Null", "Null", undefined, false],
  ])("reads %s", (name, _base, setOperator, ifExists) => {
    expect(parseConditionOperator(name)).toMatchObject({ name, setOperator, ifExists });
  });

  it.each(["StringEqualz", "stringequals", "NullIfExists", "ForAnyValue:Null", "ForSomeValues:StringEquals", "ForAnyValue:ForAllValues:StringEquals", "IfExists"])(
    "knows no operator %s",
    (name) => {
      expect(parseConditionOperator(name)).toBeUndefined();
    },
  );
});

describe("String operators", () => {
  const via = { viaService: "s3.us-east-1.amazonaws.com" };
  it.each([
    ["StringEquals", ["s3.us-east-1.amazonaws.com"], via, true],
    ["StringEquals", ["S3.us-east-1.amazonaws.com"], via, false],
    ["StringEquals", ["ec2.us-east-1.amazonaws.com", "s3.us-east-1.amazonaws.com"], via, true],
    ["StringEquals", ["s3.us-east-1.amazonaws.com"], absent, false],
    ["StringNotEquals", ["s3.us-east-1.amazonaws.com"], via, false],
    ["StringNotEquals", ["ec2.us-east-1.amazonaws.com", "rds.us-east-1.amazonaws.com"], via, true],
    ["StringNotEquals", ["s3.us-east-1.amazonaws.com"], absent, true],
    ["StringEqualsIgnoreCase", ["S3.US-EAST-1.AMAZONAWS.COM"], via, true],
    ["StringEqualsIgnoreCase", ["S3.US-EAST-2.AMAZONAWS.COM"], via, false],
    ["StringNotEqualsIgnoreCase", ["S3.US-EAST-1.AMAZONAWS.COM"], via, false],
    ["StringNotEqualsIgnoreCase", ["S3.US-EAST-1.AMAZONAWS.COM"], absent, true],
    ["StringLike", ["s3.*.amazonaws.com"], via, true],
    ["StringLike", ["s?.us-east-1.amazonaws.com"], via, true],
    ["StringLike", ["S3.*"], via, false],
    ["StringLike", ["ec2.*"], via, false],
    ["StringLike", ["*"], absent, false],
    ["StringNotLike", ["ec2.*"], via, true],
    ["StringNotLike", ["s3.*"], via, false],
    ["StringNotLike", ["s3.*"], absent, true],
    ["StringEqualsIfExists", ["ec2.us-east-1.amazonaws.com"], absent, true],
    ["StringEqualsIfExists", ["ec2.us-east-1.amazonaws.com"], via, false],
    ["StringLikeIfExists", ["s3.*"], via, true],
    ["StringNotEqualsIfExists", ["s3.us-east-1.amazonaws.com"], via, false],
  ])("%s %j on kms:ViaService %j is %s", (operator, values, ctx, expected) => {
    expect(holds(operator, "kms:ViaService", values, ctx)).toBe(expected);
  });
});

describe("Numeric operators", () => {
  const days = { rotationPeriodInDays: 180 };
  it.each([
    ["NumericEquals", ["180"], days, true],
    ["NumericEquals", ["180.0"], days, true],
    ["NumericEquals", ["90"], days, false],
    ["NumericNotEquals", ["90"], days, true],
    ["NumericNotEquals", ["180"], days, false],
    ["NumericNotEquals", ["180"], absent, true],
    ["NumericLessThan", ["365"], days, true],
    ["NumericLessThan", ["180"], days, false],
    ["NumericLessThanEquals", ["180"], days, true],
    ["NumericGreaterThan", ["90"], days, true],
    ["NumericGreaterThan", ["180"], days, false],
    ["NumericGreaterThanEquals", ["180"], days, true],
    ["NumericGreaterThanEquals", ["181"], days, false],
    ["NumericLessThan", ["365"], absent, false],
    ["NumericLessThanIfExists", ["365"], absent, true],
    ["NumericLessThanIfExists", ["100"], days, false],
  ])("%s %j on kms:RotationPeriodInDays %j is %s", (operator, values, ctx, expected) => {
    expect(holds(operator, "kms:RotationPeriodInDays", values, ctx)).toBe(expected);
  });

  it("reads kms:ScheduleKeyDeletionPendingWindowInDays", () => {
    expect(holds("NumericGreaterThanEquals", "kms:ScheduleKeyDeletionPendingWindowInDays", ["30"], { pendingWindowInDays: 30 })).toBe(true);
    expect(holds("NumericGreaterThanEquals", "kms:ScheduleKeyDeletionPendingWindowInDays", ["30"], { pendingWindowInDays: 7 })).toBe(false);
  });
});

describe("Date operators on aws:CurrentTime", () => {
  const at = (iso: string) => ({ now: Date.parse(iso) });
  it.each([
    ["DateLessThan", ["2031-01-01T00:00:00Z"], "2030-12-31T23:59:59Z", true],
    ["DateLessThan", ["2031-01-01T00:00:00Z"], "2031-01-01T00:00:00Z", false],
    ["DateLessThanEquals", ["2031-01-01T00:00:00Z"], "2031-01-01T00:00:00Z", true],
    ["DateGreaterThan", ["2026-06-01"], "2026-06-01T00:00:01Z", true],
    ["DateGreaterThan", ["2026-06-01"], "2026-06-01T00:00:00Z", false],
    ["DateGreaterThanEquals", ["2026-06-01T00:00:00Z"], "2026-06-01T00:00:00Z", true],
    ["DateEquals", ["2026-06-01T02:00:00+02:00"], "2026-06-01T00:00:00Z", true],
    ["DateNotEquals", ["2026-06-01T00:00:00Z"], "2026-06-01T00:00:00Z", false],
    ["DateNotEquals", ["2026-06-01T00:00:00Z"], "2026-06-02T00:00:00Z", true],
    // Epoch seconds are a date value too.
    ["DateLessThan", ["1924992000"], "2030-12-31T23:59:59Z", true],
    ["DateLessThan", ["1924992000"], "2031-01-01T00:00:00Z", false],
  ])("%s %j at %s is %s", (operator, values, instant, expected) => {
    expect(holds(operator, "aws:CurrentTime", values, at(instant))).toBe(expected);
  });

  it("sees the instant it is given: a key usable until 2031 stops being usable then", () => {
    const until2031 = (iso: string) => holds("DateLessThan", "aws:CurrentTime", ["2031-01-01T00:00:00Z"], at(iso));
    expect([until2031("2026-01-01T00:00:00Z"), until2031("2030-12-31T23:59:59Z"), until2031("2031-01-01T00:00:00Z"), until2031("2040-01-01T00:00:00Z")]).toEqual([
      true, true, false, false,
    ]);
  });

  it("compares aws:EpochTime as a number or a date", () => {
    const ctx = at("2026-01-01T00:00:00Z");
    expect(holds("NumericEquals", "aws:EpochTime", ["1767225600"], ctx)).toBe(true);
    expect(holds("DateEquals", "aws:EpochTime", ["2026-01-01T00:00:00Z"], ctx)).toBe(true);
  });

  it("compares a date in a string operator as ISO 8601", () => {
    expect(holds("StringLike", "aws:CurrentTime", ["2026-01-01T*"], at("2026-01-01T10:00:00Z"))).toBe(true);
  });
});

describe("parsePolicyDate", () => {
  it.each([
    ["2026-01-01", Date.UTC(2026, 0, 1)],
    ["2026-01-01T10:20:30Z", Date.UTC(2026, 0, 1, 10, 20, 30)],
    ["2026-01-01T10:20:30.250Z", Date.UTC(2026, 0, 1, 10, 20, 30, 250)],
    ["2026-01-01T10:20:30", Date.UTC(2026, 0, 1, 10, 20, 30)],
    ["2026-01-01T10:20:30-0530", Date.UTC(2026, 0, 1, 15, 50, 30)],
    ["1767225600", Date.UTC(2026, 0, 1)],
  ])("reads %s in UTC whatever the host zone", (text, ms) => {
    expect(parsePolicyDate(text)).toBe(ms);
  });

  it.each(["2026-02-30", "2026-13-01", "yesterday", "2026-01-01T25:00:00Z", ""])("refuses %s", (text) => {
    expect(parsePolicyDate(text)).toBeUndefined();
  });
});

describe("Bool", () => {
  it.each([
    ["Bool", ["true"], { grantIsForAwsResource: true }, true],
    ["Bool", ["TRUE"], { grantIsForAwsResource: true }, true],
    ["Bool", ["true"], { grantIsForAwsResource: false }, false],
    ["Bool", ["false"], { grantIsForAwsResource: false }, true],
    ["Bool", ["true"], absent, false],
    ["BoolIfExists", ["true"], absent, true],
  ])("%s %j on kms:GrantIsForAWSResource %j is %s", (operator, values, ctx, expected) => {
    expect(holds(operator, "kms:GrantIsForAWSResource", values, ctx)).toBe(expected);
  });

  it("reads kms:BypassPolicyLockoutSafetyCheck and kms:MultiRegion", () => {
    expect(holds("Bool", "kms:BypassPolicyLockoutSafetyCheck", ["true"], { bypassPolicyLockoutSafetyCheck: true })).toBe(true);
    expect(holds("Bool", "kms:BypassPolicyLockoutSafetyCheck", ["true"], {})).toBe(false);
    expect(holds("Bool", "kms:MultiRegion", ["false"], {})).toBe(false);
  });
});

describe("BinaryEquals", () => {
  it("compares base64 values", () => {
    expect(holds("BinaryEquals", "aws:Blob", ["QmluYXJ5"], { extra: { "aws:Blob": "QmluYXJ5" } })).toBe(true);
    expect(holds("BinaryEquals", "aws:Blob", ["QmluYXJ5"], { extra: { "aws:Blob": "QmluYXJ6" } })).toBe(false);
  });
});

describe("IpAddress / NotIpAddress on aws:SourceIp", () => {
  it.each([
    ["IpAddress", ["203.0.113.0/24"], "203.0.113.77", true],
    ["IpAddress", ["203.0.113.0/24"], "203.0.114.1", false],
    ["IpAddress", ["203.0.113.77"], "203.0.113.77", true],
    ["IpAddress", ["203.0.113.0/25"], "203.0.113.200", false],
    ["IpAddress", ["10.0.0.0/8", "203.0.113.0/24"], "10.1.2.3", true],
    ["IpAddress", ["0.0.0.0/0"], "198.51.100.1", true],
    ["IpAddress", ["2001:db8::/32"], "2001:db8:85a3::8a2e:370:7334", true],
    ["IpAddress", ["2001:db8::/32"], "2001:db9::1", false],
    ["IpAddress", ["2001:db8:1234::/47"], "2001:db8:1235:ffff::1", true],
    ["IpAddress", ["2001:db8:1234::/48"], "2001:db8:1235::1", false],
    ["IpAddress", ["::ffff:192.0.2.0/120"], "::ffff:192.0.2.9", true],
    ["IpAddress", ["203.0.113.0/24"], "2001:db8::1", false],
    ["NotIpAddress", ["203.0.113.0/24"], "198.51.100.1", true],
    ["NotIpAddress", ["203.0.113.0/24"], "203.0.113.1", false],
    ["IpAddress", ["203.0.113.0/24"], "not-an-ip", false],
  ])("%s %j with source %s is %s", (operator, values, ip, expected) => {
    expect(holds(operator, "aws:SourceIp", values, { sourceIp: ip })).toBe(expected);
  });

  it("treats a missing aws:SourceIp as IAM does (false, negated true)", () => {
    expect(holds("IpAddress", "aws:SourceIp", ["0.0.0.0/0"], absent)).toBe(false);
    expect(holds("NotIpAddress", "aws:SourceIp", ["0.0.0.0/0"], absent)).toBe(true);
    expect(holds("IpAddressIfExists", "aws:SourceIp", ["10.0.0.0/8"], absent)).toBe(true);
  });
});

describe("Arn operators on aws:PrincipalArn", () => {
  it.each([
    ["ArnEquals", ["arn:aws:iam::111122223333:user/alice"], true],
    ["ArnLike", ["arn:aws:iam::111122223333:user/*"], true],
    ["ArnLike", ["arn:aws:iam::*:user/alice"], true],
    ["ArnLike", ["arn:aws:iam::111122223333:role/*"], false],
    ["ArnLike", ["arn:aws:iam::111122223333:user/Alice"], false],
    ["ArnNotEquals", ["arn:aws:iam::111122223333:user/alice"], false],
    ["ArnNotLike", ["arn:aws:iam::111122223333:role/*"], true],
    ["ArnNotLike", ["arn:aws:iam::*:user/*"], false],
    // A wildcard stays inside its colon-delimited segment.
    ["ArnLike", ["arn:aws:*:user/alice"], false],
  ])("%s %j is %s", (operator, values, expected) => {
    expect(holds(operator, "aws:PrincipalArn", values, {})).toBe(expected);
  });
});

describe("Null", () => {
  it.each([
    [["true"], absent, true],
    [["true"], { encryptionContext: { tenant: "a" } }, false],
    [["false"], { encryptionContext: { tenant: "a" } }, true],
    [["false"], absent, false],
    // An empty context is no context: "Null false" requires one.
    [["false"], { encryptionContext: {} }, false],
  ])("Null %j on kms:EncryptionContextKeys with %j is %s", (values, ctx, expected) => {
    expect(holds("Null", "kms:EncryptionContextKeys", values, ctx)).toBe(expected);
  });
});

describe("set operators on kms:EncryptionContextKeys (multivalued)", () => {
  const ctx = (...keys: string[]) => ({ encryptionContext: Object.fromEntries(keys.map((k) => [k, "v"])) });
  it.each([
    ["ForAnyValue:StringEquals", ["tenant"], ctx("tenant", "app"), true],
    ["ForAnyValue:StringEquals", ["tenant"], ctx("app"), false],
    ["ForAnyValue:StringEquals", ["tenant"], absent, false],
    ["ForAllValues:StringEquals", ["tenant", "app"], ctx("tenant", "app"), true],
    ["ForAllValues:StringEquals", ["tenant"], ctx("tenant", "app"), false],
    ["ForAllValues:StringEquals", ["tenant"], absent, true],
    ["ForAnyValue:StringNotEquals", ["tenant"], ctx("tenant", "app"), true],
    ["ForAnyValue:StringNotEquals", ["tenant"], ctx("tenant"), false],
    ["ForAllValues:StringNotEquals", ["secret"], ctx("tenant", "app"), true],
    ["ForAllValues:StringNotEquals", ["app"], ctx("tenant", "app"), false],
    ["ForAnyValue:StringLike", ["ten*"], ctx("app", "tenant"), true],
    ["ForAllValues:StringLike", ["*"], ctx("app", "tenant"), true],
    // Without a set operator, a multivalued key matches when any value does.
    ["StringEquals", ["tenant"], ctx("tenant", "app"), true],
    ["StringNotEquals", ["tenant"], ctx("tenant", "app"), false],
    ["StringNotEquals", ["other"], ctx("tenant", "app"), true],
    ["ForAnyValue:StringEqualsIfExists", ["tenant"], absent, true],
  ])("%s %j with %j is %s", (operator, values, c, expected) => {
    expect(holds(operator, "kms:EncryptionContextKeys", values, c)).toBe(expected);
  });

  it("reads kms:GrantOperations as a set", () => {
    const ops = { grantOperations: ["Decrypt", "RetireGrant"] };
    expect(holds("ForAllValues:StringEquals", "kms:GrantOperations", ["Decrypt", "RetireGrant", "DescribeKey"], ops)).toBe(true);
    expect(holds("ForAllValues:StringEquals", "kms:GrantOperations", ["Decrypt"], ops)).toBe(false);
    expect(holds("ForAnyValue:StringEquals", "kms:GrantOperations", ["Encrypt"], ops)).toBe(false);
  });
});

describe("keys kms-sim does not model", () => {
  it("never lets an Allow condition hold, whatever the operator", () => {
    for (const operator of ["StringEquals", "StringNotEquals", "StringEqualsIfExists", "Null", "ForAllValues:StringEquals", "StringNotLike"]) {
      expect(holds(operator, "aws:PrincipalOrgID", operator === "Null" ? ["true"] : ["o-123"], {}), operator).toBe(false);
      expect(holds(operator, "aws:PrincipalOrgID", operator === "Null" ? ["true"] : ["o-123"], {}, "Deny"), operator).toBe(
        operator === "StringNotEquals" || operator === "StringEqualsIfExists" || operator === "Null" || operator === "ForAllValues:StringEquals" || operator === "StringNotLike",
      );
    }
  });

  it("evaluates them normally when the request context supplies them (case-insensitive name)", () => {
    const extra = { extra: { "AWS:PrincipalOrgId": "o-123" } };
    expect(holds("StringEquals", "aws:PrincipalOrgID", ["o-123"], extra)).toBe(true);
    expect(holds("StringNotEquals", "aws:PrincipalOrgID", ["o-123"], extra)).toBe(false);
    expect(holds("ForAnyValue:StringEquals", "aws:SourceVpce", ["vpce-1"], { extra: { "aws:SourceVpce": ["vpce-2", "vpce-1"] } })).toBe(true);
  });
});

describe("policy variables", () => {
  it("substitutes ${aws:username} and ${aws:PrincipalAccount} in condition values", () => {
    expect(holds("StringEquals", "kms:EncryptionContext:owner", ["${aws:username}"], { encryptionContext: { owner: "alice" } })).toBe(true);
    expect(holds("StringEquals", "kms:EncryptionContext:owner", ["${aws:username}"], { encryptionContext: { owner: "bob" } })).toBe(false);
    expect(holds("StringLike", "kms:EncryptionContext:path", ["${aws:PrincipalAccount}/*"], { encryptionContext: { path: "111122223333/x" } })).toBe(true);
  });

  it("uses a default for a missing key and matches nothing without one", () => {
    expect(holds("StringEquals", "kms:EncryptionContext:svc", ["${kms:ViaService, 'direct'}"], { encryptionContext: { svc: "direct" } })).toBe(true);
    expect(holds("StringEquals", "kms:EncryptionContext:svc", ["${kms:ViaService}"], { encryptionContext: { svc: "" } })).toBe(false);
  });

  it("reads ${*} as a literal asterisk in a Like pattern", () => {
    expect(holds("StringLike", "kms:EncryptionContext:k", ["a${*}b"], { encryptionContext: { k: "a*b" } })).toBe(true);
    expect(holds("StringLike", "kms:EncryptionContext:k", ["a${*}b"], { encryptionContext: { k: "axb" } })).toBe(false);
  });
});
