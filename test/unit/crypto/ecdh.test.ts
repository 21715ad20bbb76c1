/** DeriveSharedSecret: ECDH on the NIST curves equals node:crypto's, with AWS's peer-key checks. */
import { createPublicKey, diffieHellman, generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { PROVIDERS, derivedKey, expectKmsError, hex, nodePrivateKey, utf8 } from "../../support/key-types.js";

const CURVES = [["ECC_NIST_P256", "P-256", 32], ["ECC_NIST_P384", "P-384", 48], ["ECC_NIST_P521", "P-521", 66]] as const;
const spki = (key: ReturnType<typeof generateKeyPairSync>["publicKey"]) => new Uint8Array(key.export({ format: "der", type: "spki" }));

describe.each(PROVIDERS)("DeriveSharedSecret (%s provider)", (_name, provider) => {
  for (const [spec, curve, bytes] of CURVES) {
    it(`${spec}: the raw x-coordinate, equal to node:crypto's ECDH from either side`, async () => {
      const { key, material } = await derivedKey(provider, spec);
      const peer = generateKeyPairSync("ec", { namedCurve: curve });
      const secret = key.deriveSharedSecret(spki(peer.publicKey));
      expect(secret.length).toBe(bytes);
      const kmsPublic = createPublicKey({ key: Buffer.from(key.publicKey as Uint8Array), format: "der", type: "spki" });
      expect(hex(secret)).toBe(hex(new Uint8Array(diffieHellman({ privateKey: peer.privateKey, publicKey: kmsPublic }))));
      expect(hex(secret)).toBe(hex(new Uint8Array(diffieHellman({ privateKey: nodePrivateKey(material.privateMaterial), publicKey: peer.publicKey }))));
      // AWS accepts the key's own public key as the peer.
      expect(key.deriveSharedSecret(key.publicKey as Uint8Array).length).toBe(bytes);
    });

    it(`${spec}: a malformed key, another curve, another key type or a point off the curve is a ValidationException without a message`, async () => {
      const { key } = await derivedKey(provider, spec);
      const otherCurve = curve === "P-256" ? "P-384" : "P-256";
      const offCurve = Uint8Array.from(key.publicKey as Uint8Array);
      offCurve[offCurve.length - 1]! ^= 1;
      const bad = [
        utf8("invalid"),
        spki(generateKeyPairSync("ec", { namedCurve: otherCurve }).publicKey),
        spki(generateKeyPairSync("ed25519").publicKey),
        spki(generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey),
        offCurve,
        new Uint8Array([...(key.publicKey as Uint8Array), 0]),
      ];
      for (const peer of bad) await expectKmsError(() => key.deriveSharedSecret(peer), "ValidationException", "");
    });
  }
});
