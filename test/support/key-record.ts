/**
 * Key records for tests of the pure engine (rotation/), which works on records, not on a KMS.
 */
import { KeyHistory, VersionKind } from "../../src/model/key-history.js";
import { NO_ON_DEMAND, ROTATION_OFF, type KmsKey } from "../../src/model/key.js";

/** A symmetric, Enabled, customer managed key created at `createdAt` with versions made at `versionsAt`. */
export function keyRecord(
  seq: number,
  overrides: Partial<KmsKey> = {},
  { createdAt = Date.UTC(2026, 0, 1), versionsAt = [createdAt] }: { createdAt?: number; versionsAt?: number[] } = {},
): KmsKey {
  const history = new KeyHistory({});
  versionsAt.forEach((at, index) => history.append(at, index === 0 ? VersionKind.ORIGINAL : VersionKind.AUTOMATIC));
  return {
    seq, keyId: `key-${seq}`, arn: `arn-${seq}`, createdAt, description: "", keyUsage: "ENCRYPT_DECRYPT",
    keySpec: "SYMMETRIC_DEFAULT", origin: "AWS_KMS", keyManager: "CUSTOMER", state: "Enabled",
    deletionAt: null, pendingWindowDays: null, policy: "{}", tags: [], seeds: null, history,
    rotation: ROTATION_OFF, onDemand: NO_ON_DEMAND, awsService: null,
    ...overrides,
  };
}
