import { describe, expect, it } from "vitest";
import { authorizeOperation, type AccessTarget, type GrantRecord, type OperationAccess } from "../../../src/access/index.js";
import { AccessDeniedException } from "../../../src/index.js";
import {
  ACCOUNT,
  alice,
  appRoleSession,
  bob,
  carol,
  context,
  ENABLE_IAM,
  identityPolicy,
  KEY_ARN,
  keyPolicy,
  keyResource,
  OTHER_ACCOUNT,
  root,
} from "../../support/access.js";

const DEST_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/dest`;
const ALIAS_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:alias/app`;
const source: AccessTarget = { resource: keyResource(), keyPolicy: keyPolicy(ENABLE_IAM) };
const destination: AccessTarget = { resource: keyResource({ arn: DEST_ARN }), keyPolicy: keyPolicy(ENABLE_IAM) };
const alias: AccessTarget = { resource: { kind: "alias", arn: ALIAS_ARN, accountId: ACCOUNT, region: "us-east-1" } };

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AccessDeniedException);
    return (error as Error).message;
  }
  return "allowed";
}

const access = (overrides: Partial<OperationAccess>): OperationAccess => ({ caller: alice, context: context(), identityPolicies: [], ...overrides });

describe("authorizeOperation", () => {
  it("checks ReEncryptFrom on the source and ReEncryptTo on the destination, each with its own context", () => {
    const both = identityPolicy({ Effect: "Allow", Action: ["kms:ReEncryptFrom", "kms:ReEncryptTo"], Resource: "*", Condition: { StringEquals: { "kms:EncryptionContext:stage": ["old", "new"] } } });
    const targets = {
      "source-key": { ...source, context: context({ encryptionContext: { stage: "old" } }) },
      "destination-key": { ...destination, context: context({ encryptionContext: { stage: "new" } }) },
    };
    expect(authorizeOperation("ReEncrypt", access({ identityPolicies: [both], targets }))).toHaveLength(2);

    const fromOnly = identityPolicy({ Effect: "Allow", Action: "kms:ReEncryptFrom", Resource: "*" });
    expect(refusal(() => authorizeOperation("ReEncrypt", access({ identityPolicies: [fromOnly], targets })))).toBe(
      `User: ${alice.arn} is not authorized to perform: kms:ReEncryptTo on resource: ${DEST_ARN} because no identity-based policy allows the kms:ReEncryptTo action`,
    );
    const toOnly = identityPolicy({ Effect: "Allow", Action: "kms:ReEncryptTo", Resource: "*" });
    expect(refusal(() => authorizeOperation("ReEncrypt", access({ identityPolicies: [toOnly], targets })))).toBe(
      `User: ${alice.arn} is not authorized to perform: kms:ReEncryptFrom on resource: ${KEY_ARN} because no identity-based policy allows the kms:ReEncryptFrom action`,
    );
  });

  it("checks UpdateAlias on the alias (IAM), the current key and the new key", () => {
    const targets = { alias, "current-key": source, "new-key": destination };
    const aliasOnly = identityPolicy({ Effect: "Allow", Action: "kms:UpdateAlias", Resource: ALIAS_ARN });
    const keysOnly = identityPolicy({ Effect: "Allow", Action: "kms:UpdateAlias", Resource: `arn:aws:kms:us-east-1:${ACCOUNT}:key/*` });
    expect(refusal(() => authorizeOperation("UpdateAlias", access({ identityPolicies: [aliasOnly, keysOnly], targets })))).toBe("allowed");
    expect(refusal(() => authorizeOperation("UpdateAlias", access({ identityPolicies: [keysOnly], targets })))).toBe(
      `User: ${alice.arn} is not authorized to perform: kms:UpdateAlias on resource: ${ALIAS_ARN} because no identity-based policy allows the kms:UpdateAlias action`,
    );
    const lockedNewKey = { ...destination, keyPolicy: keyPolicy({ Effect: "Allow", Principal: { AWS: bob.arn }, Action: "kms:*", Resource: "*" }) };
    expect(refusal(() => authorizeOperation("UpdateAlias", access({ identityPolicies: [aliasOnly, keysOnly], targets: { ...targets, "new-key": lockedNewKey } })))).toBe(
      `User: ${alice.arn} is not authorized to perform: kms:UpdateAlias on resource: ${DEST_ARN} because no resource-based policy allows the kms:UpdateAlias action`,
    );
  });

  it("asks CreateKey with tags for kms:TagResource too", () => {
    const createOnly = identityPolicy({ Effect: "Allow", Action: "kms:CreateKey", Resource: "*" });
    expect(refusal(() => authorizeOperation("CreateKey", access({ identityPolicies: [createOnly], request: {} })))).toBe("allowed");
    expect(refusal(() => authorizeOperation("CreateKey", access({ identityPolicies: [createOnly], request: { Tags: [{ TagKey: "a", TagValue: "b" }] } })))).toBe(
      `User: ${alice.arn} is not authorized to perform: kms:TagResource on resource: * because no identity-based policy allows the kms:TagResource action`,
    );
    expect(refusal(() => authorizeOperation("CreateKey", access({ caller: root, request: { Tags: [{ TagKey: "a", TagValue: "b" }] } })))).toBe("allowed");
  });

  it("throws TypeError when a target the operation needs is missing", () => {
    expect(() => authorizeOperation("Encrypt", access({}))).toThrow(TypeError);
    expect(() => authorizeOperation("RetireGrant", access({}))).toThrow(TypeError);
  });

  describe("RetireGrant", () => {
    const grant: GrantRecord = {
      grantId: "c".repeat(64),
      keyArn: KEY_ARN,
      granteePrincipal: appRoleSession.principalArn,
      retiringPrincipal: bob.arn,
      issuingAccount: `arn:aws:iam::${ACCOUNT}:root`,
      operations: ["Decrypt"],
    };
    const retire = (caller: typeof alice, overrides: Partial<OperationAccess> = {}, key: AccessTarget = source) =>
      refusal(() => authorizeOperation("RetireGrant", access({ caller, retiring: { grant, key }, ...overrides })));

    it("lets the retiring principal retire, without any policy", () => {
      expect(retire(bob)).toBe("allowed");
    });

    it("does not let the grantee retire a grant without RetireGrant", () => {
      expect(retire(appRoleSession)).toBe(
        `User: ${appRoleSession.arn} is not authorized to perform: kms:RetireGrant on resource: ${KEY_ARN} because no identity-based policy allows the kms:RetireGrant action`,
      );
    });

    it("lets the issuing account's users retire with kms:RetireGrant in IAM, and its root without", () => {
      expect(retire(root)).toBe("allowed");
      expect(retire(alice)).not.toBe("allowed");
      expect(retire(alice, { identityPolicies: [identityPolicy({ Effect: "Allow", Action: "kms:RetireGrant", Resource: "*" })] })).toBe("allowed");
    });

    it("ignores an Allow of kms:RetireGrant in the key policy", () => {
      const key = { ...source, keyPolicy: keyPolicy(ENABLE_IAM, { Effect: "Allow", Principal: "*", Action: "kms:RetireGrant", Resource: "*" }) };
      expect(retire(carol, {}, key)).not.toBe("allowed");
    });

    it("is refused by an explicit Deny in the key policy or IAM", () => {
      const key = { ...source, keyPolicy: keyPolicy(ENABLE_IAM, { Effect: "Deny", Principal: "*", Action: "kms:RetireGrant", Resource: "*" }) };
      expect(retire(bob, {}, key)).toBe(`User: ${bob.arn} is not authorized to perform: kms:RetireGrant on resource: ${KEY_ARN} with an explicit deny in a resource-based policy`);
      expect(retire(bob, { identityPolicies: [identityPolicy({ Effect: "Deny", Action: "kms:*", Resource: "*" })] })).toBe(
        `User: ${bob.arn} is not authorized to perform: kms:RetireGrant on resource: ${KEY_ARN} with an explicit deny in an identity-based policy`,
      );
    });
  });

  describe("CreateGrant", () => {
    const parent: GrantRecord = {
      grantId: "d".repeat(64),
      keyArn: KEY_ARN,
      granteePrincipal: carol.arn,
      issuingAccount: `arn:aws:iam::${ACCOUNT}:root`,
      operations: ["Decrypt", "Encrypt", "CreateGrant"],
      constraints: { EncryptionContextSubset: { tenant: "acme" } },
    };
    const key: AccessTarget = { ...source, grants: [parent] };
    const create = (caller: typeof alice, requestedGrant: OperationAccess["requestedGrant"], overrides: Partial<OperationAccess> = {}) =>
      refusal(() => authorizeOperation("CreateGrant", access({ caller, targets: { key }, ...(requestedGrant ? { requestedGrant } : {}), ...overrides })));

    it("lets a grantee holding CreateGrant create a narrower grant, across accounts", () => {
      expect(create(carol, { operations: ["Decrypt"], constraints: { EncryptionContextSubset: { tenant: "acme", doc: "1" } } })).toBe("allowed");
      expect(create(carol, { operations: ["Decrypt"], constraints: { EncryptionContextEquals: { tenant: "acme" } } })).toBe("allowed");
    });

    it("refuses a grantee's grant that widens the parent", () => {
      const refused = `User: ${carol.arn} is not authorized to perform: kms:CreateGrant on resource: ${KEY_ARN} because no resource-based policy allows the kms:CreateGrant action`;
      expect(create(carol, { operations: ["Decrypt", "GenerateDataKey"], constraints: { EncryptionContextSubset: { tenant: "acme" } } })).toBe(refused);
      expect(create(carol, { operations: ["Decrypt"] })).toBe(refused);
    });

    it("lets anyone with kms:CreateGrant from a policy grant anything", () => {
      const iam = identityPolicy({ Effect: "Allow", Action: "kms:CreateGrant", Resource: "*" });
      expect(create(alice, { operations: ["Decrypt", "GenerateDataKey", "ReEncryptFrom"] }, { identityPolicies: [iam] })).toBe("allowed");
    });

    it("does not let an explicit Deny be bypassed through the grant", () => {
      const deny = identityPolicy({ Effect: "Deny", Action: "kms:CreateGrant", Resource: "*" });
      expect(create(carol, { operations: ["Decrypt"], constraints: { EncryptionContextSubset: { tenant: "acme" } } }, { identityPolicies: [deny] })).toBe(
        `User: ${carol.arn} is not authorized to perform: kms:CreateGrant on resource: ${KEY_ARN} with an explicit deny in an identity-based policy`,
      );
    });

    it("needs IAM for a user covered by a grant to its account", () => {
      const toAccount = { ...key, grants: [{ ...parent, granteePrincipal: OTHER_ACCOUNT, constraints: {} }] };
      const requested = { operations: ["Decrypt" as const] };
      expect(refusal(() => authorizeOperation("CreateGrant", access({ caller: carol, targets: { key: toAccount }, requestedGrant: requested })))).not.toBe("allowed");
      const iam = identityPolicy({ Effect: "Allow", Action: "kms:CreateGrant", Resource: "*" });
      expect(refusal(() => authorizeOperation("CreateGrant", access({ caller: carol, targets: { key: toAccount }, requestedGrant: requested, identityPolicies: [iam] })))).toBe(
        "allowed",
      );
    });
  });
});
