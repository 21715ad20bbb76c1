/**
 * The key-type layer against the raw primitives it wraps, same payloads, same run (interleaved
 * rounds, medians), as ratios phase 2's goals compare against (issue 13):
 *  - ECDSA P-256 Sign (RAW, 256 B) vs raw @noble/curves p256.sign   (goal for Sign via kms >= 0.8)
 *  - HMAC_256 GenerateMac (256 B) vs raw @noble/hashes hmac        (goal for GenerateMac >= 0.7)
 *  - RSA_2048 PSS Sign (RAW, 256 B) vs raw WebCrypto sign           (goal for Sign >= 0.8)
 *  - RSA_2048 key generation: WebCrypto vs node:crypto vs seeded (node-forge), absolute times.
 * A ratio of 0.9 means the layer runs at 90% of the raw primitive's speed.
 */
import { p256 } from "@noble/curves/nist.js";
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { generateKeyPairSync } from "node:crypto";
import { deriveKeyMaterial } from "../src/crypto/key-material.js";
import { loadKey } from "../src/crypto/loaded-key.js";
import { nobleCryptoProvider } from "../src/crypto/noble-provider.js";
import { nobleKeyTypeProvider } from "../src/crypto/noble-key-types.js";
import { nodeKeyTypeProvider } from "../src/node/key-type-provider.js";
import { fmt, interleaved, nowMs, printTable } from "./support.js";

const MESSAGE = new Uint8Array(256).fill(3);
const root = (byte: number) => nobleCryptoProvider.hmacSha256Keyed(new Uint8Array(32).fill(byte));

async function timeOnce(fn: () => Promise<unknown>, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = nowMs();
    await fn();
    times.push(nowMs() - start);
  }
  return times.sort((a, b) => a - b);
}

export async function keyTypesBenchmark(): Promise<void> {
  const rows: Record<string, string | number>[] = [];
  const targets: [string, number, number][] = [];

  // ECDSA P-256: the layer (checks, SHA-256, DER) vs noble signing the same message (it hashes too).
  const ecc = await deriveKeyMaterial(nobleKeyTypeProvider, root(1), "ECC_NIST_P256");
  const eccKey = await loadKey(nobleKeyTypeProvider, "ECC_NIST_P256", ecc.privateMaterial);
  const { secretKey } = p256.keygen(new Uint8Array(48).fill(1));
  const sign = await interleaved({
    layer: () => eccKey.sign({ SigningAlgorithm: "ECDSA_SHA_256", Message: MESSAGE }),
    raw: () => p256.sign(MESSAGE, secretKey, { format: "der", lowS: false }),
  }, { rounds: 15, roundMs: 80 });
  rows.push({ operation: "Sign ECDSA_SHA_256 (P-256, 256 B)", "layer us": fmt((sign.layer as number) * 1000), "raw us": fmt((sign.raw as number) * 1000), "raw/layer": fmt((sign.raw as number) / (sign.layer as number)) });
  targets.push(["Sign P-256 >= 0.8 of raw @noble/curves", (sign.raw as number) / (sign.layer as number), 0.8]);

  // HMAC_256 GenerateMac vs raw noble HMAC-SHA256 over the same key and message.
  for (const [name, provider] of [["noble", nobleKeyTypeProvider], ["node", nodeKeyTypeProvider]] as const) {
    const material = await deriveKeyMaterial(provider, root(2), "HMAC_256");
    const macKey = await loadKey(provider, "HMAC_256", material.privateMaterial);
    const key = material.privateMaterial;
    const mac = await interleaved({
      layer: () => macKey.generateMac("HMAC_SHA_256", MESSAGE),
      raw: () => hmac(sha256, key, MESSAGE),
    }, { rounds: 15, roundMs: 60 });
    rows.push({ operation: `GenerateMac HMAC_SHA_256 (${name} provider, 256 B)`, "layer us": fmt((mac.layer as number) * 1000), "raw us": fmt((mac.raw as number) * 1000), "raw/layer": fmt((mac.raw as number) / (mac.layer as number)) });
    if (name === "noble") targets.push(["GenerateMac HMAC_256 >= 0.7 of raw @noble/hashes", (mac.raw as number) / (mac.layer as number), 0.7]);
  }

  // RSA_2048 PSS over a RAW message vs WebCrypto signing the same message with the same key.
  const pkcs8 = new Uint8Array(generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "der", type: "pkcs8" }));
  const webKey = await crypto.subtle.importKey("pkcs8", pkcs8, { name: "RSA-PSS", hash: "SHA-256" }, false, ["sign"]);
  for (const [name, provider] of [["noble+WebCrypto", nobleKeyTypeProvider], ["node", nodeKeyTypeProvider]] as const) {
    const rsaKey = await loadKey(provider, "RSA_2048", pkcs8);
    const rsa = await interleaved({
      layer: () => rsaKey.sign({ SigningAlgorithm: "RSASSA_PSS_SHA_256", Message: MESSAGE }),
      raw: () => crypto.subtle.sign({ name: "RSA-PSS", saltLength: 32 }, webKey, MESSAGE),
    }, { rounds: 11, roundMs: 100 });
    rows.push({ operation: `Sign RSASSA_PSS_SHA_256 (RSA_2048, ${name} provider)`, "layer us": fmt((rsa.layer as number) * 1000), "raw us": fmt((rsa.raw as number) * 1000), "raw/layer": fmt((rsa.raw as number) / (rsa.layer as number)) });
    if (name === "noble+WebCrypto") targets.push(["RSA_2048 PSS Sign >= 0.8 of raw WebCrypto", (rsa.raw as number) / (rsa.layer as number), 0.8]);
    const digest = sha256(MESSAGE);
    // Over a caller's digest there is no platform baseline (WebCrypto cannot); absolute median.
    const digestTimes = await timeOnce(() => rsaKey.sign({ SigningAlgorithm: "RSASSA_PSS_SHA_256", MessageType: "DIGEST", Message: digest }), 7);
    rows.push({ operation: `Sign RSASSA_PSS_SHA_256 DIGEST (RSA_2048, ${name}; node-forge)`, "layer us": fmt((digestTimes[3] as number) * 1000), "raw us": "-", "raw/layer": "-" });
  }
  printTable("Key types: the layer vs the raw primitive (raw/layer = share of raw speed)", rows);

  // RSA_2048 generation: what first use of an RSA key costs (the service generates lazily).
  let seeds = 1;
  const generation: Record<string, string | number>[] = [];
  for (const [name, generate, runs] of [
    ["WebCrypto (platform entropy)", () => nobleKeyTypeProvider.rsa.generate(2048), 7],
    ["node:crypto (platform entropy)", () => nodeKeyTypeProvider.rsa.generate(2048), 7],
    ["seeded, node-forge (reproducible)", () => nobleKeyTypeProvider.rsa.generate(2048, { seed: new Uint8Array(32).fill(seeds++) }), 3],
  ] as const) {
    const times = await timeOnce(generate, runs);
    generation.push({ generator: name, "median ms": fmt(times[Math.floor(times.length / 2)] as number, 0), "min ms": fmt(times[0] as number, 0), "max ms": fmt(times.at(-1) as number, 0) });
  }
  printTable("RSA_2048 key generation", generation);
  for (const [name, value, target] of targets) console.log(`${value >= target ? "meets" : "MISSES"} target: ${name} (${fmt(value)})`);
}
