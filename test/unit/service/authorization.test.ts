/**
 * The service's authorization plumbing: an operation that succeeds without deciding every check of
 * its permission-table row is a kms-sim bug, caught loudly; resolving a key outside an operation
 * too; a call re-entered after an await is authorized as itself.
 */
import { describe, expect, it } from "vitest";
import { checksFor } from "../../../src/access/index.js";
import { currentCall, requireAllDecided, resumeCall, withCall, type Call } from "../../../src/service/authorization.js";
import type { KmsContext } from "../../../src/service/context.js";
import { rootActing } from "../../../src/service/callers.js";
import { RequestTrace } from "../../../src/service/request-trace.js";

const call = (operation: string, decided: number): Call => ({
  operation,
  request: {},
  acting: rootActing("111122223333"),
  now: 0,
  identityPolicies: [],
  checks: checksFor(operation),
  tokenGrants: new Set(),
  decided,
  context: undefined,
  trace: new RequestTrace(operation, rootActing("111122223333")),
});

describe("requireAllDecided", () => {
  it("passes when every check of the row was decided, and names the ones that were not", () => {
    expect(() => requireAllDecided(call("Encrypt", 1))).not.toThrow();
    expect(() => requireAllDecided(call("ReEncrypt", 0b01))).toThrow("kms-sim: ReEncrypt succeeded without authorizing kms:ReEncryptTo on destination-key");
    expect(() => requireAllDecided(call("UpdateAlias", 0b001))).toThrow(
      "kms-sim: UpdateAlias succeeded without authorizing kms:UpdateAlias on current-key, kms:UpdateAlias on new-key",
    );
  });
});

describe("the call in progress", () => {
  it("exists only while an operation runs, and an operation that awaits re-enters it", async () => {
    const ctx = { call: null } as unknown as KmsContext;
    expect(() => currentCall(ctx)).toThrow("kms-sim: a key was resolved outside an operation");
    const encrypt = call("Encrypt", 0);
    const resume = await withCall(ctx, encrypt, async () => {
      expect(currentCall(ctx)).toBe(encrypt);
      const again = resumeCall(ctx);
      await Promise.resolve();
      return again;
    });
    expect(ctx.call).toBeNull();
    // Another call may run meanwhile; resuming installs this one for the synchronous part only.
    withCall(ctx, call("Decrypt", 0), () => expect(resume(() => currentCall(ctx))).toBe(encrypt));
    expect(ctx.call).toBeNull();
  });
});
