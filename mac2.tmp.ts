import { createKms } from "./src/index.js";
import { ManualClock, seededRandom } from "./src/testing/index.js";
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { interleaved } from "./bench/support.js";
const MESSAGE = new Uint8Array(256).fill(3);
const kms = createKms({ clock: new ManualClock(new Date("2026-01-01T00:00:00Z")), random: seededRandom("x") });
const id = (await kms.createKey({ KeySpec: "HMAC_256", KeyUsage: "GENERATE_VERIFY_MAC" })).KeyMetadata?.KeyId as string;
const key = new Uint8Array(32).fill(1);
for (let i = 0; i < 3; i++) {
  const t = await interleaved({
    kms: () => kms.generateMac({ KeyId: id, Message: MESSAGE, MacAlgorithm: "HMAC_SHA_256" }),
    describe: () => kms.describeKey({ KeyId: id }),
    raw: () => hmac(sha256, key, MESSAGE),
  }, { rounds: 21, roundMs: 40 });
  console.log(Object.fromEntries(Object.entries(t).map(([k, v]) => [k, (v * 1000).toFixed(2)])), ((t.raw as number) / (t.kms as number)).toFixed(2));
}
