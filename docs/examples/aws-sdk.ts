// Drop-in for tests: the application's own @aws-sdk/client-kms code runs against kms-sim, in process.
import assert from "node:assert/strict";
import { CreateKeyCommand, DecryptCommand, EncryptCommand, KMSClient, NotFoundException, DescribeKeyCommand, EnableKeyRotationCommand, ListKeyRotationsCommand } from "@aws-sdk/client-kms";
import { createKms } from "kms-sim";
import { createRequestHandler } from "kms-sim/aws";
import { ManualClock, seededRandom } from "kms-sim/testing";

const clock = new ManualClock(new Date("2026-01-01T00:00:00Z"));
const kms = createKms({ clock, random: seededRandom("aws-sdk") });
const client = new KMSClient({
  region: "us-east-1",
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
  requestHandler: createRequestHandler(kms),
});

const keyId = (await client.send(new CreateKeyCommand({ Description: "app key" }))).KeyMetadata!.KeyId!;
await client.send(new EnableKeyRotationCommand({ KeyId: keyId }));
const { CiphertextBlob } = await client.send(new EncryptCommand({ KeyId: keyId, Plaintext: new TextEncoder().encode("secret") }));

clock.advance({ years: 3 });   // the test travels in time; the SDK code does not know
const rotations = await client.send(new ListKeyRotationsCommand({ KeyId: keyId }));
assert.equal(rotations.Rotations?.length, 3);
assert.equal(new TextDecoder().decode((await client.send(new DecryptCommand({ CiphertextBlob }))).Plaintext), "secret");

// Errors are the SDK's own exception classes.
await assert.rejects(client.send(new DescribeKeyCommand({ KeyId: "alias/missing" })), NotFoundException);
console.log(`3 rotations in 3 simulated years; ${rotations.Rotations?.map((r) => r.RotationDate?.toISOString().slice(0, 10)).join(", ")}`);
