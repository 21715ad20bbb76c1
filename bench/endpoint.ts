/**
 * The endpoint's hot path (issue 10): Encrypt 32 B through `kms-sim serve` (no --state, the
 * node:crypto provider) under autocannon with 16 connections, against a bare node:http server that
 * reads the same JSON body, parses it and sends a canned Encrypt answer (bench/bare-server.mjs),
 * in alternating rounds of the same length, each server's best round. Goal: at least 0.5 of the bare server. The endpoint runs
 * as published (built with tsup: `npx kms-sim serve`). Also printed: the same with `--state` (no
 * --seed: an Encrypt changes nothing to journal), and the source run through tsx as `npm start` does.
 * `npm run bench -- endpoint`.
 */
import autocannon from "autocannon";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildCli, fmt, printTable, startEndpoint } from "./support.js";

const ROUNDS = 5;
const ROUND_SECONDS = 3;

async function startBare(canned: string): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, [join(import.meta.dirname, "bare-server.mjs"), canned], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise<string>((resolve, reject) => {
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.once("exit", (code) => reject(new Error(`bare server exited with ${code}`)));
  });
  return { url, stop: () => child.kill("SIGTERM") };
}

async function rate(url: string, body: string, seconds = ROUND_SECONDS): Promise<number> {
  const result = await autocannon({
    url,
    connections: 16,
    duration: seconds,
    method: "POST",
    headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "TrentService.Encrypt" },
    body,
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return result.requests.total / result.duration;
}

export async function endpointBenchmark(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), "kms-sim-bench-endpoint-"));
  const cli = await buildCli();
  const plain = await startEndpoint([], {}, cli);
  const durable = await startEndpoint(["--state", join(root, "state")], {}, cli);
  const viaTsx = await startEndpoint();
  const created = async (url: string) => {
    const response = await fetch(url, { method: "POST", headers: { "x-amz-target": "TrentService.CreateKey" }, body: "{}" });
    return ((await response.json()) as { KeyMetadata: { KeyId: string } }).KeyMetadata.KeyId;
  };
  const keyId = await created(plain.url);
  const durableKeyId = await created(durable.url);
  const tsxKeyId = await created(viaTsx.url);
  const body = (id: string) => JSON.stringify({ KeyId: id, Plaintext: Buffer.alloc(32, 1).toString("base64") });
  const sample = await (await fetch(plain.url, { method: "POST", headers: { "x-amz-target": "TrentService.Encrypt" }, body: body(keyId) })).text();
  const bare = await startBare(sample);
  try {
    // Warm-up: the JIT optimizes both servers' paths before anything counts.
    const targets = { bare: [bare.url, keyId], kms: [plain.url, keyId], durable: [durable.url, durableKeyId], tsx: [viaTsx.url, tsxKeyId] } as const;
    for (const [url, id] of Object.values(targets)) await rate(url, body(id), 2);
    const samples = { bare: [] as number[], kms: [] as number[], durable: [] as number[], tsx: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, [url, id]] of Object.entries(targets)) samples[name as keyof typeof samples].push(await rate(url, body(id)));
    }
    // Each server's best round: the least disturbed by other load on a shared machine.
    const [b, k, d, t] = [Math.max(...samples.bare), Math.max(...samples.kms), Math.max(...samples.durable), Math.max(...samples.tsx)];
    printTable("Encrypt 32 B over HTTP, autocannon, 16 connections", [
      { server: "bare node:http: read body, JSON.parse, canned answer (baseline)", "requests/s": Math.round(b), ratio: "1.00", goal: "" },
      { server: "kms-sim serve", "requests/s": Math.round(k), ratio: fmt(k / b), goal: ">= 0.5" },
      { server: "kms-sim serve --state (Encrypt journals nothing without --seed)", "requests/s": Math.round(d), ratio: fmt(d / b), goal: "" },
      { server: "npm start's way: the source through tsx", "requests/s": Math.round(t), ratio: fmt(t / b), goal: "" },
    ]);
  } finally {
    bare.stop();
    await Promise.allSettled([plain.stop(), durable.stop(), viaTsx.stop()]);
    rmSync(root, { recursive: true, force: true });
  }
}
