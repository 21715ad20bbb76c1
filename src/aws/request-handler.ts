/**
 * An in-process HTTP handler for `@aws-sdk/client-kms`: pass it as `requestHandler` and the SDK's
 * own serialization, error classes and middleware run against kms-sim, with no socket. It speaks
 * the SDK's handler interface by shape, so kms-sim has no runtime dependency on the SDK.
 */
import type { Kms } from "../index.js";
import { handleAwsJsonRequest, type AwsAuthOptions } from "./protocol.js";

/** The parts of the SDK's HttpRequest the handler reads. */
export interface SdkHttpRequest {
  /** The SDK's headers, among them `x-amz-target` naming the operation. */
  readonly headers: Record<string, string>;
  /** The serialized JSON request (a string or bytes); any other body counts as empty. */
  readonly body?: unknown;
  /** The HTTP method the SDK signed (default `POST`). */
  readonly method?: string;
  /** The path the SDK signed (default `/`). */
  readonly path?: string;
  /** The query parameters the SDK signed (KMS requests have none). */
  readonly query?: Record<string, string | string[] | null>;
}

/** The request target the SDK signed: its path and query string (KMS requests have none). */
function targetOf(request: SdkHttpRequest): string {
  const query = Object.entries(request.query ?? {}).flatMap(([name, value]) =>
    value === null ? [encodeURIComponent(name)] : (Array.isArray(value) ? value : [value]).map((v) => `${encodeURIComponent(name)}=${encodeURIComponent(v)}`),
  );
  return `${request.path ?? "/"}${query.length > 0 ? `?${query.join("&")}` : ""}`;
}

/** What the SDK expects back: an HttpResponse-shaped object. */
export interface SdkHttpResponse {
  /** 200, or 400/500 with an AWS error body that the SDK turns into its exception class. */
  readonly statusCode: number;
  /** The HTTP reason phrase; kms-sim leaves it out, as the SDK does not need it. */
  readonly reason?: string;
  /** The protocol's headers plus `x-amzn-requestid` and `content-length`. */
  readonly headers: Record<string, string>;
  /** The response JSON as UTF-8 bytes. */
  readonly body: Uint8Array;
}

/** A `requestHandler` for `new KMSClient({ requestHandler })`. */
export interface KmsRequestHandler {
  /**
   * Serves one request the SDK built, in process; never rejects (errors become AWS error responses).
   * @param options the SDK's per-request options (abort signal, timeouts); unused, nothing waits on a socket
   */
  handle(request: SdkHttpRequest, options?: unknown): Promise<{
    /** What the SDK deserializes into the command's output or exception. */
    response: SdkHttpResponse;
  }>;
  /** Part of the SDK's handler interface; there is no HTTP client to configure, so it does nothing. */
  updateHttpClientConfig(key: never, value: never): void;
  /** Part of the SDK's handler interface: no HTTP client settings, an empty object. */
  httpHandlerConfigs(): Record<string, never>;
  /** Called by `client.destroy()`; no sockets or timers to release. */
  destroy(): void;
}

const encoder = new TextEncoder();

/**
 * Makes a request handler that serves `@aws-sdk/client-kms` from `kms`, in process. The client's
 * credentials name the caller (an access key id registered with `principals`, whose signature is
 * verified when it has a secret; a 12-digit id is that account's root user).
 * @example Drop-in for tests
 * ```ts
 * import { KMSClient, EnableKeyRotationCommand } from "@aws-sdk/client-kms";
 * import { createKms } from "kms-sim";
 * import { createRequestHandler } from "kms-sim/aws";
 * const client = new KMSClient({
 *   region: "us-east-1",
 *   credentials: { accessKeyId: "test", secretAccessKey: "test" },
 *   requestHandler: createRequestHandler(createKms()),
 * });
 * ```
 */
export function createRequestHandler(kms: Kms, options: AwsAuthOptions = {}): KmsRequestHandler {
  let requests = 0;
  return {
    async handle(request) {
      const body = request.body;
      const response = await handleAwsJsonRequest(
        kms,
        {
          headers: request.headers,
          body: typeof body === "string" || body instanceof Uint8Array ? body : undefined,
          method: request.method ?? "POST",
          path: targetOf(request),
        },
        options,
      );
      requests += 1;
      const bytes = encoder.encode(response.body);
      // The protocol's headers object is this response's own: add to it rather than copy it.
      const headers = response.headers;
      headers["x-amzn-requestid"] = `kms-sim-${requests}`;
      headers["content-length"] = String(bytes.length);
      return { response: { statusCode: response.status, headers, body: bytes } };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
    destroy() {},
  };
}
