/**
 * The page shell every console page shares: the header (the Region selector, and the clock
 * with its controls), the navigation, and the flash message of the last action.
 */
import { AWS_REGIONS } from "../index.js";
import { html, type Html } from "./html.js";
import { formatInstant } from "./format.js";

/** The outcome of the last action, shown at the top of the page. */
export type Flash =
  | { readonly kind: "ok"; readonly message: string }
  | { readonly kind: "error"; readonly code?: string; readonly message: string; readonly prefix?: string };

/** What the shell needs besides the page's own content. */
export interface ShellContext {
  readonly now: Date;
  readonly manualClock: boolean;
  readonly region: string;
  readonly csrfToken: string;
  /** This page's path and query: forms come back here. */
  readonly here: string;
}

/** The navigation entries; `current` marks one with aria-current. */
export type Section = "customer" | "aws" | "events" | "none";

/** The hidden fields every state-changing form carries. */
export function formGuard(ctx: Pick<ShellContext, "csrfToken">, returnTo: string): Html {
  return html`<input type="hidden" name="csrf" value="${ctx.csrfToken}"><input type="hidden" name="return" value="${returnTo}">`;
}

function clockHeader(ctx: ShellContext): Html {
  const iso = ctx.now.toISOString();
  const local = iso.slice(0, 19);
  return html`<section class="clock" aria-label="Clock">
  <p>${ctx.manualClock ? "Simulated time" : "Time"} <strong><time datetime="${iso}" id="clock-now">${formatInstant(ctx.now)}</time></strong>
    ${ctx.manualClock ? "" : html`<span>(system clock, read-only)</span>`}</p>
  ${
    ctx.manualClock &&
    html`<form method="post" action="/console/clock">${formGuard(ctx, ctx.here)}
    <input type="hidden" name="action" value="advance">
    <label for="clock-amount">Amount</label>
    <input type="number" id="clock-amount" name="amount" min="1" max="10000" step="1" value="1" required>
    <label for="clock-unit">Unit</label>
    <select id="clock-unit" name="unit"><option value="days">days</option><option value="months">months</option><option value="years">years</option></select>
    <button type="submit" class="primary">Advance clock</button>
  </form>
  <form method="post" action="/console/clock">${formGuard(ctx, ctx.here)}
    <input type="hidden" name="action" value="set">
    <label for="clock-instant">Instant (UTC)</label>
    <input type="datetime-local" id="clock-instant" name="instant" step="1" value="${local}" required>
    <button type="submit">Set clock</button>
  </form>`
  }
</section>`;
}

function flashBox(flash: Flash | undefined): Html {
  if (flash === undefined) return html``;
  if (flash.kind === "ok") return html`<div class="flash ok" role="status">${flash.message}</div>`;
  return html`<div class="flash error" role="alert">${flash.prefix ? html`${flash.prefix} ` : ""}${flash.code ? html`<strong>${flash.code}</strong> ` : ""}${flash.message}</div>`;
}

/**
 * The Region selector (the seed page: "For Region, choose the appropriate AWS Region"): a form that
 * works without script; the console's script submits it as soon as a Region is chosen.
 */
function regionSelector(ctx: ShellContext): Html {
  const options = AWS_REGIONS.map((region) => html`<option value="${region}"${region === ctx.region ? html` selected` : ""}>${region}</option>`);
  return html`<form class="region" method="post" action="/console/region">
    <input type="hidden" name="csrf" value="${ctx.csrfToken}"><input type="hidden" name="return" value="${ctx.here}">
    <label for="region-select">Region</label>
    <select id="region-select" name="region" data-autosubmit>${options}</select>
    <button type="submit">Switch</button>
  </form>`;
}

/**
 * A whole page.
 * @param title the page's heading text, also in the document title
 */
export function page(ctx: ShellContext, section: Section, title: string, content: Html, flash?: Flash): Html {
  const link = (href: string, label: string, current: boolean) =>
    html`<li><a href="${href}"${current ? html` aria-current="page"` : ""}>${label}</a></li>`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} | kms-sim console</title>
<link rel="stylesheet" href="/console/assets/style.css">
<link rel="icon" href="/console/assets/icon.svg">
<script src="/console/assets/enhance.js" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top">
  <p class="brand">kms-sim <span>Key Management Service</span></p>
  ${regionSelector(ctx)}
  ${clockHeader(ctx)}
</header>
<div class="shell">
<nav class="side" aria-label="Key Management Service">
  <ul>
    ${link("/console/keys", "Customer managed keys", section === "customer")}
    ${link("/console/aws-managed-keys", "AWS managed keys", section === "aws")}
    ${link("/console/events", "Events", section === "events")}
  </ul>
</nav>
<main id="main">
${flashBox(flash)}
${content}
</main>
</div>
</body>
</html>`;
}
