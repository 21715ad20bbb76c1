import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import {
  constraintsHold,
  GRANT_OPERATIONS,
  grantOperationsFor,
  GRANTS_PER_KEY,
  isNarrowerGrant,
  principalCovers,
  requireGrantableOperations,
  retireGrantRight,
  type GrantConstraints,
  type GrantOperation,
  type GrantRecord,
} from "../../../src/access/index.js";
import { ValidationException } from "../../../src/index.js";
import { KEY_SPECS } from "../../../src/model/key-spec.js";
import { ACCOUNT, alice, appRoleSession, bob, carol, KEY_ARN, OTHER_ACCOUNT, otherRoot, root } from "../../support/access.js";

describe("GRANT_OPERATIONS", () => {
  it("is botocore's GrantOperation enum", () => {
    const script = `
import gzip, json, os, botocore
model = json.load(gzip.open(os.path.join(os.path.dirname(botocore.__file__), "data/kms/2014-11-01/service-2.json.gz")))
print(json.dumps(model["shapes"]["GrantOperation"]["enum"]))`;
    expect([...GRANT_OPERATIONS]).toEqual(JSON.parse(execFileSync("python3", ["-c", script], { encoding: "utf8" })));
  });

  it("caps grants per key at AWS's quota", () => {
    expect(GRANTS_PER_KEY).toBe(50_000);
  });
});

describe("grantOperationsFor", () => {
  it.each<[string, string, GrantOperation[]]>([
    ["SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT", ["CreateGrant", "RetireGrant", "DescribeKey", "Encrypt", "Decrypt", "ReEncryptFrom", "ReEncryptTo", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext"]],
    ["HMAC_256", "GENERATE_VERIFY_MAC", ["CreateGrant", "RetireGrant", "DescribeKey", "GenerateMac", "VerifyMac"]],
    ["RSA_2048", "ENCRYPT_DECRYPT", ["CreateGrant", "RetireGrant", "DescribeKey", "Encrypt", "Decrypt", "ReEncryptFrom", "ReEncryptTo", "GetPublicKey"]],
    ["RSA_4096", "SIGN_VERIFY", ["CreateGrant", "RetireGrant", "DescribeKey", "Sign", "Verify", "GetPublicKey"]],
    ["ECC_NIST_P256", "KEY_AGREEMENT", ["CreateGrant", "RetireGrant", "DescribeKey", "DeriveSharedSecret", "GetPublicKey"]],
    ["SM2", "ENCRYPT_DECRYPT", ["CreateGrant", "RetireGrant", "DescribeKey", "Encrypt", "Decrypt", "ReEncryptFrom", "ReEncryptTo", "GetPublicKey"]],
    ["ML_DSA_65", "SIGN_VERIFY", ["CreateGrant", "RetireGrant", "DescribeKey", "Sign", "Verify", "GetPublicKey"]],
  ])("%s / %s", (spec, usage, expected) => {
    expect(grantOperationsFor(spec, usage)).toEqual(expected);
  });

  it("grants only GrantOperation values, for every key spec and usage kms-sim knows", () => {
    for (const [spec, usages] of Object.entries(KEY_SPECS)) {
      for (const usage of Object.keys(usages)) {
        for (const op of grantOperationsFor(spec, usage)) expect(GRANT_OPERATIONS).toContain(op);
      }
    }
  });
});

describe("requireGrantableOperations", () => {
  const symmetric = { keySpec: "SYMMETRIC_DEFAULT", keyUsage: "ENCRYPT_DECRYPT" };

  it("returns operations the key supports", () => {
    expect(requireGrantableOperations(["Decrypt", "CreateGrant", "RetireGrant"], symmetric)).toEqual(["Decrypt", "CreateGrant", "RetireGrant"]);
  });

  it.each<[string[], { keySpec: string; keyUsage: string }, string]>([
    [["CreateGrant"], symmetric, "Grants must not contain only the CreateGrant operation."],
    [["CreateGrant", "CreateGrant"], symmetric, "Grants must not contain only the CreateGrant operation."],
    [["Decrypt", "Sign"], symmetric, "The grant operations [Sign] are not supported on a KMS key with KeySpec SYMMETRIC_DEFAULT and KeyUsage ENCRYPT_DECRYPT."],
    [["GenerateDataKey", "Sign"], { keySpec: "RSA_2048", keyUsage: "SIGN_VERIFY" }, "The grant operations [GenerateDataKey] are not supported on a KMS key with KeySpec RSA_2048 and KeyUsage SIGN_VERIFY."],
    [["GenerateMac", "VerifyMac", "Encrypt"], symmetric, "The grant operations [GenerateMac, VerifyMac] are not supported on a KMS key with KeySpec SYMMETRIC_DEFAULT and KeyUsage ENCRYPT_DECRYPT."],
  ])("refuses %j on %j with ValidationException", (operations, key, message) => {
    expect(() => requireGrantableOperations(operations, key)).toThrow(ValidationException);
    expect(() => requireGrantableOperations(operations, key)).toThrow(message);
  });
});

describe("constraintsHold", () => {
  const subset: GrantConstraints = { EncryptionContextSubset: { Tenant: "acme" } };
  const equals: GrantConstraints = { EncryptionContextEquals: { tenant: "acme", doc: "1" } };
  it.each<[GrantConstraints | undefined, string, Record<string, string> | undefined, boolean]>([
    [undefined, "Decrypt", undefined, true],
    [subset, "Decrypt", { tenant: "acme" }, true],
    [subset, "Decrypt", { TENANT: "acme", other: "x" }, true],
    [subset, "Decrypt", { tenant: "Acme" }, false],
    [subset, "Decrypt", { other: "acme" }, false],
    [subset, "Decrypt", undefined, false],
    [equals, "Encrypt", { doc: "1", tenant: "acme" }, true],
    [equals, "Encrypt", { Doc: "1", TENANT: "acme" }, true],
    [equals, "Encrypt", { tenant: "acme" }, false],
    [equals, "Encrypt", { tenant: "acme", doc: "1", extra: "x" }, false],
    [equals, "Encrypt", { tenant: "acme", doc: "2" }, false],
    // A second key that differs only in case is an extra pair, in either order.
    [{ EncryptionContextEquals: { tenant: "acme" } }, "Encrypt", { TENANT: "x", tenant: "acme" }, false],
    [{ EncryptionContextEquals: { tenant: "acme" } }, "Encrypt", { tenant: "acme", TENANT: "x" }, false],
    // Subset: the pair is among the request's, whichever of the case-variant keys comes last.
    [subset, "Decrypt", { tenant: "acme", TENANT: "x" }, true],
    [subset, "Decrypt", { TENANT: "x", tenant: "acme" }, true],
    [{ EncryptionContextSubset: { a: "1" }, EncryptionContextEquals: { a: "1", b: "2" } }, "GenerateDataKey", { a: "1", b: "2" }, true],
    [{ EncryptionContextEquals: {} }, "Decrypt", { any: "thing" }, true],
    // Not applied to operations without an encryption context.
    [equals, "DescribeKey", undefined, true],
    [equals, "RetireGrant", undefined, true],
    [subset, "ReEncryptFrom", { tenant: "acme" }, true],
    [subset, "ReEncryptTo", {}, false],
    [subset, "GenerateDataKeyPairWithoutPlaintext", {}, false],
  ])("%j for %s with context %j: %s", (constraints, operation, context, expected) => {
    expect(constraintsHold(constraints, operation, "SYMMETRIC_DEFAULT", context)).toBe(expected);
  });

  it("is not applied on asymmetric keys", () => {
    expect(constraintsHold(equals, "Decrypt", "RSA_2048", undefined)).toBe(true);
  });
});

describe("principalCovers", () => {
  it.each([
    [alice.arn, alice, 1],
    [alice.arn, bob, 0],
    [appRoleSession.principalArn, appRoleSession, 1],
    [appRoleSession.arn, appRoleSession, 1],
    [ACCOUNT, root, 1],
    [`arn:aws:iam::${ACCOUNT}:root`, alice, 2],
    [ACCOUNT, carol, 0],
    [OTHER_ACCOUNT, otherRoot, 1],
    [undefined, alice, 0],
  ] as const)("%s covers %s: %d", (principal, caller, expected) => {
    expect(principalCovers(principal, caller)).toBe(expected);
  });
});

describe("isNarrowerGrant", () => {
  const parent = (operations: GrantOperation[], constraints?: GrantConstraints) => ({ operations, ...(constraints ? { constraints } : {}) });
  it.each<[string, ReturnType<typeof parent>, ReturnType<typeof parent>, boolean]>([
    ["the same grant", parent(["Decrypt", "CreateGrant"]), parent(["Decrypt", "CreateGrant"]), true],
    ["fewer operations", parent(["Decrypt", "Encrypt", "CreateGrant"]), parent(["Decrypt"]), true],
    ["an operation the parent lacks", parent(["Decrypt", "CreateGrant"]), parent(["Decrypt", "Encrypt"]), false],
    ["constraints where the parent has none", parent(["Decrypt"]), parent(["Decrypt"], { EncryptionContextSubset: { a: "1" } }), true],
    ["dropping the parent's Subset", parent(["Decrypt"], { EncryptionContextSubset: { a: "1" } }), parent(["Decrypt"]), false],
    ["adding Subset pairs", parent(["Decrypt"], { EncryptionContextSubset: { a: "1" } }), parent(["Decrypt"], { EncryptionContextSubset: { A: "1", b: "2" } }), true],
    ["changing a Subset value", parent(["Decrypt"], { EncryptionContextSubset: { a: "1" } }), parent(["Decrypt"], { EncryptionContextSubset: { a: "2" } }), false],
    ["turning Subset into Equals", parent(["Decrypt"], { EncryptionContextSubset: { a: "1" } }), parent(["Decrypt"], { EncryptionContextEquals: { a: "1", b: "2" } }), true],
    ["an Equals without the Subset pairs", parent(["Decrypt"], { EncryptionContextSubset: { a: "1" } }), parent(["Decrypt"], { EncryptionContextEquals: { b: "2" } }), false],
    ["keeping Equals", parent(["Decrypt"], { EncryptionContextEquals: { a: "1" } }), parent(["Decrypt"], { EncryptionContextEquals: { A: "1" } }), true],
    ["turning Equals into Subset", parent(["Decrypt"], { EncryptionContextEquals: { a: "1" } }), parent(["Decrypt"], { EncryptionContextSubset: { a: "1" } }), false],
    ["widening Equals", parent(["Decrypt"], { EncryptionContextEquals: { a: "1" } }), parent(["Decrypt"], { EncryptionContextEquals: { a: "1", b: "2" } }), false],
  ])("%s: %s", (_, p, child, expected) => {
    expect(isNarrowerGrant(p, child)).toBe(expected);
  });
});

describe("retireGrantRight", () => {
  const grant = (overrides: Partial<GrantRecord>): GrantRecord => ({
    grantId: "b".repeat(64),
    keyArn: KEY_ARN,
    granteePrincipal: carol.arn,
    issuingAccount: `arn:aws:iam::${ACCOUNT}:root`,
    operations: ["Decrypt"],
    ...overrides,
  });
  it.each<[string, Partial<GrantRecord>, typeof alice, string]>([
    ["the retiring principal", { retiringPrincipal: bob.arn }, bob, "principal"],
    ["the retiring principal's role sessions", { retiringPrincipal: appRoleSession.principalArn }, appRoleSession, "principal"],
    ["the grantee without RetireGrant", {}, carol, "none"],
    ["the grantee with RetireGrant", { operations: ["Decrypt", "RetireGrant"] }, carol, "principal"],
    ["the issuing account's root", {}, root, "principal"],
    ["the issuing account's users (with IAM)", {}, alice, "account"],
    ["an account named as retiring principal, for its users", { retiringPrincipal: OTHER_ACCOUNT }, carol, "account"],
    ["anyone else", { retiringPrincipal: bob.arn }, otherRoot, "none"],
  ])("%s", (_, overrides, caller, expected) => {
    expect(retireGrantRight(grant(overrides), caller)).toBe(expected);
  });
});
