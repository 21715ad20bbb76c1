/**
 * Same seed and same clock twice: identical key ids, material ids, ciphertexts, events and state.
 */
import { describe, expect, it } from "vitest";
import { createTestKms } from "../support/create-test-kms.js";

async function story(seed: number) {
  const { kms, clock, events } = createTestKms({ seed });
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) ids.push((await kms.createKey({ Description: `k${i}` })).KeyMetadata?.KeyId ?? "");
  await kms.enableKeyRotation({ KeyId: ids[0] as string });
  await kms.enableKeyRotation({ KeyId: ids[1] as string, RotationPeriodInDays: 90 });
  const blob = (await kms.encrypt({ KeyId: ids[2] as string, Plaintext: new Uint8Array([1, 2, 3]) })).CiphertextBlob;
  const dataKey = await kms.generateDataKey({ KeyId: ids[0] as string, KeySpec: "AES_256" });
  clock.advance({ years: 3 });
  await kms.rotateKeyOnDemand({ KeyId: ids[2] as string });
  await kms.tick();
  return { ids, blob, dataKey, events, snapshot: kms.snapshot() };
}

describe("determinism", () => {
  it("two runs with the same seed and clock are byte-identical", async () => {
    const a = await story(2026);
    const b = await story(2026);
    expect(b.ids).toEqual(a.ids);
    expect(b.blob).toEqual(a.blob);
    expect(b.dataKey).toEqual(a.dataKey);
    expect(b.events).toEqual(a.events);
    expect(JSON.stringify(b.snapshot)).toBe(JSON.stringify(a.snapshot));
    expect(a.snapshot.random).toEqual({ seed: "2026", position: expect.any(Number) });
    expect(a.events).toHaveLength(3 + 12 + 1);
  });

  it("another seed gives other ids and bytes", async () => {
    const a = await story(1);
    const b = await story(2);
    expect(b.ids).not.toEqual(a.ids);
    expect(b.blob).not.toEqual(a.blob);
  });
});

describe("listening changes nothing", () => {
  it("the same seed gives the same ids and bytes with or without an event sink", async () => {
    const { createKms } = await import("../../src/index.js");
    const { ManualClock, seededRandom } = await import("../../src/testing/index.js");
    const run = async (listen: boolean) => {
      const clock = new ManualClock(new Date("2026-01-01T00:00:00Z"));
      const events: unknown[] = [];
      const kms = createKms({ clock, random: seededRandom("listen"), ...(listen ? { events: (e) => events.push(e) } : {}) });
      const a = (await kms.createKey()).KeyMetadata?.KeyId as string;
      await kms.enableKeyRotation({ KeyId: a, RotationPeriodInDays: 90 });
      clock.advance({ days: 400 });
      const b = (await kms.createKey()).KeyMetadata?.KeyId;
      return { b, snapshot: JSON.stringify(kms.snapshot()), events: events.length };
    };
    const quiet = await run(false);
    const listening = await run(true);
    expect(listening.events).toBe(4);
    expect(listening.b).toBe(quiet.b);
    expect(listening.snapshot).toBe(quiet.snapshot);
  });
});
