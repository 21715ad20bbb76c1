/**
 * The AWS JSON 1.1 protocol of KMS (`POST /`, `X-Amz-Target: TrentService.<Operation>`,
 * `Content-Type: application/x-amz-json-1.1`), in process and portable: it turns one HTTP request
 * into one call of a `Kms` and the result into one HTTP response. The Node server and the in-process
 * request handler for `@aws-sdk/client-kms` both stand on it.
 *
 * Every request has a caller: the access key id in its SigV4 `Authorization` header names a
 * registered principal (whose signature is verified when it has a secret), a 12-digit id names
 * that account's root user, and anything else is the account root, or with `strictAuth` an
 * UnrecognizedClientException. A request without the header runs as the account root (with
 * `strictAuth`, MissingAuthenticationTokenException).
 *
 * Every request also has a Region: the one of its credential scope
 * (`Credential=AKID/<date>/<region>/kms/aws4_request`), so clients configured for different Regions
 * see different keys of the same account, as with real KMS endpoints; a request without the header
 * is served by the Region of the `Kms` given (the server's default).
 */
import {
  InvalidSignatureException,
  isKmsError,
  isModelledRegion,
  MissingAuthenticationTokenException,
  SerializationException,
  UnknownOperationException,
  UnsupportedOperationException,
  type Kms,
} from "../index.js";
import { AWS_KMS_OPERATION_NAMES, AWS_OPERATIONS, type AwsOperationName } from "../model/aws-model.generated.js";
import { authorizationHeader, parseAuthorization, verifySignature } from "./sigv4.js";
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
  CreateGrant: "createGrant",
  CreateKey: "createKey",
  Decrypt: "decrypt",
  DeleteAlias: "deleteAlias",
  DeleteImportedKeyMaterial: "deleteImportedKeyMaterial",
  DeriveSharedSecret: "deriveSharedSecret",
  DescribeKey: "describeKey",
  DisableKey: "disableKey",
  DisableKeyRotation: "disableKeyRotation",
  EnableKey: "enableKey",
  EnableKeyRotation: "enableKeyRotation",
  Encrypt: "encrypt",
  GenerateDataKey: "generateDataKey",
  GenerateDataKeyPair: "generateDataKeyPair",
  GenerateDataKeyPairWithoutPlaintext: "generateDataKeyPairWithoutPlaintext",
  GenerateDataKeyWithoutPlaintext: "generateDataKeyWithoutPlaintext",
  GenerateMac: "generateMac",
  GenerateRandom: "generateRandom",
  GetKeyLastUsage: "getKeyLastUsage",
  GetKeyPolicy: "getKeyPolicy",
  GetKeyRotationStatus: "getKeyRotationStatus",
  GetParametersForImport: "getParametersForImport",
  GetPublicKey: "getPublicKey",
  ImportKeyMaterial: "importKeyMaterial",
  ListAliases: "listAliases",
  ListGrants: "listGrants",
  ListKeyPolicies: "listKeyPolicies",
  ListKeyRotations: "listKeyRotations",
  ListKeys: "listKeys",
  ListResourceTags: "listResourceTags",
  ListRetirableGrants: "listRetirableGrants",
  PutKeyPolicy: "putKeyPolicy",
  ReEncrypt: "reEncrypt",
  RetireGrant: "retireGrant",
  RevokeGrant: "revokeGrant",
  ReplicateKey: "replicateKey",
  UpdatePrimaryRegion: "updatePrimaryRegion",
  RotateKeyOnDemand: "rotateKeyOnDemand",
  ScheduleKeyDeletion: "scheduleKeyDeletion",
  Sign: "sign",
  TagResource: "tagResource",
  UntagResource: "untagResource",
  UpdateAlias: "updateAlias",
  UpdateKeyDescription: "updateKeyDescription",
  Verify: "verify",
  VerifyMac: "verifyMac",
});

const SERVED: ReadonlySet<string> = new Set(Object.keys(DISPATCH));
const KNOWN: ReadonlySet<string> = new Set(AWS_KMS_OPERATION_NAMES);

/** One request as the protocol sees it. */
export interface AwsJsonRequest {
  /** Header names in any case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The raw body: UTF-8 JSON text, as a string or bytes. */
  readonly body: string | Uint8Array | undefined;
  /** The HTTP method, for signature verification (default `POST`). */
  readonly method?: string;
  /** The request target as sent (path and `?query`), for signature verification (default `/`). */
  readonly path?: string;
}

/** How the protocol knows its callers. */
export interface AwsAuthOptions {
  /**
   * Refuse requests whose access key id is neither registered nor an account id
   * (UnrecognizedClientException "The security token included in the request is invalid."), and
   * unsigned requests (MissingAuthenticationTokenException). Default false: they run as the
   * account root.
   */
  readonly strictAuth?: boolean;
}

/** One response. */
export interface AwsJsonResponse {
  /** 200, or the error's status: 400 for client faults, 500 for server faults. */
  readonly status: number;
  /** `content-type` always; `x-amzn-errortype` with the AWS error code on errors. */
  readonly headers: Record<string, string>;
  /** The JSON text: the AWS response shape, or `{"__type": code, "message": ...}` on errors. */
  readonly body: string;
  /** The operation that ran (or was asked for), for logs and persistence decisions. */
  readonly operation: string | undefined;
}

function header(headers: AwsJsonRequest["headers"], name: string): string | undefined {
  // HTTP servers (node:http, fetch's Headers) give names in lower case: one lookup, then the scan.
  const direct = headers[name];
  if (direct !== undefined) return direct;
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

function fromError(error: unknown, operation: string | undefined): AwsJsonResponse {
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
  try {
    return JSON.parse(text);
  } catch {
    // An empty body (or only whitespace) is an empty request; checked only here, off the hot path.
    if (text.trim() === "") return {};
    throw new SerializationException("The request body is not valid JSON.");
  }
}

/**
 * The KMS acting as the request's caller, its signature verified against the KMS's clock.
 * @throws `MissingAuthenticationTokenException`, `IncompleteSignatureException`,
 *   `InvalidSignatureException`, `UnrecognizedClientException` (from `kms-sim`) as AWS answers them
 */
export function callerOf(kms: Kms, request: AwsJsonRequest, options: AwsAuthOptions = {}): Kms {
  const strict = options.strictAuth === true;
  const authorization = authorizationHeader(request.headers);
  if (authorization === undefined) {
    if (strict) throw new MissingAuthenticationTokenException("Missing Authentication Token");
    return kms;
  }
  const { credential } = parseAuthorization(authorization);
  // The Region of the credential scope picks the Region served (a real client signs for the
  // Region of the endpoint it calls).
  if (!isModelledRegion(credential.region)) {
    throw new InvalidSignatureException(`Credential should be scoped to a valid region, not '${credential.region}'.`);
  }
  const regional = credential.region === kms.region ? kms : kms.inRegion(credential.region);
  const signed = { method: request.method ?? "POST", path: request.path ?? "/", headers: request.headers, body: request.body };
  return regional.asAccessKey(credential.accessKeyId, {
    strict,
    verify: (secretAccessKey, now) => {
      verifySignature(signed, { secretAccessKey, now });
    },
  });
}

/**
 * Serves one AWS JSON 1.1 request with `kms`, as the caller its credentials name.
 * @returns the HTTP response; never throws.
 */
export async function handleAwsJsonRequest(kms: Kms, request: AwsJsonRequest, options: AwsAuthOptions = {}): Promise<AwsJsonResponse> {
  let caller: Kms;
  try {
    caller = callerOf(kms, request, options);
  } catch (error) {
    return fromError(error, header(request.headers, "x-amz-target")?.replace(TARGET_PREFIX, ""));
  }
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
    const method = caller[DISPATCH[name]] as (req: unknown) => Promise<unknown>;
    const output = await method.call(caller, input);
    const body = shapes.output === undefined ? "" : JSON.stringify(toWire(shapes.output, output));
    return { status: 200, headers: { "content-type": AWS_JSON_CONTENT_TYPE }, body, operation: name };
  } catch (error) {
    return fromError(error, name);
  }
}
