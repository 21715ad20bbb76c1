/**
 * The OpenSSL command line verifies kms-sim's signatures with the DER public key GetPublicKey
 * returns, as AWS's offline-verification instructions do it.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { nobleKeyTypeProvider } from "../../../src/crypto/noble-key-types.js";
import { derivedKey, utf8 } from "../../support/key-types.js";

function opensslInstalled(): boolean {
  try {
    execFileSync("openssl", ["version"], { stdio: "pipe" });
    return true;
  } catch {
    return false;
  }
}

/** Runs `openssl dgst ... -verify` on files in a fresh directory; returns its output. */
function opensslVerify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array, options: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), "kms-sim-openssl-"));
  try {
    writeFileSync(join(dir, "public.der"), publicKey);
    writeFileSync(join(dir, "message.bin"), message);
    writeFileSync(join(dir, "signature.bin"), signature);
    return execFileSync(
      "openssl",
      ["dgst", ...options, "-verify", join(dir, "public.der"), "-keyform", "DER", "-signature", join(dir, "signature.bin"), join(dir, "message.bin")],
      { stdio: "pipe" },
    ).toString();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("openssl dgst -verify", () => {
  it("verifies ECDSA on all four curves, RAW and DIGEST", async () => {
    if (!opensslInstalled()) throw new Error("openssl is not installed on this machine" + ": install it (the project's machines have it); a cross-check that does not run proves nothing");
    for (const [spec, algorithm, hash] of [
      ["ECC_NIST_P256", "ECDSA_SHA_256", "sha256"], ["ECC_NIST_P384", "ECDSA_SHA_384", "sha384"],
      ["ECC_NIST_P521", "ECDSA_SHA_512", "sha512"], ["ECC_SECG_P256K1", "ECDSA_SHA_256", "sha256"],
    ] as const) {
      const { key } = await derivedKey(nobleKeyTypeProvider, spec);
      const message = utf8(`openssl checks ${spec}`);
      const raw = await key.sign({ SigningAlgorithm: algorithm, Message: message });
      const digest = new Uint8Array(createHash(hash).update(message).digest());
      const fromDigest = await key.sign({ SigningAlgorithm: algorithm, MessageType: "DIGEST", Message: digest }, { random: () => new Uint8Array(32).fill(9) });
      for (const signature of [raw, fromDigest]) expect(opensslVerify(key.publicKey as Uint8Array, message, signature, [`-${hash}`])).toContain("Verified OK");
      expect(() => opensslVerify(key.publicKey as Uint8Array, utf8("other"), raw, [`-${hash}`])).toThrow();
    }
  });

  it("verifies RSASSA-PSS with salt = hash length and PKCS #1 v1.5", async () => {
    if (!opensslInstalled()) throw new Error("openssl is not installed on this machine" + ": install it (the project's machines have it); a cross-check that does not run proves nothing");
    const { key } = await derivedKey(nobleKeyTypeProvider, "RSA_2048");
    const message = utf8("openssl checks RSA");
    for (const [suffix, hash, salt] of [["SHA_256", "sha256", "32"], ["SHA_512", "sha512", "64"]] as const) {
      const pss = await key.sign({ SigningAlgorithm: `RSASSA_PSS_${suffix}`, Message: message });
      const pssOptions = [`-${hash}`, "-sigopt", "rsa_padding_mode:pss", "-sigopt", `rsa_pss_saltlen:${salt}`, "-sigopt", `rsa_mgf1_md:${hash}`];
      expect(opensslVerify(key.publicKey as Uint8Array, message, pss, pssOptions)).toContain("Verified OK");
      const digest = new Uint8Array(createHash(hash).update(message).digest());
      const pssDigest = await key.sign({ SigningAlgorithm: `RSASSA_PSS_${suffix}`, MessageType: "DIGEST", Message: digest });
      expect(opensslVerify(key.publicKey as Uint8Array, message, pssDigest, pssOptions)).toContain("Verified OK");
      const pkcs1 = await key.sign({ SigningAlgorithm: `RSASSA_PKCS1_V1_5_${suffix}`, Message: message });
      expect(opensslVerify(key.publicKey as Uint8Array, message, pkcs1, [`-${hash}`])).toContain("Verified OK");
    }
  });
});
