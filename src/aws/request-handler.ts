/**
 * An in-process HTTP handler for `@aws-sdk/client-kms`: pass it as `requestHandler` and the SDK's
 * own serialization, error classes and middleware run against kms-sim, with no socket. It speaks
 * the SDK's handler interface by shape, so kms-sim has no runtime dependency on the SDK.
 */
import type { Kms } from "../index.js";
import { handleAwsJsonRequest, type AwsAuthOptions } from "./protocol.js";

/** The parts of the SDK's HttpRequest the handler reads. */
export interface SdkHttpRequest {
  readonly headers: Record<string, string>;
  readonly body?: unknown;
  readonly method?: string;
  readonly path?: string;
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
  readonly statusCode: number;
  readonly reason?: string;
  readonly headers: Record<string, string>;
  readonly body: Uint8Array;
}

/** A `requestHandler` for `new KMSClient({ requestHandler })`. */
export interface KmsRequestHandler {
  handle(request: SdkHttpRequest, options?: unknown): Promise<{ response: SdkHttpResponse }>;
  updateHttpClientConfig(key: never, value: never): void;
  httpHandlerConfigs(): Record<string, never>;
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
      return {
        response: {
          statusCode: response.status,
          headers: {
            ...response.headers,
            "x-amzn-requestid": `kms-sim-${requests}`,
            "content-length": String(bytes.length),
          },
          body: bytes,
        },
      };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
    destroy() {},
  };
}
