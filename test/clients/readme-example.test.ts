/**
 * The README's CLI example, pasted as a newcomer would (against a fresh endpoint on a free port):
 * it must print "KeyRotationEnabled": true and, after the two-year clock jump, two rotations.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { startServer, type KmsServer } from "../../src/node/index.js";

const run = promisify(execFile);
let server: KmsServer | undefined;
afterAll(async () => server?.close());

describe("README", { timeout: 60_000 }, () => {
  it("the CLI example works as printed", async () => {
    try {
      await run("aws", ["--version"]);
      await run("curl", ["--version"]);
    } catch {
      throw new Error("the aws or curl command is not installed on this machine: install it (the project's machines have it); an example that does not run proves nothing");
    }
    const readme = readFileSync(join(import.meta.dirname, "..", "..", "README.md"), "utf8");
    const block = /With the endpoint running[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toContain("enable-key-rotation");
    server = await startServer({ port: 0, clockMode: "manual", start: new Date("2026-01-01T00:00:00Z") });
    const script = (block as string).replaceAll("http://127.0.0.1:4599", server.url);
    const { stdout } = await run("bash", ["-euo", "pipefail", "-c", script], { env: { ...process.env, AWS_PAGER: "" } });
    expect(stdout).toContain('"KeyRotationEnabled": true');
    expect(stdout).toContain('{"now":"2028-01-01T00:00:00.000Z"}');
    expect(stdout.match(/"RotationType": "AUTOMATIC"/g)).toHaveLength(2);
  });
});
