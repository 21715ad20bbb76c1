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

type Reader = (value: unknown, path: string) => unknown;
type Writer = (value: unknown) => unknown;

/**
 * Converters are compiled once per shape (a closure over its members' converters): a request runs
 * through a few closures instead of walking the model's tables and allocating entry arrays at
 * every level. The compiled forms live as long as the module; there are a few hundred shapes.
 */
const readers = new Map<string, Reader>();
const writers = new Map<string, Writer>();

function readerOf(shapeName: string): Reader {
  let reader = readers.get(shapeName);
  if (reader === undefined) {
    // A placeholder first, so a recursive shape refers to itself lazily.
    readers.set(shapeName, (value, path) => (readers.get(shapeName) as Reader)(value, path));
    reader = compileReader(shapeOf(shapeName));
    readers.set(shapeName, reader);
  }
  return reader;
}

function compileReader(shape: AwsShape): Reader {
  switch (shape.type) {
    case "structure": {
      const members = Object.entries(shape.members ?? {}).map(([member, memberShape]) => ({ member, read: readerOf(memberShape) }));
      return (value, path) => {
        if (!isObject(value)) throw wrongType(path, "an object");
        const out: Record<string, unknown> = {};
        for (const { member, read } of members) {
          const memberValue = value[member];
          if (memberValue !== undefined && memberValue !== null) out[member] = read(memberValue, `${path}.${member}`);
        }
        return out;
      };
    }
    case "string":
      return (value, path) => {
        if (typeof value !== "string") throw wrongType(path, "a string");
        return value;
      };
    case "integer":
    case "long":
      return (value, path) => {
        if (typeof value !== "number" || !Number.isInteger(value)) throw wrongType(path, "an integer");
        return value;
      };
    case "boolean":
      return (value, path) => {
        if (typeof value !== "boolean") throw wrongType(path, "a boolean");
        return value;
      };
    case "timestamp":
      return (value, path) => {
        const ms = typeof value === "number" ? value * 1000 : typeof value === "string" ? Date.parse(value) : Number.NaN;
        if (!Number.isFinite(ms)) throw wrongType(path, "a timestamp (epoch seconds)");
        return new Date(ms);
      };
    case "blob":
      return (value, path) => {
        const bytes = typeof value === "string" ? fromBase64(value) : undefined;
        if (!bytes) throw wrongType(path, "a base64-encoded blob");
        return bytes;
      };
    case "list": {
      const item = readerOf(shape.member ?? "");
      return (value, path) => {
        if (!Array.isArray(value)) throw wrongType(path, "an array");
        return value.map((entry, i) => item(entry, `${path}[${i}]`));
      };
    }
    case "map": {
      const item = readerOf(shape.value ?? "");
      return (value, path) => {
        if (!isObject(value)) throw wrongType(path, "an object");
        const out: Record<string, unknown> = {};
        for (const [key, entry] of Object.entries(value)) out[key] = item(entry, `${path}.${key}`);
        return out;
      };
    }
  }
}

/**
 * A request member read from JSON, by shape.
 * @throws {@link SerializationException} when the JSON value has the wrong type
 */
export function fromWire(shapeName: string, value: unknown, path: string): unknown {
  return readerOf(shapeName)(value, path);
}

function writerOf(shapeName: string): Writer {
  let writer = writers.get(shapeName);
  if (writer === undefined) {
    writers.set(shapeName, (value) => (writers.get(shapeName) as Writer)(value));
    writer = compileWriter(shapeOf(shapeName));
    writers.set(shapeName, writer);
  }
  return writer;
}

const same: Writer = (value) => value;

function compileWriter(shape: AwsShape): Writer {
  switch (shape.type) {
    case "structure": {
      const members = Object.entries(shape.members ?? {}).map(([member, memberShape]) => ({ member, write: writerOf(memberShape) }));
      return (value) => {
        const source = value as Record<string, unknown>;
        const out: Record<string, unknown> = {};
        for (const { member, write } of members) {
          const memberValue = source[member];
          if (memberValue === undefined || memberValue === null) continue;
          const converted = write(memberValue);
          if (converted !== undefined) out[member] = converted;
        }
        return out;
      };
    }
    case "timestamp":
      return (value) => (value as Date).getTime() / 1000;
    case "blob":
      return (value) => toBase64(value as Uint8Array);
    case "list": {
      const item = writerOf(shape.member ?? "");
      return (value) => (value as unknown[]).map((entry) => (entry === undefined || entry === null ? undefined : item(entry)));
    }
    case "map": {
      const item = writerOf(shape.value ?? "");
      return (value) => {
        const out: Record<string, unknown> = {};
        for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
          out[key] = entry === undefined || entry === null ? undefined : item(entry);
        }
        return out;
      };
    }
    default:
      return same;
  }
}

/** A response value written as JSON, by shape. */
export function toWire(shapeName: string, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  return writerOf(shapeName)(value);
}
