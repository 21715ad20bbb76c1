/**
 * Secrets never leak: key material, plaintext and data keys stay out of error messages, events,
 * JSON.stringify and util.inspect of everything kms-sim returns or holds (the snapshot aside: it
 * exists to carry the material, and the docs say so).
 */
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { decryptEnvelope, encryptEnvelope } from "../../src/index.js";
import { SECRET_ACCESS, SecretArena, SecretBytes } from "../../src/model/secret-bytes.js";
import { secretsOf } from "../support/derived-material.js";
import { createTestKms, newKeyId } from "../support/create-test-kms.js";

const PLAINTEXT = "TOP-SECRET-PLAINTEXT";
const CONTEXT_VALUE = "context-value-7f3a";

describe("secrets", () => {
  it("SecretBytes prints as [REDACTED] everywhere", () => {
    const secret = new SecretArena().adopt(new Uint8Array([1, 2, 3, 4]));
    expect(JSON.stringify({ secret })).toBe('{"secret":"[REDACTED]"}');
    expect(String(secret)).toBe("[REDACTED]");
    expect(`${secret}`).toBe("[REDACTED]");
    expect(inspect({ secret }, { depth: 10, showHidden: true })).toBe("{ secret: [REDACTED] }");
    expect(secret.reveal(SECRET_ACCESS)).toEqual(new Uint8Array([1, 2, 3, 4]));
    expect(() => secret.reveal(Symbol("forged") as never)).toThrow(TypeError);
  });

  it("the arena wipes the bytes it adopts", () => {
    const source = new Uint8Array([9, 9, 9]);
    const secret = new SecretArena().adopt(source);
    expect(source).toEqual(new Uint8Array(3));
    expect(secret.reveal(SECRET_ACCESS)).toEqual(new Uint8Array([9, 9, 9]));
    expect(new SecretBytes(new Uint8Array(8), 2, 4).length).toBe(4);
  });

  it("no material, plaintext or data key in errors, events, responses or the kms object", async () => {
    const { kms, clock, events } = createTestKms();
    const keyId = await newKeyId(kms);
    await kms.enableKeyRotation({ KeyId: keyId });
    const plaintext = new TextEncoder().encode(PLAINTEXT);
    const encrypted = await kms.encrypt({ KeyId: keyId, Plaintext: plaintext, EncryptionContext: { tenant: CONTEXT_VALUE } });
    const dataKey = await kms.generateDataKey({ KeyId: keyId, KeySpec: "AES_256" });
    const message = await encryptEnvelope(kms, { KeyId: keyId, Plaintext: plaintext, EncryptionContext: { tenant: CONTEXT_VALUE } });
    clock.advance({ days: 400 });
    await kms.tick();
    // The root and both backing keys derived from it.
    const materialHexes = kms.snapshot().keys.flatMap(secretsOf);
    expect(materialHexes).toHaveLength(3);

    const errors: string[] = [];
    for (const attempt of [
      () => kms.decrypt({ CiphertextBlob: encrypted.CiphertextBlob as Uint8Array, EncryptionContext: { tenant: "wrong" } }),
      () => kms.decrypt({ CiphertextBlob: (encrypted.CiphertextBlob as Uint8Array).subarray(0, 90) }),
      () => decryptEnvelope(kms, message, { EncryptionContext: { tenant: "wrong" } }),
      () => kms.encrypt({ KeyId: keyId, Plaintext: new Uint8Array(5000).fill(65) }),
      () => kms.generateDataKey({ KeyId: keyId, NumberOfBytes: 2000 }),
    ]) {
      try {
        await attempt();
        throw new Error("expected a failure");
      } catch (error) {
        errors.push(`${(error as Error).name} ${(error as Error).message} ${inspect(error, { depth: 10 })}`);
      }
    }

    const dataKeyHex = Buffer.from(dataKey.Plaintext as Uint8Array).toString("hex");
    const observed = [
      ...errors,
      JSON.stringify(events),
      JSON.stringify(encrypted, (_, v) => (v instanceof Uint8Array ? Buffer.from(v).toString("hex") : v)),
      JSON.stringify(kms),
      inspect(kms, { depth: 20, showHidden: true }),
      JSON.stringify(await kms.listKeyRotations({ KeyId: keyId, IncludeKeyMaterial: "ALL_KEY_MATERIAL" })),
      JSON.stringify(await kms.describeKey({ KeyId: keyId })),
    ].join("\n");
    for (const secret of [...materialHexes, PLAINTEXT, Buffer.from(PLAINTEXT).toString("hex"), dataKeyHex]) {
      expect(observed).not.toContain(secret);
    }
    expect(errors.join("\n")).not.toContain(CONTEXT_VALUE);
    expect(errors.join("\n")).not.toContain("AAAAA");
  });
});
