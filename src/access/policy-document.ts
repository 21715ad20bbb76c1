/**
 * Policy documents: parsing and validating key policies (CreateKey, PutKeyPolicy) and IAM
 * identity policies, with the exception and message AWS answers for each fault. The result is a
 * normalized document that `compilePolicy` turns into a fast matcher; nothing here runs per
 * request.
 *
 * Messages and where they come from (the rest of a fault's wording follows IAM's own parser,
 * whose messages are attested; KMS uses the same policy language [inferred]):
 *  - key policy not JSON: MalformedPolicyDocumentException with an empty message
 *    [github.com/aws/aws-sdk-ruby/issues/1784, 2018];
 *  - "Policy contains a statement with one or more invalid principals."
 *    [github.com/aws-samples/siem-on-amazon-opensearch-service/issues/32, 2020;
 *    github.com/awslabs/minimum-viable-dataspace-on-aws/issues/6, 2025];
 *  - "These condition keys are not permitted in a key policy: aws:ResourceTag, kms:ResourceTag,
 *    kms:ResourceAliases" [github.com/awsdocs/aws-kms-developer-guide/pull/47, 2022];
 *  - the OverlyPermissiveCondition text for ForAllValues on kms:EncryptionContext:<k>
 *    [AWS KMS Developer Guide, "kms:EncryptionContext:context-key"];
 *  - statements without Action/NotAction or Resource/NotResource are refused since 2025-08-18
 *    (AWS Health notice quoted in github.com/ministryofjustice/analytical-platform/issues/7691);
 *  - IAM's texts ("Syntax errors in policy.", "Policy statement must contain actions.", ...) as
 *    moto's validator records them from AWS (getmoto/moto, moto/iam/policy_validation.py).
 * Size: "The resulting key policy document cannot exceed 32 KB (32,768 bytes)" (AWS KMS Developer
 * Guide, "Changing a key policy"); AWS answers LimitExceededException (botocore model).
 */
import { LimitExceededException, MalformedPolicyDocumentException } from "../errors.js";
import { isEncryptionContextKey, resolveConditionKey } from "./condition-keys.js";
import { compileCondition, ConditionValueError, parseConditionOperator } from "./conditions.js";
import { awsPrincipalForm, isServicePrincipal } from "./principal.js";

/** Allow or Deny. */
export type Effect = "Allow" | "Deny";

/** The principals a `Principal` or `NotPrincipal` element names. */
export interface PrincipalSpec {
  /** `"*"` or `{"AWS": "*"}`. */
  readonly any: boolean;
  /** `AWS` values other than `*`: account ids and principal ARNs. */
  readonly aws: readonly string[];
  /** `Service` values. */
  readonly service: readonly string[];
}

/** One condition: an operator, a key, and the values (ORed). */
export interface PolicyCondition {
  readonly operator: string;
  readonly key: string;
  readonly values: readonly string[];
}

/** One statement, normalized: single values became lists. */
export interface PolicyStatement {
  readonly sid: string | undefined;
  readonly effect: Effect;
  readonly principal: PrincipalSpec | undefined;
  readonly notPrincipal: PrincipalSpec | undefined;
  readonly action: readonly string[] | undefined;
  readonly notAction: readonly string[] | undefined;
  readonly resource: readonly string[] | undefined;
  readonly notResource: readonly string[] | undefined;
  readonly conditions: readonly PolicyCondition[];
}

/** A validated policy document. */
export interface PolicyDocument {
  readonly kind: "key" | "identity";
  /** `2008-10-17` when the document names none (policy variables are then not substituted). */
  readonly version: "2012-10-17" | "2008-10-17";
  readonly id: string | undefined;
  readonly statements: readonly PolicyStatement[];
}

/** The most bytes a key policy may hold. */
export const KEY_POLICY_MAX_BYTES = 32_768;

export const INVALID_PRINCIPALS = "Policy contains a statement with one or more invalid principals.";
export const SYNTAX_ERRORS = "Syntax errors in policy.";
export const MUST_CONTAIN_ACTIONS = "Policy statement must contain actions.";
export const MUST_CONTAIN_RESOURCES = "Policy statement must contain resources.";
export const LEGACY_PARSING = "The policy failed legacy parsing";
export const KEY_POLICY_FORBIDDEN_KEYS =
  "These condition keys are not permitted in a key policy: aws:ResourceTag, kms:ResourceTag, kms:ResourceAliases";
export const OVERLY_PERMISSIVE_ENCRYPTION_CONTEXT =
  "OverlyPermissiveCondition:EncryptionContext: Using the ForAllValues set operator with a single-valued condition key matches requests without the specified encryption context or with an unspecified encryption context. To fix, remove ForAllValues.";
export const IDENTITY_POLICY_VERSION = "Policy document must be version 2012-10-17 or greater.";
export const IDENTITY_POLICY_PRINCIPAL = "Policy document should not specify a principal.";
export const DUPLICATE_SIDS = "Statement IDs (SID) in a single policy must be unique.";
/** Worded after the AWS KMS Developer Guide's limit sentence; AWS's own text is not on record. */
export const KEY_POLICY_TOO_LARGE = "The key policy document cannot exceed 32 KB (32,768 bytes).";

/** Options of {@link parseKeyPolicy}. */
export interface KeyPolicyOptions {
  /**
   * Whether an IAM user or role ARN names a principal that exists ("The principals in the key
   * policy must exist and be visible to KMS", botocore model). Not asked about accounts, sessions
   * or services. Default: every principal exists.
   */
  readonly principalExists?: (arn: string) => boolean;
}

const TOP_LEVEL = new Set(["Version", "Id", "Statement"]);
const STATEMENT_ELEMENTS = new Set(["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"]);
const VERSIONS = new Set(["2012-10-17", "2008-10-17"]);

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

class Fault {
  constructor(readonly message: string) {}
}
const syntax = (): never => {
  throw new Fault(SYNTAX_ERRORS);
};

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** A string-or-list element as a list; syntax error for anything else. */
function stringList(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value as string[];
  return syntax();
}

/** The statement as read, its principals not yet checked (key policies check them, identity policies refuse them). */
interface RawStatement extends Omit<PolicyStatement, "principal" | "notPrincipal"> {
  readonly principalRaw: unknown;
  readonly notPrincipalRaw: unknown;
}

/** Syntax of a principal element: `"*"`-like strings or an object of string-or-list values. */
function checkPrincipalSyntax(value: unknown): void {
  if (value === undefined || typeof value === "string") return;
  if (!isObject(value)) syntax();
  for (const entries of Object.values(value as Json)) stringList(entries);
}

function principalSpec(value: unknown): PrincipalSpec | undefined {
  if (value === undefined) return undefined;
  if (value === "*") return { any: true, aws: [], service: [] };
  if (!isObject(value)) throw new Fault(INVALID_PRINCIPALS);
  const aws: string[] = [];
  const service: string[] = [];
  let any = false;
  for (const [type, entries] of Object.entries(value)) {
    const list = stringList(entries) ?? [];
    // Federated and CanonicalUser principals, and empty lists, name nobody KMS can authorize.
    if (list.length === 0 || (type !== "AWS" && type !== "Service")) throw new Fault(INVALID_PRINCIPALS);
    for (const entry of list) {
      if (type === "Service") service.push(entry);
      else if (entry === "*") any = true;
      else aws.push(entry);
    }
  }
  if (!any && aws.length === 0 && service.length === 0) throw new Fault(INVALID_PRINCIPALS);
  return { any, aws, service };
}

function conditionList(value: unknown): PolicyCondition[] {
  if (value === undefined) return [];
  if (!isObject(value)) return syntax();
  const out: PolicyCondition[] = [];
  for (const [operator, block] of Object.entries(value)) {
    if (!isObject(block)) return syntax();
    if (!parseConditionOperator(operator)) return syntax();
    for (const [key, raw] of Object.entries(block)) {
      const list = Array.isArray(raw) ? raw : [raw];
      if (!list.every((v) => typeof v === "string" || typeof v === "number" || typeof v === "boolean")) return syntax();
      out.push({ operator, key, values: list.map(String) });
    }
  }
  return out;
}

function statement(raw: unknown): RawStatement {
  if (!isObject(raw)) return syntax();
  for (const element of Object.keys(raw)) if (!STATEMENT_ELEMENTS.has(element)) syntax();
  if ("Action" in raw && "NotAction" in raw) syntax();
  if ("Resource" in raw && "NotResource" in raw) syntax();
  if ("Principal" in raw && "NotPrincipal" in raw) syntax();
  const { Sid: sid, Effect: effect } = raw;
  if (sid !== undefined && typeof sid !== "string") syntax();
  if (typeof effect !== "string" || !/^(allow|deny)$/i.test(effect)) syntax();
  checkPrincipalSyntax(raw.Principal);
  checkPrincipalSyntax(raw.NotPrincipal);
  return {
    sid: sid as string | undefined,
    // The case is checked later, with IAM's "legacy parsing" message.
    effect: effect as Effect,
    principalRaw: raw.Principal,
    notPrincipalRaw: raw.NotPrincipal,
    action: stringList(raw.Action),
    notAction: stringList(raw.NotAction),
    resource: stringList(raw.Resource),
    notResource: stringList(raw.NotResource),
    conditions: conditionList(raw.Condition),
  };
}

function structure(json: unknown): { version: string | undefined; id: string | undefined; statements: RawStatement[] } {
  if (!isObject(json)) return syntax();
  for (const element of Object.keys(json)) if (!TOP_LEVEL.has(element)) syntax();
  const { Version: version, Id: id, Statement: statements } = json;
  if (version !== undefined && (typeof version !== "string" || !VERSIONS.has(version))) syntax();
  if (id !== undefined && typeof id !== "string") syntax();
  const list = Array.isArray(statements) ? statements : isObject(statements) ? [statements] : syntax();
  if (list.length === 0) syntax();
  return { version: version as string | undefined, id: id as string | undefined, statements: list.map(statement) };
}

/** `kms:Decrypt`, `kms:Re*`, `*`: a vendor prefix and one colon (IAM's action grammar). */
function checkActions(actions: readonly string[] | undefined): void {
  for (const action of actions ?? []) {
    if (action === "*") continue;
    const parts = action.split(":");
    if (parts.length === 1) throw new Fault("Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.");
    if (parts.length > 2) throw new Fault("Actions/Condition can contain only one colon.");
    if (/[^a-zA-Z0-9\-.]/.test(parts[0] as string)) throw new Fault(`Vendor ${parts[0]} is not valid`);
  }
}

function checkResources(resources: readonly string[] | undefined): void {
  for (const resource of resources ?? []) {
    if (resource !== "*" && !resource.startsWith("arn:")) throw new Fault(`Resource ${resource} must be in ARN format or "*".`);
  }
}

function hasAny(list: readonly string[] | undefined): boolean {
  return list !== undefined && list.length > 0;
}

/** Conditions compile (so values parse) and name keys with a vendor prefix. */
function checkConditions(s: RawStatement, kind: "key" | "identity"): void {
  for (const condition of s.conditions) {
    if (!condition.key.includes(":")) throw new Fault("Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.");
    const operator = parseConditionOperator(condition.operator);
    if (!operator) throw new Fault(SYNTAX_ERRORS);
    if (kind === "key") {
      if (!resolveConditionKey(condition.key).keyPolicyAllowed) throw new Fault(KEY_POLICY_FORBIDDEN_KEYS);
      if (operator.setOperator === "ForAllValues" && isEncryptionContextKey(condition.key)) throw new Fault(OVERLY_PERMISSIVE_ENCRYPTION_CONTEXT);
    }
    try {
      compileCondition(operator, condition.key, condition.values, s.effect, false);
    } catch (error) {
      if (error instanceof ConditionValueError) throw new Fault(LEGACY_PARSING);
      throw error;
    }
  }
}

function resolvePrincipals(value: unknown, options: KeyPolicyOptions): PrincipalSpec | undefined {
  const spec = principalSpec(value);
  if (!spec) return undefined;
  for (const entry of spec.aws) {
    const form = awsPrincipalForm(entry);
    if (form === "invalid") throw new Fault(INVALID_PRINCIPALS);
    if ((form === "user" || form === "role") && options.principalExists && !options.principalExists(entry)) throw new Fault(INVALID_PRINCIPALS);
  }
  for (const entry of spec.service) if (!isServicePrincipal(entry)) throw new Fault(INVALID_PRINCIPALS);
  return spec;
}

function withoutRaw(s: RawStatement, principal: PrincipalSpec | undefined, notPrincipal: PrincipalSpec | undefined): PolicyStatement {
  const { principalRaw: _p, notPrincipalRaw: _n, ...rest } = s;
  return { ...rest, principal, notPrincipal };
}

function run<T>(fn: () => T, malformed: (message: string) => Error): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof Fault) throw malformed(error.message);
    throw error;
  }
}

/**
 * Parses and validates a key policy as CreateKey and PutKeyPolicy do (the lockout safety check
 * is separate: it needs the caller, see `requireLockoutSafe`).
 * @throws {@link LimitExceededException} when the document exceeds 32,768 bytes
 * @throws {@link MalformedPolicyDocumentException} when it is not JSON (empty message), is not a
 *   policy, names an invalid or unknown principal, lacks actions or resources, or uses a
 *   condition KMS refuses in key policies
 */
export function parseKeyPolicy(text: string, options: KeyPolicyOptions = {}): PolicyDocument {
  if (utf8Length(text) > KEY_POLICY_MAX_BYTES) throw new LimitExceededException(KEY_POLICY_TOO_LARGE);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new MalformedPolicyDocumentException("");
  }
  if (!isObject(json)) throw new MalformedPolicyDocumentException("");
  return run(() => {
    const parsed = structure(json);
    const statements = parsed.statements.map((s) => {
      if (s.effect !== "Allow" && s.effect !== "Deny") throw new Fault(LEGACY_PARSING);
      if (s.principalRaw === undefined && s.notPrincipalRaw === undefined) throw new Fault(INVALID_PRINCIPALS);
      const resolved = withoutRaw(s, resolvePrincipals(s.principalRaw, options), resolvePrincipals(s.notPrincipalRaw, options));
      if (!hasAny(s.action) && !hasAny(s.notAction)) throw new Fault(MUST_CONTAIN_ACTIONS);
      if (!hasAny(s.resource) && !hasAny(s.notResource)) throw new Fault(MUST_CONTAIN_RESOURCES);
      checkResources(s.resource ?? s.notResource);
      checkActions(s.action ?? s.notAction);
      checkConditions(s, "key");
      return resolved;
    });
    return { kind: "key", version: parsed.version === "2012-10-17" ? "2012-10-17" : "2008-10-17", id: parsed.id, statements };
  }, (message) => new MalformedPolicyDocumentException(message));
}

/**
 * Parses and validates an IAM identity policy as IAM's CreatePolicy does: Version 2012-10-17, no
 * principal, unique Sids, actions and resources in every statement.
 * @param policy the JSON text, or the document as an object
 * @throws {@link MalformedPolicyDocumentException} with IAM's message for the first fault
 */
export function parseIdentityPolicy(policy: string | object): PolicyDocument {
  return run(() => {
    let json: unknown = policy;
    if (typeof policy === "string") {
      try {
        json = JSON.parse(policy);
      } catch {
        throw new Fault(SYNTAX_ERRORS);
      }
    }
    if (isObject(json) && ("Principal" in json || (Array.isArray(json.Statement) ? json.Statement : [json.Statement]).some(
      (s) => isObject(s) && ("Principal" in s || "NotPrincipal" in s),
    ))) throw new Fault(IDENTITY_POLICY_PRINCIPAL);
    const parsed = structure(json);
    if (parsed.version !== "2012-10-17") throw new Fault(IDENTITY_POLICY_VERSION);
    const sids = new Set<string>();
    for (const s of parsed.statements) {
      if (s.effect !== "Allow" && s.effect !== "Deny") throw new Fault(LEGACY_PARSING);
      if (s.sid) {
        if (sids.has(s.sid)) throw new Fault(DUPLICATE_SIDS);
        sids.add(s.sid);
      }
    }
    for (const s of parsed.statements) if (!hasAny(s.action) && !hasAny(s.notAction)) throw new Fault(MUST_CONTAIN_ACTIONS);
    for (const s of parsed.statements) if (!hasAny(s.resource) && !hasAny(s.notResource)) throw new Fault(MUST_CONTAIN_RESOURCES);
    for (const s of parsed.statements) checkResources(s.resource ?? s.notResource);
    for (const s of parsed.statements) checkActions(s.action ?? s.notAction);
    for (const s of parsed.statements) checkConditions(s, "identity");
    const statements = parsed.statements.map((s) => withoutRaw(s, undefined, undefined));
    return { kind: "identity" as const, version: "2012-10-17" as const, id: parsed.id, statements };
  }, (message) => new MalformedPolicyDocumentException(message));
}
