/**
 * A policy compiled for evaluation: every statement's principals, actions, resources and
 * conditions become closures once, when the policy is put, and the statements that apply to an
 * action are listed once per action. Evaluating a request then walks a short list of closures and
 * parses nothing, which keeps authorization cheap next to the cryptography it guards.
 */
import { compileArnPattern } from "./arn-pattern.js";
import type { EvaluationInput } from "./condition-keys.js";
import { parseConditionOperator } from "./condition-operators.js";
import { allOf, compileCondition, type Predicate } from "./conditions.js";
import {
  parseIdentityPolicy,
  parseKeyPolicy,
  type Effect,
  type KeyPolicyOptions,
  type PolicyDocument,
  type PolicyStatement,
  type PrincipalSpec,
} from "./policy-document.js";
import { hasVariables, parseTemplate, templateRegex } from "./policy-variables.js";
import { accountOfPrincipal, callerIdentities, type Caller } from "./principal.js";
import { anyOf, compileWildcard, type StringMatcher } from "./wildcard.js";

/** How a statement's principal covers a caller. */
export const PRINCIPAL_NONE = 0;
/** The caller itself (its ARN, its role, `*`, or the account principal for the account's root user). */
export const PRINCIPAL_DIRECT = 1;
/** The caller's account, which for identities other than root delegates to their IAM policies. */
export const PRINCIPAL_ACCOUNT = 2;
export type PrincipalMatch = typeof PRINCIPAL_NONE | typeof PRINCIPAL_DIRECT | typeof PRINCIPAL_ACCOUNT;

/** One statement, compiled. */
export interface CompiledStatement {
  readonly index: number;
  readonly sid: string | undefined;
  readonly effect: Effect;
  /** Identity policies name no principal: they cover their own identity ({@link PRINCIPAL_DIRECT}). */
  readonly principal: (caller: Caller) => PrincipalMatch;
  readonly resource: (input: EvaluationInput) => boolean;
  readonly condition: Predicate | undefined;
}

/** The statements of a policy that name one action, Deny first. */
export interface ActionStatements {
  readonly deny: readonly CompiledStatement[];
  readonly allow: readonly CompiledStatement[];
}

/** A compiled policy. */
export interface CompiledPolicy {
  readonly document: PolicyDocument;
  /** The statements that apply to `action` (e.g. `kms:Decrypt`), computed on first use. */
  forAction(action: string): ActionStatements;
}

/** Result bits of {@link evaluatePolicy}. */
export const POLICY_DENIES = 1;
export const POLICY_ALLOWS_DIRECT = 2;
export const POLICY_ALLOWS_ACCOUNT = 4;

function compilePrincipal(spec: PrincipalSpec): (caller: Caller) => PrincipalMatch {
  if (spec.any) return () => PRINCIPAL_DIRECT;
  const accounts = new Set<string>();
  const arns = new Set<string>();
  for (const entry of spec.aws) {
    const account = accountOfPrincipal(entry);
    if (account) accounts.add(account);
    else arns.add(entry);
  }
  const services = new Set(spec.service);
  return (caller) => {
    if (caller.kind === "service") return services.has(caller.arn) ? PRINCIPAL_DIRECT : PRINCIPAL_NONE;
    if (arns.size > 0 && (arns.has(caller.arn) || arns.has(caller.principalArn))) return PRINCIPAL_DIRECT;
    if (caller.accountId !== undefined && accounts.has(caller.accountId)) return caller.kind === "root" ? PRINCIPAL_DIRECT : PRINCIPAL_ACCOUNT;
    return PRINCIPAL_NONE;
  };
}

/** NotPrincipal: everyone except callers all of whose identities the list names. */
function compileNotPrincipal(spec: PrincipalSpec): (caller: Caller) => PrincipalMatch {
  if (spec.any) return () => PRINCIPAL_NONE;
  const listed = new Set<string>();
  for (const entry of spec.aws) {
    const account = accountOfPrincipal(entry);
    listed.add(account ? `account:${account}` : `arn:${entry}`);
  }
  for (const entry of spec.service) listed.add(`service:${entry}`);
  return (caller) => (callerIdentities(caller).every((identity) => listed.has(identity)) ? PRINCIPAL_NONE : PRINCIPAL_DIRECT);
}

function compileResources(patterns: readonly string[], keyPolicy: boolean, variables: boolean): (input: EvaluationInput) => boolean {
  const matchers: ((input: EvaluationInput) => boolean)[] = patterns.map((pattern) => {
    // In a key policy "*" means "this KMS key" (AWS KMS Developer Guide, "Key policies").
    if (pattern === "*") return () => true;
    if (variables && hasVariables(pattern)) {
      const template = parseTemplate(pattern);
      return (input) => template !== undefined && templateRegex(template, input, false)?.test(input.resource.arn) === true;
    }
    const matcher = compileArnPattern(pattern);
    return keyPolicy ? (input) => input.resource.kind === "key" && matcher(input.resource.arn) : (input) => matcher(input.resource.arn);
  });
  if (matchers.length === 1) return matchers[0] as (input: EvaluationInput) => boolean;
  return (input) => matchers.some((m) => m(input));
}

function compileStatement(statement: PolicyStatement, index: number, document: PolicyDocument): CompiledStatement & { action: StringMatcher } {
  const keyPolicy = document.kind === "key";
  const variables = document.version === "2012-10-17";
  const principal = statement.principal
    ? compilePrincipal(statement.principal)
    : statement.notPrincipal
      ? compileNotPrincipal(statement.notPrincipal)
      : (): PrincipalMatch => PRINCIPAL_DIRECT;
  const actions = anyOf((statement.action ?? statement.notAction ?? []).map((a) => compileWildcard(a, true)));
  const action: StringMatcher = statement.notAction ? (name) => !actions(name) : actions;
  const resources = compileResources(statement.resource ?? statement.notResource ?? [], keyPolicy, variables);
  const resource = statement.notResource ? (input: EvaluationInput) => !resources(input) : resources;
  const condition = allOf(
    statement.conditions.map((c) => {
      const operator = parseConditionOperator(c.operator);
      if (!operator) throw new TypeError(`unvalidated condition operator ${c.operator}`);
      return compileCondition(operator, c.key, c.values, statement.effect, variables);
    }),
  );
  return { index, sid: statement.sid, effect: statement.effect, principal, action, resource, condition };
}

/**
 * Compiles a validated document.
 * @example
 * ```ts
 * const policy = compilePolicy(parseKeyPolicy(defaultKeyPolicy("111122223333")));
 * policy.forAction("kms:Decrypt").allow.length; //=> 1
 * ```
 */
export function compilePolicy(document: PolicyDocument): CompiledPolicy {
  const statements = document.statements.map((s, i) => compileStatement(s, i, document));
  const byAction = new Map<string, ActionStatements>();
  return {
    document,
    forAction(action) {
      let found = byAction.get(action);
      if (!found) {
        const matching = statements.filter((s) => s.action(action));
        found = { deny: matching.filter((s) => s.effect === "Deny"), allow: matching.filter((s) => s.effect === "Allow") };
        byAction.set(action, found);
      }
      return found;
    },
  };
}

/** Parses, validates and compiles a key policy (see {@link parseKeyPolicy} for the errors). */
export function compileKeyPolicy(text: string, options?: KeyPolicyOptions): CompiledPolicy {
  return compilePolicy(parseKeyPolicy(text, options));
}

/** Parses, validates and compiles an IAM identity policy (see {@link parseIdentityPolicy}). */
export function compileIdentityPolicy(policy: string | object): CompiledPolicy {
  return compilePolicy(parseIdentityPolicy(policy));
}

function applies(statement: CompiledStatement, input: EvaluationInput): PrincipalMatch {
  const match = statement.principal(input.caller);
  if (match === PRINCIPAL_NONE || !statement.resource(input)) return PRINCIPAL_NONE;
  return statement.condition === undefined || statement.condition(input) ? match : PRINCIPAL_NONE;
}

/**
 * What one policy says about `action` for this request, as bits: {@link POLICY_DENIES} when a
 * Deny statement applies (then nothing else is reported), else {@link POLICY_ALLOWS_DIRECT} when
 * an Allow covers the caller itself and {@link POLICY_ALLOWS_ACCOUNT} when one covers only its
 * account. A Deny naming the caller's account applies to every identity of that account.
 */
export function evaluatePolicy(policy: CompiledPolicy, action: string, input: EvaluationInput): number {
  const { deny, allow } = policy.forAction(action);
  for (const statement of deny) if (applies(statement, input) !== PRINCIPAL_NONE) return POLICY_DENIES;
  let result = 0;
  for (const statement of allow) {
    const match = applies(statement, input);
    if (match === PRINCIPAL_DIRECT) return POLICY_ALLOWS_DIRECT | result;
    if (match === PRINCIPAL_ACCOUNT) result = POLICY_ALLOWS_ACCOUNT;
  }
  return result;
}
