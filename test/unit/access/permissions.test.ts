import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { checksFor, CROSS_ACCOUNT_ACTIONS, OPERATION_PERMISSIONS, permissionsFor } from "../../../src/access/index.js";
import { AWS_KMS_OPERATION_NAMES } from "../../../src/model/aws-model.generated.js";

/**
 * What botocore's model says each operation needs: its "Required permissions" text read for
 * `kms:<Action>` followed by "key policy" or "IAM policy", and "Cross-account use: Yes".
 */
function botocorePermissions(): Record<string, { cross: boolean; perms: [string, string][] }> {
  const script = `
import gzip, json, os, re, botocore
model = json.load(gzip.open(os.path.join(os.path.dirname(botocore.__file__), "data/kms/2014-11-01/service-2.json.gz")))
out = {}
for name, op in model["operations"].items():
    text = " ".join(re.sub(r"<[^>]+>", " ", op.get("documentation", "")).split())
    start = text.find("Required permissions")
    end = min([i for i in (text.find("Related operations", start), text.find("Eventual consistency", start)) if i > 0] or [len(text)])
    section = text[start:end]
    perms = []
    # "kms:ReEncrypt*" is a policy pattern the text recommends, not a permission of its own.
    matches = list(re.finditer(r"kms:(\\w+)(?![\\w*])", section))
    for i, m in enumerate(matches):
        following = section[m.end(): matches[i + 1].start() if i + 1 < len(matches) else len(section)]
        kinds = [(following.find(k), v) for k, v in (("key policy", "key"), ("IAM policy", "iam")) if following.find(k) >= 0]
        if kinds and [m.group(0), min(kinds)[1]] not in perms:
            perms.append([m.group(0), min(kinds)[1]])
    out[name] = {"cross": re.search(r"Cross-account use\\s*:\\s*Yes", text) is not None, "perms": perms}
print(json.dumps(out))
`;
  return JSON.parse(execFileSync("python3", ["-c", script], { encoding: "utf8" })) as Record<string, { cross: boolean; perms: [string, string][] }>;
}

describe("the permission table", () => {
  it("has a row for every operation of the generated AWS model, and nothing else", () => {
    expect(Object.keys(OPERATION_PERMISSIONS).sort()).toEqual([...AWS_KMS_OPERATION_NAMES].sort());
  });

  it("says what botocore's model says each operation needs, and which work across accounts", () => {
    const botocore = botocorePermissions();
    const ours = Object.fromEntries(
      Object.entries(OPERATION_PERMISSIONS).map(([name, row]) => {
        const perms: [string, string][] = [];
        for (const check of row.checks) {
          if (check.policy === "grant") continue;
          if (!perms.some(([a, p]) => a === check.action && p === check.policy)) perms.push([check.action, check.policy]);
        }
        return [name, { cross: row.crossAccount, perms }];
      }),
    );
    const theirs = Object.fromEntries(Object.keys(OPERATION_PERMISSIONS).map((name) => [name, botocore[name]]));
    expect(ours).toEqual(theirs);
  });

  it("checks ReEncryptFrom on the source and ReEncryptTo on the destination", () => {
    expect(checksFor("ReEncrypt")).toEqual([
      { action: "kms:ReEncryptFrom", target: "source-key", policy: "key" },
      { action: "kms:ReEncryptTo", target: "destination-key", policy: "key" },
    ]);
  });

  it("checks alias operations on the alias and on each key", () => {
    expect(checksFor("UpdateAlias").map((c) => [c.target, c.policy])).toEqual([["alias", "iam"], ["current-key", "key"], ["new-key", "key"]]);
    expect(checksFor("CreateAlias").map((c) => c.target)).toEqual(["alias", "key"]);
    expect(checksFor("DeleteAlias").map((c) => c.target)).toEqual(["alias", "key"]);
  });

  it("adds kms:TagResource to CreateKey only when it has tags", () => {
    expect(checksFor("CreateKey", {}).map((c) => c.action)).toEqual(["kms:CreateKey"]);
    expect(checksFor("CreateKey", { Tags: [] }).map((c) => c.action)).toEqual(["kms:CreateKey"]);
    expect(checksFor("CreateKey", { Tags: [{ TagKey: "a", TagValue: "b" }] }).map((c) => c.action)).toEqual(["kms:CreateKey", "kms:TagResource"]);
  });

  it("leaves RetireGrant to the grant and makes IAM-only operations resource-less", () => {
    expect(checksFor("RetireGrant")).toEqual([{ action: "kms:RetireGrant", target: "grant", policy: "grant" }]);
    for (const op of ["CreateKey", "ListKeys", "ListAliases", "GenerateRandom", "ListRetirableGrants"]) {
      expect(permissionsFor(op).checks[0]).toMatchObject({ target: "none", policy: "iam" });
    }
  });

  it("knows the actions that work across accounts", () => {
    expect([...CROSS_ACCOUNT_ACTIONS].sort()).toEqual([
      "kms:CreateGrant", "kms:Decrypt", "kms:DeriveSharedSecret", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey",
      "kms:GenerateDataKeyPair", "kms:GenerateDataKeyPairWithoutPlaintext", "kms:GenerateDataKeyWithoutPlaintext", "kms:GenerateMac",
      "kms:GetKeyRotationStatus", "kms:GetPublicKey", "kms:ListGrants", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:RetireGrant",
      "kms:RevokeGrant", "kms:Sign", "kms:Verify", "kms:VerifyMac",
    ]);
  });

  it("refuses a name that is not a KMS operation, without reaching object members", () => {
    for (const name of ["Nope", "constructor", "__proto__", "toString"]) expect(() => permissionsFor(name)).toThrow(RangeError);
  });
});
