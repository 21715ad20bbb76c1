/**
 * The grammar of a policy document: the elements a document and its statements may have and the
 * JSON types of their values. A document that breaks it is "Syntax errors in policy."; what the
 * values mean (principals, actions, resources, conditions) is checked by policy-document.ts.
 */
import type { Effect, PolicyCondition, PolicyStatement } from "./policy-document.js";
import { SYNTAX_ERRORS } from "./policy-messages.js";
import { parseConditionOperator } from "./condition-operators.js";

const TOP_LEVEL = new Set(["Version", "Id", "Statement"]);
const STATEMENT_ELEMENTS = new Set(["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"]);
const VERSIONS = new Set(["2012-10-17", "2008-10-17"]);

export type Json = Record<string, unknown>;
export const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/** A validation failure; the parser turns it into the AWS exception of the document's kind. */
export class Fault {
  constructor(readonly message: string) {}
}
export const syntax = (): never => {
  throw new Fault(SYNTAX_ERRORS);
};

/** A string-or-list element as a list; syntax error for anything else. */
export function stringList(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value as string[];
  return syntax();
}

/** The statement as read, its principals not yet checked (key policies check them, identity policies refuse them). */
export interface RawStatement extends Omit<PolicyStatement, "principal" | "notPrincipal"> {
  readonly principalRaw: unknown;
  readonly notPrincipalRaw: unknown;
}

/** Syntax of a principal element: `"*"`-like strings or an object of string-or-list values. */
function checkPrincipalSyntax(value: unknown): void {
  if (value === undefined || typeof value === "string") return;
  if (!isObject(value)) syntax();
  for (const entries of Object.values(value as Json)) stringList(entries);
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

/** Reads a parsed JSON value as a policy document, statements raw. */
export function readStructure(json: unknown): { version: string | undefined; id: string | undefined; statements: RawStatement[] } {
  if (!isObject(json)) return syntax();
  for (const element of Object.keys(json)) if (!TOP_LEVEL.has(element)) syntax();
  const { Version: version, Id: id, Statement: statements } = json;
  if (version !== undefined && (typeof version !== "string" || !VERSIONS.has(version))) syntax();
  if (id !== undefined && typeof id !== "string") syntax();
  const list = Array.isArray(statements) ? statements : isObject(statements) ? [statements] : syntax();
  if (list.length === 0) syntax();
  return { version: version as string | undefined, id: id as string | undefined, statements: list.map(statement) };
}
