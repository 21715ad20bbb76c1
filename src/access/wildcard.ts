/**
 * IAM's wildcard matching, compiled once per policy value: `*` matches any run of characters
 * (none included), `?` exactly one. Used for Action/NotAction (case-insensitive), StringLike and
 * the segments of ARN patterns (case-sensitive).
 *
 * Why compiled: a policy is parsed when it is put and evaluated on every request, so each value
 * becomes the cheapest test that does its job (equality, prefix, or a regular expression).
 */

/** A compiled test of one string. */
export type StringMatcher = (value: string) => boolean;

const always: StringMatcher = () => true;

/** True when `pattern` holds a `*` or `?`. */
export function hasWildcard(pattern: string): boolean {
  return pattern.includes("*") || pattern.includes("?");
}

/**
 * The matcher of one wildcard pattern.
 * @param pattern the policy value, `*` and `?` being wildcards
 * @param ignoreCase compare case-insensitively (ASCII and Unicode simple case folding)
 */
export function compileWildcard(pattern: string, ignoreCase = false): StringMatcher {
  if (pattern === "*") return always;
  if (!hasWildcard(pattern)) {
    if (!ignoreCase) return (value) => value === pattern;
    const lower = pattern.toLowerCase();
    return (value) => value.length === lower.length && value.toLowerCase() === lower;
  }
  const star = pattern.indexOf("*");
  if (star === pattern.length - 1 && !pattern.includes("?")) {
    // "kms:Get*", "arn:aws:kms:us-east-1:111122223333:key/*": a prefix test.
    const prefix = ignoreCase ? pattern.slice(0, -1).toLowerCase() : pattern.slice(0, -1);
    return ignoreCase ? (value) => value.toLowerCase().startsWith(prefix) : (value) => value.startsWith(prefix);
  }
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  const regex = new RegExp(`^${source}$`, ignoreCase ? "isu" : "su");
  return (value) => regex.test(value);
}

/** A matcher that is true when any of `matchers` is. */
export function anyOf(matchers: readonly StringMatcher[]): StringMatcher {
  if (matchers.length === 1) return matchers[0] as StringMatcher;
  if (matchers.includes(always)) return always;
  return (value) => {
    for (const matcher of matchers) if (matcher(value)) return true;
    return false;
  };
}
