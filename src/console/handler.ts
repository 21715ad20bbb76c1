/**
 * `createConsoleHandler`: the web console as a WHATWG fetch handler over a `Kms`. It checks every
 * request (Host; for POST also Origin and the CSRF token) before touching the KMS, answers GETs with
 * server-rendered pages, runs POSTed forms as KMS operations and then redirects (303) to the next
 * page, or renders the form's page again with AWS's exception when the KMS refused.
 */
import { isKmsError, isModelledRegion, type Kms } from "../index.js";
import { actionFor, ConsoleInputError, PartialSuccessError } from "./actions.js";
import { ENHANCE_SCRIPT } from "./assets/enhance-script.js";
import { ICON_SVG, STYLESHEET } from "./assets/stylesheet.js";
import { html } from "./html.js";
import type { Flash } from "./layout.js";
import type { ConsoleOptions } from "./options.js";
import { isAllowedHost, isSameOrigin, localReturnPath, LOOPBACK_HOSTS, securityHeaders, tokenMatches } from "./security.js";
import { Views, type View } from "./views.js";

/** Largest form body the console reads (its forms send well under 20 KiB). */
export const MAX_FORM_BYTES = 64 * 1024;

/** Paths the console serves; a host routes these to the handler (`/` for GET and HEAD only). */
export function isConsolePath(path: string): boolean {
  return path === "/" || path === "/favicon.ico" || path === "/console" || path.startsWith("/console/");
}

const ASSETS: Readonly<Record<string, { type: string; body: string }>> = {
  "/console/assets/style.css": { type: "text/css; charset=utf-8", body: STYLESHEET },
  "/console/assets/enhance.js": { type: "text/javascript; charset=utf-8", body: ENHANCE_SCRIPT },
  "/console/assets/icon.svg": { type: "image/svg+xml; charset=utf-8", body: ICON_SVG },
  // Browsers ask for it on documents without an icon link (the timeline SVG).
  "/favicon.ico": { type: "image/svg+xml; charset=utf-8", body: ICON_SVG },
};

function respond(status: number, contentType: string, body: string, extra: Record<string, string> = {}, head = false): Response {
  return new Response(head ? null : body, {
    status,
    headers: { "content-type": contentType, "cache-control": "no-store", ...securityHeaders(), ...extra },
  });
}

function fromView(view: View, head: boolean): Response {
  return view.kind === "page"
    ? respond(view.status, "text/html; charset=utf-8", view.body.toString(), {}, head)
    : respond(view.status, view.contentType, view.body, {}, head);
}

/** A bare page for refusals, rendered without touching the KMS. */
function refusal(status: number, title: string, message: string): Response {
  const body = html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} | kms-sim console</title>
<link rel="stylesheet" href="/console/assets/style.css"><link rel="icon" href="/console/assets/icon.svg"></head>
<body><main id="main"><h1>${title}</h1><div class="flash error" role="alert">${message}</div>
<p><a href="/console/keys">Back to the console</a></p></main></body></html>`;
  return respond(status, "text/html; charset=utf-8", body.toString());
}

async function readForm(request: Request): Promise<URLSearchParams | undefined> {
  if (Number(request.headers.get("content-length") ?? "0") > MAX_FORM_BYTES) return undefined;
  const text = await request.text();
  return text.length > MAX_FORM_BYTES ? undefined : new URLSearchParams(text);
}

/** The console's Region cookie. */
const REGION_COOKIE = "kms-sim-region";

/** The Region a request's cookie names, if any. */
function regionCookie(header: string | null): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [name, value] = part.trim().split("=");
    if (name === REGION_COOKIE && value !== undefined) return value;
  }
  return undefined;
}

/**
 * POST /console/region: remembers the chosen Region (a cookie of this console only) and goes back
 * to the page the selector was on; a name that is no Region of partition aws changes nothing.
 */
function chooseRegion(region: string | null, returnTo: string): Response {
  if (region === null || !isModelledRegion(region)) {
    return refusal(400, "Unknown Region", "The console shows the Regions of partition aws only. Nothing was changed.");
  }
  return new Response(null, {
    status: 303,
    headers: {
      location: returnTo,
      "set-cookie": `${REGION_COOKIE}=${region}; Path=/; SameSite=Strict; HttpOnly`,
      "cache-control": "no-store",
      ...securityHeaders(),
    },
  });
}

/** The flash for a refused action; rethrows what is neither a KMS nor a console refusal. */
function refusedFlash(error: unknown): { flash: Flash; status: number } {
  if (isKmsError(error)) return { flash: { kind: "error", code: error.name, message: error.message }, status: error.$fault === "server" ? 500 : 400 };
  if (error instanceof ConsoleInputError) return { flash: { kind: "error", message: error.message }, status: 400 };
  throw error;
}

/**
 * Makes the console.
 * @param options the KMS, its clock (and controls for a manual one), the event list, the CSRF token,
 *   the after-change hook, the allowed Host names and the Region
 * @returns a fetch handler for `GET /` and everything under `/console/`
 * @throws {RangeError} when `csrfToken` is shorter than 16 characters
 * @example Mount it in any fetch runtime
 * ```ts
 * import { createKms } from "kms-sim";
 * import { createConsoleHandler } from "kms-sim/console";
 * const kms = createKms();
 * const handle = createConsoleHandler({ kms, clock: { now: () => new Date() }, csrfToken: crypto.randomUUID() });
 * const page = await handle(new Request("http://127.0.0.1:8000/"));
 * page.status; //=> 200
 * // Deno.serve({ hostname: "127.0.0.1", port: 8000 }, handle);
 * ```
 */
export function createConsoleHandler(options: ConsoleOptions): (request: Request) => Promise<Response> {
  if (typeof options.csrfToken !== "string" || options.csrfToken.length < 16) {
    throw new RangeError("csrfToken must be a secret of at least 16 characters, fresh for each server");
  }
  const allowed = options.allowedHosts ?? LOOPBACK_HOSTS;
  // The Region selector: the console shows one Region of the account at a time, the one in its
  // cookie (set by POST /console/region), else the Region of the KMS it was given.
  const home = options.region ?? options.kms.region;
  const viewsByRegion = new Map<string, Views>();
  const kmsIn = (region: string): Kms => (region === options.kms.region ? options.kms : options.kms.inRegion(region));
  const viewsFor = (region: string): Views => {
    let views = viewsByRegion.get(region);
    if (views === undefined) viewsByRegion.set(region, (views = new Views({ ...options, kms: kmsIn(region), region })));
    return views;
  };
  const regionOf = (request: Request): string => {
    const chosen = regionCookie(request.headers.get("cookie"));
    return chosen !== undefined && isModelledRegion(chosen) ? chosen : home;
  };

  const post = async (request: Request, url: URL): Promise<Response> => {
    if (!isSameOrigin(request, url)) return refusal(403, "Forbidden", "The request did not come from this console (its Origin is missing or another site's). Nothing was changed.");
    const form = await readForm(request);
    if (form === undefined) return refusal(413, "Request too large", `Console forms are at most ${MAX_FORM_BYTES} bytes. Nothing was changed.`);
    if (!tokenMatches(form.get("csrf"), options.csrfToken)) {
      return refusal(403, "Forbidden", "The form's CSRF token is missing or wrong (reload the page and try again). Nothing was changed.");
    }
    const returnTo = localReturnPath(form.get("return")) ?? "/console/keys";
    if (url.pathname === "/console/region") return chooseRegion(form.get("region"), returnTo);
    const action = actionFor(url.pathname);
    if (action === undefined) return refusal(404, "Not found", "The console has no action at this address. Nothing was changed.");
    const region = regionOf(request);
    const views = viewsFor(region);
    try {
      const result = await action({ kms: kmsIn(region), form, returnTo, clockControl: options.clockControl });
      await options.afterChange?.();
      const next = new URL(result.next, "http://base.invalid");
      next.searchParams.delete("dialog");
      next.searchParams.set("notice", result.notice);
      return new Response(null, { status: 303, headers: { location: next.pathname + next.search, "cache-control": "no-store", ...securityHeaders() } });
    } catch (error) {
      await options.afterChange?.();
      const partial = error instanceof PartialSuccessError ? error : undefined;
      const { flash, status } = refusedFlash(partial ? partial.cause : error);
      const shown = partial ? { ...flash, prefix: partial.prefix } : flash;
      const back = new URL(partial ? partial.next : returnTo, "http://base.invalid");
      return fromView(await views.render(back.pathname, back.searchParams, shown, status), false);
    }
  };

  return async (request) => {
    try {
      const url = new URL(request.url);
      if (!isAllowedHost(url, allowed)) {
        return refusal(403, "Forbidden", "This console answers only to the host names it was started for (DNS rebinding protection).");
      }
      if (request.method === "POST") return await post(request, url);
      if (request.method !== "GET" && request.method !== "HEAD") {
        return refusal(405, "Method not allowed", "The console answers GET, HEAD and POST.");
      }
      const head = request.method === "HEAD";
      const asset = ASSETS[url.pathname];
      if (asset) return respond(200, asset.type, asset.body, { "cache-control": "no-cache" }, head);
      return fromView(await viewsFor(regionOf(request)).render(url.pathname, url.searchParams), head);
    } catch {
      // A bug in kms-sim: say so without echoing internals (they could hold secrets).
      return refusal(500, "Console error", "kms-sim failed to render this page. Nothing more was changed.");
    }
  };
}
