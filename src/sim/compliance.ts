/**
 * Rotation compliance as the AWS Config managed rule `cmk-backing-key-rotation-enabled` and Security
 * Hub control KMS.4 judge it: a customer managed symmetric encryption key whose material AWS KMS
 * generated is COMPLIANT when automatic rotation is on, NON_COMPLIANT otherwise; every other key
 * (AWS managed, imported material, asymmetric, HMAC) is NOT_APPLICABLE. kms-sim also treats keys
 * pending deletion as NOT_APPLICABLE (AWS's pages are silent; GetKeyRotationStatus reports false for
 * them, and the common checkers skip them rather than flag a key being retired), and can demand a
 * maximum age of the current backing key (`maxMaterialAgeDays`), which catches keys that are
 * disabled and so do not rotate.
 *
 * At the KMS's present the judgement reads the public API (DescribeKey, GetKeyRotationStatus,
 * ListKeyRotations). In the past, and as a daily series over a span, it reads the audit trail: each
 * key's condition changes and rotations (key-life.ts) make its compliance a function of time that
 * changes only at those instants, so a series costs the number of changes, not keys × days.
 */
import type { Kms } from "../index.js";
import { allKeyIds } from "./key-ids.js";
import { requireTrail } from "./lookup-events.js";
import {
  DAY,
  NAMES,
  isApplicable,
  judge,
  lastAtOrBefore,
  materialStartsOf,
  modelsOf,
  requireMaxAge,
  verdict,
  type ComplianceType,
} from "./compliance-model.js";

export type { ComplianceType } from "./compliance-model.js";

/** One key's evaluation. */
export interface KeyRotationCompliance {
  /** The key id. */
  readonly KeyId: string;
  /** The verdict: `COMPLIANT`, `NON_COMPLIANT` or `NOT_APPLICABLE`. */
  readonly Compliance: ComplianceType;
  /** Whole days since the key's current backing key became current (absent for keys with none). */
  readonly CurrentKeyMaterialAgeDays?: number;
}

/** Options of {@link evaluateRotationCompliance}. */
export interface RotationComplianceOptions {
  /** The instant to judge (default: the KMS's present). Before the present it needs the audit trail. */
  readonly at?: Date | undefined;
  /** Also NON_COMPLIANT when the current backing key is older than this many days. */
  readonly maxMaterialAgeDays?: number | undefined;
}

/** At the present, from the public API (the direct computation). */
async function evaluateNow(kms: Kms, at: number, maxMs: number): Promise<KeyRotationCompliance[]> {
  const results: KeyRotationCompliance[] = [];
  for (const keyId of await allKeyIds(kms)) {
    const metadata = (await kms.describeKey({ KeyId: keyId })).KeyMetadata;
    const applicable = isApplicable(metadata?.KeyManager, metadata?.Origin, metadata?.KeySpec);
    const state = metadata?.KeyState ?? "Enabled";
    let enabled = false;
    if (applicable) enabled = (await kms.getKeyRotationStatus({ KeyId: keyId })).KeyRotationEnabled === true;
    let age: number | undefined;
    if (metadata?.CurrentKeyMaterialId !== undefined) {
      const starts = await materialStartsOf(kms, keyId, metadata.CreationDate?.getTime() ?? at);
      age = at - (starts[lastAtOrBefore(starts, at)] ?? at);
    }
    results.push({
      KeyId: keyId,
      Compliance: NAMES[verdict(applicable, state, enabled, age, maxMs)] as ComplianceType,
      ...(age === undefined ? {} : { CurrentKeyMaterialAgeDays: Math.floor(age / DAY) }),
    });
  }
  return results;
}

/**
 * Each key's rotation compliance, as AWS Config's `cmk-backing-key-rotation-enabled` (Security Hub
 * KMS.4) judges it, with the age of its current backing key.
 * @param kms the KMS to judge
 * @param options `at` (default: the KMS's present; an instant before it needs the audit trail),
 *   `maxMaterialAgeDays` (also NON_COMPLIANT when the current backing key is older)
 * @returns one entry per key that exists at `at`, in key creation order
 * @throws {RangeError} when `at` is after the KMS's present, or `maxMaterialAgeDays` is negative
 * @throws {TypeError} for an instant before the present on a KMS without an audit trail
 * @example A key without rotation is NON_COMPLIANT
 * ```ts
 * import { createKms } from "kms-sim";
 * import { evaluateRotationCompliance } from "kms-sim/sim";
 * const kms = createKms();
 * await kms.createKey();
 * (await evaluateRotationCompliance(kms)).map((k) => k.Compliance); //=> ["NON_COMPLIANT"]
 * ```
 * @see https://docs.aws.amazon.com/config/latest/developerguide/cmk-backing-key-rotation-enabled.html
 */
export async function evaluateRotationCompliance(kms: Kms, options: RotationComplianceOptions = {}): Promise<KeyRotationCompliance[]> {
  const maxMs = requireMaxAge(options.maxMaterialAgeDays);
  const now = kms.now().getTime();
  const at = options.at?.getTime() ?? now;
  if (Number.isNaN(at)) throw new RangeError("at must be a valid Date");
  if (at > now) throw new RangeError(`at (${new Date(at).toISOString()}) is after the KMS's present (${new Date(now).toISOString()}): the future is not known yet`);
  if (at === now) return evaluateNow(kms, at, maxMs);
  const trail = requireTrail(kms);
  const results: KeyRotationCompliance[] = [];
  for (const model of await modelsOf(kms, trail)) {
    const judged = judge(model, at, maxMs);
    if (judged === undefined) continue;
    results.push({
      KeyId: model.keyId,
      Compliance: NAMES[judged.verdict] as ComplianceType,
      ...(judged.age === undefined ? {} : { CurrentKeyMaterialAgeDays: Math.floor(judged.age / DAY) }),
    });
  }
  return results;
}

