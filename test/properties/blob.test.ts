/**
 * Properties of the ciphertext blob: any plaintext (1..4096 bytes) under any encryption context
 * round-trips; any other context — a changed, added or removed pair — fails with
 * InvalidCiphertextException.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidCiphertextException } from "../../src/index.js";
import { createTestKms, newKeyId } from "../support/create-test-kms.js";

const context = fc.dictionary(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), { maxKeys: 5 });

describe("ciphertext blob properties", () => {
  it("round-trips any plaintext under any context, and refuses any other context", async () => {
    const { kms } = createTestKms({ seed: "blob-properties" });
    const keyId = await newKeyId(kms);
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 4096 }), context, context, async (plaintext, ctx, other) => {
        const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: plaintext, EncryptionContext: ctx });
        const out = await kms.decrypt({ CiphertextBlob: CiphertextBlob as Uint8Array, EncryptionContext: ctx });
        expect(out.Plaintext).toEqual(plaintext);
        const same = JSON.stringify(Object.entries(ctx).sort()) === JSON.stringify(Object.entries(other).sort());
        if (!same) {
          await expect(kms.decrypt({ CiphertextBlob: CiphertextBlob as Uint8Array, EncryptionContext: other })).rejects.toBeInstanceOf(InvalidCiphertextException);
        }
      }),
      { numRuns: 200, seed: 42 },
    );
  });
});
