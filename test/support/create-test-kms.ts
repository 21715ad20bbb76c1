/**
 * Test builder: a KMS at a fixed instant with a seeded random source, a manual clock and a
 * recording event sink. Every test starts from here, never from the host clock.
 */
import { createKms, type Kms, type KmsEvent, type KmsOptions } from "../../src/index.js";
import { ManualClock, seededRandom } from "../../src/testing/index.js";

/** The instant most tests start at. */
export const T0 = new Date("2026-01-01T00:00:00.000Z");

export interface TestKms {
  readonly kms: Kms;
  readonly clock: ManualClock;
  readonly events: KmsEvent[];
}

export function createTestKms(
  options: { at?: Date; seed?: number | string } & Omit<KmsOptions, "clock" | "random" | "events"> = {},
): TestKms {
  const { at = T0, seed = 1, ...rest } = options;
  const clock = new ManualClock(at);
  const events: KmsEvent[] = [];
  const kms = createKms({ clock, random: seededRandom(seed), events: (event) => events.push(event), ...rest });
  return { kms, clock, events };
}

/** Creates a symmetric key and returns its id. */
export async function newKeyId(kms: Kms, request: Parameters<Kms["createKey"]>[0] = {}): Promise<string> {
  const { KeyMetadata } = await kms.createKey(request);
  if (!KeyMetadata) throw new Error("createKey returned no metadata");
  return KeyMetadata.KeyId;
}

/** Asserts `promise` rejects with an error of class `type` and exactly `message` (if given). */
export async function expectError(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => Error,
  message?: string | RegExp,
): Promise<Error> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  if (!(caught instanceof type)) {
    throw new Error(`expected ${type.name}, got ${caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught)}`);
  }
  if (typeof message === "string" && caught.message !== message) {
    throw new Error(`expected message ${JSON.stringify(message)}, got ${JSON.stringify(caught.message)}`);
  }
  if (message instanceof RegExp && !message.test(caught.message)) {
    throw new Error(`expected message matching ${message}, got ${JSON.stringify(caught.message)}`);
  }
  return caught;
}

export const DAY = 86_400_000;
export const at = (iso: string): Date => new Date(iso);
