/**
 * One event of the audit trail, kept compactly and turned into a CloudTrail record when someone
 * reads it. The event id, request id and key ARNs are derived on first read (an Encrypt with the
 * trail on pays for none of them); everything else is captured when the call ends, so a caller
 * that changes its request object later changes nothing here, and no plaintext, key material or
 * data key is ever held (blobs and sensitive members are dropped on capture: audit-capture.ts).
 */
import { formatKeyArn, type Scope } from "../model/identifiers.js";
import type { KeyState } from "../model/shapes.js";
import type { AuditTrailLog } from "./audit-trail.js";
import { requestOrigin, serviceIdentity, userIdentityOf, userNameOf } from "./audit-identity.js";
import type { Acting } from "./callers.js";
import { cloudTrailEventId, kmsRequestId } from "./request-ids.js";

/** A key's state and automatic rotation setting, as DescribeKey and GetKeyRotationStatus report them. */
export interface KeyCondition {
  /** The key state. */
  readonly state: KeyState;
  /** Whether automatic rotation is on. */
  readonly rotationEnabled: boolean;
  /** The automatic rotation period, in days (null while rotation has never been set). */
  readonly rotationPeriodInDays: number | null;
}

/**
 * kms-sim's own bookkeeping beside a CloudTrail event (not part of the record): each resource key's
 * condition before and after an event that may change it. `before` is null for a key the event
 * created (and for events of the service itself); `after` is null for a key the event deleted.
 */
export interface AuditKeyState {
  /** The key's id. */
  readonly keyId: string;
  /** Its condition before the event (null: the event created it). */
  readonly before: KeyCondition | null;
  /** Its condition after the event (null: the event deleted it). */
  readonly after: KeyCondition | null;
}

/** A CloudTrail record of a KMS event, as CloudTrail writes them (camelCase members). */
export interface CloudTrailRecord {
  /** CloudTrail's record format version (`1.11`). */
  readonly eventVersion: string;
  /** Who made the call, in CloudTrail's shape (`type`, `arn`, `accountId`, ...); `invokedBy` for events of the service itself. */
  readonly userIdentity: Readonly<Record<string, unknown>>;
  /** ISO 8601 in UTC, whole seconds, as CloudTrail writes it. */
  readonly eventTime: string;
  /** Always `kms.amazonaws.com`. */
  readonly eventSource: "kms.amazonaws.com";
  /** The operation (`Encrypt`), or the service's own event (`RotateKey`, `DeleteKey`, `DeleteExpiredKeyMaterial`). */
  readonly eventName: string;
  /** The Region that served the call (that of the event, for events of the service itself). */
  readonly awsRegion: string;
  /** Where the call came from: the caller's `SourceIp`, an integrated service's name, else `127.0.0.1`; `AWS Internal` for the service's own events. */
  readonly sourceIPAddress: string;
  /** `kms-sim`, an integrated service's name, or `AWS Internal`. */
  readonly userAgent: string;
  /** The exception's name, for a call that failed. */
  readonly errorCode?: string;
  /** The exception's message, for a call that failed. */
  readonly errorMessage?: string;
  /** The request's members in lowerCamelCase, blobs and sensitive members left out; null when none is left. */
  readonly requestParameters: Readonly<Record<string, unknown>> | null;
  /** The response of a call that changes something, as CloudTrail records it; null for reads and cryptography. */
  readonly responseElements: Readonly<Record<string, unknown>> | null;
  /** The backing key used (`keyMaterialId`; ReEncrypt: `sourceKeyMaterialId`, `destinationKeyMaterialId`), or RetireGrant's `grantId`. */
  readonly additionalEventData?: Readonly<Record<string, string>>;
  /** The KMS request id (API calls only). */
  readonly requestID?: string;
  /** The event's id (GetKeyLastUsage's `CloudTrailEventId` names it). */
  readonly eventID: string;
  /** True for reads and cryptography, which change no resource. */
  readonly readOnly: boolean;
  /** The keys the event concerns (ReEncrypt: source, then destination). */
  readonly resources: readonly {
    /** The key's account. */
    readonly accountId: string;
    /** Always `AWS::KMS::Key`. */
    readonly type: "AWS::KMS::Key";
    /** The key ARN. */
    readonly ARN: string;
  }[];
  /** `AwsApiCall` for calls, `AwsServiceEvent` for the service's own events. */
  readonly eventType: "AwsApiCall" | "AwsServiceEvent";
  /** KMS events are management events. */
  readonly managementEvent: true;
  /** The KMS's account. */
  readonly recipientAccountId: string;
  /** Details of an event of the service itself (RotateKey's `rotationType` and key material ids, ...). */
  readonly serviceEventDetails?: Readonly<Record<string, unknown>>;
  /** Always `Management`. */
  readonly eventCategory: "Management";
}

const NO_KEYS: readonly string[] = Object.freeze([]);

/** `2026-01-01T00:00:00Z`: CloudTrail's eventTime (whole seconds, UTC). */
export function cloudTrailTime(at: number): string {
  return new Date(at).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** One event of the trail. Fields are set by the recorder (audit.ts) before the event is readable. */
export class AuditEntry {
  readonly #trail: AuditTrailLog;
  /** Position in the trail (0 is the oldest). */
  readonly position: number;
  /** Epoch ms. */
  readonly eventTime: number;
  /**
   * The account and the Region that served the call (or whose key the service event concerns):
   * one trail records every Region of the account, as a multi-Region CloudTrail trail does.
   * @internal
   */
  readonly scope: Scope;
  /** CloudTrail's eventName. */
  eventName = "";
  /** CloudTrail's eventType. */
  eventType: "AwsApiCall" | "AwsServiceEvent" = "AwsApiCall";
  /** CloudTrail's readOnly. */
  readOnly = false;
  /** Ids of the resource keys, in CloudTrail's order (ReEncrypt: source, then destination). */
  keyIds: readonly string[] = NO_KEYS;
  /** CloudTrail's requestParameters. */
  requestParameters: Record<string, unknown> | null = null;
  /** CloudTrail's responseElements. */
  responseElements: Record<string, unknown> | null = null;
  /** CloudTrail's additionalEventData, or null for none. */
  additionalEventData: Record<string, string> | null = null;
  /** CloudTrail's serviceEventDetails (events of the service itself), or null. */
  serviceEventDetails: Record<string, unknown> | null = null;
  /** The exception's name, for a call that failed. */
  errorCode: string | undefined = undefined;
  /** The exception's message, for a call that failed. */
  errorMessage: string | undefined = undefined;
  /** Each resource key's condition before and after (events that may change keys; see AuditKeyState). */
  keyStates: readonly AuditKeyState[] | undefined = undefined;
  /**
   * Who made the call (API calls only; null for events of the service itself).
   * @internal
   */
  acting: Acting | null = null;
  /** What names the event (request-ids.ts). */
  anchor = "";
  #eventId: string | undefined;
  #requestId: string | undefined;

  constructor(trail: AuditTrailLog, position: number, eventTime: number, scope: Scope) {
    this.#trail = trail;
    this.position = position;
    this.eventTime = eventTime;
    this.scope = scope;
  }

  /** The Region that served the call, CloudTrail's awsRegion. */
  get region(): string {
    return this.scope.region;
  }

  /** CloudTrail's eventID. */
  get eventId(): string {
    this.#eventId ??= cloudTrailEventId(this.#trail.crypto, this.scope, this.eventName, this.eventTime, this.anchor);
    return this.#eventId;
  }

  /** CloudTrail's requestID (API calls only). */
  get requestId(): string | undefined {
    if (this.eventType !== "AwsApiCall") return undefined;
    this.#requestId ??= kmsRequestId(this.#trail.crypto, this.scope, this.eventName, this.eventTime, this.anchor);
    return this.#requestId;
  }

  /** The ARNs of the resource keys. */
  get keyArns(): string[] {
    return this.keyIds.map((keyId) => formatKeyArn(this.scope, keyId));
  }

  /** The CloudTrail user name of the caller ("root" for the account's root, a role session's name). */
  get username(): string | undefined {
    return this.eventType === "AwsApiCall" && this.acting !== null ? userNameOf(this.acting) : undefined;
  }

  /** The access key id the call was signed with, if it came over the wire signed with one. */
  get accessKeyId(): string | undefined {
    return this.eventType === "AwsApiCall" ? (this.acting?.accessKeyId ?? undefined) : undefined;
  }

  /** The whole CloudTrail record. */
  toCloudTrailRecord(): CloudTrailRecord {
    const scope = this.scope;
    const acting = this.eventType === "AwsApiCall" ? this.acting : null;
    const origin = acting === null ? { sourceIPAddress: "AWS Internal", userAgent: "AWS Internal" } : requestOrigin(acting);
    const requestId = this.requestId;
    return {
      eventVersion: "1.11",
      userIdentity: acting === null ? serviceIdentity(scope) : userIdentityOf(this.#trail.crypto, acting),
      eventTime: cloudTrailTime(this.eventTime),
      eventSource: "kms.amazonaws.com",
      eventName: this.eventName,
      awsRegion: scope.region,
      sourceIPAddress: origin.sourceIPAddress,
      userAgent: origin.userAgent,
      ...(this.errorCode === undefined ? {} : { errorCode: this.errorCode, errorMessage: this.errorMessage ?? "" }),
      requestParameters: this.requestParameters,
      responseElements: this.responseElements,
      ...(this.additionalEventData === null ? {} : { additionalEventData: this.additionalEventData }),
      ...(requestId === undefined ? {} : { requestID: requestId }),
      eventID: this.eventId,
      readOnly: this.readOnly,
      resources: this.keyArns.map((ARN) => ({ accountId: scope.accountId, type: "AWS::KMS::Key" as const, ARN })),
      eventType: this.eventType,
      managementEvent: true,
      recipientAccountId: scope.accountId,
      ...(this.serviceEventDetails === null ? {} : { serviceEventDetails: this.serviceEventDetails }),
      eventCategory: "Management",
    };
  }
}
