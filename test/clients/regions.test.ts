/**
 * Real clients configured for different Regions see different Regions of one simulated account and
 * share its multi-Region keys: two @aws-sdk/client-kms clients over one in-process handler, and
 * boto3 and the AWS CLI (`--region`) over the local endpoint. The Region comes from each request's
 * SigV4 credential scope.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import {
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  EncryptCommand,
  KMSClient,
  ListKeysCommand,
  NotFoundException,
  ReplicateKeyCommand,
  RotateKeyOnDemandCommand,
  UnsupportedOperationException,
} from "@aws-sdk/client-kms";
import { afterAll, describe, expect, it } from "vitest";
import { createRequestHandler, handleAwsJsonRequest } from "../../src/aws/index.js";
import { createKms } from "../../src/index.js";
import { startServer, type KmsServer } from "../../src/node/index.js";
import { ManualClock, seededRandom } from "../../src/testing/index.js";
import { T0 } from "../support/create-test-kms.js";

const run = promisify(execFile);
const credentials = { accessKeyId: "test", secretAccessKey: "test" };
const ACCOUNT = "111122223333";

let server: KmsServer | undefined;
afterAll(async () => server?.close());

describe("clients in different Regions", { timeout: 90_000 }, () => {
  it("two SDK clients over one createRequestHandler see separate Regions and share a multi-Region key", async () => {
    const kms = createKms({ clock: new ManualClock(T0), random: seededRandom(3), replicaCreationDurationMs: 0 });
    const handler = createRequestHandler(kms);
    const east = new KMSClient({ region: "us-east-1", credentials, requestHandler: handler });
    const west = new KMSClient({ region: "eu-west-1", credentials, requestHandler: handler });
    const single = (await east.send(new CreateKeyCommand({}))).KeyMetadata?.KeyId as string;
    expect((await west.send(new ListKeysCommand({}))).Keys).toEqual([]);
    await expect(west.send(new DescribeKeyCommand({ KeyId: single }))).rejects.toBeInstanceOf(NotFoundException);

    const mrk = (await east.send(new CreateKeyCommand({ MultiRegion: true }))).KeyMetadata?.KeyId as string;
    const replicated = await east.send(new ReplicateKeyCommand({ KeyId: mrk, ReplicaRegion: "eu-west-1" }));
    expect(replicated.ReplicaKeyMetadata?.Arn).toBe(`arn:aws:kms:eu-west-1:${ACCOUNT}:key/${mrk}`);
    expect((await west.send(new ListKeysCommand({}))).Keys).toEqual([{ KeyId: mrk, KeyArn: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/${mrk}` }]);
    const blob = (await east.send(new EncryptCommand({ KeyId: mrk, Plaintext: new TextEncoder().encode("hello") }))).CiphertextBlob;
    await east.send(new RotateKeyOnDemandCommand({ KeyId: mrk }));
    const opened = await west.send(new DecryptCommand({ CiphertextBlob: blob }));
    expect([opened.KeyId, new TextDecoder().decode(opened.Plaintext)]).toEqual([`arn:aws:kms:eu-west-1:${ACCOUNT}:key/${mrk}`, "hello"]);
    const replica = await west.send(new DescribeKeyCommand({ KeyId: mrk }));
    const primary = await east.send(new DescribeKeyCommand({ KeyId: mrk }));
    expect(replica.KeyMetadata?.CurrentKeyMaterialId).toBe(primary.KeyMetadata?.CurrentKeyMaterialId);
    expect(replica.KeyMetadata?.MultiRegionConfiguration?.MultiRegionKeyType).toBe("REPLICA");
    await expect(west.send(new RotateKeyOnDemandCommand({ KeyId: mrk }))).rejects.toBeInstanceOf(UnsupportedOperationException);
    // Requests without a credential scope go to the KMS's own Region.
    const unsigned = await handleAwsJsonRequest(kms, { headers: { "x-amz-target": "TrentService.ListKeys" }, body: "{}" });
    expect(JSON.parse(unsigned.body).Keys).toHaveLength(2);
  });

  it("the server's --region serves requests without a credential scope", async () => {
    const regional = await startServer({ port: 0, region: "eu-west-1", clockMode: "manual", start: T0 });
    try {
      const response = await fetch(regional.url, {
        method: "POST",
        headers: { "x-amz-target": "TrentService.CreateKey", "content-type": "application/x-amz-json-1.1" },
        body: "{}",
      });
      const arn = ((await response.json()) as { KeyMetadata: { Arn: string } }).KeyMetadata.Arn;
      expect(arn.startsWith(`arn:aws:kms:eu-west-1:${ACCOUNT}:key/`)).toBe(true);
    } finally {
      await regional.close();
    }
  });

  it("a credential scope outside partition aws is refused like a wrong Region", async () => {
    const kms = createKms({ clock: new ManualClock(T0) });
    const client = new KMSClient({ region: "cn-north-1", credentials, requestHandler: createRequestHandler(kms) });
    await expect(client.send(new ListKeysCommand({}))).rejects.toMatchObject({
      name: "InvalidSignatureException",
      message: "Credential should be scoped to a valid region, not 'cn-north-1'.",
    });
  });

  it("boto3 and the AWS CLI with --region see their Region and share multi-Region keys", async () => {
    try {
      await run("python3", ["-c", "import boto3"]);
      await run("aws", ["--version"]);
    } catch {
      throw new Error("python3 with boto3, or the aws command, is not installed: install them (the project's machines have them); a cross-check that does not run proves nothing");
    }
    const clock = new ManualClock(T0);
    server = await startServer({ port: 0, kms: createKms({ clock, random: seededRandom(4), replicaCreationDurationMs: 0 }), clock });
    const env = { ...process.env, AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test", AWS_PAGER: "" };
    const aws = async (region: string, ...args: string[]) =>
      (await run("aws", ["--endpoint-url", (server as KmsServer).url, "--region", region, "kms", ...args, "--output", "json"], { env })).stdout;
    const mrk = JSON.parse(await aws("us-east-1", "create-key", "--multi-region")).KeyMetadata.KeyId as string;
    await aws("us-east-1", "replicate-key", "--key-id", mrk, "--replica-region", "ap-northeast-1");
    const tokyo = JSON.parse(await aws("ap-northeast-1", "list-keys")).Keys;
    expect(tokyo).toEqual([{ KeyId: mrk, KeyArn: `arn:aws:kms:ap-northeast-1:${ACCOUNT}:key/${mrk}` }]);
    expect(JSON.parse(await aws("eu-central-1", "list-keys")).Keys).toEqual([]);
    const script = `
import boto3, json, sys
url, key = sys.argv[1], sys.argv[2]
east = boto3.client("kms", region_name="us-east-1", endpoint_url=url, aws_access_key_id="test", aws_secret_access_key="test")
tokyo = boto3.client("kms", region_name="ap-northeast-1", endpoint_url=url, aws_access_key_id="test", aws_secret_access_key="test")
blob = east.encrypt(KeyId=key, Plaintext=b"from boto3")["CiphertextBlob"]
opened = tokyo.decrypt(CiphertextBlob=blob)
try:
    tokyo.enable_key_rotation(KeyId=key)
    refused = None
except tokyo.exceptions.UnsupportedOperationException as error:
    refused = error.response["Error"]["Message"]
print(json.dumps({"key": opened["KeyId"], "plaintext": opened["Plaintext"].decode(), "refused": refused,
    "type": tokyo.describe_key(KeyId=key)["KeyMetadata"]["MultiRegionConfiguration"]["MultiRegionKeyType"]}))
`;
    const { stdout } = await run("python3", ["-c", script, server.url, mrk]);
    expect(JSON.parse(stdout)).toEqual({
      key: `arn:aws:kms:ap-northeast-1:${ACCOUNT}:key/${mrk}`,
      plaintext: "from boto3",
      refused: `arn:aws:kms:ap-northeast-1:${ACCOUNT}:key/${mrk} is a multi-region replica key which is not valid for EnableKeyRotation.`,
      type: "REPLICA",
    });
    const described = JSON.parse(await aws("us-east-1", "describe-key", "--key-id", mrk)).KeyMetadata;
    expect(described.MultiRegionConfiguration.ReplicaKeys).toEqual([{ Arn: `arn:aws:kms:ap-northeast-1:${ACCOUNT}:key/${mrk}`, Region: "ap-northeast-1" }]);
  });
});
