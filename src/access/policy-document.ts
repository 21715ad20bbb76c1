/**
 * Policy documents: parsing and validating key policies (CreateKey, PutKeyPolicy) and IAM
 * identity policies, with the exception and message AWS answers for each fault. The result is a
 * normalized document that `compilePolicy` turns into a fast matcher; nothing here runs per
 * request.
 *
 * The faults, in the order they are looked for: size (LimitExceededException), JSON, grammar,
 * then per statement principals, actions, resources and conditions (MalformedPolicyDocumentException).
 * Each message's source is in policy-messages.ts. Statements without Action/NotAction or
 * Resource/NotResource are refused since 2025-08-18 (AWS Health notice quoted in
 * github.com/ministryofjustice/analytical-platform/issues/7691). Size: "The resulting key policy
 * document cannot exceed 32 KB (32,768 bytes)" (AWS KMS Developer Guide, "Changing a key
 * policy"); AWS answers LimitExceededException (botocore model).
 */
import { LimitExceededException, MalformedPolicyDocumentException } from "../errors.js";
import { isEncryptionContextKey, resolveConditionKey } from "./condition-keys.js";
import { parseConditionOperator } from "./condition-operators.js";
import { compileCondition, ConditionValueError } from "./conditions.js";
import { Fault, isObject, readStructure, type RawStatement } from "./policy-grammar.js";
import { resolvePrincipals } from "./policy-principals.js";
import {
  DUPLICATE_SIDS,
  IDENTITY_POLICY_PRINCIPAL,
  IDENTITY_POLICY_VERSION,
  INVALID_PRINCIPALS,
  KEY_POLICY_FORBIDDEN_KEYS,
  KEY_POLICY_TOO_LARGE,
  LEGACY_PARSING,
  MUST_CONTAIN_ACTIONS,
  MUST_CONTAIN_RESOURCES,
  OVERLY_PERMISSIVE_ENCRYPTION_CONTEXT,
  SYNTAX_ERRORS,
} from "./policy-messages.js";

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

/** Options of {@link parseKeyPolicy}. */
export interface KeyPolicyOptions {
  /**
   * Whether an IAM user or role ARN names a principal that exists ("The principals in the key
   * policy must exist and be visible to KMS", botocore model). Not asked about accounts, sessions
   * or services. Default: every principal exists.
   */
  readonly principalExists?: (arn: string) => boolean;
}

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
    const parsed = readStructure(json);
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
    const parsed = readStructure(json);
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
