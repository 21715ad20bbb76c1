/**
 * The console's memory of who manages each key: classified once, forgotten once ListKeys no longer
 * has the key (deleted at the end of its waiting period), kept while a walk is only partial.
 */
import { describe, expect, it } from "vitest";
import { customerManagedKeys, KeyManagers } from "../../../src/console/directory.js";
import { createTestKms, newKeyId } from "../../support/create-test-kms.js";

describe("KeyManagers", () => {
  it("forgets a deleted key after a complete walk, and only then", async () => {
    const { kms, clock } = createTestKms();
    const managers = new KeyManagers();
    const ids = [await newKeyId(kms), await newKeyId(kms), await newKeyId(kms)];
    await kms.createAwsManagedKey({ Service: "s3" });
    const all = { filter: "", page: 1, size: 25 };
    expect((await customerManagedKeys(kms, managers, all)).rows.map((row) => row.metadata.KeyId)).toEqual(ids);
    expect(managers.size).toBe(4);
    await kms.scheduleKeyDeletion({ KeyId: ids[0] as string, PendingWindowInDays: 7 });
    clock.advance({ days: 7 });
    // A page that stops before the end of the listing proves nothing about deleted keys.
    const partial = await customerManagedKeys(kms, managers, { filter: "", page: 1, size: 1 });
    expect(partial.rows.map((row) => row.metadata.KeyId)).toEqual([ids[1]]);
    expect(partial.hasNext).toBe(true);
    expect(managers.size).toBe(4);
    // So does a filtered walk: it classifies only the keys that match.
    await customerManagedKeys(kms, managers, { filter: ids[2] as string, page: 1, size: 25 });
    expect(managers.size).toBe(4);
    expect((await customerManagedKeys(kms, managers, all)).rows.map((row) => row.metadata.KeyId)).toEqual(ids.slice(1));
    expect(managers.size).toBe(3);
    expect(managers.known(ids[0] as string)).toBeUndefined();
    expect(managers.known(ids[1] as string)).toBe("CUSTOMER");
  });
});
