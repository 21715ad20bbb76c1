/**
 * How the console writes values: instants in UTC (`2026-04-01 00:00:00 UTC`, never the host's
 * zone), and AWS enum values in the words of AWS's console.
 */
import { html, type Html } from "./html.js";

/** `2026-04-01 00:00:00 UTC`. */
export function formatInstant(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** A `<time>` element with the ISO instant as its machine-readable value. */
export function time(date: Date | undefined): Html {
  return date === undefined ? html`<span class="none">-</span>` : html`<time datetime="${date.toISOString()}">${formatInstant(date)}</time>`;
}

const KEY_STATES: Record<string, string> = {
  Enabled: "Enabled",
  Disabled: "Disabled",
  PendingDeletion: "Pending deletion",
  PendingImport: "Pending import",
  PendingReplicaDeletion: "Pending replica deletion",
  Unavailable: "Unavailable",
  Creating: "Creating",
  Updating: "Updating",
};

/** AWS's console words for a key state. */
export function keyStateLabel(state: string | undefined): string {
  return state === undefined ? "-" : (KEY_STATES[state] ?? state);
}

/** `Automatic` / `On-demand`. */
export function rotationTypeLabel(type: string | undefined): string {
  return type === "AUTOMATIC" ? "Automatic" : type === "ON_DEMAND" ? "On-demand" : "-";
}

/** `Current` / `Non-current` / `Pending rotation`. */
export function materialStateLabel(state: string | undefined): string {
  if (state === "CURRENT") return "Current";
  if (state === "NON_CURRENT") return "Non-current";
  if (state === "PENDING_ROTATION") return "Pending rotation";
  return state ?? "-";
}

/** `Imported` / `Pending import`. */
export function importStateLabel(state: string | undefined): string {
  return state === "IMPORTED" ? "Imported" : state === "PENDING_IMPORT" ? "Pending import" : "-";
}
