/**
 * A static file server on 127.0.0.1 for browser tests: serves files under `root`, only below the
 * given URL prefixes (so a page sees exactly what a deployed site would publish), with the content
 * types browsers insist on for modules and import maps.
 */
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
};

export interface StaticServer {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:40123 */
  readonly url: string;
  /** The paths requested so far, in order (to assert what a page loaded). */
  readonly requested: readonly string[];
  /** The requested paths it answered 404 (a missing import-map entry shows up here). */
  readonly missing: readonly string[];
  close(): Promise<void>;
}

/** Serves `root` below `prefixes` (URL paths such as "/dist/") on a free loopback port. */
export async function serveFiles(root: string, prefixes: readonly string[]): Promise<StaticServer> {
  const requested: string[] = [];
  const missing: string[] = [];
  const notFound = (path: string, response: import("node:http").ServerResponse): void => {
    missing.push(path);
    response.writeHead(404).end();
  };
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname));
    requested.push(path);
    if (!prefixes.some((prefix) => path.startsWith(prefix)) || path.includes("..")) {
      notFound(path, response);
      return;
    }
    readFile(join(root, path)).then(
      (body) => response.writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/octet-stream" }).end(body),
      () => notFound(path, response),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requested,
    missing,
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
