/**
 * The condition operators IAM defines, and how a written operator (`ForAnyValue:StringLikeIfExists`)
 * breaks down: an optional set operator, a base operator and an optional `IfExists`. The table is
 * the IAM User Guide's "IAM JSON policy elements: Condition operators".
 */

export type Family = "string" | "stringIgnoreCase" | "stringLike" | "numeric" | "date" | "bool" | "binary" | "ip" | "arn" | "null";
export type Comparison = "eq" | "lt" | "le" | "gt" | "ge";

export interface BaseOperator {
  readonly family: Family;
  readonly negated: boolean;
  readonly comparison: Comparison;
}

const op = (family: Family, negated = false, comparison: Comparison = "eq"): BaseOperator => ({ family, negated, comparison });

/** Every base operator IAM defines. */
const OPERATORS: ReadonlyMap<string, BaseOperator> = new Map([
  ["StringEquals", op("string")],
  ["StringNotEquals", op("string", true)],
  ["StringEqualsIgnoreCase", op("stringIgnoreCase")],
  ["StringNotEqualsIgnoreCase", op("stringIgnoreCase", true)],
  ["StringLike", op("stringLike")],
  ["StringNotLike", op("stringLike", true)],
  ["NumericEquals", op("numeric")],
  ["NumericNotEquals", op("numeric", true)],
  ["NumericLessThan", op("numeric", false, "lt")],
  ["NumericLessThanEquals", op("numeric", false, "le")],
  ["NumericGreaterThan", op("numeric", false, "gt")],
  ["NumericGreaterThanEquals", op("numeric", false, "ge")],
  ["DateEquals", op("date")],
  ["DateNotEquals", op("date", true)],
  ["DateLessThan", op("date", false, "lt")],
  ["DateLessThanEquals", op("date", false, "le")],
  ["DateGreaterThan", op("date", false, "gt")],
  ["DateGreaterThanEquals", op("date", false, "ge")],
  ["Bool", op("bool")],
  ["BinaryEquals", op("binary")],
  ["IpAddress", op("ip")],
  ["NotIpAddress", op("ip", true)],
  ["ArnEquals", op("arn")],
  ["ArnLike", op("arn")],
  ["ArnNotEquals", op("arn", true)],
  ["ArnNotLike", op("arn", true)],
  ["Null", op("null")],
]);

/** A condition operator as written: an optional set operator, the base operator, `IfExists`. */
export interface ConditionOperator {
  readonly name: string;
  readonly base: BaseOperator;
  readonly setOperator: "ForAnyValue" | "ForAllValues" | undefined;
  readonly ifExists: boolean;
}

/** Parses `ForAnyValue:StringLikeIfExists` and friends; undefined for an operator IAM does not have. */
export function parseConditionOperator(name: string): ConditionOperator | undefined {
  const colon = name.indexOf(":");
  const prefix = colon < 0 ? undefined : name.slice(0, colon);
  if (prefix !== undefined && prefix !== "ForAnyValue" && prefix !== "ForAllValues") return undefined;
  const setOperator: ConditionOperator["setOperator"] = prefix;
  const rest = colon < 0 ? name : name.slice(colon + 1);
  let base = OPERATORS.get(rest);
  let ifExists = false;
  if (!base && rest.endsWith("IfExists")) {
    base = OPERATORS.get(rest.slice(0, -"IfExists".length));
    ifExists = base !== undefined && base.family !== "null";
    if (!ifExists) base = undefined;
  }
  if (!base || (setOperator && base.family === "null")) return undefined;
  return { name, base, setOperator, ifExists };
}
