/** AWS's AccessDeniedException texts, and a check that a refused call changed nothing. */
import { expect } from "vitest";
import { AccessDeniedException, type Kms } from "../../src/index.js";
import { expectError } from "./create-test-kms.js";

/** Why AWS refused: no Allow in the key policy or in IAM, or an explicit Deny in either. */
export type DenialReason = "resource" | "identity" | "deny-resource" | "deny-identity";

/** AWS's AccessDeniedException message for `caller` refused `action` on `resource`. */
export function denied(caller: string, action: string, resource: string, why: DenialReason): string {
  const head = `User: ${caller} is not authorized to perform: ${action} on resource: ${resource}`;
  switch (why) {
    case "resource":
      return `${head} because no resource-based policy allows the ${action} action`;
    case "identity":
      return `${head} because no identity-based policy allows the ${action} action`;
    case "deny-resource":
      return `${head} with an explicit deny in a resource-based policy`;
    case "deny-identity":
      return `${head} with an explicit deny in an identity-based policy`;
  }
}

/** Runs `call`, which must be refused with `message`, and checks it changed nothing. */
export async function refused(kms: Kms, call: Promise<unknown>, message: string): Promise<void> {
  await kms.tick();
  const before = JSON.stringify(kms.snapshot());
  await expectError(call, AccessDeniedException, message);
  expect(JSON.stringify(kms.snapshot())).toBe(before);
}
