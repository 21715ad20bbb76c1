/**
 * The console with asymmetric and HMAC keys, without a browser: Create key with a key spec and
 * usage, the Cryptographic configuration tab in place of rotation, and the Public key tab as PEM
 * (read only when shown: the first GetPublicKey of an RSA key makes its pair).
 */
import { createPublicKey } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { createConsoleHandler, type ConsoleOptions } from "../../../src/console/index.js";
import { toPem } from "../../../src/console/pages/key-configuration.js";
import type { Kms } from "../../../src/index.js";
import { createTestKms, newKeyId } from "../../support/create-test-kms.js";

const ORIGIN = "http://127.0.0.1:4599";
const TOKEN = "test-token-0123456789abcdefghijklmnop";

let kms: Kms;
let handle: (request: Request) => Promise<Response>;

beforeEach(() => {
  const t = createTestKms();
  kms = t.kms;
  handle = createConsoleHandler({ kms, clock: t.clock, csrfToken: TOKEN } as ConsoleOptions);
});

const page = async (path: string) => (await handle(new Request(`${ORIGIN}${path}`))).text();
const tabs = (html: string) => [...html.matchAll(/role="tab" id="tab-([a-z-]+)"[^>]*aria-selected="(true|false)"/g)].map((m) => `${m[1]}${m[2] === "true" ? "*" : ""}`);

describe("console: key types", () => {
  it("creates a key of any spec and usage from the Create key form", async () => {
    const keys = await page("/console/keys");
    expect(keys).toContain('<option value="ECC_NIST_P256/KEY_AGREEMENT">ECC_NIST_P256, key agreement</option>');
    expect(keys).not.toContain("SM2");
    const response = await handle(new Request(`${ORIGIN}/console/keys`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN },
      body: new URLSearchParams({ csrf: TOKEN, description: "signer", alias: "", origin: "AWS_KMS", key_spec: "ML_DSA_65/SIGN_VERIFY" }).toString(),
    }));
    expect(response.status).toBe(303);
    const { Keys } = await kms.listKeys();
    const metadata = (await kms.describeKey({ KeyId: Keys?.[0]?.KeyId as string })).KeyMetadata;
    expect([metadata?.KeySpec, metadata?.KeyUsage, metadata?.Description]).toEqual(["ML_DSA_65", "SIGN_VERIFY", "signer"]);
  });

  it("shows an asymmetric key's cryptographic configuration, and its public key as PEM when that tab is asked for", async () => {
    const keyId = await newKeyId(kms, { KeySpec: "ECC_NIST_P384", KeyUsage: "SIGN_VERIFY", Description: "release signing" });
    const details = await page(`/console/keys/${keyId}`);
    expect(tabs(details)).toEqual(["configuration*", "public-key", "aliases", "grants", "tags", "policy"]);
    expect(details).toContain("<dt>Key type</dt><dd>Asymmetric</dd>");
    expect(details).toContain("<dt>Key usage</dt><dd>Sign and verify</dd>");
    expect(details).toContain("<dt>Signing algorithms</dt><dd>ECDSA_SHA_384</dd>");
    expect(details).not.toContain("BEGIN PUBLIC KEY");
    const withKey = await page(`/console/keys/${keyId}?tab=public-key`);
    expect(tabs(withKey)).toEqual(["configuration", "public-key*", "aliases", "grants", "tags", "policy"]);
    const der = (await kms.getPublicKey({ KeyId: keyId })).PublicKey as Uint8Array;
    const pem = toPem(der);
    expect(withKey).toContain(pem);
    expect(createPublicKey(pem).export({ format: "der", type: "spki" })).toEqual(Buffer.from(der));
  });

  it("shows an HMAC key without a rotation or public key tab, and a symmetric key as before", async () => {
    const hmac = await newKeyId(kms, { KeySpec: "HMAC_384", KeyUsage: "GENERATE_VERIFY_MAC" });
    const details = await page(`/console/keys/${hmac}?tab=rotations`);
    expect(tabs(details)).toEqual(["configuration*", "aliases", "grants", "tags", "policy"]);
    expect(details).toContain("<dt>MAC algorithms</dt><dd>HMAC_SHA_384</dd>");
    expect(details).toContain("cannot be rotated");
    const symmetric = await newKeyId(kms);
    expect(tabs(await page(`/console/keys/${symmetric}`))).toEqual(["rotations*", "aliases", "grants", "tags", "policy"]);
  });

  it("writes PEM with 64 characters a line and standard padding", () => {
    expect(toPem(new Uint8Array([0xff]))).toBe("-----BEGIN PUBLIC KEY-----\n/w==\n-----END PUBLIC KEY-----");
    expect(toPem(new Uint8Array(49).fill(0xfb)).split("\n").map((line) => line.length)).toEqual([26, 64, 4, 24]);
  });
});
