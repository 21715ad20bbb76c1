/**
 * Authorization cost: one realistic decision (a non-root IAM user allowed by an IAM identity
 * policy, through a key policy that delegates to the account under two conditions) against one
 * AES-256-GCM encryption of 32 B with @noble/ciphers, same run. Issue 12 wants Encrypt as such a
 * principal to cost at most 1.25 x Encrypt as root, so this ratio is the budget phase 2 spends:
 * policies are compiled once (at PutKeyPolicy / putPrincipal), never parsed per request.
 */
import { gcm } from "@noble/ciphers/aes.js";
import {
  authorize,
  authorizeOperation,
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

const keyPolicy = compileKeyPolicy(
  JSON.stringify({
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
  }),
);
const identityPolicies = [
  compileIdentityPolicy({
    Version: "2012-10-17",
    Statement: [
      { Sid: "ReadLogs", Effect: "Allow", Action: ["logs:Get*", "logs:Describe*"], Resource: "*" },
      { Sid: "UseTenantKeys", Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"], Resource: `arn:aws:kms:us-east-1:${ACCOUNT}:key/*` },
    ],
  }),
];
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
  const operation = () => authorizeOperation("Encrypt", { caller, context: context(), identityPolicies, targets: { key: { resource, keyPolicy } } });
  decide();
  operation();
  const kms = createKms({ clock: new ManualClock(new Date("2026-01-01T00:00:00Z")), random: seededRandom("access-bench-kms") });
  const keyId = (await kms.createKey()).KeyMetadata?.KeyId as string;
  const t = await interleaved(
    {
      decide,
      operation,
      aesGcm: () => gcm(KEY, ivs(12), AAD).encrypt(PLAINTEXT),
      encryptAsRoot: () => kms.encrypt({ KeyId: keyId, Plaintext: PLAINTEXT, EncryptionContext: encryptionContext }),
    },
    { rounds: 31, roundMs: 60 },
  );
  const aes = t.aesGcm as number;
  const encrypt = t.encryptAsRoot as number;
  printTable("Authorization of Encrypt (IAM policy + key policy with two conditions) vs AES-256-GCM 32 B (noble)", [
    { measure: "authorize()", "us/op": fmt((t.decide as number) * 1000, 3), "x AES-GCM 32 B": fmt((t.decide as number) / aes, 3) },
    { measure: "authorizeOperation('Encrypt')", "us/op": fmt((t.operation as number) * 1000, 3), "x AES-GCM 32 B": fmt((t.operation as number) / aes, 3) },
    { measure: "noble AES-256-GCM encrypt 32 B", "us/op": fmt(aes * 1000, 3), "x AES-GCM 32 B": "1.000" },
    { measure: "kms.encrypt 32 B as root (today)", "us/op": fmt(encrypt * 1000, 3), "x AES-GCM 32 B": fmt(encrypt / aes, 3) },
  ]);
  // What phase 2 adds to Encrypt: one authorizeOperation per request (the limit is 1.25).
  console.log(`projected Encrypt as this principal / Encrypt as root: ${fmt((encrypt + (t.operation as number)) / encrypt, 3)} (limit 1.25)`);
}
