/**
 * The AWS protocol in process: Encrypt through `@aws-sdk/client-kms` with kms-sim's request handler,
 * as a ratio to the same SDK client with a handler that returns a canned Encrypt response (the
 * SDK's own ceiling), same run, interleaved, each path's best round (the least disturbed on a shared
 * machine); with the node:crypto provider (goal 0.8) and with the default @noble provider.
 */
import { EncryptCommand, KMSClient, type KMSClientConfig } from "@aws-sdk/client-kms";
import { createRequestHandler } from "../src/aws/index.js";
import { createKms } from "../src/index.js";
import { nodeCryptoProvider } from "../src/node/crypto-provider.js";
import { ManualClock, seededRandom } from "../src/testing/index.js";
import { fmt, interleaved, printTable } from "./support.js";

const credentials = { accessKeyId: "bench", secretAccessKey: "bench" };

/**
 * The ceiling: the SDK given a finished Encrypt response, with the headers a KMS response has
 * (AWS's and kms-sim's alike: content type, request id, length). The SDK's own work on a response
 * depends on its headers (a request id goes into `$metadata`), so the ceiling carries the same
 * ones as the handler measured against it: like is compared with like.
 */
function cannedHandler(body: string) {
  const bytes = new TextEncoder().encode(body);
  let requests = 0;
  return {
    handle: async () => {
      requests += 1;
      const headers = { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": `canned-${requests}`, "content-length": String(bytes.length) };
      return { response: { statusCode: 200, headers, body: bytes } };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
    destroy() {},
  };
}

export async function protocolBenchmark(): Promise<void> {
  const clock = new ManualClock(new Date("2026-01-01T00:00:00Z"));
  const noble = createKms({ clock, random: seededRandom("protocol") });
  const native = createKms({ clock, random: seededRandom("protocol"), crypto: nodeCryptoProvider });
  const keyId = (await noble.createKey()).KeyMetadata?.KeyId as string;
  await native.createKey();
  const plaintext = new Uint8Array(32).fill(1);
  const sample = await noble.encrypt({ KeyId: keyId, Plaintext: plaintext });
  const canned = JSON.stringify({ CiphertextBlob: Buffer.from(sample.CiphertextBlob as Uint8Array).toString("base64"), KeyId: sample.KeyId, EncryptionAlgorithm: "SYMMETRIC_DEFAULT" });
  const client = (requestHandler: NonNullable<KMSClientConfig["requestHandler"]>) =>
    new KMSClient({ region: "us-east-1", credentials, requestHandler });
  const nobleClient = client(createRequestHandler(noble));
  const nativeClient = client(createRequestHandler(native));
  const cannedClient = client(cannedHandler(canned));
  const command = () => new EncryptCommand({ KeyId: keyId, Plaintext: plaintext });
  const t = await interleaved(
    { noble: () => nobleClient.send(command()), native: () => nativeClient.send(command()), canned: () => cannedClient.send(command()) },
    { rounds: 31, roundMs: 100, statistic: "min" },
  );
  const [c, n, k] = [t.canned as number, t.native as number, t.noble as number];
  printTable("Encrypt (32 B) through @aws-sdk/client-kms, in process", [
    { path: "SDK + canned handler (the SDK's own ceiling)", "requests/s": Math.round(1000 / c), "vs ceiling": "1.00", goal: "" },
    { path: "SDK + createRequestHandler(kms), nodeCryptoProvider", "requests/s": Math.round(1000 / n), "vs ceiling": fmt(c / n), goal: ">= 0.8" },
    { path: "SDK + createRequestHandler(kms), default provider (@noble)", "requests/s": Math.round(1000 / k), "vs ceiling": fmt(c / k), goal: "" },
  ]);
  console.log("(Over HTTP: `npm run bench -- endpoint`.)");
}
