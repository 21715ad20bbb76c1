/**
 * A key's life as the audit trail recorded it: when it was created and deleted, how its state and
 * automatic rotation setting changed (the trail keeps each key's condition before and after every
 * call that may change it), its rotations, and its management events. Timelines and compliance
 * over time are both read from here, so they agree with each other and with the trail.
 */
import type { AuditEvent, AuditTrail, KeyCondition } from "../index.js";

/** One change of a key's condition. */
export interface ConditionChange {
  /** Epoch ms. */
  readonly at: number;
  readonly condition: KeyCondition;
  readonly eventName: string;
}

/** One rotation (a RotateKey event of the service). */
export interface RecordedRotation {
  readonly at: number;
  readonly rotationType: string;
  readonly previousKeyMaterialId: string;
  readonly currentKeyMaterialId: string;
}

/** What the trail knows of one key. */
export interface KeyLife {
  readonly keyId: string;
  /** The call that created the key and its KeyMetadata (camelCase, as CloudTrail records it), if the trail saw it. */
  readonly created?: { readonly at: number; readonly metadata: Readonly<Record<string, unknown>> | null };
  /** When the key was deleted at the end of its waiting period, if it was. */
  readonly deletedAt?: number;
  /** The key's condition before the trail's first change to it, when the key predates the trail. */
  readonly initial?: KeyCondition;
  /** Changes of condition, oldest first (creation included). */
  readonly changes: readonly ConditionChange[];
  readonly rotations: readonly RecordedRotation[];
  /** Material imported (ImportKeyMaterial), oldest first. */
  readonly imports: readonly { readonly at: number; readonly keyMaterialId: string }[];
  /** When the pending (or completed) deletion was scheduled, unless it was canceled since. */
  readonly deletionScheduledAt?: number;
  /** The latest description the trail saw set (CreateKey, UpdateKeyDescription). */
  readonly description?: string;
  /** Events that may change the key: every non-read call (failed ones too) and the service's own. */
  readonly events: readonly AuditEvent[];
}

function stringField(record: Readonly<Record<string, unknown>> | null, name: string): string | undefined {
  const value = record?.[name];
  return typeof value === "string" ? value : undefined;
}

/**
 * The key's life from the trail.
 * @param trail the KMS's audit trail
 * @param keyId a key id
 */
export function keyLife(trail: AuditTrail, keyId: string): KeyLife {
  const changes: ConditionChange[] = [];
  const rotations: RecordedRotation[] = [];
  const imports: { at: number; keyMaterialId: string }[] = [];
  const events: AuditEvent[] = [];
  let created: KeyLife["created"];
  let deletedAt: number | undefined;
  let initial: KeyCondition | undefined;
  let deletionScheduledAt: number | undefined;
  let description: string | undefined;
  for (const position of trail.positionsOfKey(keyId)) {
    const event = trail.event(position);
    if (event === undefined || event.readOnly) continue;
    events.push(event);
    if (event.errorCode !== undefined) continue;
    const at = event.eventTime;
    const state = event.keyStates?.find((s) => s.keyId === keyId);
    if (state !== undefined) {
      if (changes.length === 0 && created === undefined) {
        if (state.before === null && state.after !== null && event.eventType === "AwsApiCall") {
          const metadata = event.responseElements?.keyMetadata;
          created = { at, metadata: typeof metadata === "object" && metadata !== null ? (metadata as Record<string, unknown>) : null };
          description = stringField(created.metadata, "description");
        } else if (state.before !== null) {
          initial = state.before;
        }
      }
      if (state.after === null) deletedAt = at;
      else changes.push({ at, condition: state.after, eventName: event.eventName });
    }
    switch (event.eventName) {
      case "RotateKey": {
        const details = event.serviceEventDetails ?? {};
        rotations.push({
          at,
          rotationType: String(details.rotationType),
          previousKeyMaterialId: String(details.previousKeyMaterialId),
          currentKeyMaterialId: String(details.currentKeyMaterialId),
        });
        break;
      }
      case "ImportKeyMaterial": {
        const id = stringField(event.responseElements, "keyMaterialId");
        if (id !== undefined) imports.push({ at, keyMaterialId: id });
        break;
      }
      case "ScheduleKeyDeletion":
        deletionScheduledAt = at;
        break;
      case "CancelKeyDeletion":
        deletionScheduledAt = undefined;
        break;
      case "UpdateKeyDescription":
        description = stringField(event.requestParameters, "description") ?? description;
        break;
    }
  }
  return {
    keyId,
    ...(created === undefined ? {} : { created }),
    ...(deletedAt === undefined ? {} : { deletedAt }),
    ...(initial === undefined ? {} : { initial }),
    changes,
    rotations,
    imports,
    ...(deletionScheduledAt === undefined ? {} : { deletionScheduledAt }),
    ...(description === undefined ? {} : { description }),
    events,
  };
}

/** Ids of the keys the trail saw deleted, in deletion order. */
export function deletedKeyIds(trail: AuditTrail): string[] {
  const ids: string[] = [];
  for (const position of trail.positionsOfEventName("DeleteKey")) {
    const keyId = trail.event(position)?.keyIds[0];
    if (keyId !== undefined) ids.push(keyId);
  }
  return ids;
}
