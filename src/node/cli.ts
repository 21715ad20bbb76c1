#!/usr/bin/env node
/**
 * The `kms-sim` command: `kms-sim serve [--port 4599] [--host 127.0.0.1] [--state FOLDER] [--fsync always|never]
 * [--seed S] [--clock system|manual] [--start ISO] [--no-console] [--principals FILE] [--strict-auth]` runs
 * the local KMS endpoint (and its web console) until interrupted.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { PrincipalInput } from "../index.js";
import { startServer } from "./server.js";

const USAGE = `usage: kms-sim serve [--port 4599] [--host 127.0.0.1] [--state FOLDER] [--fsync always|never] [--seed S] [--clock system|manual] [--start ISO] [--no-console] [--principals FILE] [--strict-auth]

Runs an AWS KMS endpoint backed by kms-sim, with a web console at its root URL (open it in a
browser; --no-console turns it off). Point the AWS CLI, boto3 or an AWS SDK at it:
  aws --endpoint-url http://127.0.0.1:4599 kms create-key
With --clock manual, move time with: curl -X POST localhost:4599/_kms-sim/clock -d '{"advance":{"days":365}}'
--state FOLDER keeps a snapshot and a journal there (it holds secret key material); every change is on disk
before its answer (--fsync never: the OS decides when; a machine crash can lose acknowledged changes).
A saved state wins over --start and --seed (they shape a new state only).
--principals FILE registers principals from a JSON object keyed by ARN, e.g.
  {"arn:aws:iam::111122223333:user/alice": {"AccessKeyId": "AKIAALICE0000000", "SecretAccessKey": "...", "Policies": [{...}]}}
Requests signed with a registered access key act as that principal (signatures are verified when it
has a secret); a 12-digit access key id is that account's root; anything else is the account root,
or with --strict-auth an UnrecognizedClientException.`;

/** The principals of a --principals file. */
function readPrincipals(file: string): Record<string, PrincipalInput> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`--principals ${file}: ${(error as Error).message}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new Error(`--principals ${file} must hold a JSON object of principals keyed by ARN`);
  }
  return parsed as Record<string, PrincipalInput>;
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: "string", default: "4599" },
      host: { type: "string", default: "127.0.0.1" },
      state: { type: "string" },
      fsync: { type: "string", default: "always" },
      seed: { type: "string" },
      clock: { type: "string", default: "system" },
      start: { type: "string" },
      // Node 20's parseArgs has no negated booleans: the negation is its own flag.
      "no-console": { type: "boolean", default: false },
      principals: { type: "string" },
      "strict-auth": { type: "boolean", default: false },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help || positionals[0] !== "serve") {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535, got ${values.port}`);
  if (values.clock !== "system" && values.clock !== "manual") throw new Error(`--clock must be system or manual, got ${values.clock}`);
  if (values.fsync !== "always" && values.fsync !== "never") throw new Error(`--fsync must be always or never, got ${values.fsync}`);
  // Tuning and tests: journal bytes that start a compaction (default: the snapshot's size, 1 to 64 MiB).
  const compactAt = process.env.KMS_SIM_COMPACT_AT === undefined ? undefined : Number(process.env.KMS_SIM_COMPACT_AT);
  if (compactAt !== undefined && !(Number.isInteger(compactAt) && compactAt > 0)) throw new Error("KMS_SIM_COMPACT_AT must be a positive number of bytes");
  const start = values.start === undefined ? undefined : new Date(values.start);
  if (start && Number.isNaN(start.getTime())) throw new Error(`--start must be an ISO instant, got ${values.start}`);
  const server = await startServer({
    port,
    host: values.host,
    clockMode: values.clock,
    ...(values.state ? { stateFolder: values.state, fsync: values.fsync, ...(compactAt ? { compactAt } : {}) } : {}),
    ...(values.seed ? { seed: values.seed } : {}),
    ...(start ? { start } : {}),
    console: !values["no-console"],
    ...(values.principals ? { principals: readPrincipals(values.principals) } : {}),
    strictAuth: values["strict-auth"],
  });
  const notes = [
    values.state ? `state: ${values.state}` : "",
    values.principals ? `principals: ${values.principals}` : "",
    values["strict-auth"] ? "strict auth" : "",
    values["no-console"] ? "" : `console: ${server.url}/`,
  ].filter((n) => n !== "");
  console.log(`kms-sim listening on ${server.url}${notes.length > 0 ? ` (${notes.join(", ")})` : ""}`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await server.close();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`kms-sim: ${(error as Error).message}`);
    process.exit(1);
  },
);
