import { describe, expect, it } from "vitest";
import { ROTATION_OFF, type KmsKey } from "../../../src/model/key.js";
import {
  DAY_MS,
  addDays,
  afterAutomaticRotation,
  awsManagedRotation,
  enableRotation,
  resumeAfterEnable,
} from "../../../src/rotation/index.js";
import { keyRecord } from "../../support/key-record.js";

const T0 = Date.UTC(2026, 0, 1);

function key(materialAt: number, rotation = ROTATION_OFF): KmsKey {
  return keyRecord(0, { state: "Disabled", rotation }, { createdAt: T0, versionsAt: [materialAt] });
}

describe("addDays", () => {
  it("adds elapsed days of exactly 86,400,000 ms", () => {
    expect(addDays(T0, 365)).toBe(T0 + 365 * 86_400_000);
    expect(DAY_MS).toBe(86_400_000);
  });
});

describe("enableRotation", () => {
  it("Precondition off: the first rotation is one period after enabling", () => {
    expect(enableRotation(ROTATION_OFF, 365, T0)).toEqual({ enabled: true, periodDays: 365, nextRotationAt: addDays(T0, 365) });
  });

  it("a period change counts the new period from the last automatic rotation or the enable instant", () => {
    const on = enableRotation(ROTATION_OFF, 365, T0);
    expect(enableRotation(on, 180, addDays(T0, 100))).toEqual({ enabled: true, periodDays: 180, nextRotationAt: addDays(T0, 180) });
    expect(enableRotation(on, 730, addDays(T0, 100)).nextRotationAt).toBe(addDays(T0, 730));
  });

  it("a period change whose date already passed rotates now", () => {
    const on = enableRotation(ROTATION_OFF, 365, T0);
    expect(enableRotation(on, 90, addDays(T0, 200)).nextRotationAt).toBe(addDays(T0, 200));
  });
});

describe("resumeAfterEnable", () => {
  it("rotates at the enable instant when the material is at least one period old", () => {
    const rotation = enableRotation(ROTATION_OFF, 365, T0);
    expect(resumeAfterEnable(key(T0, rotation), addDays(T0, 365)).nextRotationAt).toBe(addDays(T0, 365));
    expect(resumeAfterEnable(key(T0, rotation), addDays(T0, 400)).nextRotationAt).toBe(addDays(T0, 400));
  });

  it("rotates at exactly one period of age even when the schedule was anchored later", () => {
    // Material from day 0, rotation enabled on day 10 (next: day 375), key re-enabled on day 365.
    const rotation = enableRotation(ROTATION_OFF, 365, addDays(T0, 10));
    expect(resumeAfterEnable(key(T0, rotation), addDays(T0, 365)).nextRotationAt).toBe(addDays(T0, 365));
    expect(resumeAfterEnable(key(T0, rotation), addDays(T0, 364)).nextRotationAt).toBe(addDays(T0, 375));
  });

  it("resumes the schedule when the material is younger than a period", () => {
    const rotation = enableRotation(ROTATION_OFF, 365, addDays(T0, 10));
    expect(resumeAfterEnable(key(addDays(T0, 5), rotation), addDays(T0, 100)).nextRotationAt).toBe(addDays(T0, 375));
  });

  it("moves a date missed while disabled forward by whole periods when the material is young", () => {
    // Rotation on at day 0 (next: day 365); an on-demand rotation at day 300 renewed the material.
    const rotation = enableRotation(ROTATION_OFF, 365, T0);
    expect(resumeAfterEnable(key(addDays(T0, 300), rotation), addDays(T0, 400)).nextRotationAt).toBe(addDays(T0, 730));
  });

  it("leaves a key without automatic rotation alone", () => {
    expect(resumeAfterEnable(key(T0), addDays(T0, 4000))).toBe(ROTATION_OFF);
  });
});

describe("afterAutomaticRotation and awsManagedRotation", () => {
  it("schedules one period after the rotation", () => {
    const rotation = enableRotation(ROTATION_OFF, 90, T0);
    expect(afterAutomaticRotation(rotation, addDays(T0, 95)).nextRotationAt).toBe(addDays(T0, 185));
  });

  it("rotates AWS managed keys every period counted from creation", () => {
    expect(awsManagedRotation(T0, 1095)).toEqual({ enabled: true, periodDays: 1095, nextRotationAt: addDays(T0, 1095) });
  });
});
