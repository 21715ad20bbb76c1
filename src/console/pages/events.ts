/**
 * The **Events** page: the EventBridge-shaped events the KMS emitted (KMS CMK Rotation, KMS CMK
 * Deletion, KMS Imported Key Material Expiration), newest first, paged. The list is the account's,
 * every Region's events in time order, each with its Region; a key links to its details only in the
 * Region the console shows (a replica has its primary's key id, so a link to an event of another
 * Region would open a different key).
 */
import type { KmsEvent } from "../../index.js";
import { html, type Html } from "../html.js";
import { time } from "../format.js";
import type { ConsoleEventPage } from "../options.js";

/** Events per page. */
export const EVENTS_PER_PAGE = 50;

function details(event: KmsEvent): Html {
  switch (event["detail-type"]) {
    case "KMS CMK Rotation": {
      const d = event.detail;
      const type = d["rotation-type"] === "AUTOMATIC" ? "Automatic" : "On-demand";
      return html`${type} rotation (${d["key-origin"]}): key material <span class="id">${d["previous-key-material-id"].slice(0, 12)}…</span> → <span class="id">${d["current-key-material-id"].slice(0, 12)}…</span>`;
    }
    case "KMS CMK Deletion":
      return html`The waiting period ended; the key was deleted.`;
    case "KMS Imported Key Material Expiration":
      return html`Imported key material <span class="id">${event.detail["key-material-id"].slice(0, 12)}…</span> expired and was deleted.`;
  }
}

/**
 * The events page's content; `result` undefined when the host keeps no event list.
 * @param region the Region the console shows
 */
export function eventsPage(result: ConsoleEventPage | undefined, page: number, region: string): Html {
  if (result === undefined) {
    return html`<h1>Events</h1><p>This console was started without an event list: the host did not pass <code>events</code>.</p>`;
  }
  const pages = Math.max(1, Math.ceil(result.total / EVENTS_PER_PAGE));
  return html`<h1>Events</h1>
<p>${result.total} ${result.total === 1 ? "event" : "events"}, newest first.</p>
<table>
<caption>Events, page ${page} of ${pages}</caption>
<thead><tr><th scope="col">Time</th><th scope="col">Event</th><th scope="col">Region</th><th scope="col">Key</th><th scope="col">Details</th></tr></thead>
<tbody>${
    result.events.length === 0
      ? html`<tr><td colspan="5">No events${page > 1 ? " on this page" : " yet"}.</td></tr>`
      : result.events.map((event) => {
          const keyId = event.detail["key-id"];
          const linked = event["detail-type"] !== "KMS CMK Deletion" && event.region === region;
          const link = linked ? html`<a class="id" href="/console/keys/${encodeURIComponent(keyId)}">${keyId}</a>` : html`<span class="id">${keyId}</span>`;
          return html`<tr><td>${time(new Date(event.time))}</td><td>${event["detail-type"]}</td><td class="nowrap">${event.region}</td><td>${link}</td><td>${details(event)}</td></tr>`;
        })
  }</tbody>
</table>
<nav class="pager" aria-label="Pages">
  ${page > 1 ? html`<a href="/console/events${page - 1 > 1 ? `?page=${page - 1}` : ""}" rel="prev">Newer events</a>` : ""}
  <span>Page ${page} of ${pages}</span>
  ${page < pages ? html`<a href="/console/events?page=${page + 1}" rel="next">Older events</a>` : ""}
</nav>`;
}
