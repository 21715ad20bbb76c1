/**
 * What of a request and a response goes into a CloudTrail record, decided by the AWS model rather
 * than by each operation: members become lowerCamelCase (`KeyId` -> `keyId`, as CloudTrail writes
 * them), timestamps become ISO 8601, and every blob (plaintexts, ciphertexts, data keys, import
 * tokens, public keys, signatures) and every member the model marks sensitive is left out, as
 * CloudTrail leaves them out. Operations added later are captured the same way, from their shapes.
 */
import { AWS_OPERATIONS, AWS_SHAPES, type AwsShape } from "../model/aws-model.generated.js";

interface MemberRule {
  readonly member: string;
  readonly wire: string;
  readonly shapeName: string;
}

const NO_RULES: readonly MemberRule[] = [];
const rulesByShape = new Map<string, readonly MemberRule[]>();

function isSecret(shape: AwsShape | undefined): boolean {
  return shape === undefined || shape.type === "blob" || shape.sensitive === true;
}

/** The members of a structure worth recording, worked out once per shape. */
function rulesOf(shapeName: string): readonly MemberRule[] {
  let rules = rulesByShape.get(shapeName);
  if (rules === undefined) {
    const shape = AWS_SHAPES[shapeName];
    rules = shape?.members === undefined
      ? NO_RULES
      : Object.entries(shape.members)
          .filter(([, memberShape]) => !isSecret(AWS_SHAPES[memberShape]))
          .map(([member, memberShape]) => ({ member, wire: member.charAt(0).toLowerCase() + member.slice(1), shapeName: memberShape }));
    rulesByShape.set(shapeName, rules);
  }
  return rules;
}

function captureValue(shapeName: string, value: unknown): unknown {
  const shape = AWS_SHAPES[shapeName];
  if (shape === undefined) return undefined;
  switch (shape.type) {
    case "structure":
      return typeof value === "object" && value !== null && !Array.isArray(value) ? captureStructure(shapeName, value as Record<string, unknown>) : value;
    case "list":
      return Array.isArray(value) ? value.map((item) => captureValue(shape.member ?? "", item)) : value;
    case "map": {
      if (typeof value !== "object" || value === null) return value;
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) out[key] = captureValue(shape.value ?? "", item);
      return out;
    }
    case "timestamp":
      return value instanceof Date ? value.toISOString() : value;
    default:
      return value;
  }
}

function captureStructure(shapeName: string, value: Record<string, unknown>): Record<string, unknown> {
  return captureMembers(shapeName, value) ?? {};
}

/** The recorded members of a structure, or null when none is present (no allocation then). */
function captureMembers(shapeName: string, value: Record<string, unknown>): Record<string, unknown> | null {
  let out: Record<string, unknown> | null = null;
  for (const rule of rulesOf(shapeName)) {
    const member = value[rule.member];
    if (member === undefined || member === null) continue;
    out ??= {};
    out[rule.wire] = captureValue(rule.shapeName, member);
  }
  return out;
}

/** CloudTrail's `requestParameters` of a request, or null when nothing is worth recording. */
export function captureRequest(operation: string, request: unknown): Record<string, unknown> | null {
  const input = (AWS_OPERATIONS as Readonly<Record<string, { input?: string }>>)[operation]?.input;
  if (input === undefined || typeof request !== "object" || request === null || Array.isArray(request)) return null;
  return captureMembers(input, request as Record<string, unknown>);
}

/** CloudTrail's `responseElements` of a response, or null when nothing is worth recording. */
export function captureResponse(operation: string, response: unknown): Record<string, unknown> | null {
  const output = (AWS_OPERATIONS as Readonly<Record<string, { output?: string }>>)[operation]?.output;
  if (output === undefined || typeof response !== "object" || response === null) return null;
  return captureMembers(output, response as Record<string, unknown>);
}

/**
 * What CloudTrail adds to the parameters of symmetric cryptography: the encryption algorithm even
 * when the request left it to its default, and for Decrypt the ARN of the key the ciphertext named.
 * Changes `parameters` (a fresh capture) in place.
 */
export function addCloudTrailDefaults(operation: string, parameters: Record<string, unknown> | null, keyArn: () => string | undefined, succeeded: boolean): Record<string, unknown> | null {
  switch (operation) {
    case "Encrypt":
    case "Decrypt": {
      const out = parameters ?? {};
      out.encryptionAlgorithm ??= "SYMMETRIC_DEFAULT";
      const arn = operation === "Decrypt" && succeeded ? keyArn() : undefined;
      if (arn !== undefined) out.keyId = arn;
      return out;
    }
    case "ReEncrypt": {
      const out = parameters ?? {};
      out.sourceEncryptionAlgorithm ??= "SYMMETRIC_DEFAULT";
      out.destinationEncryptionAlgorithm ??= "SYMMETRIC_DEFAULT";
      return out;
    }
    case "RetireGrant": {
      // A grant token lets its holder use the grant: CloudTrail records the grant's id apart
      // (additionalEventData), not the token.
      if (parameters === null) return null;
      delete parameters.grantToken;
      for (const _ in parameters) return parameters;
      return null;
    }
    default:
      return parameters;
  }
}

/**
 * What CloudTrail writes as the response of a call that changes something, from the captured
 * response: CreateGrant's holds the grant id and the key ARN ("CloudTrail log entries for this
 * operation recorded on or after December 2022 include the key ARN of the affected KMS key in the
 * responseElements.keyId value"), not the grant token. Changes `elements` (a fresh capture) in place.
 */
export function cloudTrailResponse(operation: string, elements: Record<string, unknown> | null, keyArn: () => string | undefined): Record<string, unknown> | null {
  if (operation !== "CreateGrant" || elements === null) return elements;
  delete elements.grantToken;
  const arn = keyArn();
  if (arn !== undefined) elements.keyId = arn;
  return elements;
}
