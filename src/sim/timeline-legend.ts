/**
 * The timeline SVG's colours, patterns and legend: the four ways a backing key begins, the markers,
 * and what the audit trail adds (disabled and pending-deletion spans, the rotation setting, a
 * completed deletion), each shown in the legend only when the picture draws it.
 */
import type { KeyMaterialBeginning, RotationTimeline } from "./timeline.js";

const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes text for XML content and quoted attributes. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => XML_ESCAPES[char] as string);
}

/** Colours by beginning, chosen to stay apart for common colour-vision deficiencies. */
export const COLOURS: Record<KeyMaterialBeginning, { fill: string; label: string }> = {
  CREATED: { fill: "#5a6b7b", label: "Created with the key" },
  IMPORTED: { fill: "#7b4fa8", label: "Imported" },
  AUTOMATIC: { fill: "#0b6bcb", label: "Automatic rotation" },
  ON_DEMAND: { fill: "#b35c00", label: "On-demand rotation" },
};

/** Hatching for disabled spans and a red wash for pending deletion, defined once per picture. */
export const PATTERNS =
  `<defs><pattern id="kms-sim-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">` +
  `<line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-width="3"/></pattern></defs>`;

/** How a state span is drawn over the backing keys' bars (states not listed are the bars themselves). */
export const STATE_OVERLAYS: Partial<Record<string, string>> = {
  Disabled: `fill="url(#kms-sim-hatch)" fill-opacity="0.85" stroke="#414d5c" stroke-width="1"`,
  PendingDeletion: `fill="#d91515" fill-opacity="0.35" stroke="#d91515" stroke-width="1"`,
  PendingImport: `fill="none" stroke="#7b4fa8" stroke-width="2" stroke-dasharray="4 2"`,
};

type LegendKind = KeyMaterialBeginning | "Next" | "Deletion" | "Disabled" | "PendingDeletion" | "RotationOn" | "RotationOff" | "Deleted";
export interface LegendItem {
  readonly kind: LegendKind;
  readonly label: string;
  readonly width: number;
  x: number;
}

/** The legend: the four beginnings and the markers, plus what the audit trail adds when it is drawn. */
export function legendItems(timelines: readonly RotationTimeline[]): LegendItem[] {
  const kinds: [LegendKind, string][] = [
    ...(["CREATED", "IMPORTED", "AUTOMATIC", "ON_DEMAND"] as const).map((b): [LegendKind, string] => [b, COLOURS[b].label]),
    ["Next", "Next rotation"],
    ["Deletion", "Deletion"],
  ];
  const has = (test: (t: RotationTimeline) => boolean) => timelines.some(test);
  if (has((t) => (t.States ?? []).some((s) => s.KeyState === "Disabled"))) kinds.push(["Disabled", "Disabled"]);
  if (has((t) => (t.States ?? []).some((s) => s.KeyState === "PendingDeletion"))) kinds.push(["PendingDeletion", "Pending deletion"]);
  if (has((t) => t.RotationSettings !== undefined)) kinds.push(["RotationOn", "Rotation on"], ["RotationOff", "Rotation off"]);
  if (has((t) => t.DeletedDate !== undefined)) kinds.push(["Deleted", "Deleted"]);
  return kinds.map(([kind, label]) => ({ kind, label, width: 16 + label.length * 6.4 + 18, x: 0 }));
}

/** Places legend items left to right, wrapping to a new row when the width is used up. */
export function layoutLegend(items: LegendItem[], width: number, rightPad: number): LegendItem[][] {
  const rows: LegendItem[][] = [[]];
  let lx = 8;
  for (const item of items) {
    if (lx + item.width > width - rightPad && (rows[rows.length - 1] as LegendItem[]).length > 0) {
      rows.push([]);
      lx = 8;
    }
    item.x = lx;
    (rows[rows.length - 1] as LegendItem[]).push(item);
    lx += item.width;
  }
  return rows;
}

export function drawLegendItem(item: LegendItem, lx: number, ly: number): string {
  const text = `<text x="${lx + 16}" y="${ly + 1}" fill="#16191f">${escapeXml(item.label)}</text>`;
  switch (item.kind) {
    case "Next":
      return `<line x1="${lx + 6}" y1="${ly - 9}" x2="${lx + 6}" y2="${ly + 3}" stroke="#0b6bcb" stroke-width="2" stroke-dasharray="4 3"/>${text}`;
    case "Deletion":
      return `<line x1="${lx + 6}" y1="${ly - 9}" x2="${lx + 6}" y2="${ly + 3}" stroke="#d91515" stroke-width="3"/>${text}`;
    case "Disabled":
      return `<rect x="${lx}" y="${ly - 9}" width="12" height="12" fill="#5a6b7b"/><rect x="${lx}" y="${ly - 9}" width="12" height="12" ${STATE_OVERLAYS.Disabled}/>${text}`;
    case "PendingDeletion":
      return `<rect x="${lx}" y="${ly - 9}" width="12" height="12" ${STATE_OVERLAYS.PendingDeletion}/>${text}`;
    case "RotationOn":
      return `<line x1="${lx}" y1="${ly - 3}" x2="${lx + 12}" y2="${ly - 3}" stroke="#0b6bcb" stroke-width="3"/>${text}`;
    case "RotationOff":
      return `<line x1="${lx}" y1="${ly - 3}" x2="${lx + 12}" y2="${ly - 3}" stroke="#8d99a8" stroke-width="2" stroke-dasharray="2 3"/>${text}`;
    case "Deleted":
      return `<path d="M${lx} ${ly - 9}L${lx + 12} ${ly + 3}M${lx} ${ly + 3}L${lx + 12} ${ly - 9}" stroke="#d91515" stroke-width="3"/>${text}`;
    default:
      return `<rect x="${lx}" y="${ly - 9}" width="12" height="12" fill="${COLOURS[item.kind].fill}"/>${text}`;
  }
}

