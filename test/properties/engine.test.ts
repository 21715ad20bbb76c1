/**
 * Property: for random sequences of rotation settings, key state changes, on-demand rotations,
 * deletion scheduling and clock jumps, kms-sim (heap-driven engine, exact instants) and the
 * day-by-day reference model produce the same rotations and deletions at the same instants, the
 * same errors, and the same final states.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { KmsError, type Kms, type KmsEvent } from "../../src/index.js";
import { NaiveKms, type RefEvent, type RefOutcome } from "../reference/naive-schedule.js";
import { createTestKms, DAY, T0 } from "../support/create-test-kms.js";

const KEYS = 2;
const ON_DEMAND_LIMIT = 3;

type Op =
  | { kind: "advance"; days: number }
  | { kind: "enableKeyRotation"; key: number; period: number }
  | { kind: "disableKeyRotation"; key: number }
  | { kind: "enableKey"; key: number }
  | { kind: "disableKey"; key: number }
  | { kind: "rotateKeyOnDemand"; key: number }
  | { kind: "scheduleKeyDeletion"; key: number; window: number }
  | { kind: "cancelKeyDeletion"; key: number };

const key = fc.integer({ min: 0, max: KEYS - 1 });
// Jumps that land exactly on period boundaries as often as between them: the rules differ at the edge.
const advanceDays = fc.oneof(
  fc.constantFrom(1, 10, 89, 90, 91, 179, 180, 181, 270, 364, 365, 366, 400, 730),
  fc.integer({ min: 1, max: 120 }),
  fc.integer({ min: 300, max: 1500 }),
);
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("advance" as const), days: advanceDays }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("enableKeyRotation" as const), key, period: fc.constantFrom(90, 91, 180, 365, 400, 2560) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("disableKeyRotation" as const), key }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("enableKey" as const), key }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("disableKey" as const), key }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("rotateKeyOnDemand" as const), key }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("scheduleKeyDeletion" as const), key, window: fc.integer({ min: 7, max: 30 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("cancelKeyDeletion" as const), key }) },
);

async function outcome(call: Promise<unknown>): Promise<RefOutcome> {
  try {
    await call;
    return null;
  } catch (error) {
    if (error instanceof KmsError) return error.name;
    throw error;
  }
}

function toRefEvents(events: KmsEvent[], ids: string[]): RefEvent[] {
  return events.map((event) => ({
    key: ids.indexOf(event.detail["key-id"]),
    day: (Date.parse(event.time) - T0.getTime()) / DAY,
    type: event["detail-type"] === "KMS CMK Deletion" ? "DELETION" : (event.detail as { "rotation-type": "AUTOMATIC" | "ON_DEMAND" })["rotation-type"],
  }));
}

async function apply(kms: Kms, ref: NaiveKms, ids: string[], step: Op): Promise<[RefOutcome, RefOutcome]> {
  const id = "key" in step ? (ids[step.key] as string) : "";
  switch (step.kind) {
    case "advance":
      ref.advance(step.days);
      return [null, null];
    case "enableKeyRotation":
      return [await outcome(kms.enableKeyRotation({ KeyId: id, RotationPeriodInDays: step.period })), ref.enableKeyRotation(step.key, step.period)];
    case "disableKeyRotation":
      return [await outcome(kms.disableKeyRotation({ KeyId: id })), ref.disableKeyRotation(step.key)];
    case "enableKey":
      return [await outcome(kms.enableKey({ KeyId: id })), ref.enableKey(step.key)];
    case "disableKey":
      return [await outcome(kms.disableKey({ KeyId: id })), ref.disableKey(step.key)];
    case "rotateKeyOnDemand":
      return [await outcome(kms.rotateKeyOnDemand({ KeyId: id })), ref.rotateKeyOnDemand(step.key)];
    case "scheduleKeyDeletion":
      return [await outcome(kms.scheduleKeyDeletion({ KeyId: id, PendingWindowInDays: step.window })), ref.scheduleKeyDeletion(step.key, step.window)];
    case "cancelKeyDeletion":
      return [await outcome(kms.cancelKeyDeletion({ KeyId: id })), ref.cancelKeyDeletion(step.key)];
  }
}

describe("rotation engine versus the day-by-day reference model", () => {
  it("agree on every rotation, deletion, error and final state", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 40 }), async (ops) => {
        const { kms, clock, events } = createTestKms({ onDemandRotationLimit: ON_DEMAND_LIMIT });
        const ref = new NaiveKms(ON_DEMAND_LIMIT);
        const ids: string[] = [];
        for (let i = 0; i < KEYS; i++) {
          ids.push((await kms.createKey()).KeyMetadata?.KeyId ?? "");
          ref.createKey();
        }
        for (const step of ops) {
          if (step.kind === "advance") clock.advance(step.days * DAY);
          const [actual, expected] = await apply(kms, ref, ids, step);
          expect(actual, JSON.stringify(step)).toBe(expected);
        }
        await kms.tick();
        ref.settle();
        expect(toRefEvents(events, ids)).toEqual(ref.events);
        for (let i = 0; i < KEYS; i++) {
          const model = ref.keys[i];
          const id = ids[i] as string;
          if (model?.state === "Deleted") {
            await expect(kms.describeKey({ KeyId: id })).rejects.toThrow(/does not exist/);
            continue;
          }
          expect((await kms.describeKey({ KeyId: id })).KeyMetadata?.KeyState).toBe(model?.state);
          const all = await kms.listKeyRotations({ KeyId: id, IncludeKeyMaterial: "ALL_KEY_MATERIAL", Limit: 1000 });
          expect(all.Rotations).toHaveLength(model?.materials ?? -1);
          const status = await kms.getKeyRotationStatus({ KeyId: id });
          const reportsOn = model?.rotationOn === true && model.state !== "PendingDeletion";
          expect(status.KeyRotationEnabled).toBe(reportsOn);
          if (reportsOn && model) {
            expect(status.RotationPeriodInDays).toBe(model.period);
            expect(status.NextRotationDate).toEqual(new Date(T0.getTime() + model.next * DAY));
          }
        }
      }),
      { numRuns: 1000, seed: 20261125 },
    );
  });
});
