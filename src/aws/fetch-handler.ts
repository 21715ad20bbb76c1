/**
 * The AWS JSON 1.1 protocol as a WHATWG fetch handler, `(request: Request) => Promise<Response>`:
 * the same request path for the Node endpoint and for any runtime or framework that speaks fetch
 * (Deno.serve, Bun.serve, Hono, workers). It only reads the body and hands it to
 * {@link handleAwsJsonRequest}, so every rule and error is the protocol's own.
 */
import type { Kms } from "../index.js";
import { errorResponse, handleAwsJsonRequest, type AwsAuthOptions, type AwsJsonResponse } from "./protocol.js";

/** Largest request body the handler reads by default (1 MiB, far above any KMS request). */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** Options of {@link createFetchHandler}. */
export interface FetchHandlerOptions extends AwsAuthOptions {
  /** Bodies larger than this are refused with HTTP 413 before they are read whole (default 1 MiB). */
  readonly maxBodyBytes?: number;
}

/** A WHATWG fetch handler. */
export type FetchHandler = (request: Request) => Promise<Response>;

function toResponse(result: AwsJsonResponse, requestId: string, extra: Record<string, string> = {}): Response {
  return new Response(result.body, { status: result.status, headers: { ...result.headers, "x-amzn-requestid": requestId, ...extra } });
}

/** Reads the body, or returns undefined when it is larger than `limit` (declared or actual). */
async function readLimited(request: Request, limit: number): Promise<Uint8Array | undefined> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) return undefined;
  const bytes = new Uint8Array(await request.arrayBuffer());
  return bytes.length > limit ? undefined : bytes;
}

/**
 * Makes a fetch handler that serves the AWS KMS protocol (`POST /` with `X-Amz-Target:
 * TrentService.<Operation>`) from `kms`. Anything else gets AWS's UnknownOperationException (404);
 * a body over the limit gets HTTP 413.
 * @param kms the KMS to serve
 * @param options body size limit
 * @returns a handler that never throws for a bad request: every failure is an AWS-shaped response
 * @example Serve kms-sim from any fetch runtime
 * ```ts
 * import { createKms } from "kms-sim";
 * import { createFetchHandler } from "kms-sim/aws";
 * const handle = createFetchHandler(createKms());
 * const response = await handle(new Request("http://127.0.0.1/", {
 *   method: "POST",
 *   headers: { "x-amz-target": "TrentService.ListKeys", "content-type": "application/x-amz-json-1.1" },
 *   body: "{}",
 * }));
 * response.status; //=> 200
 * // Deno.serve(handle) or Bun.serve({ fetch: handle }) serve it over HTTP.
 * ```
 */
export function createFetchHandler(kms: Kms, options: FetchHandlerOptions = {}): FetchHandler {
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  let requests = 0;
  return async (request) => {
    requests += 1;
    const requestId = `kms-sim-${requests}`;
    const url = new URL(request.url);
    const path = url.pathname;
    if (request.method !== "POST" || path !== "/") {
      const result = errorResponse("UnknownOperationException", "KMS requests are POST / with an X-Amz-Target header.", 404);
      return toResponse(result, requestId);
    }
    const body = await readLimited(request, limit);
    if (body === undefined) {
      const result = errorResponse("RequestEntityTooLargeException", `The request body is larger than ${limit} bytes.`, 413);
      return toResponse(result, requestId, { connection: "close" });
    }
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const signed = { headers, body, method: request.method, path: `${url.pathname}${url.search}` };
    return toResponse(await handleAwsJsonRequest(kms, signed, options), requestId);
  };
}
