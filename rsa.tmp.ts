import { createKms } from "./src/index.js";
import { ManualClock, seededRandom } from "./src/testing/index.js";
import { interleaved } from "./bench/support.js";
const MESSAGE = new Uint8Array(256).fill(3);
const kms = createKms({ clock: new ManualClock(new Date("2026-01-01T00:00:00Z")), random: seededRandom("x") });
const rsaId = (await kms.createKey({ KeySpec: "RSA_2048", KeyUsage: "SIGN_VERIFY" })).KeyMetadata?.KeyId as string;
await kms.getPublicKey({ KeyId: rsaId });
const hex = kms.snapshot().keys[0]!.history.explicit[0]!.secretHex!;
const pkcs8 = new Uint8Array(Buffer.from(hex, "hex"));
const webKey = await crypto.subtle.importKey("pkcs8", pkcs8, { name: "RSA-PSS", hash: "SHA-256" }, false, ["sign"]);
for (let i = 0; i < 3; i++) {
const t = await interleaved({
  kms: () => kms.sign({ KeyId: rsaId, Message: MESSAGE, SigningAlgorithm: "RSASSA_PSS_SHA_256" }),
  raw: () => crypto.subtle.sign({ name: "RSA-PSS", saltLength: 32 }, webKey, MESSAGE),
}, { rounds: 11, roundMs: 100 });
console.log(t, (t.raw as number) / (t.kms as number));
}
