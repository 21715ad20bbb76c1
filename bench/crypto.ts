/**
 * Cryptography through kms-sim against the raw primitives, same payloads, same run:
 *  - Encrypt/Decrypt of 32 B and 4 KiB through `kms`, and envelope encrypt/decrypt of 1 MiB and
 *    64 MiB, as throughput ratios to raw @noble/ciphers AES-256-GCM and to node:crypto AES-256-GCM
 *    on the same payload, for both providers (timed in interleaved rounds, medians);
 *  - Decrypt of a ciphertext made 1, 100 and 10,000 rotations ago (must be flat).
 * A ratio of 0.8 means kms-sim does the job at 80% of the raw primitive's speed.
 */
import { gcm } from "@noble/ciphers/aes.js";
import { createCipheriv } from "node:crypto";
import { createKms, decryptEnvelope, encryptEnvelope, nobleCryptoProvider, type CryptoProvider, type Kms } from "../src/index.js";
import { nodeCryptoProvider } from "../src/node/index.js";
import { ManualClock, seededRandom } from "../src/testing/index.js";
import { fmt, interleaved, printTable } from "./support.js";

const KEY = new Uint8Array(32).fill(7);
const AAD = new Uint8Array(81);

// The raw baselines do what any real AES-GCM encryption does: draw a fresh IV (from the same kind
// of random source kms-sim uses here, so randomness costs the same on both sides), then encrypt.
const ivSource = seededRandom("raw-iv");
const rawNoble = (payload: Uint8Array) => () => gcm(KEY, ivSource(12), AAD).encrypt(payload);
const rawNode = (payload: Uint8Array) => () => {
  const cipher = createCipheriv("aes-256-gcm", KEY, ivSource(12));
  cipher.setAAD(AAD);
  cipher.update(payload);
  cipher.final();
  return cipher.getAuthTag();
};

async function newKms(crypto: CryptoProvider, options: { onDemandRotationLimit?: number } = {}): Promise<{ kms: Kms; keyId: string }> {
  const kms = createKms({ clock: new ManualClock(new Date("2026-01-01T00:00:00Z")), random: seededRandom("crypto-bench"), crypto, ...options });
  const keyId = (await kms.createKey()).KeyMetadata?.KeyId as string;
  return { kms, keyId };
}

const ONLY_SMALL = process.env.BENCH_SMALL === "1";
const sizes: [string, number][] = [["32 B", 32], ["4 KiB", 4096]];
const envelopeSizes: [string, number][] = ONLY_SMALL ? [] : [["1 MiB", 1 << 20], ["64 MiB", 64 << 20]];

type Row = Record<string, string | number>;

function row(provider: string, operation: string, ms: number, raw: { noble: number; node: number }): Row {
  return { provider, operation, "us/op": fmt(ms * 1000), "vs raw noble": fmt(raw.noble / ms), "vs raw node": fmt(raw.node / ms) };
}

export async function cryptoBenchmark(): Promise<void> {
  const rows: Row[] = [];
  const raw: string[] = [];
  for (const [providerName, provider] of [["noble", nobleCryptoProvider], ["node", nodeCryptoProvider]] as const) {
    for (const [label, size] of sizes) {
      // A fresh KMS per size, so one size's warm-up does not shape another's measurement.
      const { kms, keyId } = await newKms(provider);
      const payload = new Uint8Array(size).fill(5);
      const blob = (await kms.encrypt({ KeyId: keyId, Plaintext: payload })).CiphertextBlob as Uint8Array;
      const t = await interleaved({
        encrypt: () => kms.encrypt({ KeyId: keyId, Plaintext: payload }),
        decrypt: () => kms.decrypt({ CiphertextBlob: blob }),
        noble: rawNoble(payload),
        node: rawNode(payload),
      }, { rounds: 31, roundMs: 60 });
      const base = { noble: t.noble as number, node: t.node as number };
      rows.push(row(providerName, `Encrypt ${label}`, t.encrypt as number, base), row(providerName, `Decrypt ${label}`, t.decrypt as number, base));
      raw.push(`raw AES-256-GCM ${label} (${providerName} run): noble ${fmt(base.noble * 1000)} us, node:crypto ${fmt(base.node * 1000)} us`);
    }
    for (const [label, size] of envelopeSizes) {
      const { kms, keyId } = await newKms(provider);
      const payload = new Uint8Array(size).fill(9);
      // No provider option: the helpers use the one the KMS was created with.
      const message = await encryptEnvelope(kms, { KeyId: keyId, Plaintext: payload });
      const big = size > 1 << 24;
      const t = await interleaved(
        {
          encrypt: () => encryptEnvelope(kms, { KeyId: keyId, Plaintext: payload }),
          decrypt: () => decryptEnvelope(kms, message),
          noble: rawNoble(payload),
          node: rawNode(payload),
        },
        big ? { rounds: 3, roundMs: 1 } : { rounds: 15, roundMs: 300 },
      );
      const base = { noble: t.noble as number, node: t.node as number };
      rows.push(row(providerName, `envelope encrypt ${label}`, t.encrypt as number, base), row(providerName, `envelope decrypt ${label}`, t.decrypt as number, base));
      raw.push(`raw AES-256-GCM ${label} (${providerName} run): noble ${fmt(base.noble * 1000)} us, node:crypto ${fmt(base.node * 1000)} us`);
    }
  }
  // CreateKey against the cheapest real cryptographic call: one AES-256-GCM encryption of 32 B.
  {
    const { kms } = await newKms(nobleCryptoProvider);
    const payload = new Uint8Array(32).fill(5);
    const t = await interleaved({ createKey: () => kms.createKey(), noble: rawNoble(payload), node: rawNode(payload) }, { rounds: 15, roundMs: 60 });
    rows.push(row("noble", "CreateKey", t.createKey as number, { noble: t.noble as number, node: t.node as number }));
  }
  printTable("Cryptography through kms-sim (ratio = raw time / kms-sim time; 1.00 = raw speed)", rows);
  for (const line of raw) console.log(line);
  const ratio = (provider: string, operation: string, column: string) =>
    Number(rows.find((r) => r.provider === provider && r.operation === operation)?.[column] ?? Number.NaN);
  const targets: [string, number, number][] = [
    ["CreateKey >= 1.50 x raw noble Encrypt 32 B", ratio("noble", "CreateKey", "vs raw noble"), 1.5],
    ["noble Encrypt 32 B >= 0.50 of raw noble", ratio("noble", "Encrypt 32 B", "vs raw noble"), 0.5],
    ["noble Encrypt 4 KiB >= 0.80 of raw noble", ratio("noble", "Encrypt 4 KiB", "vs raw noble"), 0.8],
  ];
  if (!ONLY_SMALL) {
    targets.push(
      ["noble envelope encrypt 1 MiB >= 0.90 of raw noble", ratio("noble", "envelope encrypt 1 MiB", "vs raw noble"), 0.9],
      ["node envelope encrypt 1 MiB >= 0.70 of raw node", ratio("node", "envelope encrypt 1 MiB", "vs raw node"), 0.7],
      ["node envelope encrypt 64 MiB >= 0.70 of raw node", ratio("node", "envelope encrypt 64 MiB", "vs raw node"), 0.7],
    );
  }
  for (const [name, value, target] of targets) console.log(`${value >= target ? "meets" : "MISSES"} target: ${name} (${fmt(value)})`);

  // Decrypt cost after 1, 100 and 10,000 rotations: material lookup is by id, never by trial.
  const { kms, keyId } = await newKms(nobleCryptoProvider, { onDemandRotationLimit: 20_000 });
  const blob = (await kms.encrypt({ KeyId: keyId, Plaintext: new Uint8Array(32).fill(1) })).CiphertextBlob as Uint8Array;
  const decryptAfter: Record<string, () => Promise<unknown>> = {};
  const kmsByCount: Kms[] = [];
  let done = 0;
  for (const target of [1, 100, 10_000]) {
    while (done < target) {
      await kms.rotateKeyOnDemand({ KeyId: keyId });
      done++;
    }
    // Each count gets its own snapshot-restored KMS, so all three are timed in the same rounds.
    const copy = createKms({ state: kms.snapshot(), clock: new ManualClock(new Date("2026-01-01T00:00:00Z")), random: seededRandom("copy") });
    kmsByCount.push(copy);
    decryptAfter[String(target)] = () => copy.decrypt({ CiphertextBlob: blob });
  }
  const t = await interleaved(decryptAfter);
  const first = t["1"] as number;
  printTable(
    "Decrypt of an old ciphertext (must be flat)",
    Object.entries(t).map(([count, ms]) => ({ "rotations since encrypt": count, "us per decrypt": fmt(ms * 1000), "vs after 1": fmt(ms / first) })),
  );
}
