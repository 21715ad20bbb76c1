/**
 * A slow, obviously-correct model of kms-sim's rotation rules, in whole days. It walks the calendar
 * one day at a time and applies the documented rules literally (docs/rotation.md); it shares no
 * code with the engine. The property test drives both with the same operations and compares.
 */

export type RefState = "Enabled" | "Disabled" | "PendingDeletion" | "Deleted";

export interface RefKey {
  state: RefState;
  rotationOn: boolean;
  period: number;
  /** Day of the next automatic rotation (meaningful while rotation is on). */
  next: number;
  /** Day the current backing key became current. */
  materialDay: number;
  materials: number;
  deletionDay: number;
  onDemand: number;
}

export interface RefEvent {
  readonly key: number;
  readonly day: number;
  readonly type: "AUTOMATIC" | "ON_DEMAND" | "DELETION";
}

/** The error class name an operation fails with, or null on success. */
export type RefOutcome = string | null;

export class NaiveKms {
  readonly keys: RefKey[] = [];
  readonly events: RefEvent[] = [];
  day = 0;
  #settledDay = 0;

  constructor(private readonly onDemandLimit: number) {}

  createKey(): void {
    this.settle();
    this.keys.push({
      state: "Enabled", rotationOn: false, period: 0, next: 0, materialDay: this.day, materials: 1,
      deletionDay: 0, onDemand: 0,
    });
  }

  advance(days: number): void {
    this.day += days;
  }

  /** Walks every day from the last settled one to today, applying what happens on each. */
  settle(): void {
    for (let d = this.#settledDay; d <= this.day; d++) this.#processDay(d);
    this.#settledDay = this.day;
  }

  #processDay(d: number): void {
    this.keys.forEach((key, index) => {
      if (key.state === "Enabled" && key.rotationOn && key.next <= d) {
        if (key.next !== d) throw new Error(`reference model missed a rotation of key ${index}`);
        this.#rotate(index, d, "AUTOMATIC");
        key.next = d + key.period;
      }
    });
    this.keys.forEach((key, index) => {
      if (key.state === "PendingDeletion" && key.deletionDay <= d) {
        key.state = "Deleted";
        this.events.push({ key: index, day: key.deletionDay, type: "DELETION" });
      }
    });
  }

  #rotate(index: number, d: number, type: "AUTOMATIC" | "ON_DEMAND"): void {
    const key = this.keys[index] as RefKey;
    key.materials += 1;
    key.materialDay = d;
    this.events.push({ key: index, day: d, type });
  }

  /** Runs one operation the way the service does: catch up, act, catch up again. */
  run(index: number, act: (key: RefKey) => RefOutcome): RefOutcome {
    this.settle();
    const key = this.keys[index] as RefKey;
    if (key.state === "Deleted") return "NotFoundException";
    const outcome = act(key);
    this.settle();
    return outcome;
  }

  enableKeyRotation(index: number, period: number): RefOutcome {
    return this.run(index, (key) => {
      if (key.state === "Disabled") return "DisabledException";
      if (key.state === "PendingDeletion") return "KMSInvalidStateException";
      if (!key.rotationOn) {
        key.rotationOn = true;
        key.next = this.day + period;
      } else {
        const anchor = key.next - key.period;
        key.next = Math.max(anchor + period, this.day);
      }
      key.period = period;
      return null;
    });
  }

  disableKeyRotation(index: number): RefOutcome {
    return this.run(index, (key) => {
      if (key.state === "Disabled") return "DisabledException";
      if (key.state === "PendingDeletion") return "KMSInvalidStateException";
      key.rotationOn = false;
      return null;
    });
  }

  enableKey(index: number): RefOutcome {
    return this.run(index, (key) => {
      if (key.state === "PendingDeletion") return "KMSInvalidStateException";
      if (key.state === "Disabled" && key.rotationOn) {
        if (this.day - key.materialDay >= key.period) {
          key.next = this.day;
        } else {
          while (key.next < this.day) key.next += key.period;
        }
      }
      key.state = "Enabled";
      return null;
    });
  }

  disableKey(index: number): RefOutcome {
    return this.run(index, (key) => {
      if (key.state === "PendingDeletion") return "KMSInvalidStateException";
      key.state = "Disabled";
      return null;
    });
  }

  rotateKeyOnDemand(index: number): RefOutcome {
    return this.run(index, (key) => {
      if (key.state === "Disabled") return "DisabledException";
      if (key.state === "PendingDeletion") return "KMSInvalidStateException";
      if (key.onDemand >= this.onDemandLimit) return "LimitExceededException";
      key.onDemand += 1;
      this.#rotate(index, this.day, "ON_DEMAND");
      return null;
    });
  }

  scheduleKeyDeletion(index: number, window: number): RefOutcome {
    return this.run(index, (key) => {
      if (key.state === "PendingDeletion") return "KMSInvalidStateException";
      key.state = "PendingDeletion";
      key.deletionDay = this.day + window;
      return null;
    });
  }

  cancelKeyDeletion(index: number): RefOutcome {
    return this.run(index, (key) => {
      if (key.state !== "PendingDeletion") return "KMSInvalidStateException";
      key.state = "Disabled";
      return null;
    });
  }
}
