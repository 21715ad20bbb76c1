/**
 * Condition operators, compiled once per policy into predicates over a request. Semantics as the
 * IAM User Guide defines them ("IAM JSON policy elements: Condition operators", "Single-valued vs.
 * multivalued context keys"):
 *  - a missing key makes a condition false, except for negated operators (`StringNotEquals`,
 *    `NotIpAddress`, `ArnNotLike`...), which are true, `...IfExists` (true) and `Null`;
 *  - several values for one key are ORed; several keys, and several operators, are ANDed;
 *  - `ForAnyValue:` is true when at least one request value matches (false for none);
 *    `ForAllValues:` when every request value matches (true for none);
 *  - a negated operator is true when the value matches none of the policy's values.
 * Unknown operators never reach here: policies using them are refused when they are put.
 */
import { compileArnPattern } from "./arn-pattern.js";
import type { BaseOperator, Comparison, ConditionOperator } from "./condition-operators.js";
import { resolveConditionKey, type ConditionKeyType, type EvaluationInput, type KeyValue } from "./condition-keys.js";
import { cidrContains, parseCidr, parseIpAddress, type CidrBlock } from "./ip-address.js";
import { parsePolicyDate } from "./policy-date.js";
import { hasVariables, parseTemplate, renderTemplate, templateRegex } from "./policy-variables.js";
import { anyOf, compileWildcard, type StringMatcher } from "./wildcard.js";

/** A compiled condition: true when the request satisfies it. */
export type Predicate = (input: EvaluationInput) => boolean;

function asString(value: string | number | boolean, type: ConditionKeyType): string {
  if (typeof value === "number" && type === "Date") return new Date(value).toISOString().replace(/\.000Z$/, "Z");
  return String(value);
}

function asNumber(value: string | number | boolean): number {
  if (typeof value === "number") return value;
  if (typeof value === "string" && value.trim() !== "") return Number(value);
  return Number.NaN;
}

function asDate(value: string | number | boolean, type: ConditionKeyType): number | undefined {
  if (typeof value === "number") return type === "Date" ? value : value * 1000;
  return typeof value === "string" ? parsePolicyDate(value) : undefined;
}

function compare(a: number, b: number, comparison: Comparison): boolean {
  switch (comparison) {
    case "eq":
      return a === b;
    case "lt":
      return a < b;
    case "le":
      return a <= b;
    case "gt":
      return a > b;
    case "ge":
      return a >= b;
  }
}

/** Thrown by {@link compileCondition} for a policy value the operator cannot read. */
export class ConditionValueError extends Error {}

type ValueTest = (value: string | number | boolean, input: EvaluationInput) => boolean;

/** The positive test of one base operator against the policy's values (ORed). */
function valueTest(base: BaseOperator, values: readonly string[], type: ConditionKeyType, variables: boolean): ValueTest {
  switch (base.family) {
    case "string":
    case "stringIgnoreCase": {
      const fold = base.family === "stringIgnoreCase";
      if (variables && values.some(hasVariables)) {
        const templates = values.map((v) => parseTemplate(v) ?? fail(v));
        return (value, input) => {
          const text = fold ? asString(value, type).toLowerCase() : asString(value, type);
          return templates.some((t) => {
            const rendered = renderTemplate(t, input);
            return rendered !== undefined && (fold ? rendered.toLowerCase() : rendered) === text;
          });
        };
      }
      const set = new Set(fold ? values.map((v) => v.toLowerCase()) : values);
      if (set.size === 1) {
        const only = [...set][0] as string;
        return fold ? (value) => asString(value, type).toLowerCase() === only : (value) => asString(value, type) === only;
      }
      return fold ? (value) => set.has(asString(value, type).toLowerCase()) : (value) => set.has(asString(value, type));
    }
    case "stringLike":
    case "arn": {
      const arn = base.family === "arn";
      if (variables && values.some(hasVariables)) {
        const templates = values.map((v) => parseTemplate(v) ?? fail(v));
        return (value, input) => {
          const text = asString(value, type);
          return templates.some((t) => templateRegex(t, input, false)?.test(text) === true);
        };
      }
      const matcher: StringMatcher = anyOf(values.map((v) => (arn ? compileArnPattern(v) : compileWildcard(v))));
      return (value) => matcher(asString(value, type));
    }
    case "numeric": {
      const numbers = values.map((v) => {
        const n = asNumber(v);
        return Number.isFinite(n) ? n : fail(v);
      });
      return (value) => {
        const n = asNumber(value);
        return !Number.isNaN(n) && numbers.some((p) => compare(n, p, base.comparison));
      };
    }
    case "date": {
      const dates = values.map((v) => parsePolicyDate(v) ?? fail(v));
      return (value) => {
        const ms = asDate(value, type);
        return ms !== undefined && dates.some((p) => compare(ms, p, base.comparison));
      };
    }
    case "bool": {
      const wanted = new Set(values.map((v) => (/^(true|false)$/i.test(v) ? v.toLowerCase() : fail(v))));
      return (value) => wanted.has(String(value).toLowerCase());
    }
    case "binary": {
      const set = new Set(values);
      return (value) => set.has(String(value));
    }
    case "ip": {
      const blocks: CidrBlock[] = values.map((v) => parseCidr(v) ?? fail(v));
      return (value) => {
        const address = typeof value === "string" ? parseIpAddress(value) : undefined;
        return address !== undefined && blocks.some((block) => cidrContains(block, address));
      };
    }
    case "null":
      throw new TypeError("Null has no value test");
  }
}

function fail(value: string): never {
  throw new ConditionValueError(`invalid condition value ${value}`);
}

const isMissing = (value: KeyValue): value is undefined => value === undefined || (Array.isArray(value) && value.length === 0);

/**
 * Compiles one condition (one operator, one key, its values).
 * @param effect an `Allow` condition on a key kms-sim does not model (and the request's `extra`
 *   does not supply) is false whatever the operator; a `Deny` one sees the key as missing
 * @param variables whether `${...}` policy variables are substituted (Version 2012-10-17)
 * @throws {ConditionValueError} when a value cannot be read by the operator (a bad date, CIDR...)
 */
export function compileCondition(
  operator: ConditionOperator,
  keyName: string,
  values: readonly string[],
  effect: "Allow" | "Deny",
  variables: boolean,
): Predicate {
  const key = resolveConditionKey(keyName);
  const get = key.get;
  const failClosed = effect === "Allow" && !key.known;
  const { base, setOperator, ifExists } = operator;
  if (base.family === "null") {
    const wanted = new Set(values.map((v) => (/^(true|false)$/i.test(v) ? v.toLowerCase() === "true" : fail(v))));
    return (input) => {
      const value = get(input);
      if (failClosed && isMissing(value)) return false;
      return wanted.has(isMissing(value));
    };
  }
  const test = valueTest(base, values, key.type, variables);
  const negated = base.negated;
  const onMissing = ifExists || setOperator === "ForAllValues" ? true : setOperator === "ForAnyValue" ? false : negated;
  const one = negated ? (v: string | number | boolean, input: EvaluationInput) => !test(v, input) : test;
  return (input) => {
    const value = get(input);
    if (isMissing(value)) return failClosed ? false : onMissing;
    if (!Array.isArray(value)) return one(value as string | number | boolean, input);
    const list = value as readonly string[];
    if (setOperator === "ForAllValues") return list.every((v) => one(v, input));
    if (setOperator === "ForAnyValue") return list.some((v) => one(v, input));
    // A multivalued key without a set operator: a match of any value counts, as ForAnyValue does.
    const matched = list.some((v) => test(v, input));
    return negated ? !matched : matched;
  };
}

/** All conditions of a statement, ANDed; `undefined` when it has none. */
export function allOf(predicates: readonly Predicate[]): Predicate | undefined {
  if (predicates.length === 0) return undefined;
  if (predicates.length === 1) return predicates[0];
  return (input) => {
    for (const predicate of predicates) if (!predicate(input)) return false;
    return true;
  };
}
