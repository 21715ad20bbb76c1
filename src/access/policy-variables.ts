/**
 * Policy variables (`${aws:username}`, `${aws:PrincipalAccount}`, `${kms:...}` with an optional
 * `, 'default'`) in condition values and resources of policies of Version 2012-10-17, and the
 * escapes `${*}`, `${?}`, `${$}` for literal characters. A variable whose key is missing from the
 * request makes its value match nothing, unless it has a default (IAM User Guide, "IAM policy
 * elements: Variables and tags").
 */
import { resolveConditionKey, type EvaluationInput } from "./condition-keys.js";

/** One piece of a value: literal text (wildcards active), an escaped character, or a variable. */
export type TemplatePart =
  | { readonly literal: string }
  | { readonly escaped: string }
  | { readonly variable: (input: EvaluationInput) => string | undefined };

const VARIABLE = /\$\{([^}]*)\}/g;
const DEFAULT = /^\s*([^,\s]+)\s*(?:,\s*'([^']*)'\s*)?$/;

/** True when `value` uses the `${...}` syntax. */
export function hasVariables(value: string): boolean {
  return value.includes("${");
}

function scalar(value: unknown, type: string): string | undefined {
  if (value === undefined || Array.isArray(value)) return undefined;
  if (typeof value === "number" && type === "Date") return new Date(value).toISOString().replace(/\.000Z$/, "Z");
  return String(value);
}

/**
 * Splits `value` into parts.
 * @returns undefined when a `${...}` is malformed
 */
export function parseTemplate(value: string): TemplatePart[] | undefined {
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const match of value.matchAll(VARIABLE)) {
    const index = match.index;
    if (index > last) parts.push({ literal: value.slice(last, index) });
    last = index + match[0].length;
    const inner = match[1] as string;
    if (inner === "*" || inner === "?" || inner === "$") {
      parts.push({ escaped: inner });
      continue;
    }
    const parsed = DEFAULT.exec(inner);
    if (!parsed) return undefined;
    const key = resolveConditionKey(parsed[1] as string);
    const fallback = parsed[2];
    parts.push({ variable: (input) => scalar(key.get(input), key.type) ?? fallback });
  }
  if (last < value.length) parts.push({ literal: value.slice(last) });
  return parts;
}

/** The value with variables resolved, as plain text (escapes become their character). */
export function renderTemplate(parts: readonly TemplatePart[], input: EvaluationInput): string | undefined {
  let out = "";
  for (const part of parts) {
    if ("literal" in part) out += part.literal;
    else if ("escaped" in part) out += part.escaped;
    else {
      const value = part.variable(input);
      if (value === undefined) return undefined;
      out += value;
    }
  }
  return out;
}

/**
 * The value as a wildcard regular expression: literal parts keep `*`/`?` as wildcards; escapes
 * and variable values match literally.
 */
export function templateRegex(parts: readonly TemplatePart[], input: EvaluationInput, ignoreCase: boolean): RegExp | undefined {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  let source = "";
  for (const part of parts) {
    if ("literal" in part) source += escape(part.literal).replace(/\\\*/g, ".*").replace(/\\\?/g, ".");
    else if ("escaped" in part) source += escape(part.escaped);
    else {
      const value = part.variable(input);
      if (value === undefined) return undefined;
      source += escape(value);
    }
  }
  return new RegExp(`^${source}$`, ignoreCase ? "isu" : "su");
}
