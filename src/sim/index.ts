/**
 * `kms-sim/sim`: the simulation kit, portable and built on the public `Kms` API only: the audit
 * trail (`lookupEvents`), usage of backing keys (`keyUsage`, `deletionImpact`), what-if forks
 * (`fork`, `diff`), rotation timelines as data and SVG (`rotationTimeline`, `renderTimelineSvg`),
 * and compliance over time (`evaluateRotationCompliance`, `rotationComplianceSeries`).
 *
 * @module kms-sim/sim
 */
export {
  lookupEvents,
  type LookupAttribute,
  type LookupAttributeKey,
  type LookupEventResource,
  type LookupEventsEvent,
  type LookupEventsRequest,
  type LookupEventsResponse,
} from "./lookup-events.js";
export {
  InvalidLookupAttributesException,
  InvalidMaxResultsException,
  InvalidNextTokenException,
  InvalidTimeRangeException,
} from "./cloudtrail-errors.js";
export {
  rotationTimeline,
  type KeyMaterialBeginning,
  type RotationTimeline,
  type TimelineAutomaticRotation,
  type TimelineKeyMaterial,
} from "./timeline.js";
export { escapeXml, renderTimelineSvg, type TimelineSvgOptions } from "./timeline-svg.js";
export { deletionImpact, keyUsage, type BackingKeyImpact, type BackingKeyUsage, type DeletionImpact, type KeyUsageResult } from "./usage.js";
export { fork } from "./fork.js";
export { diff, type KeyDifference, type KmsDiff } from "./diff.js";
export {
  evaluateRotationCompliance,
  type ComplianceType,
  type KeyRotationCompliance,
  type RotationComplianceOptions,
} from "./compliance.js";
export {
  evaluateRotationComplianceSeries,
  type ComplianceDay,
  type NonCompliantKey,
  type RotationComplianceSeries,
  type RotationComplianceSeriesOptions,
} from "./compliance-series.js";
export {
  type TimelineEvent,
  type TimelineRotationSpan,
  type TimelineStateSpan,
} from "./timeline.js";
