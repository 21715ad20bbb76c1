import { createKms } from "./src/index.js";
import { ManualClock, seededRandom } from "./src/testing/index.js";
const MESSAGE = new Uint8Array(256).fill(3);
const kms = createKms({ clock: new ManualClock(new Date("2026-01-01T00:00:00Z")), random: seededRandom("x") });
const id = (await kms.createKey({ KeySpec: "HMAC_256", KeyUsage: "GENERATE_VERIFY_MAC" })).KeyMetadata?.KeyId as string;
for (let i = 0; i < 150000; i++) await kms.generateMac({ KeyId: id, Message: MESSAGE, MacAlgorithm: "HMAC_SHA_256" });
