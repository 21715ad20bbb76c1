/**
 * The local KMS endpoint: AWS KMS's JSON 1.1 protocol over `node:http`, for the AWS CLI, boto3, the
 * AWS SDKs and anything else that speaks it, the web console at `GET /` and `/console/`, plus
 * test-support endpoints under `/_kms-sim/` (health, clock, events). Binds to 127.0.0.1 unless told
 * otherwise. With a state file it persists after every request that changed anything, before
 * answering, so an acknowledged change survives a crash. The protocol and the console are portable
 * fetch handlers; this file only routes and converts between `node:http` and `Request`/`Response`.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { dirname } from "node:path";
import type { Duration } from "date-fns";
import { createFetchHandler } from "../aws/index.js";
import { createConsoleHandler, isConsolePath, LOOPBACK_HOSTS, type ConsoleOptions } from "../console/index.js";
import { concatBytes } from "../crypto/bytes.js";
import { createKms, type Clock, type Kms, type KmsEvent } from "../index.js";
import { ManualClock, seededRandom } from "../testing/index.js";
import { readState, STATE_FILE_VERSION, writeAtomically, type ServerState } from "./state-file.js";

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
  /** Load state from this file at start (if it exists) and save it after every change. */
  readonly stateFile?: string;
  /** Seed for a new state's random source (default: the platform CSPRNG). */
  readonly seed?: string;
  /** Clock of a new state: the host clock, or a manual clock moved through `/_kms-sim/clock`. */
  readonly clockMode?: "system" | "manual";
  /** Start instant of a new state's manual clock (default: now). */
  readonly start?: Date;
  /** Serve the web console at `GET /` and `/console/` (default true; `--no-console` sets false). */
  readonly console?: boolean;
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
  events: KmsEvent[];
}

async function buildRuntime(options: ServerOptions): Promise<Runtime> {
  if (options.kms) {
    const manual = options.clock instanceof ManualClock ? options.clock : undefined;
    return { kms: options.kms, clock: options.clock ?? { now: () => new Date() }, manual, seed: options.seed ?? null, events: [] };
  }
  const saved = options.stateFile ? await readState(options.stateFile) : undefined;
  const events: KmsEvent[] = saved ? [...saved.events] : [];
  // A saved state wins over --start and --seed: they only shape a new state.
  const mode = saved?.clock.mode ?? options.clockMode ?? "system";
  const manual = mode === "manual" ? new ManualClock(saved?.clock.now ? new Date(saved.clock.now) : (options.start ?? new Date())) : undefined;
  const clock: Clock = manual ?? { now: () => new Date() };
  const seed = saved ? saved.seed : (options.seed ?? null);
  const position = saved?.kms.random?.position;
  const random = seed === null ? undefined : seededRandom(seed, position === undefined ? {} : { position });
  const kms = createKms({
    clock,
    ...(random ? { random } : {}),
    ...(saved ? { state: saved.kms } : {}),
    events: (event) => events.push(event),
  });
  return { kms, clock, manual, seed, events };
}

function stateOf(runtime: Runtime): ServerState {
  return {
    format: "kms-sim-server-state",
    version: STATE_FILE_VERSION,
    clock: { mode: runtime.manual ? "manual" : "system", now: runtime.manual ? runtime.manual.now().toISOString() : null },
    seed: runtime.seed,
    events: runtime.events,
    kms: runtime.kms.snapshot(),
  };
}

function send(response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)), ...headers });
  response.end(body);
}

function awsError(response: ServerResponse, status: number, code: string, message: string): void {
  send(response, status, JSON.stringify({ __type: code, message }), { "content-type": "application/x-amz-json-1.1", "x-amzn-errortype": code });
}

/** Reads the body, or undefined (after answering 413) when it is larger than the limit. */
async function readBody(request: IncomingMessage, response: ServerResponse): Promise<Uint8Array | undefined> {
  const declared = Number(request.headers["content-length"] ?? "0");
  const chunks: Uint8Array[] = [];
  let size = 0;
  let tooLarge = declared > MAX_BODY_BYTES;
  if (!tooLarge) {
    for await (const chunk of request) {
      size += (chunk as Uint8Array).length;
      if (size > MAX_BODY_BYTES) {
        tooLarge = true;
        break;
      }
      chunks.push(chunk as Uint8Array);
    }
  }
  if (tooLarge) {
    response.setHeader("connection", "close");
    awsError(response, 413, "RequestEntityTooLargeException", `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
    request.resume();
    return undefined;
  }
  return concatBytes(chunks);
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
 * const server = await startServer({ port: 0, clockMode: "manual", stateFile: ".kms-sim/state.json" });
 * server.url; //=> "http://127.0.0.1:40123"
 * await server.close();
 * ```
 */
export async function startServer(options: ServerOptions = {}): Promise<KmsServer> {
  const runtime = await buildRuntime(options);
  const stateFile = options.stateFile;
  if (stateFile) mkdirSync(dirname(stateFile), { recursive: true });
  let lastSaved = "";
  let saving: Promise<void> = Promise.resolve();

  /** Saves the state if it changed; saves run one at a time, in order, each with the latest state. */
  const persist = (): Promise<void> => {
    if (!stateFile) return Promise.resolve();
    saving = saving.then(async () => {
      const text = JSON.stringify(stateOf(runtime));
      if (text === lastSaved) return;
      await writeAtomically(stateFile, text);
      lastSaved = text;
    });
    return saving;
  };
  if (stateFile) {
    await runtime.kms.tick();
    await persist();
  }

  const support = async (request: IncomingMessage, response: ServerResponse, path: string): Promise<void> => {
    if (path === "/_kms-sim/health" && request.method === "GET") return send(response, 200, JSON.stringify({ status: "ok" }));
    if (path === "/_kms-sim/events" && request.method === "GET") return send(response, 200, JSON.stringify(runtime.events));
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
  const aws = createFetchHandler(runtime.kms, { maxBodyBytes: MAX_BODY_BYTES });
  const manual = runtime.manual;
  const consoleHandler =
    options.console === false
      ? undefined
      : createConsoleHandler({
          kms: runtime.kms,
          clock: runtime.clock,
          ...(manual ? { clockControl: { advance: (duration) => manual.advance(duration), set: (instant) => manual.set(instant) } } : {}),
          events: {
            page: ({ offset, limit }) => {
              const end = Math.max(0, runtime.events.length - offset);
              return { events: runtime.events.slice(Math.max(0, end - limit), end).reverse(), total: runtime.events.length };
            },
          },
          csrfToken: randomBytes(32).toString("base64url"),
          afterChange: persist,
          allowedHosts: consoleHosts(host),
        });

  /** One request path: node:http in, a fetch handler (the console's or the protocol's), node:http out. */
  const serveFetch = async (request: IncomingMessage, response: ServerResponse, path: string): Promise<void> => {
    const toConsole = consoleHandler !== undefined && isConsolePath(path) && (path !== "/" || request.method !== "POST");
    const body = request.method === "GET" || request.method === "HEAD" ? undefined : await readBody(request, response);
    if (body === undefined && request.method !== "GET" && request.method !== "HEAD") return;
    const fetchRequest = toRequest(request, body, host);
    if (toConsole) return sendResponse(response, await consoleHandler(fetchRequest));
    const answer = await aws(fetchRequest);
    await persist();
    return sendResponse(response, answer);
  };

  const server = createServer((request, response) => {
    const path = (request.url ?? "/").split("?")[0] ?? "/";
    const work = path.startsWith("/_kms-sim/") ? support(request, response, path) : serveFetch(request, response, path);
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
      await saving;
    },
  };
}
