/**
 * The console's pages by path: what a GET renders, and what a refused action renders again (the
 * page its form was on, with AWS's exception at the top).
 */
import { isKmsError, type Kms } from "../index.js";
import { renderTimelineSvg, rotationTimeline } from "../sim/index.js";
import { awsManagedKeys, customerManagedKeys, KeyManagers, type KeyQuery } from "./directory.js";
import { html, type Html } from "./html.js";
import { page, type Flash, type Section, type ShellContext } from "./layout.js";
import type { ConsoleOptions } from "./options.js";
import { EVENTS_PER_PAGE, eventsPage } from "./pages/events.js";
import { AWS_MANAGED_REASON, keyDetailsPage, loadKeyDetails, tabsFor, type KeyDetailsView } from "./pages/key-details.js";
import { awsKeysPage, customerKeysPage, PAGE_SIZES } from "./pages/key-list.js";
import { rotationEditPage } from "./pages/rotation-edit.js";

/** A rendered answer: a page, or another kind of document. */
export type View =
  | { readonly kind: "page"; readonly status: number; readonly body: Html }
  | { readonly kind: "document"; readonly status: number; readonly contentType: string; readonly body: string };

/** Success messages, by the code an action puts in `?notice=` (only fixed text reaches the page). */
export const NOTICES: Readonly<Record<string, string>> = {
  "key-created": "Key created.",
  "key-enabled": "Key enabled.",
  "key-disabled": "Key disabled.",
  "deletion-scheduled": "Key deletion scheduled.",
  "deletion-cancelled": "Key deletion cancelled. The key is disabled; enable it to use it again.",
  "rotation-saved": "Automatic key rotation saved.",
  "rotated": "On-demand rotation requested.",
  "alias-created": "Alias created.",
  "alias-deleted": "Alias deleted.",
  "grant-revoked": "Grant revoked.",
  "tag-added": "Tag saved.",
  "tag-removed": "Tag removed.",
  "description-saved": "Description saved.",
  "clock-moved": "Clock moved; everything that fell due has happened.",
};

const KEY_PAGE = /^\/console\/keys\/([^/]+)$/;
const KEY_ROTATION_PAGE = /^\/console\/keys\/([^/]+)\/rotation$/;
const KEY_TIMELINE = /^\/console\/keys\/([^/]+)\/timeline\.svg$/;

/** Renders pages for one console. */
export class Views {
  readonly options: ConsoleOptions;
  readonly #managers = new KeyManagers();
  /** The Region this console's pages show (the handler makes one Views per Region). */
  readonly #region: string;

  constructor(options: ConsoleOptions & { readonly region: string }) {
    this.options = options;
    this.#region = options.region;
  }

  get kms(): Kms {
    return this.options.kms;
  }

  async shell(here: string): Promise<ShellContext> {
    return {
      now: this.options.clock.now(),
      manualClock: this.options.clockControl !== undefined,
      region: this.#region,
      csrfToken: this.options.csrfToken,
      here,
    };
  }

  async #page(here: string, section: Section, title: string, content: (ctx: ShellContext) => Html | Promise<Html>, flash: Flash | undefined, status = 200): Promise<View> {
    const ctx = await this.shell(here);
    return { kind: "page", status, body: page(ctx, section, title, await content(ctx), flash) };
  }

  /** A page that explains a problem (unknown path, missing key). */
  async problem(here: string, status: number, title: string, flash: Flash): Promise<View> {
    return this.#page(here, "none", title, () => html`<h1>${title}</h1><p><a href="/console/keys">Customer managed keys</a></p>`, flash, status);
  }

  /**
   * Renders the page at `path` (`search` is its query). `flash` overrides the `?notice=` message;
   * `status` is the HTTP status to answer with (a refused action re-renders with 4xx).
   */
  async render(path: string, search: URLSearchParams, flash?: Flash, status = 200): Promise<View> {
    const notice = NOTICES[search.get("notice") ?? ""];
    const shown: Flash | undefined = flash ?? (notice === undefined ? undefined : { kind: "ok", message: notice });
    const here = hereOf(path, search);
    try {
      if (path === "/" || path === "/console" || path === "/console/" || path === "/console/keys") {
        const query = keyQuery(search);
        const result = await customerManagedKeys(this.kms, this.#managers, query);
        return this.#page(here, "customer", "Customer managed keys", (ctx) => customerKeysPage(ctx, query, result), shown, status);
      }
      if (path === "/console/aws-managed-keys") {
        const query = keyQuery(search);
        const result = await awsManagedKeys(this.kms, this.#managers, query);
        return this.#page(here, "aws", "AWS managed keys", () => awsKeysPage(query, result), shown, status);
      }
      if (path === "/console/events") {
        const pageNumber = positiveInt(search.get("page"), 1);
        const result = await this.options.events?.page({ offset: (pageNumber - 1) * EVENTS_PER_PAGE, limit: EVENTS_PER_PAGE });
        return this.#page(here, "events", "Events", (ctx) => eventsPage(result, pageNumber, ctx.region), shown, status);
      }
      let match = KEY_PAGE.exec(path);
      if (match) {
        const details = await loadKeyDetails(this.kms, decodeURIComponent(match[1] as string), search.get("tab"));
        const tabs = tabsFor(details.timeline.KeySpec);
        const tab = (tabs.find((t) => t.id === search.get("tab")) ?? (tabs[0] as (typeof tabs)[number])).id;
        const dialogParam = search.get("dialog");
        const dialog: KeyDetailsView["dialog"] = dialogParam === "rotate-now" || dialogParam === "schedule-deletion" ? dialogParam : undefined;
        const section = details.timeline.KeyManager === "AWS" ? "aws" : "customer";
        const title = details.timeline.Aliases[0] ?? details.timeline.KeyId;
        const view = { tab, dialog, onDemandRotationLimit: this.options.onDemandRotationLimit ?? 25 };
        return this.#page(here, section, title, (ctx) => keyDetailsPage(details, ctx, view), shown, status);
      }
      match = KEY_ROTATION_PAGE.exec(path);
      if (match) {
        const timeline = await rotationTimeline(this.kms, decodeURIComponent(match[1] as string));
        if (timeline.KeyManager === "AWS") {
          return this.render(`/console/keys/${encodeURIComponent(timeline.KeyId)}`, new URLSearchParams("tab=rotations"), { kind: "error", message: AWS_MANAGED_REASON }, 403);
        }
        return this.#page(here, "customer", "Edit automatic key rotation", (ctx) => rotationEditPage(timeline, ctx), shown, status);
      }
      match = KEY_TIMELINE.exec(path);
      if (match) {
        const timeline = await rotationTimeline(this.kms, decodeURIComponent(match[1] as string));
        const svg = renderTimelineSvg(timeline, { now: this.options.clock.now(), title: `Rotation timeline of ${timeline.Aliases[0] ?? timeline.KeyId}` });
        return { kind: "document", status: 200, contentType: "image/svg+xml; charset=utf-8", body: svg };
      }
      return this.problem(here, 404, "Page not found", { kind: "error", message: "The console has no page at this address." });
    } catch (error) {
      if (!isKmsError(error)) throw error;
      // A key that does not exist (or an identifier KMS refuses): AWS's exception, on a page.
      const code = error.name === "NotFoundException" ? 404 : error.$fault === "server" ? 500 : 400;
      return this.problem(here, code, "Key not available", { kind: "error", code: error.name, message: error.message });
    }
  }
}

/** The page's own address, without the one-time parts (`notice`, `dialog`). */
export function hereOf(path: string, search: URLSearchParams): string {
  const kept = new URLSearchParams();
  search.forEach((value, name) => {
    if (name !== "notice" && name !== "dialog") kept.append(name, value);
  });
  const query = kept.toString();
  return query === "" ? path : `${path}?${query}`;
}

function positiveInt(value: string | null, fallback: number): number {
  if (value === null || !/^\d{1,6}$/.test(value)) return fallback;
  const n = Number(value);
  return n >= 1 ? n : fallback;
}

function keyQuery(search: URLSearchParams): KeyQuery {
  const size = positiveInt(search.get("size"), 25);
  return {
    filter: (search.get("filter") ?? "").trim().slice(0, 256),
    page: positiveInt(search.get("page"), 1),
    size: PAGE_SIZES.includes(size) ? size : 25,
  };
}
