/**
 * The local KMS endpoint: AWS KMS's JSON 1.1 protocol over `node:http`, for the AWS CLI, boto3, the
 * AWS SDKs and anything else that speaks it, the web console at `GET /` and `/console/`, plus
 * test-support endpoints under `/_kms-sim/` (health, clock, events). Binds to 127.0.0.1 unless told
 * otherwise. With a state folder, every change a request (or a console action) made is in the
 * journal, durable, before it is answered (state-folder.ts).
 *
 * The console is a portable fetch handler; this file converts `node:http` to `Request`/`Response`
 * for it. The AWS protocol is served straight from `node:http` (the same `handleAwsJsonRequest`
 * that `createFetchHandler` wraps): the conversion costs more than the rest of a small request.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Duration } from "date-fns";
import { handleAwsJsonRequest } from "../aws/index.js";
import { createConsoleHandler, isConsolePath, LOOPBACK_HOSTS, type ConsoleOptions } from "../console/index.js";
import { concatBytes } from "../crypto/bytes.js";
import { createKms, type Clock, type Kms, type KmsEvent, type PrincipalInput } from "../index.js";
import { ManualClock, seededRandom } from "../testing/index.js";
import { nodeCryptoProvider } from "./crypto-provider.js";
import { nodeRandom } from "./node-random.js";
import { MemoryEventLog, serveEvents, type EventLog } from "./event-log.js";
import type { FsyncMode } from "./group-commit.js";
import { openStateFolder } from "./state-folder.js";

/** Largest request body the endpoint accepts. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Options of {@link startServer}. */
export interface ServerOptions {
  /** TCP port (default 4599; 0 picks a free one). */
  readonly port?: number;
  /** Interface to bind (default 127.0.0.1: only this machine can reach it). */
  readonly host?: string;
  /** A KMS to serve as is (its clock is not controllable through the endpoint unless `clock` is given). */
  readonly kms?: Kms;
  /** The clock of `kms`, when given with it. */
  readonly clock?: Clock;
  /** State folder: restored at start (created if missing), every change journaled before its answer. */
  readonly stateFolder?: string;
  /** With `stateFolder`: `always` (default) fdatasyncs each group of changes; `never` leaves it to the OS. */
  readonly fsync?: FsyncMode;
  /** With `stateFolder`: journal bytes that start a compaction (default: the snapshot's size, 1 to 64 MiB). */
  readonly compactAt?: number;
  /** Seed for a new state's random source (default: the platform CSPRNG). */
  readonly seed?: string;
  /** Clock of a new state: the host clock, or a manual clock moved through `/_kms-sim/clock`. */
  readonly clockMode?: "system" | "manual";
  /** Start instant of a new state's manual clock (default: now). */
  readonly start?: Date;
  /** Serve the web console at `GET /` and `/console/` (default true; `--no-console` sets false). */
  readonly console?: boolean;
  /**
   * Principals by ARN with their IAM policies and access keys (`--principals FILE`): requests signed
   * with a registered access key act as that principal. Registered on top of a saved state.
   */
  readonly principals?: Readonly<Record<string, PrincipalInput>>;
  /** Refuse unknown access key ids and unsigned requests instead of running them as the account root (`--strict-auth`). */
  readonly strictAuth?: boolean;
}

/** A running endpoint. */
export interface KmsServer {
  /** The endpoint URL for `--endpoint-url` and SDK clients, e.g. `http://127.0.0.1:4599`. */
  readonly url: string;
  /** The port listened on (the one picked when `port: 0` was given). */
  readonly port: number;
  /** The interface listened on. */
  readonly host: string;
  /** The KMS the endpoint serves: calls on it and requests to the endpoint see the same state. */
  readonly kms: Kms;
  /** Stops listening and resolves once open connections have ended and the last state save is written. */
  close(): Promise<void>;
}

interface Runtime {
  kms: Kms;
  clock: Clock;
  manual: ManualClock | undefined;
  seed: string | null;
  events: EventLog;
  /** Resolves once every change so far is durable. */
  durable: () => Promise<void>;
  close: () => Promise<void>;
}

async function buildRuntime(options: ServerOptions): Promise<Runtime> {
  if (options.kms) {
    if (options.stateFolder) throw new Error("startServer: a state folder journals a KMS the server builds; give stateFolder or kms, not both");
    for (const [arn, principal] of Object.entries(options.principals ?? {})) options.kms.putPrincipal(arn, principal);
    const manual = options.clock instanceof ManualClock ? options.clock : undefined;
    const idle = async () => undefined;
    return { kms: options.kms, clock: options.clock ?? { now: () => new Date() }, manual, seed: options.seed ?? null, events: new MemoryEventLog(), durable: idle, close: idle };
  }
  if (options.stateFolder) {
    // A saved state wins over --start and --seed: they only shape a new state.
    const folder = openStateFolder(options.stateFolder, {
      seed: options.seed,
      clockMode: options.clockMode,
      start: options.start,
      fsync: options.fsync,
      compactAt: options.compactAt,
      crypto: nodeCryptoProvider,
      random: nodeRandom(),
    });
    const { kms, clock, manual, seed, events } = folder;
    try {
      // Registered on top of the saved state, and journaled like any other change.
      for (const [arn, principal] of Object.entries(options.principals ?? {})) kms.putPrincipal(arn, principal);
    } catch (error) {
      await folder.close();
      throw error;
    }
    return { kms, clock, manual, seed, events, durable: () => folder.durable(), close: () => folder.close() };
  }
  const events = new MemoryEventLog();
  const manual = options.clockMode === "manual" ? new ManualClock(options.start ?? new Date()) : undefined;
  const clock: Clock = manual ?? { now: () => new Date() };
  const seed = options.seed ?? null;
  const kms = createKms({
    clock,
    random: seed === null ? nodeRandom() : seededRandom(seed),
    crypto: nodeCryptoProvider,
    ...(options.principals ? { principals: options.principals } : {}),
    events: (event: KmsEvent) => events.append([JSON.stringify(event)]),
  });
  const idle = async () => undefined;
  return { kms, clock, manual, seed, events, durable: idle, close: idle };
}

function send(response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  headers["content-length"] = String(Buffer.byteLength(body));
  headers["content-type"] ??= "application/json";
  response.writeHead(status, headers);
  response.end(body);
}

function awsError(response: ServerResponse, status: number, code: string, message: string): void {
  send(response, status, JSON.stringify({ __type: code, message }), { "content-type": "application/x-amz-json-1.1", "x-amzn-errortype": code });
}

const NO_BODY = new Uint8Array(0);

/**
 * Reads the body, or undefined (after answering 413) when it is larger than the limit. Event
 * listeners rather than an async iterator: this runs once per request, and the iterator's machinery
 * cost more than the rest of reading a small body.
 */
function readBody(request: IncomingMessage, response: ServerResponse): Promise<Uint8Array | undefined> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => {
      response.setHeader("connection", "close");
      awsError(response, 413, "RequestEntityTooLargeException", `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
      request.removeAllListeners("data");
      request.resume();
      resolve(undefined);
    };
    if (Number(request.headers["content-length"] ?? "0") > MAX_BODY_BYTES) return tooLarge();
    let first: Uint8Array | undefined;
    let chunks: Uint8Array[] | undefined;
    let size = 0;
    request.on("data", (chunk: Uint8Array) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) return tooLarge();
      if (first === undefined) first = chunk;
      else (chunks ??= [first]).push(chunk);
    });
    request.on("end", () => {
      if (size <= MAX_BODY_BYTES) resolve(chunks ? concatBytes(chunks) : (first ?? NO_BODY));
    });
    request.on("error", reject);
  });
}

/** The request as a WHATWG Request (the body already read, within the limit). */
function toRequest(request: IncomingMessage, body: Uint8Array | undefined, fallbackHost: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  const target = request.url ?? "/";
  let url: URL;
  try {
    url = new URL(`http://${request.headers.host ?? fallbackHost}${target}`);
  } catch {
    url = new URL(`http://${fallbackHost}${target.startsWith("/") ? target : "/"}`);
  }
  // The body is a fresh copy on an ArrayBuffer (concatBytes), as fetch's BodyInit wants.
  return new Request(url.href, { method: request.method ?? "GET", headers, ...(body === undefined ? {} : { body: body as Uint8Array<ArrayBuffer> }) });
}

async function sendResponse(response: ServerResponse, answer: Response): Promise<void> {
  const body = new Uint8Array(await answer.arrayBuffer());
  const headers: Record<string, string> = {};
  answer.headers.forEach((value, name) => {
    headers[name] = value;
  });
  response.writeHead(answer.status, { ...headers, "content-length": String(body.length) });
  response.end(body);
}

/** Host names the console answers to for a server bound to `host`. */
function consoleHosts(host: string): NonNullable<ConsoleOptions["allowedHosts"]> {
  if (host === "0.0.0.0" || host === "::") return "any";
  const bare = host.replace(/^\[|\]$/g, "");
  return LOOPBACK_HOSTS.includes(bare) ? LOOPBACK_HOSTS : [...LOOPBACK_HOSTS, bare, `[${bare}]`];
}

/**
 * Starts the endpoint.
 * @example
 * ```ts
 * import { startServer } from "kms-sim/node";
 * const server = await startServer({ port: 0, clockMode: "manual", stateFolder: ".kms-sim" });
 * server.url; //=> "http://127.0.0.1:40123"
 * await server.close();
 * ```
 */
export async function startServer(options: ServerOptions = {}): Promise<KmsServer> {
  const runtime = await buildRuntime(options);
  /** Waits until every change so far (this request's included) is durable: group commit, state-folder.ts. */
  const persist = (): Promise<void> => runtime.durable();
  let requests = 0;
  if (options.stateFolder) {
    await runtime.kms.tick();
    await persist();
  }

  const support = async (request: IncomingMessage, response: ServerResponse, path: string): Promise<void> => {
    if (path === "/_kms-sim/health" && request.method === "GET") return send(response, 200, JSON.stringify({ status: "ok" }));
    if (path === "/_kms-sim/events" && request.method === "GET") return serveEvents(runtime.events, request, response);
    if (path === "/_kms-sim/clock" && request.method === "GET") {
      return send(response, 200, JSON.stringify({ now: runtime.clock.now().toISOString(), mode: runtime.manual ? "manual" : "system" }));
    }
    if (path === "/_kms-sim/clock" && request.method === "POST") {
      const body = await readBody(request, response);
      if (!body) return;
      let command: { advance?: Duration; set?: string };
      try {
        command = JSON.parse(new TextDecoder().decode(body)) as typeof command;
      } catch {
        return send(response, 400, JSON.stringify({ message: "The body must be JSON: {\"advance\": {...}} or {\"set\": \"<ISO>\"}." }));
      }
      if (!runtime.manual) return send(response, 409, JSON.stringify({ message: "The clock is the system clock; start the server with --clock manual to move it." }));
      try {
        if (command.set !== undefined) runtime.manual.set(new Date(command.set));
        else if (command.advance !== undefined && typeof command.advance === "object") runtime.manual.advance(command.advance);
        else return send(response, 400, JSON.stringify({ message: "Give {\"advance\": <date-fns Duration>} or {\"set\": \"<ISO instant>\"}." }));
      } catch (error) {
        return send(response, 400, JSON.stringify({ message: (error as Error).message }));
      }
      await runtime.kms.tick();
      await persist();
      return send(response, 200, JSON.stringify({ now: runtime.clock.now().toISOString() }));
    }
    return send(response, 404, JSON.stringify({ message: `No such kms-sim endpoint: ${request.method} ${path}` }));
  };

  const host = options.host ?? "127.0.0.1";
  const auth = { strictAuth: options.strictAuth === true };
  const manual = runtime.manual;
  const consoleHandler =
    options.console === false
      ? undefined
      : createConsoleHandler({
          kms: runtime.kms,
          clock: runtime.clock,
          ...(manual ? { clockControl: { advance: (duration) => manual.advance(duration), set: (instant) => manual.set(instant) } } : {}),
          events: {
            // Newest first, `offset` counted from the newest.
            page: async ({ offset, limit }) => {
              const total = runtime.events.count;
              const end = Math.max(0, total - offset);
              const start = Math.max(0, end - limit);
              const lines = await runtime.events.read(start, end - start);
              return { events: lines.map((line) => JSON.parse(line) as KmsEvent).reverse(), total };
            },
          },
          csrfToken: randomBytes(32).toString("base64url"),
          afterChange: persist,
          allowedHosts: consoleHosts(host),
        });

  /** The console: node:http in, its fetch handler, node:http out. */
  const serveConsole = async (request: IncomingMessage, response: ServerResponse, handler: (request: Request) => Promise<Response>): Promise<void> => {
    const hasBody = request.method !== "GET" && request.method !== "HEAD";
    const body = hasBody ? await readBody(request, response) : undefined;
    if (hasBody && body === undefined) return;
    return sendResponse(response, await handler(toRequest(request, body, host)));
  };

  const server = createServer((request, response) => {
    // The simulated present, as AWS sends its own: SDKs that correct clock skew from the Date
    // header then sign at the simulated time, and their signatures pass the 15-minute check.
    response.setHeader("date", runtime.clock.now().toUTCString());
    const path = (request.url ?? "/").split("?")[0] ?? "/";
    const toConsole = consoleHandler !== undefined && isConsolePath(path) && (path !== "/" || request.method !== "POST");
    const work = path.startsWith("/_kms-sim/")
      ? support(request, response, path)
      : toConsole
        ? serveConsole(request, response, consoleHandler)
        : (async () => {
          if (request.method !== "POST" || path !== "/") {
            return awsError(response, 404, "UnknownOperationException", "KMS requests are POST / with an X-Amz-Target header.");
          }
          const body = await readBody(request, response);
          if (!body) return;
          // Node gives header names in lower case, as the protocol looks them up first. The method
          // and the target as sent are part of what a SigV4 signature covers.
          const signed = { headers: request.headers as Record<string, string>, body, method: "POST", path: request.url ?? "/" };
          const result = await handleAwsJsonRequest(runtime.kms, signed, auth);
          await persist();
          result.headers["x-amzn-requestid"] = `kms-sim-${(requests += 1)}`;
          send(response, result.status, result.body, result.headers);
        })();
    work.catch((error: unknown) => {
      if (!response.headersSent) awsError(response, 500, "KMSInternalException", "kms-sim failed to process the request.");
      else response.destroy(error as Error);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 4599, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : (options.port ?? 4599);
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    host,
    kms: runtime.kms,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.close();
    },
  };
}
