/**
 * Validates a request against the AWS model before anything else happens: required members,
 * member types, lengths, ranges, enums and patterns, exactly as botocore's service-2.json states
 * them. Constraint violations become one ValidationException in AWS's "N validation error(s)
 * detected: ..." form; a member of the wrong type is a SerializationException, as AWS answers
 * when it cannot read the request. The wire protocol reuses this (one implementation, not two).
 */
import { SerializationException, ValidationException } from "../errors.js";
import { AWS_OPERATIONS, AWS_SHAPES, type AwsOperationName, type AwsShape } from "../model/aws-model.generated.js";

const patternCache = new Map<string, RegExp>();

function fullMatch(pattern: string): RegExp {
  let regex = patternCache.get(pattern);
  if (!regex) {
    // AWS patterns are Java regexes matched against the whole value.
    const body = pattern.replace(/^\^/, "").replace(/\$$/, "");
    regex = new RegExp(`^(?:${body})$`, "u");
    patternCache.set(pattern, regex);
  }
  return regex;
}

/** "keyId" from "KeyId": AWS names members in lowerCamelCase in its messages. */
function wireName(member: string): string {
  return member.charAt(0).toLowerCase() + member.slice(1);
}

function shapeOf(name: string): AwsShape {
  const shape = AWS_SHAPES[name];
  if (!shape) throw new TypeError(`unknown AWS shape ${name}`);
  return shape;
}

function describeValue(shape: AwsShape, value: unknown): string {
  if (shape.sensitive || shape.type === "blob") return "Value";
  if (Array.isArray(value)) return `Value '[${value.map(String).join(", ")}]'`;
  return `Value '${String(value)}'`;
}

class Collector {
  readonly problems: string[] = [];
  typeProblem: string | undefined;

  fail(shape: AwsShape, value: unknown, path: string, constraint: string): void {
    this.problems.push(`${describeValue(shape, value)} at '${path}' failed to satisfy constraint: ${constraint}`);
  }

  wrongType(path: string, expected: string): void {
    this.typeProblem ??= `Unexpected value type for '${path}': expected ${expected}`;
  }
}

function checkLength(out: Collector, shape: AwsShape, value: unknown, length: number, path: string): void {
  if (shape.min !== undefined && length < shape.min) {
    out.fail(shape, value, path, `Member must have length greater than or equal to ${shape.min}`);
  }
  if (shape.max !== undefined && length > shape.max) {
    out.fail(shape, value, path, `Member must have length less than or equal to ${shape.max}`);
  }
}

function checkValue(out: Collector, shapeName: string, value: unknown, path: string): void {
  const shape = shapeOf(shapeName);
  switch (shape.type) {
    case "structure":
      if (typeof value !== "object" || value === null || Array.isArray(value)) return out.wrongType(path, "an object");
      return checkStructure(out, shape, value as Record<string, unknown>, `${path}.`);
    case "string":
      if (typeof value !== "string") return out.wrongType(path, "a string");
      if (shape.enum) {
        if (!shape.enum.includes(value)) {
          out.fail(shape, value, path, `Member must satisfy enum value set: [${shape.enum.join(", ")}]`);
        }
        return;
      }
      checkLength(out, shape, value, value.length, path);
      if (shape.pattern && !fullMatch(shape.pattern).test(value)) {
        out.fail(shape, value, path, `Member must satisfy regular expression pattern: ${shape.pattern}`);
      }
      return;
    case "integer":
    case "long":
      if (typeof value !== "number" || !Number.isInteger(value)) return out.wrongType(path, "an integer");
      if (shape.min !== undefined && value < shape.min) {
        out.fail(shape, value, path, `Member must have value greater than or equal to ${shape.min}`);
      }
      if (shape.max !== undefined && value > shape.max) {
        out.fail(shape, value, path, `Member must have value less than or equal to ${shape.max}`);
      }
      return;
    case "boolean":
      if (typeof value !== "boolean") out.wrongType(path, "a boolean");
      return;
    case "timestamp":
      if (!(value instanceof Date) || Number.isNaN(value.getTime())) out.wrongType(path, "a valid Date");
      return;
    case "blob":
      if (!(value instanceof Uint8Array)) return out.wrongType(path, "a Uint8Array");
      checkLength(out, shape, value, value.length, path);
      return;
    case "list":
      if (!Array.isArray(value)) return out.wrongType(path, "an array");
      checkLength(out, shape, value, value.length, path);
      value.forEach((item, index) => checkValue(out, shape.member ?? "", item, `${path}.${index + 1}.member`));
      return;
    case "map": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return out.wrongType(path, "an object");
      const entries = Object.entries(value as Record<string, unknown>);
      checkLength(out, shape, value, entries.length, path);
      for (const [key, item] of entries) {
        checkValue(out, shape.key ?? "", key, `${path}.${key}.key`);
        checkValue(out, shape.value ?? "", item, `${path}.${key}.value`);
      }
      return;
    }
  }
}

interface MemberRule {
  readonly member: string;
  readonly shape: string;
  readonly wire: string;
  readonly required: boolean;
}

/** Members of each structure, worked out once: validation runs on every request. */
const memberRules = new Map<AwsShape, readonly MemberRule[]>();

function rulesOf(shape: AwsShape): readonly MemberRule[] {
  let rules = memberRules.get(shape);
  if (!rules) {
    rules = Object.entries(shape.members ?? {}).map(([member, memberShape]) => ({
      member,
      shape: memberShape,
      wire: wireName(member),
      required: shape.required?.includes(member) ?? false,
    }));
    memberRules.set(shape, rules);
  }
  return rules;
}

function checkStructure(out: Collector, shape: AwsShape, value: Record<string, unknown>, prefix: string): void {
  for (const rule of rulesOf(shape)) {
    const memberValue = value[rule.member];
    if (memberValue === undefined || memberValue === null) {
      if (rule.required) {
        out.problems.push(`Value null at '${prefix}${rule.wire}' failed to satisfy constraint: Member must not be null`);
      }
      continue;
    }
    checkValue(out, rule.shape, memberValue, `${prefix}${rule.wire}`);
  }
}

/** Formats constraint problems the way AWS does. */
export function validationMessage(problems: readonly string[]): string {
  const count = problems.length;
  return `${count} validation error${count === 1 ? "" : "s"} detected: ${problems.join("; ")}`;
}

/** Keys of `T` that are not optional (AWS's required members). */
type RequiredKeys<T> = { [K in keyof T]-?: Record<string, never> extends Pick<T, K> ? never : K }[keyof T];

/**
 * A request after validation: its required members are present. (Request types accept `undefined`
 * for them, as the AWS SDK's input types do; validation turns that into a ValidationException.)
 */
export type Validated<T> = Omit<T, RequiredKeys<T>> & { [K in RequiredKeys<T>]: Exclude<T[K], undefined> };

/**
 * Precondition: the request satisfies the AWS model of the operation's input.
 * @returns the request, typed as validated.
 * @throws {@link SerializationException} when a member has the wrong type
 * @throws {@link ValidationException} when members violate model constraints
 */
export function validateRequest<T>(operation: AwsOperationName, request: T): Validated<T> {
  const spec: { input?: string } = AWS_OPERATIONS[operation];
  if (spec.input === undefined) return request as Validated<T>;
  const out = new Collector();
  const value: unknown = request ?? {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new SerializationException(`The ${operation} request must be an object`);
  }
  checkStructure(out, shapeOf(spec.input), value as Record<string, unknown>, "");
  if (out.typeProblem !== undefined) throw new SerializationException(out.typeProblem);
  if (out.problems.length > 0) throw new ValidationException(validationMessage(out.problems));
  return request as Validated<T>;
}

/** A ValidationException for one service-side constraint, in AWS's message form. */
export function constraintError(problem: string): ValidationException {
  return new ValidationException(validationMessage([problem]));
}
