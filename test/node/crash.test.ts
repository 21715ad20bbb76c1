/**
 * Crash safety of `kms-sim serve --state` under load: 16 clients send mixed mutating requests
 * (CreateKey, CreateAlias, UpdateAlias, EnableKeyRotation with periods, ScheduleKeyDeletion, clock
 * moves) while the server is killed with SIGKILL at 20 instants (after a seeded random number of
 * acknowledged requests: an observable event, not a timer). After each restart every acknowledged
 * change is there, and the one request each client had in flight is either wholly applied or not
 * at all. Compaction runs often (KMS_SIM_COMPACT_AT), so kills also land during compactions.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const dir = mkdtempSync(join(tmpdir(), "kms-sim-crash-"));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

const CLIENTS = 16;
const KILLS = 20;
const DAY = 86_400_000;

/** mulberry32: the test's own seeded choices, so a failure replays with the same requests. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Server {
  url: string;
  child: ChildProcess;
  exited: Promise<void>;
}

function serve(state: string): Promise<Server> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(ROOT, "src/node/cli.ts"), "serve", "--port", "0", "--state", state, "--clock", "manual", "--start", "2026-01-01T00:00:00Z", "--seed", "crash"],
    { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, KMS_SIM_COMPACT_AT: String(48 * 1024) } },
  );
  children.push(child);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve({ url: match[1], child, exited });
    });
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
}

async function call(url: string, operation: string, body: unknown = {}): Promise<Record<string, any>> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": `TrentService.${operation}` },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  const parsed = text === "" ? {} : (JSON.parse(text) as Record<string, any>);
  if (response.status !== 200) throw new Error(`${operation} ${JSON.stringify(body)}: ${response.status} ${text}`);
  return parsed;
}

interface KeyModel {
  description: string;
  period: number | null;
  deletionAt: number | null;
}

type Op =
  | { kind: "create"; description: string }
  | { kind: "alias"; name: string; target: string; update: boolean }
  | { kind: "rotation"; keyId: string; period: number }
  | { kind: "delete"; keyId: string; days: number }
  | { kind: "clock"; days: number };

/** What one client has been told: its keys and aliases, and the request it has in flight. */
class Client {
  readonly keys = new Map<string, KeyModel>();
  readonly aliases = new Map<string, string>();
  inFlight: Op | null = null;
  private made = 0;

  constructor(
    readonly index: number,
    private readonly random: () => number,
  ) {}

  liveKeys(): string[] {
    return [...this.keys].filter(([, key]) => key.deletionAt === null).map(([id]) => id);
  }

  next(): Op {
    const live = this.liveKeys();
    const pick = <T>(items: readonly T[]): T => items[Math.floor(this.random() * items.length)] as T;
    const r = this.random();
    if (this.index === 0 && r < 0.3) return { kind: "clock", days: 1 + Math.floor(this.random() * 20) };
    if (live.length < 2 || r < 0.35) return { kind: "create", description: `c${this.index}-${this.made++}` };
    const aliasesToLive = [...this.aliases].filter(([, target]) => live.includes(target));
    if (r < 0.5) return { kind: "alias", name: `alias/c${this.index}-${this.made++}`, target: pick(live), update: false };
    if (r < 0.65 && aliasesToLive.length > 0) {
      const [name, target] = pick(aliasesToLive);
      return { kind: "alias", name, target: pick(live.filter((id) => id !== target)), update: true };
    }
    if (r < 0.85) return { kind: "rotation", keyId: pick(live), period: 90 + Math.floor(this.random() * 2471) };
    return { kind: "delete", keyId: pick(live), days: 7 + Math.floor(this.random() * 24) };
  }

  /** Sends one request; records it as acknowledged when the whole response arrives. */
  async send(url: string, op: Op): Promise<void> {
    this.inFlight = op;
    switch (op.kind) {
      case "create": {
        const created = await call(url, "CreateKey", { Description: op.description });
        this.keys.set(created.KeyMetadata.KeyId as string, { description: op.description, period: null, deletionAt: null });
        break;
      }
      case "alias":
        await call(url, op.update ? "UpdateAlias" : "CreateAlias", op.update ? { AliasName: op.name, TargetKeyId: op.target } : { AliasName: op.name, TargetKeyId: op.target });
        this.aliases.set(op.name, op.target);
        break;
      case "rotation":
        await call(url, "EnableKeyRotation", { KeyId: op.keyId, RotationPeriodInDays: op.period });
        (this.keys.get(op.keyId) as KeyModel).period = op.period;
        break;
      case "delete": {
        const scheduled = await call(url, "ScheduleKeyDeletion", { KeyId: op.keyId, PendingWindowInDays: op.days });
        (this.keys.get(op.keyId) as KeyModel).deletionAt = (scheduled.DeletionDate as number) * 1000;
        break;
      }
      case "clock": {
        const response = await fetch(`${url}/_kms-sim/clock`, { method: "POST", body: JSON.stringify({ advance: { days: op.days } }) });
        if (response.status !== 200) throw new Error(`clock: ${response.status}`);
        await response.json();
        acknowledgedClock += op.days * DAY;
        break;
      }
    }
    this.inFlight = null;
  }
}

let acknowledgedClock = Date.parse("2026-01-01T00:00:00Z");

/** The server's state as the checks need it. */
async function observe(url: string) {
  const clock = Date.parse(((await (await fetch(`${url}/_kms-sim/clock`)).json()) as { now: string }).now);
  const keys = new Map<string, { description: string; state: string; deletionAt: number | null; period: number | null }>();
  let marker: string | undefined;
  do {
    const page = await call(url, "ListKeys", { Limit: 1000, ...(marker ? { Marker: marker } : {}) });
    for (const { KeyId } of page.Keys as { KeyId: string }[]) {
      const { KeyMetadata: meta } = await call(url, "DescribeKey", { KeyId });
      const rotation = meta.KeyState === "PendingDeletion" ? null : await call(url, "GetKeyRotationStatus", { KeyId });
      keys.set(KeyId, {
        description: meta.Description,
        state: meta.KeyState,
        deletionAt: meta.DeletionDate === undefined ? null : meta.DeletionDate * 1000,
        period: rotation?.KeyRotationEnabled ? rotation.RotationPeriodInDays : null,
      });
    }
    marker = page.Truncated ? page.NextMarker : undefined;
  } while (marker);
  const aliases = new Map<string, string>();
  marker = undefined;
  do {
    const page = await call(url, "ListAliases", { Limit: 100, ...(marker ? { Marker: marker } : {}) });
    for (const alias of page.Aliases as { AliasName: string; TargetKeyId?: string }[]) if (alias.TargetKeyId) aliases.set(alias.AliasName, alias.TargetKeyId);
    marker = page.Truncated ? page.NextMarker : undefined;
  } while (marker);
  return { clock, keys, aliases };
}

/**
 * Checks one client's acknowledged changes against what the server holds, resolves its in-flight
 * request to what the server shows (applied wholly, or not at all), and drops deleted keys.
 */
function reconcile(client: Client, seen: Awaited<ReturnType<typeof observe>>, problems: string[]): void {
  const op = client.inFlight;
  if (op?.kind === "create") {
    const made = [...seen.keys].find(([, key]) => key.description === op.description);
    if (made) client.keys.set(made[0], { description: op.description, period: null, deletionAt: null });
  }
  if (op?.kind === "clock" && seen.clock === acknowledgedClock + op.days * DAY) acknowledgedClock = seen.clock;
  for (const [keyId, expected] of client.keys) {
    const actual = seen.keys.get(keyId);
    const inFlightHere = op && "keyId" in op && op.keyId === keyId ? op : null;
    if (!actual) {
      const deletion = expected.deletionAt ?? (inFlightHere?.kind === "delete" ? 0 : null);
      if (deletion === null || deletion > seen.clock) problems.push(`client ${client.index}: acknowledged key ${keyId} (${expected.description}) is gone`);
      client.keys.delete(keyId);
      continue;
    }
    if (actual.description !== expected.description) problems.push(`key ${keyId}: description ${actual.description}, expected ${expected.description}`);
    if (inFlightHere?.kind === "delete" && actual.state === "PendingDeletion") expected.deletionAt = actual.deletionAt;
    if (expected.deletionAt !== actual.deletionAt) problems.push(`key ${keyId}: deletion ${actual.deletionAt}, expected ${expected.deletionAt}`);
    if (expected.deletionAt === null) {
      if (inFlightHere?.kind === "rotation" && actual.period === inFlightHere.period) expected.period = actual.period;
      if (actual.period !== expected.period) problems.push(`key ${keyId}: rotation period ${actual.period}, expected ${expected.period}`);
    }
  }
  if (op?.kind === "alias") {
    const target = seen.aliases.get(op.name);
    if (target === op.target) client.aliases.set(op.name, op.target);
  }
  for (const [name, target] of client.aliases) {
    const actual = seen.aliases.get(name);
    if (!client.keys.has(target)) {
      if (actual !== undefined) problems.push(`alias ${name} survived the deletion of ${target}`);
      client.aliases.delete(name);
    } else if (actual !== target) problems.push(`alias ${name} -> ${actual}, acknowledged -> ${target}`);
  }
  client.inFlight = null;
}

describe("kms-sim serve --state under SIGKILL", { timeout: 240_000 }, () => {
  it("keeps every acknowledged change of 16 concurrent clients through 20 kills, and applies no request by half", async () => {
    const state = join(dir, "state");
    const random = prng(20260101);
    const clients = Array.from({ length: CLIENTS }, (_, i) => new Client(i, prng(1000 + i)));
    let server = await serve(state);
    let acknowledged = 0;
    for (let kill = 0; kill < KILLS; kill++) {
      const killAfter = 15 + Math.floor(random() * 50);
      let acks = 0;
      let stopping = false;
      const url = server.url;
      const victim = server;
      await Promise.all(
        clients.map(async (client) => {
          while (!stopping) {
            const op = client.next();
            try {
              await client.send(url, op);
            } catch (error) {
              if (!stopping) throw error; // a failure while the server is up is a bug
              return; // killed while this request was in flight: it stays client.inFlight
            }
            acks += 1;
            if (acks === killAfter) {
              stopping = true;
              victim.child.kill("SIGKILL");
            }
          }
        }),
      );
      await victim.exited;
      acknowledged += acks;
      server = await serve(state);
      const seen = await observe(server.url);
      const problems: string[] = [];
      if (seen.clock !== acknowledgedClock && !(clients[0]?.inFlight?.kind === "clock" && seen.clock === acknowledgedClock + clients[0].inFlight.days * DAY)) {
        problems.push(`clock ${new Date(seen.clock).toISOString()}, acknowledged ${new Date(acknowledgedClock).toISOString()}`);
      }
      for (const client of clients) reconcile(client, seen, problems);
      // Nothing the clients were not told about, beyond their in-flight CreateKeys (resolved above).
      const known = new Set(clients.flatMap((client) => [...client.keys.keys()]));
      for (const [keyId, key] of seen.keys) if (!known.has(keyId)) problems.push(`key ${keyId} (${key.description}) was never requested`);
      const aliases = new Set(clients.flatMap((client) => [...client.aliases.keys()]));
      for (const name of seen.aliases.keys()) if (!name.startsWith("alias/aws/") && !aliases.has(name)) problems.push(`alias ${name} was never acknowledged`);
      expect(problems, `after kill ${kill + 1}`).toEqual([]);
    }
    server.child.kill("SIGKILL");
    expect(acknowledged).toBeGreaterThan(KILLS * 15);
  });
});
