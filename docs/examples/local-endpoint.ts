// The local endpoint with a state folder: every change is on disk before its answer, and a restart
// (or a crash) picks up where the last acknowledged request left the state, clock and events.
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer } from "kms-sim/node";

const folder = join(mkdtempSync(join(tmpdir(), "kms-sim-example-")), "state");
const kmsCall = async (url: string, operation: string, body: unknown = {}) => {
  const response = await fetch(url, { method: "POST", headers: { "x-amz-target": `TrentService.${operation}` }, body: JSON.stringify(body) });
  const text = await response.text();
  return (text === "" ? {} : JSON.parse(text)) as Record<string, any>;
};

const first = await startServer({ port: 0, stateFolder: folder, clockMode: "manual", start: new Date("2026-01-01T00:00:00Z"), seed: "example" });
const keyId = (await kmsCall(first.url, "CreateKey", { Description: "orders" })).KeyMetadata.KeyId as string;
await kmsCall(first.url, "EnableKeyRotation", { KeyId: keyId, RotationPeriodInDays: 90 });
await fetch(`${first.url}/_kms-sim/clock`, { method: "POST", body: JSON.stringify({ advance: { days: 365 } }) });
await first.close();
assert.deepEqual(readdirSync(folder).sort(), ["events.jsonl", "journal-000001.log", "snapshot.json"]);

// --state wins over --start and --seed on restart: the folder's clock, keys and events come back.
const second = await startServer({ port: 0, stateFolder: folder, clockMode: "manual", start: new Date("2030-01-01T00:00:00Z") });
const clock = (await (await fetch(`${second.url}/_kms-sim/clock`)).json()) as { now: string };
assert.equal(clock.now, "2027-01-01T00:00:00.000Z");
assert.equal((await kmsCall(second.url, "ListKeyRotations", { KeyId: keyId })).Rotations.length, 4);

// Events page by id: ?limit=n, then ?after=<the last id>&limit=n; x-kms-sim-next-after says there is more.
const page = await fetch(`${second.url}/_kms-sim/events?limit=3`);
const events = (await page.json()) as { id: string; time: string }[];
const next = page.headers.get("x-kms-sim-next-after");
assert.equal(next, events[2]?.id);
const rest = (await (await fetch(`${second.url}/_kms-sim/events?after=${next}&limit=3`)).json()) as { time: string }[];
assert.deepEqual([...events, ...rest].map((event) => event.time.slice(0, 10)), ["2026-04-01", "2026-06-30", "2026-09-28", "2026-12-27"]);
await second.close();
rmSync(join(folder, ".."), { recursive: true, force: true });
console.log(`4 rotations, journaled and restored; events paged ${events.length} + ${rest.length}`);
