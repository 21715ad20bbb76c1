/**
 * userIdentityOf: the one place a request's caller becomes CloudTrail's userIdentity, in
 * CloudTrail's shape for each kind of identity (CloudTrail User Guide, "CloudTrail userIdentity
 * element"), with IAM unique ids derived from the ARN.
 */
import { describe, expect, it } from "vitest";
import { nobleCryptoProvider } from "../../../src/crypto/noble-provider.js";
import { iamUniqueId, invokingService, requestOrigin, serviceIdentity, userIdentityOf, userNameOf } from "../../../src/service/audit-identity.js";
import { actingFrom, rootActing, serviceActing } from "../../../src/service/callers.js";
import { Store } from "../../../src/service/store.js";

const crypto = nobleCryptoProvider;
const scope = { region: "us-east-1", accountId: "111122223333" };
const as = (spec: Parameters<typeof actingFrom>[1]) => actingFrom(new Store(), spec);

describe("userIdentityOf", () => {
  it("is the account's root user by default, with its account id as principalId", () => {
    expect(userIdentityOf(crypto, rootActing("111122223333"))).toEqual({
      type: "Root", principalId: "111122223333", arn: "arn:aws:iam::111122223333:root", accountId: "111122223333",
    });
    expect(userNameOf(rootActing("111122223333"))).toBe("root");
  });

  it("describes an IAM user with a stable AIDA id, its user name and the access key it signed with", () => {
    const acting = { ...as("arn:aws:iam::444455556666:user/ops/Alice"), accessKeyId: "AKIAEXAMPLEALICE0001" };
    const id = iamUniqueId(crypto, "AIDA", "arn:aws:iam::444455556666:user/ops/Alice");
    expect(id).toMatch(/^AIDA[A-Z2-7]{17}$/);
    expect(iamUniqueId(crypto, "AIDA", "arn:aws:iam::444455556666:user/ops/Bob")).not.toBe(id);
    expect(userIdentityOf(crypto, acting)).toEqual({
      type: "IAMUser", principalId: id, arn: "arn:aws:iam::444455556666:user/ops/Alice",
      accountId: "444455556666", accessKeyId: "AKIAEXAMPLEALICE0001", userName: "Alice",
    });
    expect(userNameOf(acting)).toBe("Alice");
  });

  it("describes a role session as AssumedRole, its issuer the role (with its path)", () => {
    const roleId = iamUniqueId(crypto, "AROA", "arn:aws:iam::111122223333:role/Admins");
    expect(userIdentityOf(crypto, as("arn:aws:sts::111122223333:assumed-role/Admins/bob"))).toEqual({
      type: "AssumedRole",
      principalId: `${roleId}:bob`,
      arn: "arn:aws:sts::111122223333:assumed-role/Admins/bob",
      accountId: "111122223333",
      sessionContext: {
        sessionIssuer: { type: "Role", principalId: roleId, arn: "arn:aws:iam::111122223333:role/Admins", accountId: "111122223333", userName: "Admins" },
        attributes: { mfaAuthenticated: "false" },
      },
    });
    // A role ARN acts as the session kms-sim names "kms-sim".
    expect(userIdentityOf(crypto, as("arn:aws:iam::111122223333:role/app"))).toMatchObject({
      type: "AssumedRole", arn: "arn:aws:sts::111122223333:assumed-role/app/kms-sim",
    });
    expect(userNameOf(as("arn:aws:sts::111122223333:assumed-role/Admins/bob"))).toBe("bob");
  });

  it("describes a federated user and an AWS service principal", () => {
    expect(userIdentityOf(crypto, as("arn:aws:sts::111122223333:federated-user/carol"))).toEqual({
      type: "FederatedUser", principalId: "111122223333:carol", arn: "arn:aws:sts::111122223333:federated-user/carol", accountId: "111122223333",
    });
    expect(userIdentityOf(crypto, serviceActing("s3.amazonaws.com"))).toEqual({ type: "AWSService", invokedBy: "s3.amazonaws.com" });
    expect(userNameOf(serviceActing("s3.amazonaws.com"))).toBeUndefined();
    expect(serviceIdentity(scope)).toEqual({ accountId: "111122223333", invokedBy: "AWS Internal" });
  });

  it("adds invokedBy for a call made through an integrated service, which is then its source and agent", () => {
    const acting = as({ PrincipalArn: "arn:aws:iam::111122223333:user/Alice", ViaService: "s3.us-east-1.amazonaws.com" });
    expect(userIdentityOf(crypto, acting)).toMatchObject({ type: "IAMUser", invokedBy: "s3.amazonaws.com" });
    expect(requestOrigin(acting)).toEqual({ sourceIPAddress: "s3.amazonaws.com", userAgent: "s3.amazonaws.com" });
    expect(invokingService("ec2.cn-north-1.amazonaws.com.cn")).toBe("ec2.amazonaws.com.cn");
  });

  it("takes the source address from SourceIp, else the loopback address", () => {
    expect(requestOrigin(as({ PrincipalArn: "111122223333", SourceIp: "203.0.113.7" }))).toEqual({ sourceIPAddress: "203.0.113.7", userAgent: "kms-sim" });
    expect(requestOrigin(rootActing("111122223333"))).toEqual({ sourceIPAddress: "127.0.0.1", userAgent: "kms-sim" });
  });
});
