import { describe, expect, it } from "vitest";
import { KeyHistory, VersionKind } from "../../../src/model/key-history.js";
import { ROTATION_OFF, type KmsKey, type RotationConfig } from "../../../src/model/key.js";
import {
  DAY_MS,
  addDays,
  awsManagedRotation,
  enableRotation,
  nextRotationAt,
  resumeAfterEnable,
} from "../../../src/rotation/index.js";
import { keyRecord } from "../../support/key-record.js";

const T0 = Date.UTC(2026, 0, 1);

function key(materialAt: number, rotation = ROTATION_OFF): KmsKey {
  return keyRecord(0, { state: "Disabled", rotation }, { createdAt: T0, versionsAt: [materialAt] });
}

/** A key with versions made at `at`, of the given kinds. */
function rotatedKey(at: number[], kinds: VersionKind[], rotation: RotationConfig): KmsKey {
  const history = new KeyHistory({});
  at.forEach((instant, index) => history.append(instant, kinds[index] as VersionKind));
  return keyRecord(0, { rotation, history });
}

describe("addDays", () => {
  it("adds elapsed days of exactly 86,400,000 ms", () => {
    expect(addDays(T0, 365)).toBe(T0 + 365 * 86_400_000);
    expect(DAY_MS).toBe(86_400_000);
  });
});

describe("enableRotation", () => {
  it("Precondition off: the first rotation is one period after enabling", () => {
    expect(enableRotation(key(T0), 365, T0)).toEqual({ enabled: true, periodDays: 365, nextRotationAt: addDays(T0, 365), sinceVersion: 1 });
  });

  it("a period change counts the new period from the last automatic rotation or the enable instant", () => {
    const on = key(T0, enableRotation(key(T0), 365, T0));
    expect(enableRotation(on, 180, addDays(T0, 100))).toEqual({ enabled: true, periodDays: 180, nextRotationAt: addDays(T0, 180), sinceVersion: 1 });
    expect(enableRotation(on, 730, addDays(T0, 100)).nextRotationAt).toBe(addDays(T0, 730));
    // After an automatic rotation on day 365, the anchor is that rotation.
    const rotated = rotatedKey([T0, addDays(T0, 365)], [VersionKind.ORIGINAL, VersionKind.AUTOMATIC], on.rotation);
    expect(enableRotation(rotated, 90, addDays(T0, 400)).nextRotationAt).toBe(addDays(T0, 455));
  });

  it("a period change whose date already passed rotates now", () => {
    const on = key(T0, enableRotation(key(T0), 365, T0));
    expect(enableRotation(on, 90, addDays(T0, 200)).nextRotationAt).toBe(addDays(T0, 200));
  });
});

describe("resumeAfterEnable", () => {
  it("rotates at the enable instant when the material is at least one period old", () => {
    const rotation = enableRotation(key(T0), 365, T0);
    expect(resumeAfterEnable(key(T0, rotation), addDays(T0, 365)).nextRotationAt).toBe(addDays(T0, 365));
    expect(resumeAfterEnable(key(T0, rotation), addDays(T0, 400)).nextRotationAt).toBe(addDays(T0, 400));
  });

  it("rotates at exactly one period of age even when the schedule was anchored later", () => {
    // Material from day 0, rotation enabled on day 10 (next: day 375), key re-enabled on day 365.
    const rotation = enableRotation(key(T0), 365, addDays(T0, 10));
    expect(resumeAfterEnable(key(T0, rotation), addDays(T0, 365)).nextRotationAt).toBe(addDays(T0, 365));
    expect(resumeAfterEnable(key(T0, rotation), addDays(T0, 364)).nextRotationAt).toBe(addDays(T0, 375));
  });

  it("resumes the schedule when the material is younger than a period", () => {
    const rotation = enableRotation(key(T0), 365, addDays(T0, 10));
    expect(resumeAfterEnable(key(addDays(T0, 5), rotation), addDays(T0, 100)).nextRotationAt).toBe(addDays(T0, 375));
  });

  it("moves a date missed while disabled forward by whole periods when the material is young", () => {
    // Rotation on at day 0 (next: day 365); an on-demand rotation at day 300 renewed the material.
    const rotation = enableRotation(key(T0), 365, T0);
    expect(resumeAfterEnable(key(addDays(T0, 300), rotation), addDays(T0, 400)).nextRotationAt).toBe(addDays(T0, 730));
  });

  it("leaves a key without automatic rotation alone", () => {
    expect(resumeAfterEnable(key(T0), addDays(T0, 4000))).toBe(ROTATION_OFF);
  });
});

describe("nextRotationAt and awsManagedRotation", () => {
  it("schedules one period after the last automatic rotation since the setting", () => {
    const rotation = enableRotation(key(T0), 90, T0);
    expect(nextRotationAt(key(T0, rotation))).toBe(addDays(T0, 90));
    expect(nextRotationAt(rotatedKey([T0, addDays(T0, 95)], [VersionKind.ORIGINAL, VersionKind.AUTOMATIC], rotation))).toBe(addDays(T0, 185));
  });

  it("is not moved by on-demand rotations, before or after the last automatic one", () => {
    const rotation = enableRotation(key(T0), 90, T0);
    const kinds = [VersionKind.ORIGINAL, VersionKind.ON_DEMAND, VersionKind.AUTOMATIC, VersionKind.ON_DEMAND];
    expect(nextRotationAt(rotatedKey([T0, addDays(T0, 10), addDays(T0, 90), addDays(T0, 100)], kinds, rotation))).toBe(addDays(T0, 180));
    expect(nextRotationAt(rotatedKey([T0, addDays(T0, 10)], kinds.slice(0, 2), rotation))).toBe(addDays(T0, 90));
  });

  it("ignores automatic rotations from before the setting was made, and is null while rotation is off", () => {
    const kinds = [VersionKind.ORIGINAL, VersionKind.AUTOMATIC];
    const older = rotatedKey([T0, addDays(T0, 365)], kinds, ROTATION_OFF);
    const rotation = enableRotation(older, 180, addDays(T0, 400));
    expect(rotation.sinceVersion).toBe(2);
    expect(nextRotationAt({ ...older, rotation })).toBe(addDays(T0, 580));
    expect(nextRotationAt(older)).toBeNull();
  });

  it("rotates AWS managed keys every period counted from creation", () => {
    expect(awsManagedRotation(T0, 1095)).toEqual({ enabled: true, periodDays: 1095, nextRotationAt: addDays(T0, 1095), sinceVersion: 1 });
  });
});
