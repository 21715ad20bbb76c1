/**
 * Authorization cost. Issue 12's measure: kms.encrypt of 32 B as a non-root principal (a role
 * session allowed by an IAM identity policy, through a key policy that delegates to the account
 * under two conditions) costs at most 1.25 x kms.encrypt as the account root (default key policy),
 * measured in the same run. Beside it, the pure decision against one AES-256-GCM encryption of
 * 32 B with @noble/ciphers: policies are compiled once (at PutKeyPolicy / putPrincipal), never
 * parsed per request.
 */
import { gcm } from "@noble/ciphers/aes.js";
import {
  authorize,
  callerFromArn,
  compileIdentityPolicy,
  compileKeyPolicy,
  type KeyResource,
  type RequestContext,
} from "../src/access/index.js";
import { createKms } from "../src/index.js";
import { ManualClock, seededRandom } from "../src/testing/index.js";
import { fmt, interleaved, printTable } from "./support.js";

const ACCOUNT = "111122223333";
const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

const KEY_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Id: "tenant-key",
  Statement: [
    {
      Sid: "Key administrators",
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/admin` },
      Action: ["kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*", "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:TagResource", "kms:UntagResource", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion"],
      Resource: "*",
    },
    {
      Sid: "Use by the account's principals, for this tenant only",
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
      Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
      Resource: "*",
      Condition: { StringEquals: { "kms:CallerAccount": ACCOUNT, "kms:EncryptionContext:tenant": "acme" } },
    },
  ],
});
const keyPolicy = compileKeyPolicy(KEY_POLICY);
const IDENTITY_POLICY = {
  Version: "2012-10-17",
  Statement: [
    { Sid: "ReadLogs", Effect: "Allow", Action: ["logs:Get*", "logs:Describe*"], Resource: "*" },
    { Sid: "UseTenantKeys", Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"], Resource: `arn:aws:kms:us-east-1:${ACCOUNT}:key/*` },
  ],
};
const identityPolicies = [compileIdentityPolicy(IDENTITY_POLICY)];
const caller = callerFromArn(`arn:aws:iam::${ACCOUNT}:role/app`, { sessionName: "worker" });
const resource: KeyResource = {
  kind: "key", arn: KEY_ARN, accountId: ACCOUNT, region: "us-east-1", keySpec: "SYMMETRIC_DEFAULT", keyUsage: "ENCRYPT_DECRYPT", keyOrigin: "AWS_KMS", tags: [], aliases: [],
};
const encryptionContext = { tenant: "acme", document: "invoice-42" };
let now = Date.UTC(2026, 0, 1);
// Each call builds its request context, as the service will per request.
const context = (): RequestContext => ({ now: now++, region: "us-east-1", encryptionContext });

const KEY = new Uint8Array(32).fill(7);
const PLAINTEXT = new Uint8Array(32).fill(5);
const AAD = new Uint8Array(81);
const ivs = seededRandom("access-bench");

export async function accessBenchmark(): Promise<void> {
  const decide = () => {
    const decision = authorize({ caller, action: "kms:Encrypt", resource, context: context(), keyPolicy, identityPolicies });
    if (!decision.allowed) throw new Error("the benchmark's request must be allowed");
  };
  decide();
  const kms = createKms({
    clock: new ManualClock(new Date("2026-01-01T00:00:00Z")),
    random: seededRandom("access-bench-kms"),
    principals: { [`arn:aws:iam::${ACCOUNT}:role/app`]: { Policies: [IDENTITY_POLICY] } },
  });
  const keyId = (await kms.createKey()).KeyMetadata?.KeyId as string;
  // The root is not among the key's administrators: the policy would lock it out, knowingly.
  const tenantKeyId = (await kms.createKey({ Policy: KEY_POLICY, BypassPolicyLockoutSafetyCheck: true })).KeyMetadata?.KeyId as string;
  const app = kms.as(`arn:aws:iam::${ACCOUNT}:role/app`);
  const asRoot = () => kms.encrypt({ KeyId: keyId, Plaintext: PLAINTEXT, EncryptionContext: encryptionContext });
  const asPrincipal = () => app.encrypt({ KeyId: tenantKeyId, Plaintext: PLAINTEXT, EncryptionContext: encryptionContext });
  await asPrincipal();
  // The decisions take about a microsecond: time them 50 at a time, so reading the clock does not count.
  const BATCH = 50;
  const batch = (fn: () => unknown) => () => {
    for (let i = 0; i < BATCH; i++) fn();
  };
  const t = await interleaved(
    {
      decide: batch(decide),
      aesGcm: () => gcm(KEY, ivs(12), AAD).encrypt(PLAINTEXT),
      encryptAsRoot: asRoot,
      encryptAsPrincipal: asPrincipal,
    },
    { rounds: 41, roundMs: 60, clock: "cpu", statistic: "min" },
  );
  const aes = t.aesGcm as number;
  const encrypt = t.encryptAsRoot as number;
  const principal = t.encryptAsPrincipal as number;
  const decided = (t.decide as number) / BATCH;
  printTable("Authorization of Encrypt (IAM policy + key policy with two conditions) vs AES-256-GCM 32 B (noble)", [
    { measure: "authorize()", "us/op": fmt(decided * 1000, 3), "x AES-GCM 32 B": fmt(decided / aes, 3) },
    { measure: "noble AES-256-GCM encrypt 32 B", "us/op": fmt(aes * 1000, 3), "x AES-GCM 32 B": "1.000" },
    { measure: "kms.encrypt 32 B as root (default key policy)", "us/op": fmt(encrypt * 1000, 3), "x AES-GCM 32 B": fmt(encrypt / aes, 3) },
    { measure: "kms.encrypt 32 B as a role (IAM policy + key policy, 2 conditions)", "us/op": fmt(principal * 1000, 3), "x AES-GCM 32 B": fmt(principal / aes, 3) },
  ]);
  console.log(`Encrypt as that role / Encrypt as root: ${fmt(principal / encrypt, 3)} (issue 12's limit: 1.25)`);
}
