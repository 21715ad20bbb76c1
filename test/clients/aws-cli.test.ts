/**
 * The seed page's AWS CLI commands, replayed with the real AWS CLI (v1 on these machines) against
 * the local endpoint, checking the JSON the CLI prints; plus an encrypt/decrypt round trip.
 */
import { execFile } from "node:child_process";
import { createPublicKey, verify as nodeVerify } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type KmsServer } from "../../src/node/index.js";
import { T0 } from "../support/create-test-kms.js";

const run = promisify(execFile);
const ENV = { ...process.env, AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test", AWS_DEFAULT_REGION: "us-east-1", AWS_PAGER: "" };

let server: KmsServer;
let available = true;
const dir = mkdtempSync(join(tmpdir(), "kms-sim-cli-"));

async function aws(...args: string[]): Promise<string> {
  const { stdout } = await run("aws", ["--endpoint-url", server.url, "kms", ...args], { env: ENV });
  return stdout;
}

beforeAll(async () => {
  try {
    await run("aws", ["--version"]);
  } catch {
    available = false;
  }
  server = await startServer({ port: 0, clockMode: "manual", start: T0 });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

// The AWS CLI takes about a second to start: these tests run a dozen of its commands.
describe("AWS CLI against the local endpoint", { timeout: 90_000 }, () => {
  it("replays the seed page: enable, status, disable, status, list-aliases, update-alias", async () => {
    if (!available) throw new Error("the aws command is not installed on this machine" + ": install it (the project's machines have it); a cross-check that does not run proves nothing");
    const keyId = (await aws("create-key", "--query", "KeyMetadata.KeyId", "--output", "text")).trim();
    const replacement = (await aws("create-key", "--query", "KeyMetadata.KeyId", "--output", "text")).trim();
    await aws("create-alias", "--alias-name", "alias/TestCMK", "--target-key-id", keyId);

    expect(await aws("enable-key-rotation", "--key-id", keyId)).toBe("");
    expect(JSON.parse(await aws("get-key-rotation-status", "--key-id", keyId))).toMatchObject({ KeyRotationEnabled: true });
    expect(await aws("disable-key-rotation", "--key-id", keyId)).toBe("");
    expect(JSON.parse(await aws("get-key-rotation-status", "--key-id", keyId))).toEqual({ KeyRotationEnabled: false, KeyId: `arn:aws:kms:us-east-1:111122223333:key/${keyId}` });

    const entry = (target: string) => ({
      AliasArn: "arn:aws:kms:us-east-1:111122223333:alias/TestCMK",
      AliasName: "alias/TestCMK",
      TargetKeyId: target,
      CreationDate: 1767225600,
      LastUpdatedDate: 1767225600,
    });
    expect(JSON.parse(await aws("list-aliases"))).toEqual({ Aliases: [entry(keyId)] });
    expect(await aws("update-alias", "--alias-name", "alias/TestCMK", "--target-key-id", replacement)).toBe("");
    expect(JSON.parse(await aws("list-aliases"))).toEqual({ Aliases: [entry(replacement)] });
  });

  it("encrypts and decrypts a file round trip (fileb://)", async () => {
    if (!available) throw new Error("the aws command is not installed on this machine" + ": install it (the project's machines have it); a cross-check that does not run proves nothing");
    const keyId = (await aws("create-key", "--query", "KeyMetadata.KeyId", "--output", "text")).trim();
    writeFileSync(join(dir, "plain.bin"), "kms-sim over the AWS CLI\n");
    const blob = (await aws("encrypt", "--key-id", keyId, "--plaintext", `fileb://${join(dir, "plain.bin")}`, "--query", "CiphertextBlob", "--output", "text")).trim();
    writeFileSync(join(dir, "cipher.bin"), Buffer.from(blob, "base64"));
    const plaintext = (await aws("decrypt", "--ciphertext-blob", `fileb://${join(dir, "cipher.bin")}`, "--query", "Plaintext", "--output", "text")).trim();
    expect(Buffer.from(plaintext, "base64").toString()).toBe(readFileSync(join(dir, "plain.bin"), "utf8"));
    // The CLI knows GetKeyLastUsage (botocore's model has it); the decryption was the last use.
    const usage = JSON.parse(await aws("get-key-last-usage", "--key-id", keyId)) as { KeyId: string; KeyLastUsage: { Operation: string; CloudTrailEventId: string } };
    expect([usage.KeyId, usage.KeyLastUsage.Operation]).toEqual([keyId, "Decrypt"]);
    expect(usage.KeyLastUsage.CloudTrailEventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("shows AWS errors the way the CLI shows them", async () => {
    if (!available) throw new Error("the aws command is not installed on this machine" + ": install it (the project's machines have it); a cross-check that does not run proves nothing");
    const failure = await aws("describe-key", "--key-id", "alias/none").catch((e: { stderr: string; code: number }) => e);
    expect((failure as { code: number }).code).toBeGreaterThan(0);
    expect((failure as { stderr: string }).stderr).toContain(
      "An error occurred (NotFoundException) when calling the DescribeKey operation: Alias arn:aws:kms:us-east-1:111122223333:alias/none is not found.",
    );
  });

  // Eight CLI runs: on two shared, busy cores each can take several seconds.
  it("signs, verifies, gets the public key and makes MACs: aws kms sign, verify, get-public-key, generate-mac, verify-mac", { timeout: 180_000 }, async () => {
    if (!available) throw new Error("the aws command is not installed on this machine" + ": install it (the project's machines have it); a cross-check that does not run proves nothing");
    const keyId = (await aws("create-key", "--key-spec", "ECC_NIST_P256", "--key-usage", "SIGN_VERIFY", "--query", "KeyMetadata.KeyId", "--output", "text")).trim();
    writeFileSync(join(dir, "message.txt"), "signed by kms-sim through the AWS CLI\n");
    const message = `fileb://${join(dir, "message.txt")}`;
    const signed = JSON.parse(await aws("sign", "--key-id", keyId, "--message", message, "--message-type", "RAW", "--signing-algorithm", "ECDSA_SHA_256"));
    expect(signed.KeyId).toBe(`arn:aws:kms:us-east-1:111122223333:key/${keyId}`);
    expect(signed.SigningAlgorithm).toBe("ECDSA_SHA_256");
    const publicKey = JSON.parse(await aws("get-public-key", "--key-id", keyId));
    expect(publicKey).toMatchObject({ KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY", SigningAlgorithms: ["ECDSA_SHA_256"] });
    const spki = createPublicKey({ key: Buffer.from(publicKey.PublicKey as string, "base64"), format: "der", type: "spki" });
    expect(nodeVerify("sha256", readFileSync(join(dir, "message.txt")), spki, Buffer.from(signed.Signature as string, "base64"))).toBe(true);

    writeFileSync(join(dir, "signature.bin"), Buffer.from(signed.Signature as string, "base64"));
    const verifyArgs = ["verify", "--key-id", keyId, "--message", message, "--signing-algorithm", "ECDSA_SHA_256", "--signature", `fileb://${join(dir, "signature.bin")}`];
    expect(JSON.parse(await aws(...verifyArgs))).toMatchObject({ SignatureValid: true });
    writeFileSync(join(dir, "signature.bin"), Buffer.alloc(70, 1));
    const invalid = await aws(...verifyArgs).catch((e: { stderr: string }) => e);
    expect((invalid as { stderr: string }).stderr).toContain("An error occurred (KMSInvalidSignatureException) when calling the Verify operation");

    const hmac = (await aws("create-key", "--key-spec", "HMAC_256", "--key-usage", "GENERATE_VERIFY_MAC", "--query", "KeyMetadata.KeyId", "--output", "text")).trim();
    const mac = JSON.parse(await aws("generate-mac", "--key-id", hmac, "--message", message, "--mac-algorithm", "HMAC_SHA_256"));
    expect(Buffer.from(mac.Mac as string, "base64")).toHaveLength(32);
    writeFileSync(join(dir, "mac.bin"), Buffer.from(mac.Mac as string, "base64"));
    const verified = JSON.parse(await aws("verify-mac", "--key-id", hmac, "--message", message, "--mac-algorithm", "HMAC_SHA_256", "--mac", `fileb://${join(dir, "mac.bin")}`));
    expect(verified).toMatchObject({ MacValid: true, MacAlgorithm: "HMAC_SHA_256" });
  });
});
