/**
 * The local endpoint as a separate process: crash safety (SIGKILL between requests loses no
 * acknowledged change), restart precedence of the saved state, the random stream resuming after a
 * crash, `--fsync never`, migration of a 0.1 state file, AWS-shaped answers to bad requests (and the
 * server keeps serving), concurrent requests, and the test-support endpoints with event paging.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { request as httpRequest } from "node:http";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { parseBlob } from "../../src/crypto/blob.js";
import { createKms } from "../../src/index.js";
import { ManualClock, seededRandom } from "../../src/testing/index.js";

const ROOT = join(import.meta.dirname, "..", "..");
const dir = mkdtempSync(join(tmpdir(), "kms-sim-server-"));
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts `kms-sim serve` in its own process and resolves with its URL and what it said so far. */
function serve(...args: string[]): Promise<{ url: string; child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "src/node/cli.ts"), "serve", "--port", "0", ...args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve({ url: match[1], child, output: () => output });
    });
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("exit", (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
}

function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

async function kms(url: string, operation: string, body: unknown = {}, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": `TrentService.${operation}`, ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text === "" ? {} : (JSON.parse(text) as Record<string, any>) };
}

const clockCall = async (url: string, command?: unknown) =>
  (await fetch(`${url}/_kms-sim/clock`, command === undefined ? {} : { method: "POST", body: JSON.stringify(command) })).json();

/** The same requests, against a server; returns what they produced. */
async function story(url: string) {
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) ids.push((await kms(url, "CreateKey", { Description: `k${i}` })).body.KeyMetadata.KeyId);
  await kms(url, "CreateAlias", { AliasName: "alias/durable", TargetKeyId: ids[0] });
  await kms(url, "EnableKeyRotation", { KeyId: ids[0] });
  await kms(url, "TagResource", { KeyId: ids[1], Tags: [{ TagKey: "k", TagValue: "v" }] });
  const blob = (await kms(url, "Encrypt", { KeyId: "alias/durable", Plaintext: Buffer.from("durable").toString("base64") })).body.CiphertextBlob as string;
  await clockCall(url, { advance: { days: 400 } });
  return { ids, blob };
}

describe("kms-sim serve", { timeout: 60_000 }, () => {
  it("loses no acknowledged change when killed with SIGKILL between requests", async () => {
    const state = join(dir, "durable");
    const first = await serve("--state", state, "--clock", "manual", "--start", "2026-01-01T00:00:00Z", "--seed", "durable");
    const { ids, blob } = await story(first.url);
    await killHard(first.child);
    expect(readdirSync(join(dir, "durable")).filter((f) => f.endsWith(".tmp"))).toEqual([]);

    // Restart with other --start and --seed: the saved state, clock position included, wins.
    const second = await serve("--state", state, "--clock", "system", "--start", "2030-01-01T00:00:00Z", "--seed", "other");
    const url = second.url;
    expect(await clockCall(url)).toEqual({ now: "2027-02-05T00:00:00.000Z", mode: "manual" });
    expect((await kms(url, "ListKeys")).body.Keys.map((k: { KeyId: string }) => k.KeyId)).toEqual(ids);
    expect((await kms(url, "ListAliases")).body.Aliases.map((a: { AliasName: string }) => a.AliasName)).toEqual(["alias/durable"]);
    expect((await kms(url, "ListResourceTags", { KeyId: ids[1] })).body.Tags).toEqual([{ TagKey: "k", TagValue: "v" }]);
    expect((await kms(url, "GetKeyRotationStatus", { KeyId: ids[0] })).body).toMatchObject({ KeyRotationEnabled: true });
    expect((await kms(url, "ListKeyRotations", { KeyId: ids[0] })).body.Rotations).toHaveLength(1);
    const decrypted = (await kms(url, "Decrypt", { CiphertextBlob: blob })).body;
    expect(Buffer.from(decrypted.Plaintext, "base64").toString()).toBe("durable");
    const events = (await (await fetch(`${url}/_kms-sim/events`)).json()) as { time: string; "detail-type": string }[];
    expect(events.map((e) => [e["detail-type"], e.time])).toEqual([["KMS CMK Rotation", "2027-01-01T00:00:00.000Z"]]);

    // The random stream resumed where it stopped: the next key id is the one an uninterrupted run makes.
    const nextAfterRestart = (await kms(url, "CreateKey")).body.KeyMetadata.KeyId;
    const control = await serve("--clock", "manual", "--start", "2026-01-01T00:00:00Z", "--seed", "durable");
    await story(control.url);
    expect((await kms(control.url, "CreateKey")).body.KeyMetadata.KeyId).toBe(nextAfterRestart);
  });

  it("keeps an RSA pair made at first use, and derived ECC keys, through SIGKILL", async () => {
    const state = join(dir, "key-types");
    const first = await serve("--state", state, "--clock", "manual", "--start", "2026-01-01T00:00:00Z", "--seed", "key-types");
    const message = Buffer.from("signed before the crash").toString("base64");
    const rsa = (await kms(first.url, "CreateKey", { KeySpec: "RSA_2048", KeyUsage: "SIGN_VERIFY" })).body.KeyMetadata.KeyId as string;
    const ecc = (await kms(first.url, "CreateKey", { KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY" })).body.KeyMetadata.KeyId as string;
    // The RSA pair is made by this Sign: its change record is journaled before the answer.
    const signed = (await kms(first.url, "Sign", { KeyId: rsa, Message: message, SigningAlgorithm: "RSASSA_PKCS1_V1_5_SHA_256" })).body;
    const eccKey = (await kms(first.url, "GetPublicKey", { KeyId: ecc })).body.PublicKey as string;
    await killHard(first.child);

    const second = await serve("--state", state);
    const verify = { KeyId: rsa, Message: message, Signature: signed.Signature, SigningAlgorithm: "RSASSA_PKCS1_V1_5_SHA_256" };
    expect((await kms(second.url, "Verify", verify)).body.SignatureValid).toBe(true);
    // PKCS #1 v1.5 is deterministic: the same stored pair signs to the same bytes.
    expect((await kms(second.url, "Sign", { KeyId: rsa, Message: message, SigningAlgorithm: "RSASSA_PKCS1_V1_5_SHA_256" })).body.Signature).toBe(signed.Signature);
    expect((await kms(second.url, "GetPublicKey", { KeyId: ecc })).body.PublicKey).toBe(eccKey);
  });

  it("answers bad requests with AWS-shaped errors and keeps serving", async () => {
    const { url } = await serve();
    const bad = [
      await kms(url, "ListKeys", "{not json"),
      await kms(url, "NoSuchOperation", {}),
      await kms(url, "CreateKey", { Description: 7 }),
      await kms(url, "GenerateRandom", { NumberOfBytes: 5000 }),
    ];
    expect(bad.map((r) => [r.status, r.body.__type])).toEqual([
      [400, "SerializationException"],
      [400, "UnknownOperationException"],
      [400, "SerializationException"],
      [400, "ValidationException"],
    ]);
    const missingTarget = await fetch(url, { method: "POST", headers: { "content-type": "application/x-amz-json-1.1" }, body: "{}" });
    expect([missingTarget.status, ((await missingTarget.json()) as { __type: string }).__type]).toEqual([400, "UnknownOperationException"]);
    const oversized = await fetch(url, {
      method: "POST",
      headers: { "x-amz-target": "TrentService.ListKeys", "content-type": "application/x-amz-json-1.1" },
      body: JSON.stringify({ Padding: "x".repeat(1024 * 1024) }),
    });
    expect(oversized.status).toBe(413);
    expect(((await oversized.json()) as { __type: string }).__type).toBe("RequestEntityTooLargeException");
    expect(await (await fetch(`${url}/_kms-sim/health`)).json()).toEqual({ status: "ok" });
    expect((await kms(url, "CreateKey")).status).toBe(200);
  });

  it("serves concurrent requests safely and persists all of them", async () => {
    const state = join(dir, "concurrent");
    const first = await serve("--state", state, "--seed", "many");
    const created = await Promise.all(Array.from({ length: 40 }, () => kms(first.url, "CreateKey")));
    expect(created.every((r) => r.status === 200)).toBe(true);
    const keyId = created[0]?.body.KeyMetadata.KeyId as string;
    const encrypted = await Promise.all(Array.from({ length: 40 }, (_, i) => kms(first.url, "Encrypt", { KeyId: keyId, Plaintext: Buffer.from(`m${i}`).toString("base64") })));
    const blobs = new Set(encrypted.map((r) => r.body.CiphertextBlob as string));
    expect(blobs.size).toBe(40);
    await killHard(first.child);
    const second = await serve("--state", state);
    expect((await kms(second.url, "ListKeys", { Limit: 100 })).body.Keys).toHaveLength(40);
    expect(existsSync(join(state, "snapshot.json"))).toBe(true);
  });

  it("never reuses a nonce or IV after a crash: encrypt, SIGKILL, restart, encrypt the same plaintext", async () => {
    const state = join(dir, "nonces");
    const first = await serve("--state", state, "--seed", "nonces", "--clock", "manual", "--start", "2026-01-01T00:00:00Z");
    const keyId = (await kms(first.url, "CreateKey")).body.KeyMetadata.KeyId as string;
    const plaintext = Buffer.from("the same plaintext").toString("base64");
    const before = (await kms(first.url, "Encrypt", { KeyId: keyId, Plaintext: plaintext })).body.CiphertextBlob as string;
    await killHard(first.child);
    const second = await serve("--state", state);
    const after = (await kms(second.url, "Encrypt", { KeyId: keyId, Plaintext: plaintext })).body.CiphertextBlob as string;
    const [one, two] = [before, after].map((blob) => parseBlob(Buffer.from(blob, "base64")));
    expect(Buffer.from(two?.nonce ?? []).equals(Buffer.from(one?.nonce ?? []))).toBe(false);
    expect(Buffer.from(two?.iv ?? []).equals(Buffer.from(one?.iv ?? []))).toBe(false);
    // Without the journal's random position the restarted stream would repeat the first one's bytes.
    expect((await kms(second.url, "Decrypt", { CiphertextBlob: before })).body.Plaintext).toBe(plaintext);
  });

  it("with --fsync never, keeps every acknowledged change through SIGKILL (only a machine crash can lose them)", async () => {
    const state = join(dir, "never");
    const first = await serve("--state", state, "--fsync", "never", "--clock", "manual", "--start", "2026-01-01T00:00:00Z", "--seed", "durable");
    const { ids } = await story(first.url);
    await killHard(first.child);
    const second = await serve("--state", state, "--fsync", "never");
    expect((await kms(second.url, "ListKeys")).body.Keys.map((k: { KeyId: string }) => k.KeyId)).toEqual(ids);
    expect(await clockCall(second.url)).toEqual({ now: "2027-02-05T00:00:00.000Z", mode: "manual" });
  });

  it("migrates a kms-sim 0.1 state file in the state folder, saying so once", async () => {
    const state = join(dir, "legacy");
    mkdirSync(state);
    const clock = new ManualClock(new Date("2026-01-01T00:00:00Z"));
    const old = createKms({ clock, random: seededRandom("legacy") });
    const keyId = (await old.createKey({ Description: "from 0.1" })).KeyMetadata?.KeyId as string;
    writeFileSync(
      join(state, "state.json"),
      JSON.stringify({ format: "kms-sim-server-state", version: 1, clock: { mode: "manual", now: clock.now().toISOString() }, seed: "legacy", events: [], kms: old.snapshot() }),
    );
    const first = await serve("--state", state);
    expect((await kms(first.url, "DescribeKey", { KeyId: keyId })).body.KeyMetadata.Description).toBe("from 0.1");
    expect(first.output()).toContain(`kms-sim: migrated ${join(state, "state.json")} (1 keys, 0 events) into the state folder ${state}`);
    await killHard(first.child);
    const second = await serve("--state", state);
    expect(second.output()).not.toContain("migrated");
    expect((await kms(second.url, "ListKeys")).body.Keys).toHaveLength(1);
  });

  it("pages through events: ?after=<id>&limit=<n>, the next page named in x-kms-sim-next-after", async () => {
    const state = join(dir, "events");
    const { url } = await serve("--state", state, "--clock", "manual", "--start", "2026-01-01T00:00:00Z", "--seed", "events");
    for (let i = 0; i < 3; i++) {
      const keyId = (await kms(url, "CreateKey")).body.KeyMetadata.KeyId as string;
      await kms(url, "EnableKeyRotation", { KeyId: keyId, RotationPeriodInDays: 90 });
    }
    await clockCall(url, { advance: { days: 365 } });
    const all = (await (await fetch(`${url}/_kms-sim/events`)).json()) as { id: string }[];
    expect(all).toHaveLength(12);
    const pages: string[][] = [];
    let query = "limit=5";
    for (;;) {
      const response = await fetch(`${url}/_kms-sim/events?${query}`);
      pages.push(((await response.json()) as { id: string }[]).map((event) => event.id));
      const next = response.headers.get("x-kms-sim-next-after");
      if (next === null) break;
      query = `after=${next}&limit=5`;
    }
    expect(pages.map((page) => page.length)).toEqual([5, 5, 2]);
    expect(pages.flat()).toEqual(all.map((event) => event.id));
    expect(((await (await fetch(`${url}/_kms-sim/events?after=${all[9]?.id}`)).json()) as { id: string }[]).map((e) => e.id)).toEqual(all.slice(10).map((e) => e.id));
    const unknown = await fetch(`${url}/_kms-sim/events?after=nope`);
    expect([unknown.status, await unknown.json()]).toEqual([404, { message: 'No event has the id "nope".' }]);
    const badLimit = await fetch(`${url}/_kms-sim/events?limit=0`);
    expect([badLimit.status, await badLimit.json()]).toEqual([400, { message: "limit must be a whole number from 1 to 10000, got 0" }]);
  });

  it("moves only a manual clock: 409 for a system clock, 400 for nonsense", async () => {
    const system = await serve();
    const refused = await fetch(`${system.url}/_kms-sim/clock`, { method: "POST", body: JSON.stringify({ advance: { days: 1 } }) });
    expect(refused.status).toBe(409);
    const manual = await serve("--clock", "manual", "--start", "2026-01-01T00:00:00Z");
    expect(await clockCall(manual.url, { set: "2030-06-01T12:00:00Z" })).toEqual({ now: "2030-06-01T12:00:00.000Z" });
    expect(await clockCall(manual.url, { advance: { hours: 36 } })).toEqual({ now: "2030-06-03T00:00:00.000Z" });
    const nonsense = await fetch(`${manual.url}/_kms-sim/clock`, { method: "POST", body: JSON.stringify({ set: "not a date" }) });
    expect(nonsense.status).toBe(400);
  });

  it("serves the console at GET / (persisting its changes) and the protocol at POST /; --no-console turns the console off", async () => {
    const state = join(dir, "console", "state.json");
    const first = await serve("--state", state, "--clock", "manual", "--start", "2026-01-01T00:00:00Z", "--seed", "console");
    const page = await fetch(`${first.url}/`);
    expect([page.status, page.headers.get("content-type")]).toEqual([200, "text/html; charset=utf-8"]);
    const html = await page.text();
    expect(html).toContain("<h1>Customer managed keys</h1>");
    const token = /name="csrf" value="([^"]+)"/.exec(html)?.[1] as string;
    const origin = new URL(first.url).origin;
    const created = await fetch(`${first.url}/console/keys`, {
      method: "POST",
      redirect: "manual",
      headers: { origin, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrf: token, description: "from the console", alias: "console" }).toString(),
    });
    expect(created.status).toBe(303);
    // Acknowledged console changes survive a crash, like API requests.
    await killHard(first.child);
    const second = await serve("--state", state, "--no-console");
    expect((await kms(second.url, "ListAliases")).body.Aliases.map((a: { AliasName: string }) => a.AliasName)).toEqual(["alias/console"]);
    const off = await fetch(`${second.url}/`);
    expect([off.status, ((await off.json()) as { __type: string }).__type]).toEqual([404, "UnknownOperationException"]);
    expect((await fetch(`${second.url}/console/keys`)).status).toBe(404);
    // A console request with another Host name is refused (DNS rebinding).
    const third = await serve("--clock", "manual");
    const port = new URL(third.url).port;
    const rebound = await new Promise<number>((resolve, reject) => {
      const request = httpRequest({ host: "127.0.0.1", port, path: "/", headers: { host: `attacker.example:${port}` } }, (response) => resolve(response.statusCode ?? 0));
      request.on("error", reject);
      request.end();
    });
    expect(rebound).toBe(403);
  });

  it("keeps principals and grants in the state folder through SIGKILL; --principals registers on top of them", async () => {
    const state = join(dir, "access");
    const file = join(dir, "access-principals.json");
    const alice = "arn:aws:iam::111122223333:user/alice";
    const bob = "arn:aws:iam::111122223333:user/bob";
    const as = (accessKeyId: string) => ({
      authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20260101/us-east-1/kms/aws4_request, SignedHeaders=host;x-amz-date, Signature=${"0".repeat(64)}`,
      "x-amz-date": "20260101T000000Z",
    });
    const listKeys = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "kms:ListKeys", Resource: "*" }] };
    writeFileSync(file, JSON.stringify({ [alice]: { AccessKeyId: "AKIAALICE00000000002", Policies: [listKeys] }, [bob]: { AccessKeyId: "AKIABOB000000000002" } }));
    const first = await serve("--state", state, "--principals", file, "--clock", "manual", "--start", "2026-01-01T00:00:00Z");
    const keyId = (await kms(first.url, "CreateKey")).body.KeyMetadata.KeyId as string;
    const grantId = (await kms(first.url, "CreateGrant", { KeyId: keyId, GranteePrincipal: bob, Operations: ["Encrypt"] })).body.GrantId as string;
    expect((await kms(first.url, "ListKeys", {}, as("AKIAALICE00000000002"))).status).toBe(200);
    await killHard(first.child);

    // Without --principals: the journaled registrations and the grant are back.
    const second = await serve("--state", state);
    expect((await kms(second.url, "ListKeys", {}, as("AKIAALICE00000000002"))).body.Keys).toEqual([
      { KeyId: keyId, KeyArn: `arn:aws:kms:us-east-1:111122223333:key/${keyId}` },
    ]);
    expect((await kms(second.url, "Encrypt", { KeyId: keyId, Plaintext: "AQID" }, as("AKIABOB000000000002"))).status).toBe(200);
    expect((await kms(second.url, "ListGrants", { KeyId: keyId })).body.Grants.map((g: { GrantId: string }) => g.GrantId)).toEqual([grantId]);
    await killHard(second.child);

    // A --principals file registers on top of the saved state: its version of Alice wins.
    writeFileSync(file, JSON.stringify({ [alice]: { AccessKeyId: "AKIAALICE00000000002" } }));
    const third = await serve("--state", state, "--principals", file);
    expect(await kms(third.url, "ListKeys", {}, as("AKIAALICE00000000002"))).toEqual({
      status: 400,
      body: { __type: "AccessDeniedException", message: `User: ${alice} is not authorized to perform: kms:ListKeys on resource: * because no identity-based policy allows the kms:ListKeys action` },
    });
  });

  it("--principals FILE maps access keys to principals, --strict-auth refuses the rest; the Date header is the simulated present", async () => {
    const file = join(dir, "principals.json");
    const alice = "arn:aws:iam::111122223333:user/alice";
    writeFileSync(file, JSON.stringify({ [alice]: { AccessKeyId: "AKIAALICE00000000001" } }));
    const { url } = await serve("--principals", file, "--strict-auth", "--clock", "manual", "--start", "2030-06-01T12:00:00Z");
    const signed = (accessKeyId: string) => ({
      authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20300601/us-east-1/kms/aws4_request, SignedHeaders=host;x-amz-date, Signature=${"0".repeat(64)}`,
      "x-amz-date": "20300601T120000Z",
    });
    expect(await kms(url, "ListKeys", {}, signed("111122223333"))).toEqual({ status: 200, body: { Keys: [], Truncated: false } });
    expect(await kms(url, "ListKeys", {}, signed("AKIAALICE00000000001"))).toEqual({
      status: 400,
      body: { __type: "AccessDeniedException", message: `User: ${alice} is not authorized to perform: kms:ListKeys on resource: * because no identity-based policy allows the kms:ListKeys action` },
    });
    expect(await kms(url, "ListKeys", {}, signed("test"))).toEqual({
      status: 400,
      body: { __type: "UnrecognizedClientException", message: "The security token included in the request is invalid." },
    });
    const unsigned = await fetch(url, { method: "POST", headers: { "x-amz-target": "TrentService.ListKeys" }, body: "{}" });
    expect([unsigned.status, ((await unsigned.json()) as { __type: string }).__type, unsigned.headers.get("date")]).toEqual([
      400,
      "MissingAuthenticationTokenException",
      "Sat, 01 Jun 2030 12:00:00 GMT",
    ]);
  });
});
