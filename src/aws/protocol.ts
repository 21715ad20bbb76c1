/**
 * The AWS JSON 1.1 protocol of KMS (`POST /`, `X-Amz-Target: TrentService.<Operation>`,
 * `Content-Type: application/x-amz-json-1.1`), in process and portable: it turns one HTTP request
 * into one call of a `Kms` and the result into one HTTP response. The Node server and the in-process
 * request handler for `@aws-sdk/client-kms` both stand on it.
 */
import { isKmsError, SerializationException, UnknownOperationException, UnsupportedOperationException, type Kms } from "../index.js";
import { AWS_KMS_OPERATION_NAMES, AWS_OPERATIONS, type AwsOperationName } from "../model/aws-model.generated.js";
import { fromWire, toWire } from "./wire.js";

/** The content type of AWS JSON 1.1. */
export const AWS_JSON_CONTENT_TYPE = "application/x-amz-json-1.1";
const TARGET_PREFIX = "TrentService.";

/**
 * The operations served, and the `Kms` method each calls. An explicit table: a target such as
 * `TrentService.constructor`, `__proto__`, `tick` or `snapshot` can never reach an object member.
 */
const DISPATCH: Readonly<Record<AwsOperationName, keyof Kms>> = Object.freeze({
  CancelKeyDeletion: "cancelKeyDeletion",
  CreateAlias: "createAlias",
  CreateKey: "createKey",
  Decrypt: "decrypt",
  DeleteAlias: "deleteAlias",
  DeleteImportedKeyMaterial: "deleteImportedKeyMaterial",
  DescribeKey: "describeKey",
  DisableKey: "disableKey",
  DisableKeyRotation: "disableKeyRotation",
  EnableKey: "enableKey",
  EnableKeyRotation: "enableKeyRotation",
  Encrypt: "encrypt",
  GenerateDataKey: "generateDataKey",
  GenerateDataKeyWithoutPlaintext: "generateDataKeyWithoutPlaintext",
  GenerateRandom: "generateRandom",
  GetKeyLastUsage: "getKeyLastUsage",
  GetKeyPolicy: "getKeyPolicy",
  GetKeyRotationStatus: "getKeyRotationStatus",
  GetParametersForImport: "getParametersForImport",
  ImportKeyMaterial: "importKeyMaterial",
  ListAliases: "listAliases",
  ListKeyPolicies: "listKeyPolicies",
  ListKeyRotations: "listKeyRotations",
  ListKeys: "listKeys",
  ListResourceTags: "listResourceTags",
  PutKeyPolicy: "putKeyPolicy",
  ReEncrypt: "reEncrypt",
  RotateKeyOnDemand: "rotateKeyOnDemand",
  ScheduleKeyDeletion: "scheduleKeyDeletion",
  TagResource: "tagResource",
  UntagResource: "untagResource",
  UpdateAlias: "updateAlias",
  UpdateKeyDescription: "updateKeyDescription",
});

const SERVED: ReadonlySet<string> = new Set(Object.keys(DISPATCH));
const KNOWN: ReadonlySet<string> = new Set(AWS_KMS_OPERATION_NAMES);

/** One request as the protocol sees it. */
export interface AwsJsonRequest {
  /** Header names in any case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The raw body: UTF-8 JSON text, as a string or bytes. */
  readonly body: string | Uint8Array | undefined;
}

/** One response. */
export interface AwsJsonResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
  /** The operation that ran (or was asked for), for logs and persistence decisions. */
  readonly operation: string | undefined;
}

function header(headers: AwsJsonRequest["headers"], name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/** An AWS-shaped error response: HTTP 400 (500 for server faults) with `__type` and `message`. */
export function errorResponse(code: string, message: string, status: number, operation?: string): AwsJsonResponse {
  return {
    status,
    headers: { "content-type": AWS_JSON_CONTENT_TYPE, "x-amzn-errortype": code },
    body: JSON.stringify({ __type: code, message }),
    operation,
  };
}

function fromError(error: unknown, operation: string): AwsJsonResponse {
  if (isKmsError(error)) return errorResponse(error.name, error.message, error.$fault === "server" ? 500 : 400, operation);
  // Anything else is a bug in kms-sim: say so without echoing internals (they could hold secrets).
  return errorResponse("KMSInternalException", "kms-sim failed to process the request.", 500, operation);
}

const decoder = new TextDecoder("utf-8", { fatal: true });

function parseBody(body: AwsJsonRequest["body"]): unknown {
  let text: string;
  try {
    text = body === undefined ? "" : typeof body === "string" ? body : decoder.decode(body);
  } catch {
    throw new SerializationException("The request body is not valid UTF-8.");
  }
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new SerializationException("The request body is not valid JSON.");
  }
}

/**
 * Serves one AWS JSON 1.1 request with `kms`.
 * @returns the HTTP response; never throws.
 */
export async function handleAwsJsonRequest(kms: Kms, request: AwsJsonRequest): Promise<AwsJsonResponse> {
  const target = header(request.headers, "x-amz-target");
  if (target === undefined || target === "") {
    return errorResponse("UnknownOperationException", "The request has no X-Amz-Target header naming a TrentService operation.", 400);
  }
  const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : "";
  if (!SERVED.has(operation)) {
    if (KNOWN.has(operation)) {
      const error = new UnsupportedOperationException(`kms-sim does not model the KMS operation ${operation}.`);
      return fromError(error, operation);
    }
    return errorResponse("UnknownOperationException", `Unknown operation ${target}.`, 400, operation || undefined);
  }
  const name = operation as AwsOperationName;
  const shapes: { input?: string; output?: string } = AWS_OPERATIONS[name];
  try {
    const input = shapes.input === undefined ? {} : fromWire(shapes.input, parseBody(request.body), name);
    const method = kms[DISPATCH[name]] as (req: unknown) => Promise<unknown>;
    const output = await method.call(kms, input);
    const body = shapes.output === undefined ? "" : JSON.stringify(toWire(shapes.output, output));
    return { status: 200, headers: { "content-type": AWS_JSON_CONTENT_TYPE }, body, operation: name };
  } catch (error) {
    return fromError(error, name);
  }
}
