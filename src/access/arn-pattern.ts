/**
 * ARN patterns as IAM matches them in `Resource`/`NotResource` and in the `Arn*` condition
 * operators: "Each of the six colon-delimited components of the ARN is checked separately and
 * each can include multi-character match wildcards (*) or single-character match wildcards (?)"
 * (IAM User Guide, condition operators). Case-sensitive.
 */
import { compileWildcard, type StringMatcher } from "./wildcard.js";

/** `arn:partition:service:region:account:resource`; the resource part may itself hold colons. */
function segments(arn: string): string[] {
  const parts: string[] = [];
  let from = 0;
  for (let i = 0; i < 5; i++) {
    const colon = arn.indexOf(":", from);
    if (colon < 0) break;
    parts.push(arn.slice(from, colon));
    from = colon + 1;
  }
  parts.push(arn.slice(from));
  return parts;
}

/**
 * The matcher of one ARN pattern. `*` alone matches every resource, the `*` of operations that
 * name no resource included. A pattern with fewer than six segments matches its last segment
 * against the rest of the ARN (so `arn:aws:kms:*` covers every KMS ARN).
 */
export function compileArnPattern(pattern: string): StringMatcher {
  if (pattern === "*") return () => true;
  const patternParts = segments(pattern);
  if (!pattern.includes("*") && !pattern.includes("?")) return (value) => value === pattern;
  // The common `arn:aws:kms:us-east-1:111122223333:key/*`: exact segments then one trailing `*` is a
  // prefix test on the whole ARN, with no split per request.
  const star = pattern.indexOf("*");
  if (patternParts.length === 6 && star === pattern.length - 1 && !pattern.includes("?") && !(patternParts.slice(0, 5).join(":")).includes("*")) {
    const prefix = pattern.slice(0, -1);
    return (value) => value.startsWith(prefix);
  }
  const matchers = patternParts.map((part) => compileWildcard(part));
  const last = matchers.length - 1;
  return (value) => {
    if (!value.startsWith("arn:")) return false;
    const valueParts = segments(value);
    if (valueParts.length < matchers.length) return false;
    for (let i = 0; i < last; i++) if (!(matchers[i] as StringMatcher)(valueParts[i] as string)) return false;
    const rest = valueParts.length === matchers.length ? (valueParts[last] as string) : valueParts.slice(last).join(":");
    return (matchers[last] as StringMatcher)(rest);
  };
}
