/**
 * An in-process HTTP handler for `@aws-sdk/client-kms`: pass it as `requestHandler` and the SDK's
 * own serialization, error classes and middleware run against kms-sim, with no socket. It speaks
 * the SDK's handler interface by shape, so kms-sim has no runtime dependency on the SDK.
 */
import type { Kms } from "../index.js";
import { handleAwsJsonRequest } from "./protocol.js";

/** The parts of the SDK's HttpRequest the handler reads. */
export interface SdkHttpRequest {
  readonly headers: Record<string, string>;
  readonly body?: unknown;
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
 * Makes a request handler that serves `@aws-sdk/client-kms` from `kms`, in process.
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
export function createRequestHandler(kms: Kms): KmsRequestHandler {
  let requests = 0;
  return {
    async handle(request) {
      const body = request.body;
      const response = await handleAwsJsonRequest(kms, {
        headers: request.headers,
        body: typeof body === "string" || body instanceof Uint8Array ? body : undefined,
      });
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
