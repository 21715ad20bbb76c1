/**
 * `kms-sim/sim`: the simulation kit, portable and built on the public `Kms` API only. Today:
 * rotation timelines as data (`rotationTimeline`) and as a self-contained SVG (`renderTimelineSvg`).
 *
 * @module kms-sim/sim
 */
export {
  rotationTimeline,
  type KeyMaterialBeginning,
  type RotationTimeline,
  type TimelineAutomaticRotation,
  type TimelineKeyMaterial,
} from "./timeline.js";
export { escapeXml, renderTimelineSvg, type TimelineSvgOptions } from "./timeline-svg.js";
