/**
 * The portable smoke suite: one story through kms-sim's public entries ("kms-sim",
 * "kms-sim/testing", "kms-sim/aws") and nothing else, in plain JavaScript so that Node, Deno, Bun
 * and a browser run this very file unchanged. It imports nothing from node: and uses only web
 * platform globals (TextEncoder, crypto.subtle, Request, Response, btoa).
 *
 * Every step asserts what it did (round trips, exact dates, AWS error names), and its outputs go
 * into a SHA-256 digest of their canonical JSON. kms-sim runs on an injected clock and a seeded
 * random source, so every runtime must print the same digests: test/portable/cross-runtime.test.ts
 * compares them. Nothing here pins the bytes of a snapshot or a ciphertext to a stored value
 * (internal formats may change); equality across runtimes and round trips are what count.
 */
import { createKms, decryptEnvelope, encryptEnvelope, DisabledException, InvalidCiphertextException, NotFoundException } from "kms-sim";
import { ManualClock, seededRandom } from "kms-sim/testing";
import { AWS_JSON_CONTENT_TYPE, createRequestHandler, handleAwsJsonRequest } from "kms-sim/aws";

/** The instant the story starts, and the seed of its random source. */
export const START = new Date("2026-01-01T00:00:00.000Z");
export const SEED = "kms-sim portable smoke";

const DAY_MS = 86_400_000;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

class SmokeFailure extends Error {}

function check(condition, message) {
  if (!condition) throw new SmokeFailure(message);
}

function same(actual, expected, what) {
  const a = canonicalJson(actual);
  const b = canonicalJson(expected);
  check(a === b, `${what}: expected ${b}, got ${a}`);
}

/** Runs `call`, which must reject with `type`; returns the error's name and message. */
async function rejection(call, type, what) {
  try {
    await call();
  } catch (error) {
    check(error instanceof type, `${what}: expected ${type.name}, got ${String(error)}`);
    check(error.name === type.name, `${what}: name ${error.name} is not ${type.name}`);
    return { name: error.name, message: error.message };
  }
  throw new SmokeFailure(`${what}: expected ${type.name}, but the call succeeded`);
}

function hex(bytes) {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

function base64(bytes) {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64(text) {
  return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
}

/** JSON with sorted keys, bytes as hex and dates as ISO strings: the same value, the same text. */
export function canonicalJson(value) {
  const plain = (v) => {
    if (v instanceof Uint8Array) return `hex:${hex(v)}`;
    if (v instanceof Date) return `date:${v.toISOString()}`;
    if (Array.isArray(v)) return v.map(plain);
    if (v !== null && typeof v === "object") {
      const out = {};
      for (const key of Object.keys(v).sort()) if (v[key] !== undefined) out[key] = plain(v[key]);
      return out;
    }
    return v;
  };
  return JSON.stringify(plain(value));
}

async function sha256Hex(text) {
  return hex(new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(text))));
}

const daysAfterStart = (days) => new Date(START.getTime() + days * DAY_MS);

/**
 * A fetch handler over the AWS protocol, as a user would write one for Deno.serve, Bun.serve or a
 * service worker: WHATWG Request in, WHATWG Response out.
 */
async function fetchHandler(kms, request) {
  const answer = await handleAwsJsonRequest(kms, {
    headers: Object.fromEntries(request.headers),
    body: new Uint8Array(await request.arrayBuffer()),
  });
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}

function awsRequest(operation, body) {
  return new Request("http://kms.local/", {
    method: "POST",
    headers: { "content-type": AWS_JSON_CONTENT_TYPE, "x-amz-target": `TrentService.${operation}` },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** The story, step by step; each step returns the outputs that go into its digest. */
function steps() {
  const clock = new ManualClock(START);
  const random = seededRandom(SEED);
  const events = [];
  const kms = createKms({ clock, random, events: (event) => events.push(event) });
  const story = { orders: "", archive: "", yearly: [] };

  return [
    ["create keys", async () => {
      const orders = await kms.createKey({ Description: "orders", Tags: [{ TagKey: "team", TagValue: "payments" }] });
      const archive = await kms.createKey({ Description: "archive" });
      story.orders = orders.KeyMetadata.KeyId;
      story.archive = archive.KeyMetadata.KeyId;
      check(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(story.orders), `key id ${story.orders} is not a UUIDv4`);
      check(story.orders !== story.archive, "two keys got the same id");
      same(orders.KeyMetadata.Arn, `arn:aws:kms:us-east-1:111122223333:key/${story.orders}`, "key ARN");
      same(orders.KeyMetadata.KeyState, "Enabled", "key state");
      same(orders.KeyMetadata.CreationDate, START, "creation date");
      same(orders.KeyMetadata.KeySpec, "SYMMETRIC_DEFAULT", "key spec");
      const listed = await kms.listKeys();
      same(listed.Keys.map((k) => k.KeyId).sort(), [story.orders, story.archive].sort(), "ListKeys");
      const tags = await kms.listResourceTags({ KeyId: story.orders });
      same(tags.Tags, [{ TagKey: "team", TagValue: "payments" }], "tags");
      const missing = await rejection(() => kms.describeKey({ KeyId: "alias/missing" }), NotFoundException, "DescribeKey of a missing alias");
      return { orders, archive, listed, tags, missing };
    }],

    ["aliases", async () => {
      await kms.createAlias({ AliasName: "alias/orders", TargetKeyId: story.orders });
      const first = await kms.describeKey({ KeyId: "alias/orders" });
      same(first.KeyMetadata.KeyId, story.orders, "alias/orders after CreateAlias");
      await kms.updateAlias({ AliasName: "alias/orders", TargetKeyId: story.archive });
      const moved = await kms.describeKey({ KeyId: "alias/orders" });
      same(moved.KeyMetadata.KeyId, story.archive, "alias/orders after UpdateAlias");
      await kms.updateAlias({ AliasName: "alias/orders", TargetKeyId: story.orders });
      const aliases = await kms.listAliases({ KeyId: story.orders });
      same(aliases.Aliases.map((a) => a.AliasName), ["alias/orders"], "ListAliases of the orders key");
      return { first, moved, aliases };
    }],

    ["rotation over ten simulated years", async () => {
      await kms.enableKeyRotation({ KeyId: "alias/orders" });
      // One ciphertext per year, the first before any rotation; an on-demand rotation in year 5.
      for (let year = 0; year <= 10; year++) {
        if (year > 0) clock.advance({ years: 1 });
        if (year === 5) await kms.rotateKeyOnDemand({ KeyId: story.orders });
        const plaintext = encoder.encode(`orders ${2026 + year}`);
        const { CiphertextBlob } = await kms.encrypt({ KeyId: "alias/orders", Plaintext: plaintext, EncryptionContext: { year: String(2026 + year) } });
        story.yearly.push(CiphertextBlob);
      }
      const rotations = (await kms.listKeyRotations({ KeyId: story.orders })).Rotations;
      const automatic = rotations.filter((r) => r.RotationType === "AUTOMATIC");
      const onDemand = rotations.filter((r) => r.RotationType === "ON_DEMAND");
      // The 365-day schedule runs on elapsed days from creation, whatever the leap years.
      same(automatic.map((r) => r.RotationDate), Array.from({ length: 10 }, (_, i) => daysAfterStart(365 * (i + 1))), "automatic rotation dates");
      same(onDemand.map((r) => r.RotationDate), [new Date("2031-01-01T00:00:00.000Z")], "on-demand rotation date");
      const status = await kms.getKeyRotationStatus({ KeyId: story.orders });
      same(status.KeyRotationEnabled, true, "rotation enabled");
      same(status.NextRotationDate, daysAfterStart(365 * 11), "next rotation date");
      const rotationEvents = events.filter((e) => e["detail-type"] === "KMS CMK Rotation");
      same(rotationEvents.length, 11, "rotation events");
      same(rotationEvents.map((e) => e.detail["current-key-material-id"]), rotations.map((r) => r.KeyMaterialId), "event material ids");
      return { rotations, status, events: rotationEvents, yearly: story.yearly };
    }],

    ["encrypt and decrypt", async () => {
      const rotations = (await kms.listKeyRotations({ KeyId: story.orders })).Rotations;
      const materialIds = [];
      for (let year = 0; year <= 10; year++) {
        const result = await kms.decrypt({ CiphertextBlob: story.yearly[year], EncryptionContext: { year: String(2026 + year) } });
        same(decoder.decode(result.Plaintext), `orders ${2026 + year}`, `plaintext of year ${year}`);
        same(result.KeyId, `arn:aws:kms:us-east-1:111122223333:key/${story.orders}`, `key of year ${year}`);
        materialIds.push(result.KeyMaterialId);
      }
      // Year 0 used the original material; every later year the material current then.
      check(!rotations.some((r) => r.KeyMaterialId === materialIds[0]), "year 0 decrypted with a rotated material");
      same(new Set(materialIds).size, 11, "distinct materials across the eleven years");
      const wrongContext = await rejection(
        () => kms.decrypt({ CiphertextBlob: story.yearly[0], EncryptionContext: { year: "1999" } }),
        InvalidCiphertextException,
        "Decrypt with another context",
      );
      const reEncrypted = await kms.reEncrypt({
        CiphertextBlob: story.yearly[0],
        SourceEncryptionContext: { year: "2026" },
        DestinationKeyId: story.archive,
      });
      const again = await kms.decrypt({ CiphertextBlob: reEncrypted.CiphertextBlob });
      same(decoder.decode(again.Plaintext), "orders 2026", "ReEncrypt round trip");
      await kms.disableKey({ KeyId: story.archive });
      const disabled = await rejection(
        () => kms.encrypt({ KeyId: story.archive, Plaintext: encoder.encode("x") }),
        DisabledException,
        "Encrypt under a disabled key",
      );
      await kms.enableKey({ KeyId: story.archive });
      return { materialIds, wrongContext, reEncrypted, again, disabled };
    }],

    ["envelope helpers", async () => {
      const payload = seededRandom(`${SEED} payload`)(200_000); // several frames of 64 KiB
      const context = { purpose: "portable smoke" };
      const message = await encryptEnvelope(kms, { KeyId: "alias/orders", Plaintext: payload, EncryptionContext: context }, { frameBytes: 65_536 });
      const opened = await decryptEnvelope(kms, message);
      same(opened.Plaintext, payload, "envelope plaintext");
      same(opened.EncryptionContext, context, "envelope context");
      same(opened.KeyId, `arn:aws:kms:us-east-1:111122223333:key/${story.orders}`, "envelope key");
      const tampered = message.slice();
      tampered[tampered.length - 100] ^= 1;
      const rejected = await rejection(() => decryptEnvelope(kms, tampered), InvalidCiphertextException, "a tampered envelope");
      return { message: await sha256Hex(hex(message)), length: message.length, opened: { ...opened, Plaintext: undefined }, rejected };
    }],

    ["snapshot round trip", async () => {
      const text = JSON.stringify(kms.snapshot());
      check(!text.includes("orders 2026"), "the snapshot holds a plaintext");
      const restoredRandom = seededRandom(SEED, { position: random.position });
      const restored = createKms({ clock, random: restoredRandom, state: JSON.parse(text) });
      same(JSON.stringify(restored.snapshot()), text, "snapshot of the restored KMS");
      const old = await restored.decrypt({ CiphertextBlob: story.yearly[0], EncryptionContext: { year: "2026" } });
      same(decoder.decode(old.Plaintext), "orders 2026", "restored KMS decrypts the first year");
      // The original makes the same call: usage (GetKeyLastUsage's records) is part of the state.
      same(decoder.decode((await kms.decrypt({ CiphertextBlob: story.yearly[0], EncryptionContext: { year: "2026" } })).Plaintext), "orders 2026", "the original decrypts it too");
      same(await restored.listKeyRotations({ KeyId: story.orders }), await kms.listKeyRotations({ KeyId: story.orders }), "rotations after restore");
      // Both go on alike: a year later, the same rotation, the same new key, the same ciphertext.
      clock.advance({ years: 1 });
      const next = [];
      for (const k of [kms, restored]) {
        const key = (await k.createKey({ Description: "after restore" })).KeyMetadata;
        const blob = (await k.encrypt({ KeyId: "alias/orders", Plaintext: encoder.encode("later") })).CiphertextBlob;
        const rotations = (await k.listKeyRotations({ KeyId: story.orders })).Rotations;
        next.push({ key, blob, rotations });
      }
      same(next[1], next[0], "the original and the restored KMS a year on");
      same(next[0].rotations.length, 12, "rotations a year on");
      same(JSON.stringify(restored.snapshot()), JSON.stringify(kms.snapshot()), "snapshots a year on");
      return { snapshot: await sha256Hex(text), bytes: text.length, next: next[0] };
    }],

    ["AWS protocol over fetch-style requests", async () => {
      const describe = await fetchHandler(kms, awsRequest("DescribeKey", { KeyId: "alias/orders" }));
      same(describe.status, 200, "DescribeKey status");
      same(describe.headers.get("content-type"), AWS_JSON_CONTENT_TYPE, "DescribeKey content type");
      const described = await describe.json();
      same(described.KeyMetadata.KeyId, story.orders, "DescribeKey over the protocol");
      same(described.KeyMetadata.CreationDate, START.getTime() / 1000, "CreationDate in epoch seconds");

      const encrypted = await (await fetchHandler(kms, awsRequest("Encrypt", { KeyId: "alias/orders", Plaintext: base64(encoder.encode("over the wire")) }))).json();
      const plain = await kms.decrypt({ CiphertextBlob: fromBase64(encrypted.CiphertextBlob) });
      same(decoder.decode(plain.Plaintext), "over the wire", "protocol Encrypt, API Decrypt");

      const errors = {};
      for (const [name, request] of [
        ["missing", awsRequest("DescribeKey", { KeyId: "alias/missing" })],
        ["unknown", awsRequest("Frobnicate", {})],
        ["bad json", awsRequest("DescribeKey", "{not json")],
      ]) {
        const response = await fetchHandler(kms, request);
        errors[name] = { status: response.status, type: response.headers.get("x-amzn-errortype"), body: await response.json() };
      }
      same(errors.missing.status, 400, "missing key status");
      same(errors.missing.body.__type, "NotFoundException", "missing key error");
      same(errors.unknown.body.__type, "UnknownOperationException", "unknown operation error");
      same(errors["bad json"].body.__type, "SerializationException", "bad JSON error");

      const handler = createRequestHandler(kms);
      const { response } = await handler.handle({
        headers: { "content-type": AWS_JSON_CONTENT_TYPE, "x-amz-target": "TrentService.GetKeyRotationStatus" },
        body: JSON.stringify({ KeyId: story.orders }),
      });
      same(response.statusCode, 200, "SDK handler status");
      const status = JSON.parse(decoder.decode(response.body));
      same(status.KeyRotationEnabled, true, "SDK handler GetKeyRotationStatus");
      return { described, encrypted, errors, sdk: { headers: response.headers, status } };
    }],
  ];
}

/**
 * Runs the story and returns one digest per step and one over all of them. Stops at the first
 * failing step and reports it in `failure` (later steps depend on earlier ones).
 * @returns {Promise<{ checks: { name: string, digest: string }[], digest: string, failure?: { check: string, message: string } }>}
 */
export async function runSmoke() {
  const checks = [];
  for (const [name, step] of steps()) {
    let outputs;
    try {
      outputs = await step();
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
      return { checks, digest: "", failure: { check: name, message } };
    }
    checks.push({ name, digest: await sha256Hex(canonicalJson(outputs)) });
  }
  return { checks, digest: await sha256Hex(checks.map((c) => `${c.name}=${c.digest}`).join("\n")) };
}
