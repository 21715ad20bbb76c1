/**
 * Renders rotation timelines as one self-contained SVG: no scripts, no stylesheets, no external
 * fonts or images, only presentation attributes (so it also shows inline under a strict
 * Content-Security-Policy). One lane per key on a shared UTC time axis; each backing key is a bar
 * from the instant it became current to the instant it was replaced. Every label is XML-escaped:
 * descriptions and aliases are user input.
 */
import type { RotationTimeline, TimelineKeyMaterial } from "./timeline.js";
import { COLOURS, PATTERNS, STATE_OVERLAYS, drawLegendItem, escapeXml, layoutLegend, legendItems } from "./timeline-legend.js";

export { escapeXml } from "./timeline-legend.js";

/** Options of {@link renderTimelineSvg}. */
export interface TimelineSvgOptions {
  /** The present: draws a "now" line and ends the current backing keys there. */
  readonly now?: Date;
  /** Start of the time axis (default: the earliest creation date). */
  readonly start?: Date;
  /** End of the time axis (default: the latest date shown, next rotations and deletions included). */
  readonly end?: Date;
  /** Width in pixels of the drawing (default 960, at least 720); the SVG scales with its container. */
  readonly width?: number;
  /** Accessible title (default "Rotation timeline"). */
  readonly title?: string;
}

const DAY = 86_400_000;
const LABEL_WIDTH = 220;
const RIGHT_PAD = 24;
const TOP = 28;
const LANE = 46;
const BAR_HEIGHT = 20;
const AXIS = 34;
const LEGEND = 30;
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif"';

/** `2026-04-01`: UTC, independent of the host zone. */
function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

/** The lane label: the first alias, else the description, else the key id. */
function laneLabel(timeline: RotationTimeline): string {
  return timeline.Aliases[0] ?? (timeline.Description !== "" ? timeline.Description : timeline.KeyId);
}

/** Month-aligned ticks (UTC), about ten across the axis. */
function ticks(from: number, to: number): { at: number; label: string }[] {
  const spanMonths = (to - from) / (30.44 * DAY);
  const step = [1, 2, 3, 6, 12, 24, 60, 120, 240].find((months) => spanMonths / months <= 10) ?? 480;
  const first = new Date(from);
  let year = first.getUTCFullYear();
  let month = Math.ceil(first.getUTCMonth() / step) * step;
  if (step >= 12) {
    month = 0;
    year = Math.ceil(year / (step / 12)) * (step / 12);
  }
  const result: { at: number; label: string }[] = [];
  for (let i = 0; i < 200; i++) {
    const at = Date.UTC(year, month + i * step, 1);
    if (at > to) break;
    if (at < from) continue;
    const d = new Date(at);
    result.push({ at, label: step >= 12 ? String(d.getUTCFullYear()) : d.toISOString().slice(0, 7) });
  }
  return result;
}

/** The instants a set of timelines spans: creations to the latest known or scheduled date. */
function extent(timelines: readonly RotationTimeline[], options: TimelineSvgOptions): { from: number; to: number } {
  const instants: number[] = [];
  for (const t of timelines) {
    instants.push(t.CreationDate.getTime());
    if (t.DeletionDate) instants.push(t.DeletionDate.getTime());
    if (t.DeletedDate) instants.push(t.DeletedDate.getTime());
    if (t.AutomaticRotation?.NextRotationDate) instants.push(t.AutomaticRotation.NextRotationDate.getTime());
    for (const m of t.KeyMaterials) {
      if (m.StartDate) instants.push(m.StartDate.getTime());
      if (m.ValidTo) instants.push(m.ValidTo.getTime());
    }
  }
  if (options.now) instants.push(options.now.getTime());
  const from = options.start?.getTime() ?? (instants.length > 0 ? Math.min(...instants) : 0);
  let to = options.end?.getTime() ?? (instants.length > 0 ? Math.max(...instants) : from + 365 * DAY);
  if (options.end === undefined) to += Math.max((to - from) * 0.04, 7 * DAY);
  if (to <= from) to = from + 30 * DAY;
  return { from, to };
}

function materialTitle(m: TimelineKeyMaterial): string {
  const parts = [`Key material ${m.KeyMaterialId}`, COLOURS[m.Began].label];
  if (m.StartDate) parts.push(`current from ${isoDay(m.StartDate.getTime())}`);
  if (m.EndDate) parts.push(`until ${isoDay(m.EndDate.getTime())}`);
  if (m.KeyMaterialState === "PENDING_ROTATION") parts.push("pending rotation");
  if (m.ImportState === "PENDING_IMPORT") parts.push("material not in KMS (pending import)");
  if (m.ValidTo) parts.push(`expires ${isoDay(m.ValidTo.getTime())}`);
  return parts.join(", ");
}

/**
 * Draws one or many timelines on a shared time axis.
 * @param timelineOrTimelines from `rotationTimeline` (one key or many)
 * @param options present instant, axis bounds, width, title
 * @returns an SVG document as a string, starting with `<svg`
 * @example
 * ```ts
 * import { createKms } from "kms-sim";
 * import { rotationTimeline, renderTimelineSvg } from "kms-sim/sim";
 * const kms = createKms();
 * const { KeyMetadata } = await kms.createKey({ Description: "<orders>" });
 * const svg = renderTimelineSvg(await rotationTimeline(kms, KeyMetadata!.KeyId));
 * svg.startsWith("<svg"); //=> true
 * svg.includes("&lt;orders&gt;"); //=> true
 * ```
 */
export function renderTimelineSvg(timelineOrTimelines: RotationTimeline | readonly RotationTimeline[], options: TimelineSvgOptions = {}): string {
  const timelines: readonly RotationTimeline[] = Array.isArray(timelineOrTimelines) ? timelineOrTimelines : [timelineOrTimelines as RotationTimeline];
  const width = Math.max(720, Math.round(options.width ?? 960));
  const legend = legendItems(timelines);
  const legendRows = layoutLegend(legend, width, RIGHT_PAD);
  const height = TOP + timelines.length * LANE + AXIS + LEGEND * legendRows.length;
  const { from, to } = extent(timelines, options);
  const plot = width - LABEL_WIDTH - RIGHT_PAD;
  const x = (ms: number): number => LABEL_WIDTH + ((Math.min(Math.max(ms, from), to) - from) / (to - from)) * plot;
  const px = (n: number): string => n.toFixed(1);
  const title = options.title ?? "Rotation timeline";
  const now = options.now?.getTime();
  const out: string[] = [];

  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(title)}" ${FONT} font-size="12">`,
    `<title>${escapeXml(title)}</title>`,
  );
  if (legend.some((item) => item.kind === "Disabled" || item.kind === "PendingDeletion")) out.push(PATTERNS);
  out.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`);

  // Grid and axis labels.
  const axisY = TOP + timelines.length * LANE;
  for (const tick of ticks(from, to)) {
    const tx = px(x(tick.at));
    out.push(`<line x1="${tx}" y1="${TOP - 6}" x2="${tx}" y2="${axisY}" stroke="#d5dbe1" stroke-width="1"/>`);
    out.push(`<text x="${tx}" y="${axisY + 16}" text-anchor="middle" fill="#414d5c">${escapeXml(tick.label)}</text>`);
  }
  out.push(`<line x1="${LABEL_WIDTH}" y1="${axisY}" x2="${width - RIGHT_PAD}" y2="${axisY}" stroke="#414d5c" stroke-width="1"/>`);

  timelines.forEach((t, lane) => {
    const top = TOP + lane * LANE;
    const barY = top + (LANE - BAR_HEIGHT) / 2;
    const label = laneLabel(t);
    out.push(`<g>`, `<title>${escapeXml(`${label} (${t.KeyId}), ${t.DeletedDate ? "deleted" : t.KeyState}`)}</title>`);
    out.push(`<text x="8" y="${px(barY + 10)}" fill="#16191f" font-weight="600">${escapeXml(truncate(label, 30))}</text>`);
    out.push(`<text x="8" y="${px(barY + 24)}" fill="#414d5c" font-size="10">${escapeXml(`${t.KeyId.slice(0, 8)}… ${t.DeletedDate ? `Deleted ${isoDay(t.DeletedDate.getTime())}` : t.KeyState}${t.KeyManager === "AWS" ? ", AWS managed" : ""}`)}</text>`);
    for (const m of t.KeyMaterials) {
      if (!m.StartDate) continue;
      const start = m.StartDate.getTime();
      const end = m.EndDate?.getTime() ?? now ?? to;
      const x1 = x(start);
      const x2 = Math.max(x(end), x1 + 2);
      const missing = m.ImportState === "PENDING_IMPORT";
      out.push(
        `<g><title>${escapeXml(materialTitle(m))}</title>`,
        `<rect x="${px(x1)}" y="${px(barY)}" width="${px(x2 - x1)}" height="${BAR_HEIGHT}" fill="${missing ? "#ffffff" : COLOURS[m.Began].fill}" stroke="#ffffff" stroke-width="1"${missing ? ` stroke-dasharray="3 2"` : ""}/>`,
      );
      if (missing) out.push(`<rect x="${px(x1)}" y="${px(barY)}" width="${px(x2 - x1)}" height="${BAR_HEIGHT}" fill="none" stroke="${COLOURS[m.Began].fill}" stroke-dasharray="3 2"/>`);
      if (x2 - x1 > 64) {
        out.push(`<text x="${px(x1 + 4)}" y="${px(barY + 14)}" fill="${missing ? "#16191f" : "#ffffff"}" font-size="10">${escapeXml(m.KeyMaterialId.slice(0, 8))}</text>`);
      }
      out.push(`</g>`);
    }
    const laneEnd = t.DeletedDate?.getTime() ?? now ?? to;
    for (const span of t.States ?? []) {
      const overlay = STATE_OVERLAYS[span.KeyState];
      if (overlay === undefined) continue;
      const x1 = x(span.StartDate.getTime());
      const x2 = Math.max(x(span.EndDate?.getTime() ?? laneEnd), x1 + 2);
      const until = span.EndDate ? ` until ${isoDay(span.EndDate.getTime())}` : "";
      out.push(
        `<g><title>${escapeXml(`${span.KeyState} from ${isoDay(span.StartDate.getTime())}${until}`)}</title>`,
        `<rect x="${px(x1)}" y="${px(barY)}" width="${px(x2 - x1)}" height="${BAR_HEIGHT}" ${overlay}/>`,
        `</g>`,
      );
    }
    for (const span of t.RotationSettings ?? []) {
      const x1 = x(span.StartDate.getTime());
      const x2 = Math.max(x(span.EndDate?.getTime() ?? laneEnd), x1 + 1);
      const y = px(barY + BAR_HEIGHT + 4);
      const until = span.EndDate ? ` until ${isoDay(span.EndDate.getTime())}` : "";
      const what = span.Enabled ? `Automatic rotation on${span.RotationPeriodInDays ? `, every ${span.RotationPeriodInDays} days` : ""}` : "Automatic rotation off";
      out.push(
        `<g><title>${escapeXml(`${what}, from ${isoDay(span.StartDate.getTime())}${until}`)}</title>`,
        span.Enabled
          ? `<line x1="${px(x1)}" y1="${y}" x2="${px(x2)}" y2="${y}" stroke="#0b6bcb" stroke-width="3"/>`
          : `<line x1="${px(x1)}" y1="${y}" x2="${px(x2)}" y2="${y}" stroke="#8d99a8" stroke-width="2" stroke-dasharray="2 3"/>`,
        `</g>`,
      );
    }
    if (t.DeletionScheduledDate) {
      const sx = px(x(t.DeletionScheduledDate.getTime()));
      out.push(
        `<g><title>${escapeXml(`Deletion scheduled ${isoDay(t.DeletionScheduledDate.getTime())}`)}</title>`,
        `<line x1="${sx}" y1="${px(barY - 6)}" x2="${sx}" y2="${px(barY)}" stroke="#d91515" stroke-width="2"/>`,
        `</g>`,
      );
    }
    const next = t.DeletedDate === undefined ? t.AutomaticRotation?.NextRotationDate : undefined;
    if (next) {
      const nx = px(x(next.getTime()));
      out.push(
        `<g><title>${escapeXml(`Next automatic rotation ${isoDay(next.getTime())}`)}</title>`,
        `<line x1="${nx}" y1="${px(barY - 4)}" x2="${nx}" y2="${px(barY + BAR_HEIGHT + 4)}" stroke="#0b6bcb" stroke-width="2" stroke-dasharray="4 3"/>`,
        `</g>`,
      );
    }
    if (t.DeletedDate) {
      const dx = x(t.DeletedDate.getTime());
      const cy = barY + BAR_HEIGHT / 2;
      out.push(
        `<g><title>${escapeXml(`Deleted ${isoDay(t.DeletedDate.getTime())}`)}</title>`,
        `<path d="M${px(dx - 6)} ${px(cy - 6)}L${px(dx + 6)} ${px(cy + 6)}M${px(dx - 6)} ${px(cy + 6)}L${px(dx + 6)} ${px(cy - 6)}" stroke="#d91515" stroke-width="3"/>`,
        `</g>`,
      );
    } else if (t.DeletionDate) {
      const dx = px(x(t.DeletionDate.getTime()));
      out.push(
        `<g><title>${escapeXml(`Scheduled deletion ${isoDay(t.DeletionDate.getTime())}`)}</title>`,
        `<line x1="${dx}" y1="${px(barY - 6)}" x2="${dx}" y2="${px(barY + BAR_HEIGHT + 6)}" stroke="#d91515" stroke-width="3"/>`,
        `</g>`,
      );
    }
    out.push(`</g>`);
  });

  if (now !== undefined) {
    const nx = px(x(now));
    out.push(
      `<g><title>${escapeXml(`Now ${new Date(now).toISOString()}`)}</title>`,
      `<line x1="${nx}" y1="${TOP - 10}" x2="${nx}" y2="${axisY}" stroke="#16191f" stroke-width="1.5"/>`,
      `<text x="${nx}" y="${TOP - 14}" text-anchor="middle" fill="#16191f" font-size="11">now</text>`,
      `</g>`,
    );
  }

  // Legend, in as many rows as the width needs.
  legendRows.forEach((row, r) => {
    const ly = axisY + AXIS + r * LEGEND;
    for (const item of row) out.push(drawLegendItem(item, item.x, ly));
  });
  out.push(`</svg>`);
  return out.join("");
}
