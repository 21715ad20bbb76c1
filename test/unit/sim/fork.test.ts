/**
 * fork: an independent copy that shares its parent's history (copy on write); diff: how two KMSs
 * differ, key by key. Keys, aliases, usage, imported material, the random stream and the audit
 * trail each stay apart once forked.
 */
import { describe, expect, it } from "vitest";
import type { Kms } from "../../../src/index.js";
import { diff, fork, keyUsage, lookupEvents } from "../../../src/sim/index.js";
import { ManualClock, wrapKeyMaterial } from "../../../src/testing/index.js";
import { at, createTestKms, newKeyId } from "../../support/create-test-kms.js";
import { trailEventId } from "../../support/request-ids.js";

const bytes = new Uint8Array([7, 7, 7]);

async function rotationsOf(kms: Kms, keyId: string): Promise<number> {
  return (await kms.listKeyRotations({ KeyId: keyId })).Rotations?.length ?? 0;
}

describe("fork", () => {
  it("starts as its parent: keys, aliases, rotation schedules, usage; old ciphertexts decrypt in both", async () => {
    const { kms, clock } = createTestKms();
    const keyId = await newKeyId(kms, { Description: "orders" });
    await kms.createAlias({ AliasName: "alias/orders", TargetKeyId: keyId });
    await kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 90 });
    const { CiphertextBlob } = await kms.encrypt({ KeyId: "alias/orders", Plaintext: bytes });
    clock.advance({ days: 100 });
    const child = fork(kms, { clock: new ManualClock(clock.now()) });
    expect(await child.describeKey({ KeyId: "alias/orders" })).toEqual(await kms.describeKey({ KeyId: "alias/orders" }));
    expect(await child.getKeyLastUsage({ KeyId: keyId })).toEqual(await kms.getKeyLastUsage({ KeyId: keyId }));
    expect(await child.listKeyRotations({ KeyId: keyId })).toEqual(await kms.listKeyRotations({ KeyId: keyId }));
    expect((await child.decrypt({ CiphertextBlob })).Plaintext).toEqual(bytes);
    expect((await kms.decrypt({ CiphertextBlob })).Plaintext).toEqual(bytes);
    expect(child.snapshot().keys).toEqual(kms.snapshot().keys);
  });

  it("and its parent never affect each other: rotations, deletions, aliases, usage", async () => {
    const { kms, clock } = createTestKms();
    const keyId = await newKeyId(kms);
    const doomed = await newKeyId(kms);
    await kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 90 });
    await kms.createAlias({ AliasName: "alias/a", TargetKeyId: keyId });
    const childClock = new ManualClock(clock.now());
    const child = fork(kms, { clock: childClock });
    const parentBefore = JSON.stringify(kms.snapshot());

    // The child changes everything it can.
    await child.disableKeyRotation({ KeyId: keyId });
    await child.rotateKeyOnDemand({ KeyId: keyId });
    await child.updateAlias({ AliasName: "alias/a", TargetKeyId: doomed });
    await child.encrypt({ KeyId: keyId, Plaintext: bytes });
    await child.scheduleKeyDeletion({ KeyId: doomed, PendingWindowInDays: 7 });
    childClock.advance({ days: 400 });
    await child.tick();
    expect(JSON.stringify(kms.snapshot())).toBe(parentBefore);

    // The parent goes its own way; the child does not see it.
    const childBefore = JSON.stringify(child.snapshot());
    clock.advance({ days: 400 });
    await kms.tick();
    await kms.encrypt({ KeyId: keyId, Plaintext: bytes });
    await kms.deleteAlias({ AliasName: "alias/a" });
    expect(JSON.stringify(child.snapshot())).toBe(childBefore);
    expect([await rotationsOf(kms, keyId), await rotationsOf(child, keyId)]).toEqual([4, 1]);
    expect((await keyUsage(kms, keyId)).KeyMaterials.map((m) => m.Encryptions)).toEqual([0, 0, 0, 0, 1]);
    expect((await keyUsage(child, keyId)).KeyMaterials.map((m) => m.Encryptions)).toEqual([0, 1]);
    await expect(child.describeKey({ KeyId: doomed })).rejects.toThrow("does not exist");
    expect((await kms.describeKey({ KeyId: doomed })).KeyMetadata?.KeyState).toBe("Enabled");
  });

  it("copies imported material on write: deleting it in the fork leaves the parent's", async () => {
    const { kms, clock } = createTestKms();
    const keyId = await newKeyId(kms, { Origin: "EXTERNAL" });
    const params = await kms.getParametersForImport({ KeyId: keyId, WrappingAlgorithm: "RSAES_OAEP_SHA_256", WrappingKeySpec: "RSA_2048" });
    const wrapped = await wrapKeyMaterial(params.PublicKey as Uint8Array, new Uint8Array(32).fill(9), "RSAES_OAEP_SHA_256");
    await kms.importKeyMaterial({ KeyId: keyId, ImportToken: params.ImportToken, EncryptedKeyMaterial: wrapped, ExpirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE" });
    const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: bytes });
    const child = fork(kms, { clock: new ManualClock(clock.now()) });
    await child.deleteImportedKeyMaterial({ KeyId: keyId });
    expect((await child.describeKey({ KeyId: keyId })).KeyMetadata?.KeyState).toBe("PendingImport");
    expect((await kms.describeKey({ KeyId: keyId })).KeyMetadata?.KeyState).toBe("Enabled");
    expect((await kms.decrypt({ CiphertextBlob })).Plaintext).toEqual(bytes);
  });

  it("continues a seeded random stream from the parent's position without moving it", async () => {
    const { kms, clock } = createTestKms({ seed: "fork" });
    await newKeyId(kms);
    const position = kms.snapshot().random?.position;
    const child = fork(kms, { clock: new ManualClock(clock.now()) });
    const inChild = await newKeyId(child);
    expect(kms.snapshot().random?.position).toBe(position);
    expect(await newKeyId(kms)).toBe(inChild);
    const grandchild = fork(child, { clock: new ManualClock(clock.now()) });
    expect(await newKeyId(grandchild)).toBe(await newKeyId(child));
  });

  it("needs a clock, and a random source when the parent's cannot be copied", () => {
    const { kms } = createTestKms();
    expect(() => fork(kms, {} as never)).toThrow("kms.fork needs { clock }: the fork's own clock");
    const { kms: custom } = createTestKms({});
    const plain = custom.fork({ clock: new ManualClock(at("2026-01-01T00:00:00Z")), random: (n) => new Uint8Array(n) });
    expect(() => fork(plain, { clock: new ManualClock(at("2026-01-01T00:00:00Z")) })).toThrow(
      "kms.fork needs { random }: this KMS's random source cannot be copied (seededRandom's can)",
    );
  });

  it("shares the parent's trail up to the fork; each records its own future under its own lineage", async () => {
    const { kms, clock } = createTestKms({ audit: true });
    const keyId = await newKeyId(kms);
    const child = fork(kms, { clock: new ManualClock(clock.now()) });
    await kms.disableKey({ KeyId: keyId });
    await child.disableKey({ KeyId: keyId });
    const parentEvents = (await lookupEvents(kms)).Events;
    const childEvents = (await lookupEvents(child)).Events;
    expect(parentEvents.map((e) => e.EventName)).toEqual(["CreateKey", "DisableKey"]);
    expect(childEvents.map((e) => e.EventName)).toEqual(["CreateKey", "DisableKey"]);
    expect(childEvents[0]).toEqual(parentEvents[0]);
    expect(parentEvents[1]?.EventId).toBe(trailEventId("DisableKey", clock.now(), 1));
    expect(childEvents[1]?.EventId).toBe(trailEventId("DisableKey", clock.now(), 1, "0.1.1"));
    const quiet = fork(kms, { clock: new ManualClock(clock.now()), audit: false });
    expect(quiet.auditTrail()).toBeUndefined();
  });
});

describe("diff", () => {
  it("lists only the keys that differ, with each difference", async () => {
    const { kms, clock } = createTestKms();
    const same = await newKeyId(kms);
    const changed = await newKeyId(kms, { Description: "orders" });
    const gone = await newKeyId(kms);
    await kms.enableKeyRotation({ KeyId: changed, RotationPeriodInDays: 365 });
    const childClock = new ManualClock(clock.now());
    const child = fork(kms, { clock: childClock });
    await child.enableKeyRotation({ KeyId: changed, RotationPeriodInDays: 180 });
    await child.updateKeyDescription({ KeyId: changed, Description: "orders v2" });
    await child.createAlias({ AliasName: "alias/orders", TargetKeyId: changed });
    await child.tagResource({ KeyId: changed, Tags: [{ TagKey: "tier", TagValue: "gold" }] });
    await child.scheduleKeyDeletion({ KeyId: gone, PendingWindowInDays: 7 });
    const added = await newKeyId(child);
    clock.advance({ days: 200 });
    childClock.advance({ days: 200 });
    const result = await diff(kms, child);
    expect(result.Keys.map((k) => k.KeyId)).toEqual([changed, gone, added]);
    const current = async (k: Kms) => ((await k.describeKey({ KeyId: changed })).KeyMetadata?.CurrentKeyMaterialId ?? "").slice(0, 8);
    expect(result.Keys[0]?.Differences).toEqual([
      'Description: "orders" -> "orders v2"',
      "automatic rotation: on every 365 days -> on every 180 days",
      "NextRotationDate: 2027-01-01T00:00:00Z -> 2026-12-27T00:00:00Z",
      "rotations: 0 -> 1",
      `CurrentKeyMaterialId: ${await current(kms)}… -> ${await current(child)}…`,
      "key materials: 1 shared, 0 only in the first, 1 only in the second",
      "aliases: [] -> [alias/orders]",
      "tags: {} -> {tier=gold}",
    ]);
    expect(result.Keys[1]?.Differences).toEqual(["only in the first KMS"]);
    expect(result.Keys[2]?.Differences).toEqual(["only in the second KMS"]);
    expect(result.Keys.some((k) => k.KeyId === same)).toBe(false);
    expect(await diff(kms, kms)).toEqual({ Keys: [] });
  });
});
