/**
 * Conversion between AWS JSON 1.1 values and kms-sim's request/response objects, driven by the AWS
 * model's shapes: blobs are base64 strings on the wire, timestamps epoch seconds. Only types are
 * checked here (a wrong type is a SerializationException, as AWS answers); constraints are the
 * library's own validation, run by the operation itself.
 */
import { SerializationException } from "../index.js";
import { AWS_SHAPES, type AwsShape } from "../model/aws-model.generated.js";
import { fromBase64, toBase64 } from "./base64.js";

function shapeOf(name: string): AwsShape {
  const shape = AWS_SHAPES[name];
  if (!shape) throw new TypeError(`unknown AWS shape ${name}`);
  return shape;
}

function wrongType(path: string, expected: string): SerializationException {
  return new SerializationException(`Unexpected value type for ${path}: expected ${expected}`);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * A request member read from JSON, by shape.
 * @throws {@link SerializationException} when the JSON value has the wrong type
 */
export function fromWire(shapeName: string, value: unknown, path: string): unknown {
  const shape = shapeOf(shapeName);
  switch (shape.type) {
    case "structure": {
      if (!isObject(value)) throw wrongType(path, "an object");
      const out: Record<string, unknown> = {};
      for (const [member, memberShape] of Object.entries(shape.members ?? {})) {
        const memberValue = value[member];
        if (memberValue !== undefined && memberValue !== null) out[member] = fromWire(memberShape, memberValue, `${path}.${member}`);
      }
      return out;
    }
    case "string":
      if (typeof value !== "string") throw wrongType(path, "a string");
      return value;
    case "integer":
    case "long":
      if (typeof value !== "number" || !Number.isInteger(value)) throw wrongType(path, "an integer");
      return value;
    case "boolean":
      if (typeof value !== "boolean") throw wrongType(path, "a boolean");
      return value;
    case "timestamp": {
      const ms = typeof value === "number" ? value * 1000 : typeof value === "string" ? Date.parse(value) : Number.NaN;
      if (!Number.isFinite(ms)) throw wrongType(path, "a timestamp (epoch seconds)");
      return new Date(ms);
    }
    case "blob": {
      const bytes = typeof value === "string" ? fromBase64(value) : undefined;
      if (!bytes) throw wrongType(path, "a base64-encoded blob");
      return bytes;
    }
    case "list":
      if (!Array.isArray(value)) throw wrongType(path, "an array");
      return value.map((item, i) => fromWire(shape.member ?? "", item, `${path}[${i}]`));
    case "map": {
      if (!isObject(value)) throw wrongType(path, "an object");
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) out[key] = fromWire(shape.value ?? "", item, `${path}.${key}`);
      return out;
    }
  }
}

/** A response value written as JSON, by shape. */
export function toWire(shapeName: string, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  const shape = shapeOf(shapeName);
  switch (shape.type) {
    case "structure": {
      const source = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [member, memberShape] of Object.entries(shape.members ?? {})) {
        const converted = toWire(memberShape, source[member]);
        if (converted !== undefined) out[member] = converted;
      }
      return out;
    }
    case "timestamp":
      return (value as Date).getTime() / 1000;
    case "blob":
      return toBase64(value as Uint8Array);
    case "list":
      return (value as unknown[]).map((item) => toWire(shape.member ?? "", item));
    case "map":
      return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toWire(shape.value ?? "", v)]));
    default:
      return value;
  }
}
