/**
 * Callers and registered principals: who a request acts as (`kms.as(...)`, an access key over the
 * wire, or the account's root user by default), and the principals a simulation registers with
 * their IAM identity policies and access keys (`createKms({ principals })`, `kms.putPrincipal`).
 * Identity policies are validated and compiled once, when the principal is put, and looked up per
 * request by the caller's principal ARN (a role's ARN for its sessions).
 */
/** The values `kms.as({ Context })` takes, re-exported for the public entry (index.ts imports service/, not access/). */
export type { ConditionValue } from "../access/index.js";
import { callerFromArn, compileIdentityPolicy, isAccountId, resolveConditionKey, rootCaller, type Caller, type CompiledPolicy, type ConditionValue } from "../access/index.js";
import { parseIpAddress } from "../access/ip-address.js";
import type { PrincipalRecord, Store } from "./store.js";

/**
 * Who a request runs as: a principal ARN (account root, IAM user, role, assumed-role session,
 * federated user, or a service principal such as `cloudtrail.amazonaws.com`), a 12-digit account
 * id for that account's root user, or the ARN with the request context a real AWS service in front
 * would add.
 */
export type CallerSpec =
  | string
  | {
      /** The principal ARN (or 12-digit account id) the request acts as. */
      readonly PrincipalArn: string;
      /** `kms:ViaService`: the integrated service calling on the principal's behalf, e.g. `s3.us-east-1.amazonaws.com`. */
      readonly ViaService?: string;
      /** `aws:SourceIp`: the caller's IPv4 or IPv6 address. */
      readonly SourceIp?: string;
      /** `kms:GrantIsForAWSResource` of CreateGrant, ListGrants and RevokeGrant (default: true when `ViaService` is set). */
      readonly GrantIsForAWSResource?: boolean;
      /**
       * Other global condition keys of the request context that an AWS service or the network
       * would set and kms-sim cannot know: `aws:SourceArn`, `aws:SourceAccount`,
       * `aws:PrincipalOrgID`, `aws:SourceVpce`, `aws:PrincipalTag/<k>`... (names with their
       * vendor prefix, in any case). Keys kms-sim derives itself (`kms:ViaService`,
       * `aws:SourceIp`, `kms:CallerAccount`, `kms:EncryptionContext:<k>`, ...) are refused here:
       * they come from the members above or from the request.
       */
      readonly Context?: Readonly<Record<string, ConditionValue>>;
    };

/** A principal's registration. */
export interface PrincipalInput {
  /** IAM identity policies (JSON text or objects), each validated as IAM's CreatePolicy does. */
  readonly Policies?: readonly (string | object)[];
  /** The access key id the principal signs requests with over the wire (16..128 word characters). */
  readonly AccessKeyId?: string;
  /** With it, signatures of requests carrying `AccessKeyId` are verified (SigV4). */
  readonly SecretAccessKey?: string;
}

/** The caller of one request, resolved. */
export interface Acting {
  readonly caller: Caller;
  readonly viaService: string | undefined;
  readonly sourceIp: string | undefined;
  readonly grantIsForAwsResource: boolean | undefined;
  /** Condition keys given with the caller ({@link CallerSpec} `Context`). */
  readonly context?: Readonly<Record<string, ConditionValue>>;
  /** The access key id the request was signed with (over the wire), for the audit trail. */
  readonly accessKeyId?: string;
}

const ROLE = /^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/;
const SESSION = /^arn:(aws|aws-cn|aws-us-gov):sts::(\d{12}):assumed-role\/([\w+=,.@-]+)\/[\w+=,.@-]+$/;
const VIA_SERVICE = /^[a-z0-9][a-z0-9-]*(\.[a-z0-9-]+)*\.amazonaws\.com(\.cn)?$/;
const ACCESS_KEY_ID = /^\w{16,128}$/;

/** The account root user: the caller of every request made without `kms.as`. */
export function rootActing(accountId: string): Acting {
  return { caller: rootCaller(accountId), viaService: undefined, sourceIp: undefined, grantIsForAwsResource: undefined };
}

/**
 * An AWS service acting on its own (creating its AWS managed key): recorded as that service, e.g.
 * `s3.amazonaws.com`. Only kms-sim itself acts so; `kms.as` takes service principals as callers too.
 */
export function serviceActing(service: string): Acting {
  return { caller: callerFromArn(service), viaService: undefined, sourceIp: undefined, grantIsForAwsResource: undefined };
}

/** The registered role a session ARN belongs to (its path may not be `/`), if any. */
function registeredRoleOf(store: Store, sessionArn: string): string | undefined {
  const session = SESSION.exec(sessionArn);
  if (!session) return undefined;
  for (const principal of store.principals()) {
    const role = ROLE.exec(principal.arn);
    if (role && role[1] === session[1] && role[2] === session[2] && role[3] === session[3]) return principal.arn;
  }
  return undefined;
}

/**
 * The caller a {@link CallerSpec} names.
 * @throws {RangeError} for an ARN that names no caller, or a malformed `ViaService` or `SourceIp`
 */
export function actingFrom(store: Store, spec: CallerSpec): Acting {
  const options = typeof spec === "string" ? { PrincipalArn: spec } : spec;
  if (typeof options !== "object" || options === null || typeof options.PrincipalArn !== "string") {
    throw new RangeError("kms.as needs a principal ARN or { PrincipalArn, ViaService?, SourceIp?, GrantIsForAWSResource?, Context? }");
  }
  const arn = options.PrincipalArn;
  const roleArn = registeredRoleOf(store, arn);
  const caller = isAccountId(arn) ? rootCaller(arn) : callerFromArn(arn, roleArn === undefined ? {} : { roleArn });
  const { ViaService: viaService, SourceIp: sourceIp, GrantIsForAWSResource: forAwsResource } = options as Exclude<CallerSpec, string>;
  if (viaService !== undefined && !VIA_SERVICE.test(viaService)) {
    throw new RangeError(`ViaService must be a service endpoint name such as s3.us-east-1.amazonaws.com, got ${viaService}`);
  }
  if (sourceIp !== undefined && parseIpAddress(sourceIp) === undefined) throw new RangeError(`SourceIp must be an IPv4 or IPv6 address, got ${sourceIp}`);
  if (forAwsResource !== undefined && typeof forAwsResource !== "boolean") throw new RangeError("GrantIsForAWSResource must be a boolean");
  const context = contextFrom((options as Exclude<CallerSpec, string>).Context);
  return { caller, viaService, sourceIp, grantIsForAwsResource: forAwsResource, ...(context === undefined ? {} : { context }) };
}

/**
 * A caller's extra condition keys, checked: vendor-prefixed names of keys kms-sim does not derive
 * itself, with condition values.
 * @throws {RangeError} naming the first key that is not one
 */
function contextFrom(input: unknown): Readonly<Record<string, ConditionValue>> | undefined {
  if (input === undefined) return undefined;
  if (typeof input !== "object" || input === null || Array.isArray(input)) throw new RangeError("Context must be an object of condition keys and values");
  const out: Record<string, ConditionValue> = {};
  for (const [name, value] of Object.entries(input as Record<string, unknown>)) {
    if (!/^[a-zA-Z0-9-]+:[^:]/.test(name)) throw new RangeError(`Context keys are condition keys with a vendor prefix, such as aws:SourceArn; got ${name}`);
    if (resolveConditionKey(name).known) {
      throw new RangeError(`${name} is a condition key kms-sim sets from the request or the caller (ViaService, SourceIp, GrantIsForAWSResource): it cannot be given in Context`);
    }
    const isValue =
      typeof value === "string" || typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value)) || (Array.isArray(value) && value.every((v) => typeof v === "string"));
    if (!isValue) throw new RangeError(`Context value of ${name} must be a string, number, boolean or list of strings`);
    out[name] = Array.isArray(value) ? Object.freeze([...(value as string[])]) : (value as ConditionValue);
  }
  return Object.freeze(out);
}

function policyText(policy: unknown): string {
  if (typeof policy === "string") return policy;
  if (typeof policy === "object" && policy !== null) return JSON.stringify(policy);
  throw new RangeError("each of Policies must be a policy document (JSON text or an object)");
}

/**
 * A principal's record, checked: a user, role or federated-user ARN (or an account root, which
 * may have access keys but no policies: the root user's permissions are not IAM policies), valid
 * identity policies, and an access key id no other principal holds.
 * @throws {RangeError} for another kind of ARN, a malformed or taken access key id, or a secret without one
 * @throws {@link MalformedPolicyDocumentException} with IAM's message for an invalid policy
 */
export function principalRecordFrom(store: Store, arn: string, input: PrincipalInput): { record: PrincipalRecord; compiled: CompiledPolicy[] } {
  if (typeof input !== "object" || input === null) throw new RangeError("putPrincipal needs { Policies?, AccessKeyId?, SecretAccessKey? }");
  const caller = callerFromArn(arn);
  if (caller.kind === "service" || caller.principalArn !== arn) {
    throw new RangeError(`principals are account roots, IAM users, roles and federated users; ${arn} is not one (register a session's role)`);
  }
  const policies = (input.Policies ?? []).map(policyText);
  if (caller.kind === "root" && policies.length > 0) {
    throw new RangeError(`${arn} is an account's root user: IAM policies cannot be attached to it (it is allowed what key policies allow its account)`);
  }
  const compiled = policies.map((policy) => compileIdentityPolicy(policy));
  const accessKeyId = input.AccessKeyId ?? null;
  if (accessKeyId !== null) {
    if (!ACCESS_KEY_ID.test(accessKeyId)) throw new RangeError(`AccessKeyId must be 16 to 128 letters, digits or underscores, got ${accessKeyId}`);
    if (isAccountId(accessKeyId)) throw new RangeError("a 12-digit AccessKeyId already means that account's root user");
    const holder = store.principalOfAccessKey(accessKeyId);
    if (holder !== undefined && holder.arn !== arn) throw new RangeError(`AccessKeyId ${accessKeyId} already belongs to ${holder.arn}`);
  }
  const secretAccessKey = input.SecretAccessKey ?? null;
  if (secretAccessKey !== null && (accessKeyId === null || typeof secretAccessKey !== "string" || secretAccessKey === "")) {
    throw new RangeError("SecretAccessKey needs an AccessKeyId and must be a non-empty string");
  }
  return { record: { arn, policies, accessKeyId, secretAccessKey }, compiled };
}

/** Compiled identity policies by principal ARN, each valid for one record (the store replaces records). */
export class IdentityPolicyCache {
  readonly #compiled = new Map<string, { readonly record: PrincipalRecord; readonly policies: readonly CompiledPolicy[] }>();

  /** Remembers what `principalRecordFrom` compiled, so putting a principal compiles once. */
  remember(record: PrincipalRecord, policies: readonly CompiledPolicy[]): void {
    this.#compiled.set(record.arn, { record, policies });
  }

  /** The IAM identity policies of a caller: none for a root user, a service, or an unregistered principal. */
  policiesOf(store: Store, caller: Caller): readonly CompiledPolicy[] {
    if (caller.kind === "root" || caller.kind === "service") return NONE;
    const record = store.getPrincipal(caller.principalArn);
    if (record === undefined) return NONE;
    const cached = this.#compiled.get(record.arn);
    if (cached?.record === record) return cached.policies;
    // Restored from a snapshot or a change record: validated when it was put.
    const policies = record.policies.map((policy) => compileIdentityPolicy(policy));
    this.remember(record, policies);
    return policies;
  }
}

const NONE: readonly CompiledPolicy[] = Object.freeze([]);
