/**
 * `lookupEvents`: CloudTrail's LookupEvents over a KMS's audit trail (`createKms({ audit: true })`).
 * Same request and response shapes, same attributes (one at a time), same paging and errors; one
 * deliberate difference: events come oldest first (CloudTrail returns the most recent first), the
 * order a simulation replays them in.
 */
import type { AuditEvent, AuditTrail, Kms } from "../index.js";
import { InvalidLookupAttributesException, InvalidMaxResultsException, InvalidNextTokenException, InvalidTimeRangeException } from "./cloudtrail-errors.js";

/** The attributes CloudTrail can look events up by. */
export type LookupAttributeKey = "EventId" | "EventName" | "ReadOnly" | "Username" | "ResourceType" | "ResourceName" | "EventSource" | "AccessKeyId";

/** One lookup attribute. */
export interface LookupAttribute {
  /** What to look up by. */
  readonly AttributeKey: LookupAttributeKey;
  /** 1 to 2000 characters. For ResourceName: a key ARN or key id. */
  readonly AttributeValue: string;
}

/** The request of {@link lookupEvents}, as CloudTrail's LookupEvents takes it. */
export interface LookupEventsRequest {
  /** At most one attribute (CloudTrail's rule). */
  readonly LookupAttributes?: readonly LookupAttribute[] | undefined;
  /** Events at or after this instant. */
  readonly StartTime?: Date | undefined;
  /** Events at or before this instant. */
  readonly EndTime?: Date | undefined;
  /** 1 to 50 (default 50). */
  readonly MaxResults?: number | undefined;
  /** From the previous page, with the same other parameters. */
  readonly NextToken?: string | undefined;
}

/** One resource of an event. */
export interface LookupEventResource {
  /** Always `AWS::KMS::Key`. */
  readonly ResourceType: "AWS::KMS::Key";
  /** The key ARN. */
  readonly ResourceName: string;
}

/** One event, as CloudTrail's LookupEvents returns it. */
export interface LookupEventsEvent {
  /** CloudTrail's event id. */
  readonly EventId: string;
  /** The operation, or the service's own event (`RotateKey`). */
  readonly EventName: string;
  /** "true" or "false", as CloudTrail writes it. */
  readonly ReadOnly: string;
  /** The access key the request was signed with, when it came over the wire. */
  readonly AccessKeyId?: string;
  /** When the call was made (the simulated instant, to the millisecond). */
  readonly EventTime: Date;
  /** Always `kms.amazonaws.com`. */
  readonly EventSource: "kms.amazonaws.com";
  /** "root" for calls of the account's root user; absent for events of the service itself. */
  readonly Username?: string;
  /** The keys the event concerns. */
  readonly Resources: readonly LookupEventResource[];
  /** The whole CloudTrail record as JSON (errorCode, errorMessage, requestParameters, additionalEventData, ...). */
  readonly CloudTrailEvent: string;
}

/** The response of {@link lookupEvents}. */
export interface LookupEventsResponse {
  /** Oldest first. */
  readonly Events: LookupEventsEvent[];
  /** Present when more events match: pass it back with the same parameters. */
  readonly NextToken?: string;
}

const ATTRIBUTE_KEYS: readonly LookupAttributeKey[] = ["EventId", "EventName", "ReadOnly", "Username", "ResourceType", "ResourceName", "EventSource", "AccessKeyId"];

/**
 * The trail of `kms`.
 * @throws {TypeError} when the KMS keeps no trail
 */
export function requireTrail(kms: Kms): AuditTrail {
  const trail = kms.auditTrail();
  if (trail === undefined) throw new TypeError("this KMS keeps no audit trail: create it with createKms({ audit: true })");
  return trail;
}

function requireAttribute(request: LookupEventsRequest): LookupAttribute | undefined {
  const attributes = request.LookupAttributes ?? [];
  if (attributes.length > 1) throw new InvalidLookupAttributesException("You can look up events by at most one attribute.");
  const [attribute] = attributes;
  if (attribute === undefined) return undefined;
  if (!ATTRIBUTE_KEYS.includes(attribute.AttributeKey)) {
    throw new InvalidLookupAttributesException(`AttributeKey must be one of ${ATTRIBUTE_KEYS.join(", ")}; got ${String(attribute.AttributeKey)}.`);
  }
  const value = attribute.AttributeValue;
  if (typeof value !== "string" || value.length < 1 || value.length > 2000) {
    throw new InvalidLookupAttributesException("AttributeValue must be 1 to 2000 characters.");
  }
  return attribute;
}

function requireTime(name: string, value: Date | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new InvalidTimeRangeException(`${name} must be a valid Date.`);
  return value.getTime();
}

/** The key id a ResourceName names: a key ARN's id, or the value itself. */
function keyIdOf(resourceName: string): string {
  const match = /^arn:aws[a-z-]*:kms:[^:]*:\d{12}:key\/(.+)$/.exec(resourceName);
  return match?.[1] ?? resourceName;
}

/** Whether `event` matches an attribute that has no index. */
function matches(event: AuditEvent, attribute: LookupAttribute): boolean {
  const value = attribute.AttributeValue;
  switch (attribute.AttributeKey) {
    case "EventId":
      return event.eventId === value;
    case "ReadOnly":
      return String(event.readOnly) === value;
    case "Username":
      return event.username === value;
    case "ResourceType":
      return value === "AWS::KMS::Key" && event.keyIds.length > 0;
    case "EventSource":
      return value === "kms.amazonaws.com";
    case "AccessKeyId":
      return event.accessKeyId === value;
    case "EventName":
      return event.eventName === value;
    case "ResourceName":
      return event.keyIds.includes(keyIdOf(value));
  }
}

function toLookupEvent(event: AuditEvent): LookupEventsEvent {
  const record = event.toCloudTrailRecord();
  const username = event.username;
  const accessKeyId = event.accessKeyId;
  return {
    EventId: event.eventId,
    EventName: event.eventName,
    ReadOnly: String(event.readOnly),
    ...(accessKeyId === undefined ? {} : { AccessKeyId: accessKeyId }),
    EventTime: new Date(event.eventTime),
    EventSource: "kms.amazonaws.com",
    ...(username === undefined ? {} : { Username: username }),
    Resources: record.resources.map((resource) => ({ ResourceType: "AWS::KMS::Key" as const, ResourceName: resource.ARN })),
    CloudTrailEvent: JSON.stringify(record),
  };
}

/** The fingerprint a NextToken carries: the parameters it was issued for. */
function fingerprint(attribute: LookupAttribute | undefined, start: number, end: number): string {
  return JSON.stringify([attribute?.AttributeKey ?? null, attribute?.AttributeValue ?? null, start, end]);
}

/** FNV-1a of the fingerprint: a token is tied to the parameters it was issued for. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

function encodeToken(position: number, print: string): string {
  return `${position.toString(36)}.${hashOf(print).toString(36)}`;
}

function decodeToken(token: string, print: string): number {
  const match = /^([0-9a-z]{1,11})\.([0-9a-z]{1,7})$/.exec(token);
  if (match !== null && match[2] === hashOf(print).toString(36)) return Number.parseInt(match[1] as string, 36);
  throw new InvalidNextTokenException("The NextToken is not valid, or was issued for other parameters.");
}

/** The first index of `positions` whose event happened at or after `at`. */
function seek(trail: AuditTrail, positions: readonly number[], at: number): number {
  let low = 0;
  let high = positions.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (trail.timeAt(positions[mid] as number) < at) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * Looks up events of a KMS's audit trail, as CloudTrail's LookupEvents does.
 * @param kms a KMS created with `{ audit: true }` (or a fork of one)
 * @param request at most one lookup attribute (`ResourceName`: a key ARN or key id; `EventName`;
 *   `EventId`, `ReadOnly`, `Username`, `ResourceType`, `EventSource`, `AccessKeyId`), a time range,
 *   a page size (1..50, default 50) and the previous page's token
 * @returns the events, oldest first, and a token when more match
 * @throws {@link InvalidLookupAttributesException} for more than one attribute, an unknown key or an empty value
 * @throws {@link InvalidTimeRangeException} when StartTime is after EndTime
 * @throws {@link InvalidMaxResultsException} when MaxResults is outside 1..50
 * @throws {@link InvalidNextTokenException} for a token not issued for these parameters
 * @throws {TypeError} when the KMS keeps no trail
 * @example The failed calls on one key
 * ```ts
 * import { createKms } from "kms-sim";
 * import { lookupEvents } from "kms-sim/sim";
 * const kms = createKms({ audit: true });
 * const { KeyMetadata } = await kms.createKey();
 * await kms.disableKey({ KeyId: KeyMetadata!.KeyId });
 * await kms.encrypt({ KeyId: KeyMetadata!.KeyId, Plaintext: new Uint8Array(1) }).catch(() => {});
 * const { Events } = await lookupEvents(kms, { LookupAttributes: [{ AttributeKey: "ResourceName", AttributeValue: KeyMetadata!.Arn! }] });
 * Events.map((e) => e.EventName); //=> ["CreateKey", "DisableKey", "Encrypt"]
 * JSON.parse(Events[2]!.CloudTrailEvent).errorCode; //=> "DisabledException"
 * ```
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html
 * @remarks CloudTrail lists the most recent event first; kms-sim lists the oldest first.
 */
export async function lookupEvents(kms: Kms, request: LookupEventsRequest = {}): Promise<LookupEventsResponse> {
  const trail = requireTrail(kms);
  const attribute = requireAttribute(request);
  const start = requireTime("StartTime", request.StartTime, Number.NEGATIVE_INFINITY);
  const end = requireTime("EndTime", request.EndTime, Number.POSITIVE_INFINITY);
  if (start > end) throw new InvalidTimeRangeException("StartTime must not be after EndTime.");
  const max = request.MaxResults ?? 50;
  if (!Number.isInteger(max) || max < 1 || max > 50) throw new InvalidMaxResultsException("MaxResults must be from 1 to 50.");
  const print = fingerprint(attribute, start, end);
  const from = request.NextToken === undefined ? Number.NEGATIVE_INFINITY : decodeToken(request.NextToken, print);

  // Candidates: an index's positions when the attribute has one, else the trail's time range.
  let positions: readonly number[] | undefined;
  if (attribute?.AttributeKey === "ResourceName") positions = trail.positionsOfKey(keyIdOf(attribute.AttributeValue));
  else if (attribute?.AttributeKey === "EventName") positions = trail.positionsOfEventName(attribute.AttributeValue);
  const events: LookupEventsEvent[] = [];
  const take = (position: number): boolean => {
    if (position < from) return true;
    if (trail.timeAt(position) > end) return false;
    const event = trail.event(position);
    if (event === undefined || (attribute !== undefined && !matches(event, attribute))) return true;
    if (events.length === max) return false;
    events.push(toLookupEvent(event));
    return true;
  };
  let next: number | undefined;
  if (positions !== undefined) {
    for (let i = seek(trail, positions, start); i < positions.length; i++) {
      if (!take(positions[i] as number)) {
        if (events.length === max && trail.timeAt(positions[i] as number) <= end) next = positions[i];
        break;
      }
    }
  } else {
    for (let position = Math.max(trail.positionAt(start), from === Number.NEGATIVE_INFINITY ? 0 : from); position < trail.length; position++) {
      if (!take(position)) {
        if (events.length === max && trail.timeAt(position) <= end) next = position;
        break;
      }
    }
  }
  return next === undefined ? { Events: events } : { Events: events, NextToken: encodeToken(next, print) };
}
