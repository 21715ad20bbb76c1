/** GenerateMac/VerifyMac: RFC 2104 HMAC equal to node:crypto's, constant-time verification. */
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { loadKey } from "../../../src/crypto/loaded-key.js";
import { PROVIDERS, derivedKey, expectKmsError, hex, utf8 } from "../../support/key-types.js";

const SPECS = [["HMAC_224", "HMAC_SHA_224", "sha224", 28], ["HMAC_256", "HMAC_SHA_256", "sha256", 32], ["HMAC_384", "HMAC_SHA_384", "sha384", 48], ["HMAC_512", "HMAC_SHA_512", "sha512", 64]] as const;

describe.each(PROVIDERS)("HMAC keys (%s provider)", (_name, provider) => {
  for (const [spec, algorithm, nodeHash, bytes] of SPECS) {
    it(`${spec}: ${algorithm} tags equal node:crypto's and repeat; the key is ${bytes} bytes`, async () => {
      const { key, material } = await derivedKey(provider, spec);
      expect(material.privateMaterial.length).toBe(bytes);
      expect(material.publicKey).toBeUndefined();
      const message = utf8("user=alice;expires=2026-09-01");
      const mac = key.generateMac(algorithm, message);
      expect(mac.length).toBe(bytes);
      expect(hex(mac)).toBe(createHmac(nodeHash, material.privateMaterial).update(message).digest("hex"));
      expect(hex(key.generateMac(algorithm, message))).toBe(hex(mac));
      key.verifyMac(algorithm, message, mac);
    });

    it(`${spec}: a wrong, short or long MAC is a KMSInvalidMacException without a message; a wrong algorithm names both`, async () => {
      const { key } = await derivedKey(provider, spec);
      const message = utf8("m");
      const mac = key.generateMac(algorithm, message);
      const flipped = Uint8Array.from(mac);
      flipped[0]! ^= 1;
      for (const bad of [flipped, mac.subarray(0, bytes - 1), new Uint8Array([...mac, 0])]) {
        await expectKmsError(() => key.verifyMac(algorithm, message, bad), "KMSInvalidMacException", "");
      }
      await expectKmsError(() => key.verifyMac(algorithm, utf8("n"), mac), "KMSInvalidMacException", "");
      const other = algorithm === "HMAC_SHA_512" ? "HMAC_SHA_224" : "HMAC_SHA_512";
      await expectKmsError(() => key.generateMac(other, message), "InvalidKeyUsageException", `Algorithm ${other} is incompatible with key spec ${spec}.`);
      await expectKmsError(() => key.generateMac(algorithm, new Uint8Array(0)), "ValidationException",
        "1 validation error detected: Value at 'message' failed to satisfy constraint: Member must have length greater than or equal to 1");
      expect(key.generateMac(algorithm, new Uint8Array(4096)).length).toBe(bytes);
    });
  }

  it("imported HMAC material of any accepted length gives node:crypto's MAC", async () => {
    const material = new Uint8Array(100).map((_, i) => i);
    const key = await loadKey(provider, "HMAC_512", material);
    expect(hex(key.generateMac("HMAC_SHA_512", utf8("x")))).toBe(createHmac("sha512", material).update("x").digest("hex"));
  });
});
