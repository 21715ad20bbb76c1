/** boto3 (Python) against the local endpoint: test/clients/boto3_scenario.py, checked here. */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { startServer, type KmsServer } from "../../src/node/index.js";
import { T0 } from "../support/create-test-kms.js";

const run = promisify(execFile);
let server: KmsServer | undefined;
afterAll(async () => server?.close());

describe("boto3 against the local endpoint", { timeout: 60_000 }, () => {
  it("rotates over two simulated years, decrypts old data, and raises ClientErrors with AWS codes", async () => {
    try {
      await run("python3", ["-c", "import boto3"]);
    } catch {
      throw new Error("python3 with boto3 is not installed on this machine" + ": install it (the project's machines have it); a cross-check that does not run proves nothing");
    }
    server = await startServer({ port: 0, clockMode: "manual", start: T0 });
    const { stdout } = await run("python3", [join(import.meta.dirname, "boto3_scenario.py"), server.url]);
    expect(JSON.parse(stdout)).toEqual({
      now: "2028-01-01T00:00:00.000Z",
      rotation_types: ["AUTOMATIC", "AUTOMATIC"],
      rotation_dates: ["2027-01-01T00:00:00+00:00", "2028-01-01T00:00:00+00:00"],
      plaintext: "boto3 payload",
      old_material_is_original: true,
      errors: {
        describe_missing: ["NotFoundException", 400],
        bad_period: ["ValidationException", 400],
        bad_context: ["InvalidCiphertextException", 400],
      },
    });
  });

  it("signs, verifies, makes MACs, derives secrets and data key pairs; pyca/cryptography checks the results", async () => {
    try {
      await run("python3", ["-c", "import boto3, cryptography"]);
    } catch {
      throw new Error("python3 with boto3 and cryptography is not installed on this machine" + ": install it (the project's machines have it); a cross-check that does not run proves nothing");
    }
    server ??= await startServer({ port: 0, clockMode: "manual", start: T0 });
    const { stdout } = await run("python3", [join(import.meta.dirname, "boto3_key_types.py"), server.url]);
    expect(JSON.parse(stdout)).toEqual({
      ecdsa: true,
      pss: true,
      ed25519: true,
      mac: [64, true],
      ecdh: true,
      data_key_pair: true,
      bad_signature: ["KMSInvalidSignatureException", "", 400],
    });
  });
});
