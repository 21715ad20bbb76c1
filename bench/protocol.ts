/**
 * The AWS protocol: Encrypt through `@aws-sdk/client-kms` with kms-sim's in-process request handler,
 * as a ratio to the same SDK client with a handler that returns a canned Encrypt response (the
 * SDK's own ceiling), same run; and Encrypt requests per second over HTTP to the local endpoint
 * (a separate process) with 1 and 16 concurrent clients.
 */
import { EncryptCommand, KMSClient } from "@aws-sdk/client-kms";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { createRequestHandler } from "../src/aws/index.js";
import { createKms } from "../src/index.js";
import { ManualClock, seededRandom } from "../src/testing/index.js";
import { fmt, interleaved, nowMs, printTable } from "./support.js";

const credentials = { accessKeyId: "bench", secretAccessKey: "bench" };

function cannedHandler(body: string) {
  const bytes = new TextEncoder().encode(body);
  return {
    handle: async () => ({ response: { statusCode: 200, headers: { "content-type": "application/x-amz-json-1.1" }, body: bytes } }),
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
    destroy() {},
  };
}

async function startEndpoint(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ["--import", "tsx", join(import.meta.dirname, "..", "src/node/cli.ts"), "serve", "--port", "0"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.on("exit", (code) => reject(new Error(`endpoint exited with ${code}`)));
  });
  return { url, stop: () => child.kill("SIGTERM") };
}

export async function protocolBenchmark(): Promise<void> {
  const kms = createKms({ clock: new ManualClock(new Date("2026-01-01T00:00:00Z")), random: seededRandom("protocol") });
  const keyId = (await kms.createKey()).KeyMetadata?.KeyId as string;
  const plaintext = new Uint8Array(32).fill(1);
  const sample = await kms.encrypt({ KeyId: keyId, Plaintext: plaintext });
  const canned = JSON.stringify({ CiphertextBlob: Buffer.from(sample.CiphertextBlob as Uint8Array).toString("base64"), KeyId: sample.KeyId, EncryptionAlgorithm: "SYMMETRIC_DEFAULT" });
  const simClient = new KMSClient({ region: "us-east-1", credentials, requestHandler: createRequestHandler(kms) });
  const cannedClient = new KMSClient({ region: "us-east-1", credentials, requestHandler: cannedHandler(canned) });
  const command = () => new EncryptCommand({ KeyId: keyId, Plaintext: plaintext });
  const t = await interleaved({ kms: () => simClient.send(command()), canned: () => cannedClient.send(command()) }, { rounds: 15, roundMs: 100 });
  const rows: Record<string, string | number>[] = [
    { path: "SDK + canned handler (SDK ceiling)", "requests/s": Math.round(1000 / (t.canned as number)), "vs ceiling": "1.00" },
    { path: "SDK + createRequestHandler(kms)", "requests/s": Math.round(1000 / (t.kms as number)), "vs ceiling": fmt((t.canned as number) / (t.kms as number)) },
  ];

  const endpoint = await startEndpoint();
  try {
    const httpKeyId = await (async () => {
      const client = new KMSClient({ region: "us-east-1", credentials, endpoint: endpoint.url });
      const id = (await client.send(new (await import("@aws-sdk/client-kms")).CreateKeyCommand({}))).KeyMetadata?.KeyId as string;
      client.destroy();
      return id;
    })();
    for (const concurrency of [1, 16]) {
      const clients = Array.from({ length: concurrency }, () => new KMSClient({ region: "us-east-1", credentials, endpoint: endpoint.url }));
      const warmUntil = nowMs() + 500;
      await Promise.all(clients.map(async (client) => {
        while (nowMs() < warmUntil) await client.send(new EncryptCommand({ KeyId: httpKeyId, Plaintext: plaintext }));
      }));
      let done = 0;
      const start = nowMs();
      const until = start + 3000;
      await Promise.all(clients.map(async (client) => {
        while (nowMs() < until) {
          await client.send(new EncryptCommand({ KeyId: httpKeyId, Plaintext: plaintext }));
          done++;
        }
      }));
      const seconds = (nowMs() - start) / 1000;
      rows.push({ path: `HTTP endpoint, ${concurrency} concurrent client${concurrency > 1 ? "s" : ""}`, "requests/s": Math.round(done / seconds), "vs ceiling": "-" });
      for (const client of clients) client.destroy();
    }
  } finally {
    endpoint.stop();
  }
  printTable("Encrypt (32 B) through the AWS protocol", rows);
}
