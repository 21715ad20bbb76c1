/**
 * The console's fetch handler without a browser: security checks (Host, Origin, CSRF token, CSP),
 * escaping of user text, every action's success and error path (AWS's exception on the page,
 * nothing changed), and paging of the key and event lists.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { createConsoleHandler, CONTENT_SECURITY_POLICY, type ConsoleOptions } from "../../../src/console/index.js";
import { html } from "../../../src/console/html.js";
import type { Kms, KmsEvent } from "../../../src/index.js";
import type { ManualClock } from "../../../src/testing/index.js";
import { createTestKms, newKeyId } from "../../support/create-test-kms.js";

const ORIGIN = "http://127.0.0.1:4599";
const TOKEN = "test-token-0123456789abcdefghijklmnop";
const XSS = "<img src=x onerror=alert(1)>";

let kms: Kms;
let clock: ManualClock;
let events: KmsEvent[];
let changes: number;
let handle: (request: Request) => Promise<Response>;

/** Options to replace; `undefined` removes one. */
type Overrides = { [K in keyof ConsoleOptions]?: ConsoleOptions[K] | undefined };

function setup(overrides: Overrides = {}, kmsOptions: Parameters<typeof createTestKms>[0] = {}): void {
  ({ kms, clock, events } = createTestKms(kmsOptions));
  changes = 0;
  handle = createConsoleHandler({
    kms,
    clock,
    clockControl: { advance: (duration) => clock.advance(duration), set: (instant) => clock.set(instant) },
    events: { page: ({ offset, limit }) => ({ events: [...events].reverse().slice(offset, offset + limit), total: events.length }) },
    csrfToken: TOKEN,
    afterChange: async () => {
      changes += 1;
    },
    ...overrides,
  } as ConsoleOptions);
}

beforeEach(() => setup());

const get = (path: string, headers: Record<string, string> = {}) => handle(new Request(`${ORIGIN}${path}`, { headers }));

function post(path: string, fields: Record<string, string>, headers: Record<string, string> = { origin: ORIGIN }): Promise<Response> {
  return handle(
    new Request(`${ORIGIN}${path}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
      body: new URLSearchParams({ csrf: TOKEN, ...fields }).toString(),
    }),
  );
}

/** The text of the page's alert, tags removed. */
async function alertOf(response: Response): Promise<string | undefined> {
  const text = await response.text();
  const match = /role="alert">([\s\S]*?)<\/div>/.exec(text);
  return match?.[1]?.replace(/<[^>]+>/g, "").replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'");
}

const state = () => JSON.stringify(kms.snapshot());

describe("html", () => {
  it("escapes every interpolated value and keeps nested templates as markup", () => {
    const inner = html`<b>${"&"}</b>`;
    expect(html`<p title="${'"q"'}">${XSS}${inner}${["<", 1, null, false, undefined]}</p>`.toString()).toBe(
      '<p title="&quot;q&quot;">&lt;img src=x onerror=alert(1)&gt;<b>&amp;</b>&lt;1</p>',
    );
  });
});

describe("createConsoleHandler", () => {
  it("refuses a CSRF token shorter than 16 characters", () => {
    expect(() => createConsoleHandler({ kms, clock, csrfToken: "short" })).toThrow(RangeError);
  });
});

describe("security", () => {
  it("sends the Content-Security-Policy and hardening headers on pages, assets and refusals", async () => {
    for (const response of [await get("/"), await get("/console/assets/style.css"), await get("/console/keys", { host: "x" }), await post("/console/keys", {}, {})]) {
      expect(response.headers.get("content-security-policy")).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("x-frame-options")).toBe("DENY");
    }
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
  });

  it("pages use no inline script or style, only the console's own files", async () => {
    const keyId = await newKeyId(kms, { Description: "d" });
    for (const path of ["/", `/console/keys/${keyId}`, `/console/keys/${keyId}/rotation`, "/console/events"]) {
      const text = await (await get(path)).text();
      expect(text).not.toMatch(/<script>|<script [^>]*>[^<]|\sstyle=|<style|\son[a-z]+=/i);
      expect([...text.matchAll(/<(?:script|link)[^>]*(?:src|href)="([^"]+)"/g)].map((m) => m[1])).toEqual([
        "/console/assets/style.css",
        "/console/assets/icon.svg",
        "/console/assets/enhance.js",
      ]);
    }
  });

  it("answers only its own host names (DNS rebinding gets 403)", async () => {
    const rebound = await handle(new Request("http://attacker.example:4599/"));
    expect(rebound.status).toBe(403);
    expect((await get("/")).status).toBe(200);
    expect((await handle(new Request("http://localhost:4599/"))).status).toBe(200);
    expect((await handle(new Request("http://[::1]:4599/"))).status).toBe(200);
    setup({ allowedHosts: ["kms.test"] });
    expect((await handle(new Request("http://kms.test/"))).status).toBe(200);
    expect((await get("/")).status).toBe(403);
    setup({ allowedHosts: "any" });
    expect((await handle(new Request("http://attacker.example/"))).status).toBe(200);
  });

  it("refuses a POST without Origin, from another origin, or without the right token: 403, nothing changed, no KMS call", async () => {
    const keyId = await newKeyId(kms);
    const before = state();
    const refused = [
      await post(`/console/keys/${keyId}/disable`, {}, {}),
      await post(`/console/keys/${keyId}/disable`, {}, { origin: "http://evil.example" }),
      await post(`/console/keys/${keyId}/disable`, {}, { origin: "null" }),
      await post(`/console/keys/${keyId}/disable`, {}, { referer: "http://evil.example/page" }),
      await post(`/console/keys/${keyId}/disable`, { csrf: "" }),
      await post(`/console/keys/${keyId}/disable`, { csrf: `${TOKEN.slice(0, -1)}x` }),
      await post(`/console/keys/${keyId}/disable`, { csrf: `${TOKEN}x` }),
    ];
    expect(refused.map((r) => r.status)).toEqual([403, 403, 403, 403, 403, 403, 403]);
    expect(state()).toBe(before);
    expect(changes).toBe(0);
    // A same-origin Referer stands in for a missing Origin.
    expect((await post(`/console/keys/${keyId}/disable`, {}, { referer: `${ORIGIN}/console/keys` })).status).toBe(303);
    expect((await kms.describeKey({ KeyId: keyId })).KeyMetadata?.KeyState).toBe("Disabled");
  });

  it("refuses other methods with 405 and oversized forms with 413", async () => {
    expect((await handle(new Request(`${ORIGIN}/`, { method: "PUT" }))).status).toBe(405);
    const big = await post("/console/keys", { description: "x".repeat(70_000) });
    expect(big.status).toBe(413);
    expect((await kms.listKeys()).Keys).toEqual([]);
  });

  it("never redirects to another site, whatever the form's return field says", async () => {
    const keyId = await newKeyId(kms);
    for (const bad of ["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)", "/etc/passwd"]) {
      const response = await post(`/console/keys/${keyId}/enable`, { return: bad });
      expect(response.headers.get("location")).toBe("/console/keys?notice=key-enabled");
    }
  });

  it("answers HEAD like GET, without a body", async () => {
    const response = await handle(new Request(`${ORIGIN}/`, { method: "HEAD" }));
    expect([response.status, response.headers.get("content-type"), await response.text()]).toEqual([200, "text/html; charset=utf-8", ""]);
  });
});

describe("escaping", () => {
  it("shows descriptions, tags and exception messages as text on every page", async () => {
    const keyId = await newKeyId(kms, { Description: XSS, Tags: [{ TagKey: "k<b>", TagValue: "<script>alert(2)</script>" }] });
    await kms.createAlias({ AliasName: "alias/x", TargetKeyId: keyId });
    const pages = await Promise.all([
      get(`/console/keys/${keyId}?tab=tags`).then((r) => r.text()),
      get(`/console/keys/${keyId}/timeline.svg`).then((r) => r.text()),
      get(`/console/keys?filter=${encodeURIComponent('"><script>')}`).then((r) => r.text()),
    ]);
    for (const text of pages) {
      expect(text).not.toContain("<img src=x");
      expect(text).not.toContain("<script>alert");
      expect(text).not.toContain('"><script>');
    }
    expect(pages[0]).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(pages[0]).toContain("&lt;script&gt;alert(2)&lt;/script&gt;");
    expect(pages[0]).toContain("k&lt;b&gt;");
    expect(pages[2]).toContain('value="&quot;&gt;&lt;script&gt;"');
  });
});

describe("pages", () => {
  it("lists customer managed keys 25 to a page, in creation order, without AWS managed keys", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      ids.push(await newKeyId(kms, { Description: `k${i}` }));
      if (i === 3) await kms.createAwsManagedKey({ Service: "s3" });
    }
    await kms.createAlias({ AliasName: "alias/needle", TargetKeyId: ids[27] as string });
    const idsOn = (text: string) => [...text.matchAll(/<td class="id"><a href="\/console\/keys\/([^"]+)">/g)].map((m) => m[1]);
    const first = await (await get("/")).text();
    expect(idsOn(first)).toEqual(ids.slice(0, 25));
    expect(first).toContain('href="/console/keys?page=2" rel="next">Next page</a>');
    expect(first).not.toContain('rel="prev"');
    const second = await (await get("/console/keys?page=2")).text();
    expect(idsOn(second)).toEqual(ids.slice(25));
    expect(second).not.toContain('rel="next"');
    expect(second).toContain('href="/console/keys" rel="prev"');
    expect(idsOn(await (await get("/console/keys?size=10&page=3")).text())).toEqual(ids.slice(20, 30));
    expect(idsOn(await (await get("/console/keys?filter=NEEDLE")).text())).toEqual([ids[27]]);
    expect(idsOn(await (await get(`/console/keys?filter=${ids[5]?.slice(0, 8)}`)).text())).toEqual([ids[5]]);
    expect(idsOn(await (await get(`/console/keys?filter=${ids[5]?.slice(0, 8).toUpperCase()}`)).text())).toEqual([ids[5]]);
    expect(idsOn(await (await get("/console/keys?filter=no-such-alias")).text())).toEqual([]);
    const aws = await (await get("/console/aws-managed-keys")).text();
    expect(idsOn(aws)).toHaveLength(1);
    expect(aws).toContain("alias/aws/s3");
    expect(aws).toContain("You cannot edit AWS managed CMKs.");
  });

  it("keeps the lists right as keys come and go (a key's manager is remembered, its row is not)", async () => {
    const first = await newKeyId(kms, { Description: "first" });
    const second = await newKeyId(kms, { Description: "second" });
    const idsOn = async (path: string) => [...(await (await get(path)).text()).matchAll(/<td class="id"><a href="\/console\/keys\/([^"]+)">/g)].map((m) => m[1]);
    expect(await idsOn("/")).toEqual([first, second]);
    await kms.scheduleKeyDeletion({ KeyId: first, PendingWindowInDays: 7 });
    expect(await (await get("/")).text()).toContain("<td>Pending deletion</td>");
    clock.advance({ days: 7 });
    const s3 = (await kms.createAwsManagedKey({ Service: "s3" })).KeyMetadata?.KeyId;
    const third = await newKeyId(kms);
    expect(await idsOn("/")).toEqual([second, third]);
    expect(await idsOn("/console/aws-managed-keys")).toEqual([s3]);
  });

  it("shows the key list's rotation columns from GetKeyRotationStatus", async () => {
    const keyId = await newKeyId(kms);
    await kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 90 });
    await newKeyId(kms, { Origin: "EXTERNAL" });
    const text = await (await get("/")).text();
    expect(text).toContain('<td>Enabled (every 90 days)</td>\n  <td><time datetime="2026-04-01T00:00:00.000Z">2026-04-01 00:00:00 UTC</time></td>');
    expect(text).toContain('<td><span class="none">Not available</span></td>');
    expect(text).toContain('<option value="us-east-1" selected>us-east-1</option>');
  });

  it("switches Region with the header's selector: a cookie of the console, each Region's own keys", async () => {
    const eastId = await newKeyId(kms);
    const westId = await newKeyId(kms.inRegion("eu-west-1"));
    const switched = await post("/console/region", { region: "eu-west-1", return: "/console/keys" });
    expect(switched.status).toBe(303);
    expect(switched.headers.get("location")).toBe("/console/keys");
    const cookie = switched.headers.get("set-cookie") as string;
    expect(cookie).toBe("kms-sim-region=eu-west-1; Path=/; SameSite=Strict; HttpOnly");
    const west = await (await get("/console/keys", { cookie: "kms-sim-region=eu-west-1" })).text();
    expect(west).toContain('<option value="eu-west-1" selected>eu-west-1</option>');
    expect(west).toContain(westId);
    expect(west).not.toContain(eastId);
    const east = await (await get("/console/keys")).text();
    expect(east).toContain(eastId);
    expect(east).not.toContain(westId);
    // Actions act in the chosen Region.
    const created = await post("/console/keys", { description: "west key" }, { origin: ORIGIN, cookie: "kms-sim-region=eu-west-1" });
    expect(created.status).toBe(303);
    expect((await kms.inRegion("eu-west-1").listKeys()).Keys).toHaveLength(2);
    expect((await kms.listKeys()).Keys).toHaveLength(1);
    // Anything else is refused and changes nothing; a stale cookie falls back to the KMS's Region.
    expect((await post("/console/region", { region: "cn-north-1" })).status).toBe(400);
    expect(await (await get("/console/keys", { cookie: "kms-sim-region=mars-1" })).text()).toContain('<option value="us-east-1" selected>');
  });

  it("pages the events newest first, 50 to a page", async () => {
    const keyId = await newKeyId(kms);
    await kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 90 });
    clock.advance({ days: 90 * 60 });
    await kms.tick();
    expect(events).toHaveLength(60);
    const times = (text: string) => [...text.matchAll(/<tr><td><time datetime="([^"]+)"/g)].map((m) => m[1]);
    const first = await (await get("/console/events")).text();
    expect(first).toContain("60 events, newest first.");
    expect(times(first)).toEqual(events.slice(10).reverse().map((e) => e.time));
    expect(first).toContain('href="/console/events?page=2" rel="next">Older events</a>');
    const second = await (await get("/console/events?page=2")).text();
    expect(times(second)).toEqual(events.slice(0, 10).reverse().map((e) => e.time));
    setup({ events: undefined });
    expect(await (await get("/console/events")).text()).toContain("started without an event list");
  });

  it("lists every Region's events with their Region, and links a key only in the Region shown", async () => {
    const primary = await newKeyId(kms, { MultiRegion: true });
    await kms.replicateKey({ KeyId: primary, ReplicaRegion: "eu-west-1" });
    clock.advance({ minutes: 1 });
    await kms.rotateKeyOnDemand({ KeyId: primary });
    expect(events.map((event) => event.region)).toEqual(["us-east-1", "eu-west-1"]);
    const rows = (text: string) => [...text.matchAll(/<tr><td><time[^>]*>[^<]*<\/time><\/td><td>KMS CMK Rotation<\/td><td class="nowrap">([^<]+)<\/td><td>(<a|<span)/g)].map((m) => [m[1], m[2]]);
    expect(rows(await (await get("/console/events")).text())).toEqual([
      ["eu-west-1", "<span"],
      ["us-east-1", "<a"],
    ]);
    expect(rows(await (await get("/console/events", { cookie: "kms-sim-region=eu-west-1" })).text())).toEqual([
      ["eu-west-1", "<a"],
      ["us-east-1", "<span"],
    ]);
  });

  it("answers an unknown key with AWS's NotFoundException (404) and an unknown page with 404", async () => {
    const missing = await get("/console/keys/1234abcd-12ab-34cd-56ef-1234567890ab");
    expect(missing.status).toBe(404);
    expect(await alertOf(missing)).toBe("NotFoundException Key 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' does not exist");
    expect((await get("/console/nothing-here")).status).toBe(404);
  });

  it("lists a key whose policy shuts out the console's caller (the account root) by id, and shows AWS's refusal on its page", async () => {
    const open = await newKeyId(kms, { Description: "open" });
    const policy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:user/bob" }, Action: "kms:*", Resource: "*" }] };
    const locked = await newKeyId(kms, { Policy: JSON.stringify(policy), BypassPolicyLockoutSafetyCheck: true });
    const list = await (await get("/console/keys")).text();
    expect(list).toContain(`>${open}</a>`);
    expect(list).toContain(`>${locked}</a>`);
    const page = await get(`/console/keys/${locked}`);
    expect([page.status, await alertOf(page)]).toEqual([
      400,
      `AccessDeniedException User: arn:aws:iam::111122223333:root is not authorized to perform: kms:DescribeKey on resource: arn:aws:kms:us-east-1:111122223333:key/${locked} because no resource-based policy allows the kms:DescribeKey action`,
    ]);
  });

  it("serves the stylesheet, script and icon from the package", async () => {
    for (const [path, type] of [
      ["/console/assets/style.css", "text/css; charset=utf-8"],
      ["/console/assets/enhance.js", "text/javascript; charset=utf-8"],
      ["/console/assets/icon.svg", "image/svg+xml; charset=utf-8"],
    ] as const) {
      const response = await get(path);
      expect([response.status, response.headers.get("content-type")]).toEqual([200, type]);
      expect((await response.text()).length).toBeGreaterThan(100);
    }
  });
});

describe("actions", () => {
  /** Posts, expects a 303 to `location`, and that afterChange ran once. */
  async function succeeds(path: string, fields: Record<string, string>, location: string): Promise<void> {
    const before = changes;
    const response = await post(path, fields);
    expect([response.status, response.headers.get("location")]).toEqual([303, location]);
    expect(changes).toBe(before + 1);
  }

  /** Posts, expects `status` with exactly `alert` on the page, and no change to the KMS. */
  async function refused(path: string, fields: Record<string, string>, alert: string, status = 400): Promise<void> {
    const before = state();
    const response = await post(path, fields);
    expect(response.status).toBe(status);
    expect(await alertOf(response)).toBe(alert);
    expect(state()).toBe(before);
  }

  it("Create key: a key (and its alias) through CreateKey and CreateAlias", async () => {
    const response = await post("/console/keys", { description: "orders", alias: "orders", origin: "AWS_KMS" });
    const keyId = (await kms.listKeys()).Keys?.[0]?.KeyId as string;
    expect([response.status, response.headers.get("location")]).toEqual([303, `/console/keys/${keyId}?tab=rotations&notice=key-created`]);
    expect((await kms.listAliases()).Aliases?.map((a) => [a.AliasName, a.TargetKeyId])).toEqual([["alias/orders", keyId]]);
    await succeeds("/console/keys", { description: "", alias: "", origin: "EXTERNAL" }, expect.stringMatching(/notice=key-created$/) as unknown as string);
    expect((await kms.listKeys()).Keys).toHaveLength(2);
  });

  it("Create key: a refused alias leaves the key, says so, and shows AWS's exception", async () => {
    const response = await post("/console/keys", { description: "d", alias: "aws/mine" });
    expect(response.status).toBe(400);
    expect(await alertOf(response)).toBe("The key was created, but its alias was refused: NotAuthorizedException Alias names beginning with alias/aws/ are reserved for AWS managed keys.");
    expect((await kms.listKeys()).Keys).toHaveLength(1);
    expect((await kms.listAliases()).Aliases).toEqual([]);
    expect(changes).toBe(1);
  });

  it("Enable, Disable, Cancel key deletion and Schedule key deletion go through the KMS", async () => {
    const keyId = await newKeyId(kms);
    const back = `/console/keys/${keyId}?tab=aliases`;
    await succeeds(`/console/keys/${keyId}/disable`, { return: back }, `${back}&notice=key-disabled`);
    expect((await kms.describeKey({ KeyId: keyId })).KeyMetadata?.KeyState).toBe("Disabled");
    await succeeds(`/console/keys/${keyId}/enable`, { return: back }, `${back}&notice=key-enabled`);
    await refused(`/console/keys/${keyId}/cancel-deletion`, { return: back }, `KMSInvalidStateException arn:aws:kms:us-east-1:111122223333:key/${keyId} is not pending deletion.`);
    await refused(`/console/keys/${keyId}/schedule-deletion`, { waiting_period: "7" }, "Confirm that you want to schedule this key for deletion after the waiting period.");
    await refused(
      `/console/keys/${keyId}/schedule-deletion`,
      { waiting_period: "6", confirm: "yes" },
      "ValidationException 1 validation error detected: Value '6' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value greater than or equal to 7",
    );
    await refused(`/console/keys/${keyId}/schedule-deletion`, { waiting_period: "seven", confirm: "yes" }, "Waiting period (in days) must be a whole number.");
    await succeeds(`/console/keys/${keyId}/schedule-deletion`, { waiting_period: "7", confirm: "yes", return: back }, `${back}&notice=deletion-scheduled`);
    expect((await kms.describeKey({ KeyId: keyId })).KeyMetadata?.DeletionDate).toEqual(new Date("2026-01-08T00:00:00Z"));
    await refused(`/console/keys/${keyId}/enable`, {}, `KMSInvalidStateException arn:aws:kms:us-east-1:111122223333:key/${keyId} is pending deletion.`);
    await succeeds(`/console/keys/${keyId}/cancel-deletion`, { return: back }, `${back}&notice=deletion-cancelled`);
  });

  it("Key rotation: enable with a period, disable, and AWS's refusals", async () => {
    const keyId = await newKeyId(kms);
    const edit = `/console/keys/${keyId}/rotation`;
    await refused(edit, { rotation: "enable", period: "30", return: edit }, "ValidationException 1 validation error detected: Value '30' at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value greater than or equal to 90");
    await refused(edit, { rotation: "enable", period: "9x", return: edit }, "Rotation period (in days) must be a whole number.");
    await refused(edit, { period: "90", return: edit }, "Choose Enable or Disable for Key rotation.");
    await succeeds(edit, { rotation: "enable", period: "90" }, `/console/keys/${keyId}?tab=rotations&notice=rotation-saved`);
    expect(await kms.getKeyRotationStatus({ KeyId: keyId })).toMatchObject({ KeyRotationEnabled: true, RotationPeriodInDays: 90 });
    await succeeds(edit, { rotation: "enable", period: "" }, `/console/keys/${keyId}?tab=rotations&notice=rotation-saved`);
    expect(await kms.getKeyRotationStatus({ KeyId: keyId })).toMatchObject({ RotationPeriodInDays: 365 });
    await succeeds(edit, { rotation: "disable", period: "90" }, `/console/keys/${keyId}?tab=rotations&notice=rotation-saved`);
    expect((await kms.getKeyRotationStatus({ KeyId: keyId })).KeyRotationEnabled).toBe(false);
    await kms.disableKey({ KeyId: keyId });
    await refused(edit, { rotation: "enable", period: "90", return: edit }, `DisabledException arn:aws:kms:us-east-1:111122223333:key/${keyId} is disabled.`);
    const external = await newKeyId(kms, { Origin: "EXTERNAL" });
    await refused(`/console/keys/${external}/rotation`, { rotation: "enable", period: "90" }, `UnsupportedOperationException arn:aws:kms:us-east-1:111122223333:key/${external} origin is EXTERNAL which is not valid for this operation.`);
  });

  it("Rotate now: RotateKeyOnDemand, up to the quota", async () => {
    setup({ onDemandRotationLimit: 1 }, { onDemandRotationLimit: 1 });
    const keyId = await newKeyId(kms);
    const page = await (await get(`/console/keys/${keyId}?tab=rotations&dialog=rotate-now`)).text();
    expect(page).toContain('<dialog id="rotate-now-dialog" aria-labelledby="rotate-now-title" open>');
    expect(page).toContain("You can rotate this key on demand 1 more time.");
    await succeeds(`/console/keys/${keyId}/rotate-now`, {}, `/console/keys/${keyId}?tab=rotations&notice=rotated`);
    expect((await kms.listKeyRotations({ KeyId: keyId })).Rotations?.map((r) => r.RotationType)).toEqual(["ON_DEMAND"]);
    expect(await (await get(`/console/keys/${keyId}`)).text()).toContain("You can rotate this key on demand 0 more times.");
    await refused(
      `/console/keys/${keyId}/rotate-now`,
      {},
      `LimitExceededException The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: arn:aws:kms:us-east-1:111122223333:key/${keyId}`,
    );
  });

  it("Aliases, tags and description: create, delete, and AWS's refusals", async () => {
    const keyId = await newKeyId(kms);
    const aliases = `/console/keys/${keyId}?tab=aliases`;
    const tags = `/console/keys/${keyId}?tab=tags`;
    await succeeds(`/console/keys/${keyId}/aliases`, { alias: "alias/a1" }, `${aliases}&notice=alias-created`);
    await refused(`/console/keys/${keyId}/aliases`, { alias: "a1", return: aliases }, "AlreadyExistsException An alias with the name arn:aws:kms:us-east-1:111122223333:alias/a1 already exists");
    await refused(`/console/keys/${keyId}/aliases/delete`, { alias: "alias/none", return: aliases }, "NotFoundException Alias arn:aws:kms:us-east-1:111122223333:alias/none is not found.");
    await succeeds(`/console/keys/${keyId}/aliases/delete`, { alias: "alias/a1" }, `${aliases}&notice=alias-deleted`);
    expect((await kms.listAliases()).Aliases).toEqual([]);
    await succeeds(`/console/keys/${keyId}/tags`, { tag_key: "team", tag_value: "payments" }, `${tags}&notice=tag-added`);
    await refused(`/console/keys/${keyId}/tags`, { tag_key: "aws:x", tag_value: "v", return: tags }, "TagException Tags beginning with aws: are reserved");
    await succeeds(`/console/keys/${keyId}/tags/delete`, { tag_key: "team" }, `${tags}&notice=tag-removed`);
    expect((await kms.listResourceTags({ KeyId: keyId })).Tags).toEqual([]);
    await succeeds(`/console/keys/${keyId}/description`, { description: "new", return: `/console/keys/${keyId}` }, `/console/keys/${keyId}?notice=description-saved`);
    expect((await kms.describeKey({ KeyId: keyId })).KeyMetadata?.Description).toBe("new");
    await kms.scheduleKeyDeletion({ KeyId: keyId, PendingWindowInDays: 7 });
    await refused(`/console/keys/${keyId}/description`, { description: "x" }, `KMSInvalidStateException arn:aws:kms:us-east-1:111122223333:key/${keyId} is pending deletion.`);
  });

  it("Grants: lists the key's grants with their constraints, as text, and revokes one through RevokeGrant", async () => {
    const keyId = await newKeyId(kms);
    const grants = `/console/keys/${keyId}?tab=grants`;
    expect(await (await get(grants)).text()).toContain('<td colspan="8">This key has no grants.</td>');
    const { GrantId } = await kms.createGrant({
      KeyId: keyId,
      GranteePrincipal: "arn:aws:iam::111122223333:role/app",
      RetiringPrincipal: "arn:aws:iam::111122223333:user/ops",
      Operations: ["Decrypt", "Encrypt"],
      Constraints: { EncryptionContextSubset: { tenant: XSS } },
      Name: "app-grant",
    });
    const page = await (await get(grants)).text();
    expect(page).toContain(`<td class="id">${GrantId}</td><td>app-grant</td><td class="id">arn:aws:iam::111122223333:role/app</td>`);
    expect(page).toContain("<td>Decrypt, Encrypt</td>");
    expect(page).toContain("<li>Includes <code>tenant</code> = <code>&lt;img src=x onerror=alert(1)&gt;</code></li>");
    expect(page).not.toContain("<img src=x");
    expect(page).toContain('aria-selected="true">Grants</a>');
    await refused(`/console/keys/${keyId}/grants/revoke`, { grant_id: "f".repeat(64), return: grants }, `NotFoundException Grant ID ${"f".repeat(64)} not found`);
    await succeeds(`/console/keys/${keyId}/grants/revoke`, { grant_id: GrantId as string }, `${grants}&notice=grant-revoked`);
    expect((await kms.listGrants({ KeyId: keyId })).Grants).toEqual([]);
  });

  it("refuses every change to an AWS managed key with AWS's own exception", async () => {
    const keyId = (await kms.createAwsManagedKey({ Service: "s3" })).KeyMetadata?.KeyId as string;
    const page = await (await get(`/console/keys/${keyId}`)).text();
    expect(page).toContain('<p class="note" id="aws-managed-reason">You cannot edit AWS managed CMKs.');
    expect(page).not.toContain(`action="/console/keys/${keyId}/`);
    const arn = `arn:aws:kms:us-east-1:111122223333:key/${keyId}`;
    const denied = (action: string) => `AccessDeniedException User: arn:aws:iam::111122223333:root is not authorized to perform: kms:${action} on resource: ${arn} because no resource-based policy allows the kms:${action} action`;
    await refused(`/console/keys/${keyId}/disable`, {}, denied("DisableKey"));
    await refused(`/console/keys/${keyId}/schedule-deletion`, { confirm: "yes", waiting_period: "7" }, denied("ScheduleKeyDeletion"));
    await refused(`/console/keys/${keyId}/rotate-now`, {}, `UnsupportedOperationException ${arn} is an AWS managed key: it cannot be rotated on demand.`);
    const edit = await get(`/console/keys/${keyId}/rotation`);
    expect([edit.status, await alertOf(edit)]).toEqual([403, "You cannot edit AWS managed CMKs."]);
  });

  it("Clock: advance and set a manual clock, applying what falls due; a system clock cannot move", async () => {
    const keyId = await newKeyId(kms);
    await kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 90 });
    await succeeds("/console/clock", { action: "advance", amount: "1", unit: "years", return: "/console/events" }, "/console/events?notice=clock-moved");
    expect(clock.now()).toEqual(new Date("2027-01-01T00:00:00Z"));
    expect(events.map((e) => e.time)).toEqual(["2026-04-01T00:00:00.000Z", "2026-06-30T00:00:00.000Z", "2026-09-28T00:00:00.000Z", "2026-12-27T00:00:00.000Z"]);
    await succeeds("/console/clock", { action: "set", instant: "2027-03-27T00:00", return: "/" }, "/?notice=clock-moved");
    expect(events).toHaveLength(5);
    await refused("/console/clock", { action: "advance", amount: "0", unit: "days" }, "Advance the clock by a whole number from 1 to 10000 of days, months or years.");
    await refused("/console/clock", { action: "advance", amount: "1", unit: "hours" }, "Advance the clock by a whole number from 1 to 10000 of days, months or years.");
    await refused("/console/clock", { action: "set", instant: "2027-02-30T99:00" }, "Give the instant as a UTC date and time (YYYY-MM-DDTHH:MM:SS).");
    const header = await (await get("/")).text();
    expect(header).toContain('<time datetime="2027-03-27T00:00:00.000Z" id="clock-now">2027-03-27 00:00:00 UTC</time>');
    expect(header).toContain("Advance clock");
    setup({ clockControl: undefined });
    const readOnly = await (await get("/")).text();
    expect(readOnly).toContain("(system clock, read-only)");
    expect(readOnly).not.toContain("Advance clock");
    await refused("/console/clock", { action: "advance", amount: "1", unit: "days" }, "This console shows the system clock, which cannot be moved. Start kms-sim with --clock manual to travel in time.");
  });

  it("answers a POST to no action with 404 and changes nothing", async () => {
    const keyId = await newKeyId(kms);
    const before = state();
    for (const path of [`/console/keys/${keyId}/constructor`, `/console/keys/${keyId}/__proto__`, "/console/nothing"]) {
      expect((await post(path, {})).status).toBe(404);
    }
    expect(state()).toBe(before);
  });
});
