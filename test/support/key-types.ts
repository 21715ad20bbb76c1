/** Helpers for the key-type cross-checks: both providers, derived keys, node:crypto key objects. */
import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { expect } from "vitest";
import { nobleCryptoProvider } from "../../src/crypto/noble-provider.js";
import { nobleKeyTypeProvider } from "../../src/crypto/noble-key-types.js";
import { deriveKeyMaterial, type KeyMaterial, type RsaGeneration } from "../../src/crypto/key-material.js";
import { loadKey, type LoadedKey } from "../../src/crypto/loaded-key.js";
import type { KeySpec } from "../../src/model/aws-shapes.generated.js";
import { KmsError } from "../../src/kms-error.js";
import { nodeKeyTypeProvider } from "../../src/node/key-type-provider.js";
import type { KeyTypeProvider } from "../../src/ports.js";

/** Both providers: every cross-check runs against each. */
export const PROVIDERS: readonly (readonly [string, KeyTypeProvider])[] = [
  ["noble+WebCrypto", nobleKeyTypeProvider],
  ["node:crypto", nodeKeyTypeProvider],
];

export const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");
export const unhex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, "hex"));
export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** HMAC-SHA256 keyed with a 32-byte root of `byte`s: the root a store would hold. */
export const rootMac = (byte: number): ((data: Uint8Array) => Uint8Array) => nobleCryptoProvider.hmacSha256Keyed(new Uint8Array(32).fill(byte));

/** A key of `spec` derived from root `byte`, and its material. */
export async function derivedKey(
  provider: KeyTypeProvider,
  spec: KeySpec,
  byte = 1,
  options: { rsa?: RsaGeneration } = {},
): Promise<{ key: LoadedKey; material: KeyMaterial }> {
  const material = await deriveKeyMaterial(provider, rootMac(byte), spec, options);
  return { key: await loadKey(provider, spec, material.privateMaterial), material };
}

/** node:crypto's view of a DER SubjectPublicKeyInfo. */
export const nodePublicKey = (spki: Uint8Array): KeyObject => createPublicKey({ key: Buffer.from(spki), format: "der", type: "spki" });

/** node:crypto's view of a DER PKCS #8 private key. */
export const nodePrivateKey = (pkcs8: Uint8Array): KeyObject => createPrivateKey({ key: Buffer.from(pkcs8), format: "der", type: "pkcs8" });

/** Expects `action` to throw (or reject with) exactly this AWS exception and message. */
export async function expectKmsError(action: (() => unknown) | Promise<unknown>, name: string, message: string): Promise<void> {
  let caught: unknown;
  try {
    await (typeof action === "function" ? action() : action);
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected ${name}`).toBeInstanceOf(KmsError);
  expect((caught as KmsError).name).toBe(name);
  expect((caught as KmsError).message).toBe(message);
}
