import { describe, expect, it } from "vitest";
import { KeyHistory } from "../../../src/model/key-history.js";
import { ROTATION_OFF, type KmsKey } from "../../../src/model/key.js";
import { addDays, dueBetween, enableRotation, endTransition, nextDue } from "../../../src/rotation/index.js";
import { keyRecord } from "../../support/key-record.js";

const T0 = Date.UTC(2026, 0, 1);

const key = (seq: number, overrides: Partial<KmsKey> = {}): KmsKey => keyRecord(seq, overrides);

describe("dueBetween", () => {
  it("a 10-year jump with the default period gives exactly 10 rotations at their exact instants", () => {
    const k = key(0, { rotation: enableRotation(key(99), 365, T0) });
    const due = dueBetween([k], T0, addDays(T0, 3652));
    expect(due.map((d) => d.at)).toEqual(Array.from({ length: 10 }, (_, i) => addDays(T0, 365 * (i + 1))));
    expect(due.every((d) => d.kind === "AutomaticRotation" && d.keyId === "key-0")).toBe(true);
  });

  it("includes the end instant and excludes the start instant", () => {
    const k = key(0, { rotation: enableRotation(key(99), 90, T0) });
    expect(dueBetween([k], T0, addDays(T0, 90)).map((d) => d.at)).toEqual([addDays(T0, 90)]);
    expect(dueBetween([k], addDays(T0, 90), addDays(T0, 179))).toEqual([]);
  });

  it("never rotates a Disabled or PendingDeletion key", () => {
    const rotation = enableRotation(key(99), 90, T0);
    expect(dueBetween([key(0, { state: "Disabled", rotation })], T0, addDays(T0, 1000))).toEqual([]);
    const doomed = key(1, { state: "PendingDeletion", deletionAt: addDays(T0, 30), rotation });
    expect(dueBetween([doomed], T0, addDays(T0, 1000))).toEqual([
      { kind: "KeyDeletion", keyId: "key-1", at: addDays(T0, 30), seq: 1 },
    ]);
  });

  it("orders events across keys by instant, then kind, then creation order", () => {
    const a = key(0, { rotation: enableRotation(key(99), 100, T0) });
    const b = key(1, { rotation: enableRotation(key(99), 90, T0) });
    const c = key(2, { rotation: enableRotation(key(99), 100, T0) });
    const d = key(3, { state: "PendingDeletion", deletionAt: addDays(T0, 100) });
    const e = key(4, { onDemand: { count: 1, startedAt: T0, completesAt: addDays(T0, 100) } });
    const due = dueBetween([d, c, b, a, e], T0, addDays(T0, 180));
    expect(due.map((x) => [x.keyId, x.kind, (x.at - T0) / 86_400_000])).toEqual([
      ["key-1", "AutomaticRotation", 90],
      ["key-4", "OnDemandRotationCompletion", 100],
      ["key-0", "AutomaticRotation", 100],
      ["key-2", "AutomaticRotation", 100],
      ["key-3", "KeyDeletion", 100],
      ["key-1", "AutomaticRotation", 180],
    ]);
  });

  it("does not mutate the keys it is given", () => {
    const k = key(0, { rotation: enableRotation(key(99), 90, T0) });
    const before = JSON.stringify(k);
    dueBetween([k], T0, addDays(T0, 1000));
    expect(JSON.stringify(k)).toBe(before);
    expect(k.history.length).toBe(1);
    expect(k.history.entriesFrom(0)).toEqual([T0, 0]);
  });
});

describe("nextDue", () => {
  it("is undefined for a key with nothing scheduled", () => {
    expect(nextDue(key(0))).toBeUndefined();
  });

  it("ignores automatic rotation of a key without material", () => {
    expect(nextDue(key(0, { history: new KeyHistory({}), rotation: enableRotation(key(99), 90, T0) }))).toBeUndefined();
  });
});

describe("endTransition", () => {
  it("gives a key still Creating or Updating the state saved for it, without the transition", () => {
    const transition = { until: T0 + 5000, then: "PendingImport" as const };
    expect(endTransition(key(0, { state: "Creating", transition }))).toEqual(key(0, { state: "PendingImport" }));
    expect(endTransition(key(1, { state: "Updating", transition: { ...transition, then: "Enabled" } }))).toEqual(key(1));
  });

  it("leaves a key whose state changed meanwhile in its new state", () => {
    const transition = { until: T0 + 5000, then: "Enabled" as const };
    const doomed = key(0, { state: "PendingDeletion", deletionAt: addDays(T0, 7), pendingWindowDays: 7, transition });
    expect(endTransition(doomed)).toEqual(key(0, { state: "PendingDeletion", deletionAt: addDays(T0, 7), pendingWindowDays: 7 }));
    expect(endTransition(key(1, { state: "PendingImport", transition }))).toEqual(key(1, { state: "PendingImport" }));
  });
});
