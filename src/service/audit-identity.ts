/**
 * Who made a call, as CloudTrail's `userIdentity` describes them: the one place that turns a
 * request's caller into a record. Until access control lands, every request comes from the
 * account's root user; access control sets `RequestTrace.caller` and this function describes it.
 */
import type { Scope } from "../model/identifiers.js";

/** A caller as access control may describe one (every member optional). */
interface DescribedCaller {
  readonly arn?: unknown;
  readonly type?: unknown;
  readonly principalId?: unknown;
  readonly accessKeyId?: unknown;
  readonly userName?: unknown;
  readonly accountId?: unknown;
  readonly invokedBy?: unknown;
}

const asString = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/** CloudTrail's `userIdentity` of an API call by `caller` (undefined: the account's root). */
export function userIdentityOf(scope: Scope, caller: unknown): Record<string, unknown> {
  const described = typeof caller === "object" && caller !== null ? (caller as DescribedCaller) : undefined;
  const arn = asString(described?.arn);
  const invokedBy = asString(described?.invokedBy);
  if (arn === undefined && invokedBy !== undefined) return { type: asString(described?.type) ?? "AWSService", invokedBy };
  if (described === undefined || arn === undefined) {
    return { type: "Root", principalId: scope.accountId, arn: `arn:aws:iam::${scope.accountId}:root`, accountId: scope.accountId };
  }
  const identity: Record<string, unknown> = {
    type: asString(described.type) ?? (arn.endsWith(":root") ? "Root" : arn.includes(":assumed-role/") ? "AssumedRole" : "IAMUser"),
    principalId: asString(described.principalId) ?? arn,
    arn,
    accountId: asString(described.accountId) ?? /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(arn)?.[1] ?? scope.accountId,
  };
  const accessKeyId = asString(described.accessKeyId);
  if (accessKeyId !== undefined) identity.accessKeyId = accessKeyId;
  const userName = asString(described.userName) ?? /:user\/(?:.*\/)?([^/]+)$/.exec(arn)?.[1];
  if (userName !== undefined) identity.userName = userName;
  return identity;
}

/** CloudTrail's `userIdentity` of an event of the service itself (RotateKey, DeleteKey). */
export function serviceIdentity(scope: Scope): Record<string, unknown> {
  return { accountId: scope.accountId, invokedBy: "AWS Internal" };
}
