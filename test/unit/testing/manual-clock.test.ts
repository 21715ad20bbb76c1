import { describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/testing/index.js";

describe("ManualClock", () => {
  it("starts at the given instant and returns fresh Dates", () => {
    const clock = new ManualClock(new Date("2026-01-01T00:00:00Z"));
    const a = clock.now();
    a.setTime(0);
    expect(clock.now().toISOString()).toBe("2026-01-01T00:00:00.000Z");
  });

  it("advances by milliseconds or a date-fns Duration", () => {
    const clock = new ManualClock(new Date("2026-01-31T12:00:00Z"));
    clock.advance(1500);
    expect(clock.now().toISOString()).toBe("2026-01-31T12:00:01.500Z");
    clock.advance({ months: 1 });
    expect(clock.now().toISOString()).toBe("2026-02-28T12:00:01.500Z");
    clock.advance({ years: 2, weeks: 1, days: 1, hours: 1, minutes: 1, seconds: 1 });
    expect(clock.now().toISOString()).toBe("2028-03-07T13:01:02.500Z");
  });

  it("makes a day 24 hours across daylight-saving changes, whatever the host zone", () => {
    const clock = new ManualClock(new Date("2026-03-07T12:00:00Z"));
    clock.advance({ days: 1 });
    expect(clock.now().toISOString()).toBe("2026-03-08T12:00:00.000Z");
    clock.set(new Date("2026-03-08T02:30:00Z"));
    clock.advance({ years: 1 });
    expect(clock.now().toISOString()).toBe("2027-03-08T02:30:00.000Z");
  });

  it("sets any instant and refuses invalid ones", () => {
    const clock = new ManualClock(new Date("2026-01-01T00:00:00Z"));
    clock.set(new Date("2030-05-05T05:05:05Z"));
    expect(clock.now().toISOString()).toBe("2030-05-05T05:05:05.000Z");
    expect(() => clock.set(new Date("nope"))).toThrow(RangeError);
    expect(() => new ManualClock(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => clock.advance(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});
