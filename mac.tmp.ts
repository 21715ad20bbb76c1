import { createKms } from "./src/index.js";
import { ManualClock, seededRandom } from "./src/testing/index.js";
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
const MESSAGE = new Uint8Array(256).fill(3);
const kms = createKms({ clock: new ManualClock(new Date("2026-01-01T00:00:00Z")), random: seededRandom("x") });
const id = (await kms.createKey({ KeySpec: "HMAC_256", KeyUsage: "GENERATE_VERIFY_MAC" })).KeyMetadata?.KeyId as string;
const key = new Uint8Array(32).fill(1);
for (let round = 0; round < 3; round++) {
  let t = performance.now();
  for (let i = 0; i < 20000; i++) await kms.generateMac({ KeyId: id, Message: MESSAGE, MacAlgorithm: "HMAC_SHA_256" });
  const a = (performance.now() - t) / 20000;
  t = performance.now();
  for (let i = 0; i < 20000; i++) await hmac(sha256, key, MESSAGE);
  const b = (performance.now() - t) / 20000;
  t = performance.now();
  for (let i = 0; i < 20000; i++) await kms.describeKey({ KeyId: id });
  const c = (performance.now() - t) / 20000;
  console.log("kms", (a*1000).toFixed(2), "raw", (b*1000).toFixed(2), "describe", (c*1000).toFixed(2), "ratio", (b/a).toFixed(2));
}
