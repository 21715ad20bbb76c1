import { describe, expect, it } from "vitest";
import { accountRootArn, callerFromArn, isAccountId, rootCaller } from "../../../src/access/index.js";

describe("callerFromArn", () => {
  it.each([
    ["arn:aws:iam::111122223333:root", { kind: "root", arn: "arn:aws:iam::111122223333:root", principalArn: "arn:aws:iam::111122223333:root", accountId: "111122223333", userName: undefined }],
    ["arn:aws:iam::111122223333:user/alice", { kind: "user", arn: "arn:aws:iam::111122223333:user/alice", principalArn: "arn:aws:iam::111122223333:user/alice", accountId: "111122223333", userName: "alice" }],
    ["arn:aws:iam::111122223333:user/dev/ops/bob", { kind: "user", userName: "bob" }],
    [
      "arn:aws:sts::111122223333:assumed-role/app/i-0abc",
      { kind: "assumed-role", arn: "arn:aws:sts::111122223333:assumed-role/app/i-0abc", principalArn: "arn:aws:iam::111122223333:role/app", accountId: "111122223333" },
    ],
    [
      "arn:aws:iam::111122223333:role/service-role/app",
      { kind: "assumed-role", arn: "arn:aws:sts::111122223333:assumed-role/app/kms-sim", principalArn: "arn:aws:iam::111122223333:role/service-role/app" },
    ],
    ["arn:aws:sts::111122223333:federated-user/dana", { kind: "federated-user", accountId: "111122223333" }],
    ["arn:aws-cn:iam::111122223333:user/li", { kind: "user", accountId: "111122223333" }],
    ["logs.us-east-1.amazonaws.com", { kind: "service", arn: "logs.us-east-1.amazonaws.com", accountId: undefined }],
  ])("reads %s", (arn, expected) => {
    expect(callerFromArn(arn)).toMatchObject(expected);
  });

  it("takes the role's full ARN for a session whose role has a path", () => {
    expect(callerFromArn("arn:aws:sts::111122223333:assumed-role/app/s", { roleArn: "arn:aws:iam::111122223333:role/team/app" }).principalArn).toBe(
      "arn:aws:iam::111122223333:role/team/app",
    );
    expect(() => callerFromArn("arn:aws:sts::111122223333:assumed-role/app/s", { roleArn: "arn:aws:iam::111122223333:role/other" })).toThrow(RangeError);
  });

  it("names a role's session", () => {
    expect(callerFromArn("arn:aws:iam::111122223333:role/app", { sessionName: "batch" }).arn).toBe("arn:aws:sts::111122223333:assumed-role/app/batch");
    expect(() => callerFromArn("arn:aws:iam::111122223333:role/app", { sessionName: "bad name" })).toThrow(RangeError);
  });

  it.each(["", "alice", "arn:aws:iam::1111:user/alice", "arn:aws:iam::111122223333:group/admins", "arn:aws:iam::111122223333:user/*", "arn:aws:s3:::bucket", "cloudtrail"])(
    "refuses %j with RangeError",
    (arn) => {
      expect(() => callerFromArn(arn)).toThrow(RangeError);
    },
  );
});

describe("root callers and account ids", () => {
  it("formats the account principal", () => {
    expect(accountRootArn("111122223333")).toBe("arn:aws:iam::111122223333:root");
    expect(rootCaller("444455556666", "aws-us-gov").arn).toBe("arn:aws-us-gov:iam::444455556666:root");
    expect([isAccountId("111122223333"), isAccountId("11112222333"), isAccountId("11112222333a")]).toEqual([true, false, false]);
  });
});
