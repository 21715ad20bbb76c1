/**
 * The audit trail's recorder: one hook in `run` (create-kms.ts) that sees every call's operation,
 * request, outcome and trace, and one in `emit` (context.ts) that sees every event of the service
 * itself. Nothing here is written per operation: what a record holds comes from the AWS model
 * (audit-capture.ts) and from the request's trace (request-trace.ts), so operations added later
 * are recorded as they land.
 *
 * `createKms({ audit: true })` keeps the trail in memory for `kms-sim/sim`'s `lookupEvents`,
 * timelines and compliance; `createKms({ audit: sink })` hands each CloudTrail record to `sink`
 * as its call ends and keeps nothing.
 */
import { isKmsError } from "../errors.js";
import type { Scope } from "../model/identifiers.js";
import type { KmsKey } from "../model/key.js";
import type { CryptoProvider, KmsEvent } from "../ports.js";
import { grantIdFromToken } from "../access/index.js";
import { addCloudTrailDefaults, captureRequest, captureResponse, cloudTrailResponse } from "./audit-capture.js";
import { AuditEntry, type AuditKeyState, type CloudTrailRecord, type KeyCondition } from "./audit-entry.js";
import { AuditTrailLog } from "./audit-trail.js";
import type { KmsContext } from "./context.js";
import { TRACKED_OPERATIONS } from "./last-usage.js";
import { trailAnchor, usageAnchor } from "./request-ids.js";
import type { RequestTrace } from "./request-trace.js";

/** Receives each CloudTrail record as its call (or service event) ends. It must be quick and must not throw. */
export type AuditSink = (record: CloudTrailRecord) => void;

/** True for the operations CloudTrail marks `readOnly`: reads, and cryptography (which changes no resource). */
export function isReadOnlyOperation(operation: string): boolean {
  if (operation === "GetParametersForImport") return false;
  return /^(Describe|List|Get)/.test(operation) || operation === "GenerateRandom" || TRACKED_OPERATIONS.has(operation);
}

function conditionOf(key: KmsKey | undefined): KeyCondition | null {
  if (key === undefined) return null;
  return { state: key.state, rotationEnabled: key.rotation.enabled, rotationPeriodInDays: key.rotation.periodDays };
}

/** The key a response describes (CreateKey, the AWS managed key of a service), if the call noted none. */
function describedKeyId(response: unknown): string | undefined {
  const metadata = (response as { KeyMetadata?: { KeyId?: unknown } } | undefined)?.KeyMetadata;
  return typeof metadata?.KeyId === "string" ? metadata.KeyId : undefined;
}

/** Where a KMS's audit records go. */
export class AuditRecorder {
  readonly trail: AuditTrailLog;
  readonly #sink: AuditSink | null;

  constructor(trail: AuditTrailLog, sink: AuditSink | null) {
    this.trail = trail;
    this.#sink = sink;
  }

  /**
   * The recorder `createKms({ audit })` asks for, or null for none.
   * @param startedAt the instant the trail starts at (read only when there is a trail: a KMS without
   *   one never reads its clock before its first call)
   */
  static create(option: boolean | AuditSink | undefined, scope: Scope, crypto: CryptoProvider, startedAt: () => number): AuditRecorder | null {
    if (option === undefined || option === false) return null;
    const retain = option === true;
    return new AuditRecorder(new AuditTrailLog({ scope, crypto, startedAt: startedAt(), retain }), retain ? null : (option as AuditSink));
  }

  /** The recorder of a fork: the trail's past shared, the sink not (a fork is another history). */
  fork(): AuditRecorder {
    return new AuditRecorder(this.trail.fork(), null);
  }

  /** Reserves the trail's next position for a call that begins at `at`, served in the Region of `scope`. */
  begin(at: number, scope: Scope): AuditEntry {
    return new AuditEntry(this.trail, this.trail.reserve(at), at, scope);
  }

  #finish(entry: AuditEntry): void {
    this.trail.fill(entry);
    this.#sink?.(entry.toCloudTrailRecord());
  }

  /**
   * Records a call that ended, successfully (`outcome.response`) or not (`outcome.error`). Usage must
   * have been recorded first (a successful cryptographic call is named by its key's use count).
   */
  endCall(ctx: KmsContext, entry: AuditEntry, trace: RequestTrace, request: unknown, outcome: { response: unknown } | { error: unknown }): void {
    const operation = trace.operation;
    const failed = "error" in outcome;
    entry.eventName = operation;
    entry.eventType = "AwsApiCall";
    entry.readOnly = isReadOnlyOperation(operation);
    entry.acting = trace.acting;

    // CloudTrail lists the keys whose backing keys served the call first, in the order used
    // (ReEncrypt: source, destination), then any other key the call named.
    const keyIds: string[] = [];
    for (const use of trace.materials) if (!keyIds.includes(use.key.keyId)) keyIds.push(use.key.keyId);
    for (const key of trace.keys) if (!keyIds.includes(key.keyId)) keyIds.push(key.keyId);
    const described = failed ? undefined : describedKeyId(outcome.response);
    if (described !== undefined && !keyIds.includes(described)) keyIds.push(described);
    entry.keyIds = keyIds;
    entry.requestParameters = addCloudTrailDefaults(operation, captureRequest(operation, request), () => entry.keyArns[0], !failed);
    if (failed) {
      const error = outcome.error;
      entry.errorCode = isKmsError(error) ? error.name : "KMSInternalException";
      entry.errorMessage = isKmsError(error) ? error.message : "kms-sim failed to process the request.";
      entry.anchor = trailAnchor(this.trail.lineage, entry.position);
    } else {
      entry.responseElements = entry.readOnly ? null : cloudTrailResponse(operation, captureResponse(operation, outcome.response), () => entry.keyArns[0]);
      entry.additionalEventData = operation === "RetireGrant" ? retiredGrant(request) : materialIds(trace);
      entry.anchor = trace.anchorKeyId === "" ? trailAnchor(this.trail.lineage, entry.position) : usageAnchor(trace.anchorKeyId, trace.anchorSeq);
      if (!entry.readOnly) {
        entry.keyStates = keyIds.map((keyId): AuditKeyState => ({
          keyId,
          before: conditionOf(trace.keyNamed(keyId)),
          after: conditionOf(ctx.store.getKey(keyId)),
        }));
      }
    }
    this.#finish(entry);
  }

  /** Records an event of the service itself (a rotation, a deletion, an expiry) as CloudTrail does. */
  serviceEvent(ctx: KmsContext, event: KmsEvent): void {
    // The event's Region: a multi-Region rotation is one event per Region, each its Region's.
    const here = event.region === ctx.scope.region ? ctx : (ctx.account.existing(event.region) ?? ctx);
    const entry = this.begin(Date.parse(event.time), here.scope);
    const keyId = event.detail["key-id"];
    entry.eventType = "AwsServiceEvent";
    entry.keyIds = [keyId];
    entry.anchor = `service:${event.id}`;
    switch (event["detail-type"]) {
      case "KMS CMK Rotation":
        entry.eventName = "RotateKey";
        entry.serviceEventDetails = {
          rotationType: event.detail["rotation-type"],
          keyOrigin: event.detail["key-origin"],
          previousKeyMaterialId: event.detail["previous-key-material-id"],
          currentKeyMaterialId: event.detail["current-key-material-id"],
        };
        break;
      case "KMS CMK Deletion":
        entry.eventName = "DeleteKey";
        entry.serviceEventDetails = { keyId };
        entry.keyStates = [{ keyId, before: null, after: null }];
        break;
      case "KMS Imported Key Material Expiration":
        entry.eventName = "DeleteExpiredKeyMaterial";
        entry.serviceEventDetails = { keyId, keyMaterialId: event.detail["key-material-id"] };
        entry.keyStates = [{ keyId, before: null, after: conditionOf(here.store.getKey(keyId)) }];
        break;
    }
    this.#finish(entry);
  }
}

/**
 * `additionalEventData` of a cryptographic call: the backing key it used; ReEncrypt's source and
 * destination backing keys, each when that side has one (an RSA side has none). Asymmetric and
 * HMAC keys have no backing keys: their calls have none.
 */
function materialIds(trace: RequestTrace): Record<string, string> | null {
  let ids: Record<string, string> | null = null;
  for (const use of trace.materials) {
    if (use.index < 0) continue;
    const name = trace.operation !== "ReEncrypt" ? "keyMaterialId" : use.role === "decrypt" ? "sourceKeyMaterialId" : "destinationKeyMaterialId";
    (ids ??= {})[name] ??= use.materialId;
  }
  return ids;
}

/** RetireGrant's `additionalEventData`: the id of the grant retired (named by id or by token). */
function retiredGrant(request: unknown): Record<string, string> | null {
  const { GrantId, GrantToken } = (request ?? {}) as { GrantId?: unknown; GrantToken?: unknown };
  const grantId = typeof GrantId === "string" ? GrantId : typeof GrantToken === "string" ? grantIdFromToken(GrantToken) : undefined;
  return grantId === undefined ? null : { grantId };
}
