/**
 * Callers over the wire: the local endpoint maps each request's SigV4 access key id to a principal
 * (two registered users with secrets, the account root by its 12-digit id), verifies their
 * signatures, and answers as AWS does, for @aws-sdk/client-kms (over HTTP and in process) and boto3:
 * one principal allowed, the other refused with AWS's message, a bad signature refused, an unknown
 * access key refused under --strict-auth; the audit trail names each request's principal and key.
 */
import { EncryptCommand, DecryptCommand, CreateKeyCommand, KMSClient, ListKeysCommand, type KMSServiceException } from "@aws-sdk/client-kms";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { createRequestHandler } from "../../src/aws/index.js";
import { createKms, type CloudTrailRecord, type PrincipalInput } from "../../src/index.js";
import { lookupEvents } from "../../src/sim/index.js";
import { startServer, type KmsServer } from "../../src/node/index.js";
import { ManualClock, seededRandom } from "../../src/testing/index.js";
import { T0 } from "../support/create-test-kms.js";

const run = promisify(execFile);
const ALICE = "arn:aws:iam::111122223333:user/alice";
const BOB = "arn:aws:iam::111122223333:user/bob";
const PRINCIPALS: Record<string, PrincipalInput> = {
  [ALICE]: {
    AccessKeyId: "AKIAALICEEXAMPLE0001",
    SecretAccessKey: "alice-secret",
    Policies: [{ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt"], Resource: "arn:aws:kms:*:111122223333:key/*" }] }],
  },
  [BOB]: { AccessKeyId: "AKIABOBEXAMPLE000001", SecretAccessKey: "bob-secret" },
};
const bobRefused = (keyArn: string) =>
  `User: ${BOB} is not authorized to perform: kms:Encrypt on resource: ${keyArn} because no identity-based policy allows the kms:Encrypt action`;
const SIGNATURE_MISMATCH = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

/** What a call threw: [exception name, first line of its message, HTTP status]. */
async function refusal(call: Promise<unknown>): Promise<[string, string, number | undefined]> {
  try {
    await call;
  } catch (error) {
    const e = error as KMSServiceException;
    return [e.name, e.message.split("\n")[0] as string, e.$metadata.httpStatusCode];
  }
  throw new Error("expected a refusal");
}

/** The same scenario for any endpoint or request handler. */
async function scenario(clients: (accessKeyId: string, secretAccessKey: string) => KMSClient): Promise<void> {
  const root = clients("111122223333", "anything");
  const alice = clients("AKIAALICEEXAMPLE0001", "alice-secret");
  const keyArn = (await root.send(new CreateKeyCommand({ Description: "shared" }))).KeyMetadata?.Arn as string;
  const { CiphertextBlob } = await alice.send(new EncryptCommand({ KeyId: keyArn, Plaintext: new TextEncoder().encode("for alice") }));
  expect(new TextDecoder().decode((await alice.send(new DecryptCommand({ CiphertextBlob }))).Plaintext)).toBe("for alice");
  expect(await refusal(clients("AKIABOBEXAMPLE000001", "bob-secret").send(new EncryptCommand({ KeyId: keyArn, Plaintext: new Uint8Array(1) })))).toEqual([
    "AccessDeniedException",
    bobRefused(keyArn),
    400,
  ]);
  expect(await refusal(clients("AKIAALICEEXAMPLE0001", "not-alice-secret").send(new EncryptCommand({ KeyId: keyArn, Plaintext: new Uint8Array(1) })))).toEqual([
    "InvalidSignatureException",
    SIGNATURE_MISMATCH,
    400,
  ]);
  expect(await refusal(clients("AKIASTRANGER00000001", "whatever").send(new ListKeysCommand({})))).toEqual([
    "UnrecognizedClientException",
    "The security token included in the request is invalid.",
    400,
  ]);
}

let server: KmsServer | undefined;
afterAll(async () => server?.close());
afterEach(() => vi.useRealTimers());

describe("callers over the wire", { timeout: 60_000 }, () => {
  it("@aws-sdk/client-kms over HTTP: two access keys, two principals, signatures verified (--strict-auth)", async () => {
    const endpoint = await startServer({ port: 0, clockMode: "manual", start: T0, principals: PRINCIPALS, strictAuth: true });
    try {
      // The SDK signs with the date it reads; fake it to the endpoint's simulated present.
      vi.useFakeTimers({ toFake: ["Date"] });
      vi.setSystemTime(T0);
      await scenario((accessKeyId, secretAccessKey) => new KMSClient({ region: "us-east-1", endpoint: endpoint.url, maxAttempts: 1, credentials: { accessKeyId, secretAccessKey } }));
    } finally {
      vi.useRealTimers();
      await endpoint.close();
    }
  });

  it("@aws-sdk/client-kms in process: the request handler verifies signatures against the KMS's clock, 15 minutes either way", async () => {
    const clock = new ManualClock(T0);
    const kms = createKms({ clock, random: seededRandom("access-sdk"), principals: PRINCIPALS });
    const handler = createRequestHandler(kms, { strictAuth: true });
    const clients = (accessKeyId: string, secretAccessKey: string) =>
      new KMSClient({ region: "us-east-1", maxAttempts: 1, credentials: { accessKeyId, secretAccessKey }, requestHandler: handler });
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(T0);
    await scenario(clients);
    const alice = clients("AKIAALICEEXAMPLE0001", "alice-secret");
    clock.advance({ minutes: 16 });
    expect(await refusal(alice.send(new ListKeysCommand({})))).toEqual([
      "InvalidSignatureException",
      "Signature expired: 20260101T000000Z is now earlier than 20260101T000100Z (20260101T001600Z - 15 min.)",
      400,
    ]);
  });

  it("the audit trail names the principal each access key stands for, with the access key, and records refusals", async () => {
    const clock = new ManualClock(T0);
    const kms = createKms({ clock, random: seededRandom("access-trail"), principals: PRINCIPALS, audit: true });
    const handler = createRequestHandler(kms);
    const client = (accessKeyId: string, secretAccessKey: string) =>
      new KMSClient({ region: "us-east-1", maxAttempts: 1, credentials: { accessKeyId, secretAccessKey }, requestHandler: handler });
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(T0);
    const keyArn = (await client("111122223333", "anything").send(new CreateKeyCommand({}))).KeyMetadata?.Arn as string;
    await client("AKIAALICEEXAMPLE0001", "alice-secret").send(new EncryptCommand({ KeyId: keyArn, Plaintext: new Uint8Array(1) }));
    await refusal(client("AKIABOBEXAMPLE000001", "bob-secret").send(new EncryptCommand({ KeyId: keyArn, Plaintext: new Uint8Array(1) })));
    await client("test", "test").send(new ListKeysCommand({}));
    const records = (await lookupEvents(kms)).Events.map((e) => JSON.parse(e.CloudTrailEvent) as CloudTrailRecord);
    expect(records.map((r) => [r.eventName, r.userIdentity.type, r.userIdentity.arn, r.userIdentity.accessKeyId, r.errorCode])).toEqual([
      ["CreateKey", "Root", "arn:aws:iam::111122223333:root", "111122223333", undefined],
      ["Encrypt", "IAMUser", ALICE, "AKIAALICEEXAMPLE0001", undefined],
      ["Encrypt", "IAMUser", BOB, "AKIABOBEXAMPLE000001", "AccessDeniedException"],
      ["ListKeys", "Root", "arn:aws:iam::111122223333:root", "test", undefined],
    ]);
    expect(records[2]?.errorMessage).toBe(bobRefused(keyArn));
    expect((await lookupEvents(kms, { LookupAttributes: [{ AttributeKey: "AccessKeyId", AttributeValue: "AKIAALICEEXAMPLE0001" }] })).Events.map((e) => e.Username)).toEqual(["alice"]);
  });

  it("boto3 over HTTP: the same principals, messages and refusals", async () => {
    try {
      await run("python3", ["-c", "import boto3"]);
    } catch {
      throw new Error("python3 with boto3 is not installed on this machine" + ": install it (the project's machines have it); a cross-check that does not run proves nothing");
    }
    server = await startServer({ port: 0, clockMode: "manual", start: T0, principals: PRINCIPALS, strictAuth: true });
    const { stdout } = await run("python3", [join(import.meta.dirname, "boto3_access.py"), server.url]);
    const facts = JSON.parse(stdout) as { key_arn: string };
    expect(facts).toEqual({
      key_arn: expect.stringMatching(/^arn:aws:kms:us-east-1:111122223333:key\//) as unknown,
      plaintext: "for alice",
      bob: ["AccessDeniedException", bobRefused(facts.key_arn), 400],
      forged: ["InvalidSignatureException", SIGNATURE_MISMATCH, 400],
      stranger: ["UnrecognizedClientException", "The security token included in the request is invalid.", 400],
    });
  });
});
