/**
 * @aws-sdk/client-kms against kms-sim, in process (createRequestHandler) and over HTTP (the local
 * endpoint): the same scenario, and errors arrive as the SDK's own exception classes.
 */
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyRotationCommand,
  EncryptCommand,
  GenerateRandomCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  ListKeyRotationsCommand,
  NotFoundException,
  DisabledException,
  UpdateAliasCommand,
  ListAliasesCommand,
  GenerateMacCommand,
  GetPublicKeyCommand,
  KMSInvalidSignatureException,
  SignCommand,
  VerifyCommand,
} from "@aws-sdk/client-kms";
import { createPublicKey, verify as nodeVerify } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createRequestHandler } from "../../src/aws/index.js";
import { createKms } from "../../src/index.js";
import { startServer, type KmsServer } from "../../src/node/index.js";
import { ManualClock, seededRandom } from "../../src/testing/index.js";
import { T0 } from "../support/create-test-kms.js";

const credentials = { accessKeyId: "test", secretAccessKey: "test" };

async function scenario(client: KMSClient, advanceDays: (days: number) => Promise<void>): Promise<void> {
  const created = await client.send(new CreateKeyCommand({ Description: "sdk scenario" }));
  const keyId = created.KeyMetadata?.KeyId as string;
  const original = created.KeyMetadata?.CurrentKeyMaterialId;
  expect(created.KeyMetadata?.CreationDate).toEqual(T0);
  await client.send(new EnableKeyRotationCommand({ KeyId: keyId }));
  const status = await client.send(new GetKeyRotationStatusCommand({ KeyId: keyId }));
  expect(status).toMatchObject({ KeyRotationEnabled: true, RotationPeriodInDays: 365, NextRotationDate: new Date("2027-01-01T00:00:00Z") });
  await client.send(new CreateAliasCommand({ AliasName: "alias/sdk", TargetKeyId: keyId }));
  const encrypted = await client.send(new EncryptCommand({ KeyId: "alias/sdk", Plaintext: new TextEncoder().encode("payload"), EncryptionContext: { app: "sdk" } }));

  await advanceDays(730);
  const rotations = await client.send(new ListKeyRotationsCommand({ KeyId: keyId }));
  expect(rotations.Rotations?.map((r) => [r.RotationType, r.RotationDate])).toEqual([
    ["AUTOMATIC", new Date("2027-01-01T00:00:00Z")],
    ["AUTOMATIC", new Date("2028-01-01T00:00:00Z")],
  ]);
  const decrypted = await client.send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob, EncryptionContext: { app: "sdk" } }));
  expect(new TextDecoder().decode(decrypted.Plaintext)).toBe("payload");
  expect(decrypted.KeyMaterialId).toBe(original);

  const other = (await client.send(new CreateKeyCommand({}))).KeyMetadata?.KeyId as string;
  await client.send(new UpdateAliasCommand({ AliasName: "alias/sdk", TargetKeyId: other }));
  expect((await client.send(new ListAliasesCommand({}))).Aliases?.map((a) => a.TargetKeyId)).toEqual([other]);
  expect((await client.send(new GenerateRandomCommand({ NumberOfBytes: 16 }))).Plaintext?.length).toBe(16);

  const notFound = await client.send(new DescribeKeyCommand({ KeyId: "alias/missing" })).catch((e: unknown) => e);
  expect(notFound).toBeInstanceOf(NotFoundException);
  expect((notFound as NotFoundException).message).toBe("Alias arn:aws:kms:us-east-1:111122223333:alias/missing is not found.");
  await client.send(new DisableKeyCommand({ KeyId: other }));
  const disabled = await client.send(new EncryptCommand({ KeyId: other, Plaintext: new Uint8Array([1]) })).catch((e: unknown) => e);
  expect(disabled).toBeInstanceOf(DisabledException);
  expect((disabled as DisabledException).$metadata.httpStatusCode).toBe(400);
}

describe("@aws-sdk/client-kms", () => {
  it("in process, through createRequestHandler", async () => {
    const clock = new ManualClock(T0);
    const kms = createKms({ clock, random: seededRandom("sdk") });
    const client = new KMSClient({ region: "us-east-1", credentials, requestHandler: createRequestHandler(kms) });
    await scenario(client, async (days) => clock.advance({ days }));
  });

  let server: KmsServer | undefined;
  afterAll(async () => server?.close());

  it("over HTTP, against the local endpoint", async () => {
    server = await startServer({ port: 0, clockMode: "manual", start: T0, seed: "sdk-http" });
    const endpoint = server.url;
    const client = new KMSClient({ region: "us-east-1", credentials, endpoint });
    await scenario(client, async (days) => {
      const response = await fetch(`${endpoint}/_kms-sim/clock`, { method: "POST", body: JSON.stringify({ advance: { days } }) });
      expect(await response.json()).toEqual({ now: new Date(T0.getTime() + days * 86_400_000).toISOString() });
    });
    const events = (await (await fetch(`${endpoint}/_kms-sim/events`)).json()) as { time: string; "detail-type": string }[];
    expect(events.map((e) => [e["detail-type"], e.time])).toEqual([
      ["KMS CMK Rotation", "2027-01-01T00:00:00.000Z"],
      ["KMS CMK Rotation", "2028-01-01T00:00:00.000Z"],
    ]);
    client.destroy();
  });

  it("in process, with asymmetric and HMAC keys: Sign, Verify, GetPublicKey, GenerateMac, and the SDK's KMSInvalidSignatureException", async () => {
    const kms = createKms({ clock: new ManualClock(T0), random: seededRandom("sdk-key-types") });
    const client = new KMSClient({ region: "us-east-1", credentials, requestHandler: createRequestHandler(kms) });
    const keyId = (await client.send(new CreateKeyCommand({ KeySpec: "ECC_SECG_P256K1", KeyUsage: "SIGN_VERIFY" }))).KeyMetadata?.KeyId as string;
    const message = new TextEncoder().encode("signed through the SDK");
    const signed = await client.send(new SignCommand({ KeyId: keyId, Message: message, SigningAlgorithm: "ECDSA_SHA_256" }));
    const { PublicKey, KeySpec } = await client.send(new GetPublicKeyCommand({ KeyId: keyId }));
    expect(KeySpec).toBe("ECC_SECG_P256K1");
    const spki = createPublicKey({ key: Buffer.from(PublicKey as Uint8Array), format: "der", type: "spki" });
    expect(nodeVerify("sha256", message, spki, signed.Signature as Uint8Array)).toBe(true);
    const verified = await client.send(new VerifyCommand({ KeyId: keyId, Message: message, Signature: signed.Signature, SigningAlgorithm: "ECDSA_SHA_256" }));
    expect(verified.SignatureValid).toBe(true);
    const invalid = await client
      .send(new VerifyCommand({ KeyId: keyId, Message: new Uint8Array([1]), Signature: signed.Signature, SigningAlgorithm: "ECDSA_SHA_256" }))
      .catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(KMSInvalidSignatureException);
    const hmac = (await client.send(new CreateKeyCommand({ KeySpec: "HMAC_224", KeyUsage: "GENERATE_VERIFY_MAC" }))).KeyMetadata?.KeyId as string;
    expect((await client.send(new GenerateMacCommand({ KeyId: hmac, Message: message, MacAlgorithm: "HMAC_SHA_224" }))).Mac?.length).toBe(28);
  });
});
