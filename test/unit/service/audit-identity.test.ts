/**
 * userIdentityOf: the one place a request's caller becomes CloudTrail's userIdentity. Until access
 * control names callers every request is the account's root; a described caller (as access control
 * will pass it) keeps its ARN, type, access key and user name.
 */
import { describe, expect, it } from "vitest";
import { serviceIdentity, userIdentityOf } from "../../../src/service/audit-identity.js";

const scope = { region: "us-east-1", accountId: "111122223333" };

describe("userIdentityOf", () => {
  it("is the account's root user when no caller is known", () => {
    expect(userIdentityOf(scope, undefined)).toEqual({ type: "Root", principalId: "111122223333", arn: "arn:aws:iam::111122223333:root", accountId: "111122223333" });
  });

  it("describes an IAM user, an assumed role and an AWS service", () => {
    expect(userIdentityOf(scope, { arn: "arn:aws:iam::444455556666:user/ops/Alice", accessKeyId: "AKIAEXAMPLE" })).toEqual({
      type: "IAMUser", principalId: "arn:aws:iam::444455556666:user/ops/Alice", arn: "arn:aws:iam::444455556666:user/ops/Alice",
      accountId: "444455556666", accessKeyId: "AKIAEXAMPLE", userName: "Alice",
    });
    expect(userIdentityOf(scope, { arn: "arn:aws:sts::111122223333:assumed-role/Admins/bob", principalId: "AROAEXAMPLE:bob" })).toEqual({
      type: "AssumedRole", principalId: "AROAEXAMPLE:bob", arn: "arn:aws:sts::111122223333:assumed-role/Admins/bob", accountId: "111122223333",
    });
    expect(userIdentityOf(scope, { type: "AWSService", invokedBy: "s3.amazonaws.com" })).toEqual({ type: "AWSService", invokedBy: "s3.amazonaws.com" });
    expect(serviceIdentity(scope)).toEqual({ accountId: "111122223333", invokedBy: "AWS Internal" });
  });
});
