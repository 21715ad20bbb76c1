// The web console as a fetch handler: mount it anywhere that speaks fetch (Deno.serve, Bun.serve,
// Hono, a worker), here called directly. Every form is a KMS operation, guarded by Origin + token.
import assert from "node:assert/strict";
import { createKms, type KmsEvent } from "kms-sim";
import { createConsoleHandler } from "kms-sim/console";
import { createFetchHandler } from "kms-sim/aws";
import { ManualClock, seededRandom } from "kms-sim/testing";
import { renderTimelineSvg, rotationTimeline } from "kms-sim/sim";

const clock = new ManualClock(new Date("2026-01-01T00:00:00Z"));
const events: KmsEvent[] = [];
const kms = createKms({ clock, random: seededRandom("console-docs"), events: (e) => events.push(e) });
const csrfToken = "a-fresh-secret-per-server-0123456789"; // e.g. crypto.randomUUID() in real use

const consoleHandler = createConsoleHandler({
  kms,
  clock,
  clockControl: { advance: (duration) => clock.advance(duration), set: (instant) => clock.set(instant) },
  events: { page: ({ offset, limit }) => ({ events: [...events].reverse().slice(offset, offset + limit), total: events.length }) },
  csrfToken,
  afterChange: async () => {}, // e.g. wait until the change is saved
});
const awsHandler = createFetchHandler(kms);

// One handler for a whole server: the console for GET / and /console/*, the AWS protocol for POST /.
const serve = (request: Request): Promise<Response> => {
  const { pathname } = new URL(request.url);
  const toConsole = pathname.startsWith("/console/") || (pathname === "/" && request.method !== "POST");
  return toConsole ? consoleHandler(request) : awsHandler(request);
};
// Deno.serve({ hostname: "127.0.0.1", port: 4599 }, serve);
// Bun.serve({ hostname: "127.0.0.1", port: 4599, fetch: serve });

const { KeyMetadata } = await kms.createKey({ Description: "orders" });
const keyId = KeyMetadata!.KeyId;

const home = await serve(new Request("http://127.0.0.1:4599/"));
assert.equal(home.status, 200);
assert.match(await home.text(), /<h1>Customer managed keys<\/h1>/);

// The Key rotation form, as a browser sends it: same Origin, the token in the form.
const form = (fields: Record<string, string>) => ({
  method: "POST",
  headers: { origin: "http://127.0.0.1:4599", "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams({ csrf: csrfToken, ...fields }).toString(),
});
const saved = await serve(new Request(`http://127.0.0.1:4599/console/keys/${keyId}/rotation`, form({ rotation: "enable", period: "90" })));
assert.equal(saved.status, 303);
assert.equal(saved.headers.get("location"), `/console/keys/${keyId}?tab=rotations&notice=rotation-saved`);
assert.deepEqual((await kms.getKeyRotationStatus({ KeyId: keyId })).NextRotationDate, new Date("2026-04-01T00:00:00Z"));

// Advance clock, from the header's form: four automatic rotations in a year.
await serve(new Request("http://127.0.0.1:4599/console/clock", form({ action: "advance", amount: "1", unit: "years", return: "/" })));
assert.equal((await kms.listKeyRotations({ KeyId: keyId })).Rotations?.length, 4);

// Without the token (or from another Origin): 403, nothing changed.
const forged = await serve(new Request(`http://127.0.0.1:4599/console/keys/${keyId}/disable`, { ...form({}), body: "" }));
assert.equal(forged.status, 403);
assert.equal((await kms.describeKey({ KeyId: keyId })).KeyMetadata?.KeyState, "Enabled");

// The same timeline the key details page shows, as data and as a standalone SVG.
const timeline = await rotationTimeline(kms, keyId);
assert.deepEqual(timeline.KeyMaterials.map((m) => m.Began), ["CREATED", "AUTOMATIC", "AUTOMATIC", "AUTOMATIC", "AUTOMATIC"]);
const svg = renderTimelineSvg(timeline, { now: clock.now() });
assert.ok(svg.startsWith("<svg"));
console.log(`console: ${events.length} rotations, timeline SVG of ${svg.length} characters`);
