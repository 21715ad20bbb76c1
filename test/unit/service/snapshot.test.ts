import { describe, expect, it } from "vitest";
import { createKms, type KmsSnapshot } from "../../../src/index.js";
import { ManualClock, seededRandom } from "../../../src/testing/index.js";
import { createTestKms, newKeyId, T0 } from "../../support/create-test-kms.js";

async function busyKms() {
  const t = createTestKms({ seed: "snap" });
  const { kms, clock } = t;
  const a = await newKeyId(kms, { Description: "a", Tags: [{ TagKey: "t", TagValue: "1" }] });
  const b = await newKeyId(kms, { Origin: "EXTERNAL" });
  await kms.createAlias({ AliasName: "alias/a", TargetKeyId: a });
  await kms.enableKeyRotation({ KeyId: a, RotationPeriodInDays: 90 });
  await kms.describeKey({ KeyId: "alias/aws/s3" });
  await kms.getParametersForImport({ KeyId: b, WrappingAlgorithm: "RSAES_OAEP_SHA_256", WrappingKeySpec: "RSA_2048" });
  const doomed = await newKeyId(kms);
  await kms.scheduleKeyDeletion({ KeyId: doomed, PendingWindowInDays: 7 });
  clock.advance({ days: 200 });
  await kms.rotateKeyOnDemand({ KeyId: a });
  const blob = (await kms.encrypt({ KeyId: "alias/a", Plaintext: new Uint8Array([1, 2, 3]) })).CiphertextBlob as Uint8Array;
  return { ...t, a, blob };
}

describe("snapshot and restore", () => {
  it("round-trip through JSON is lossless, and the restored KMS goes on exactly like the original", async () => {
    const { kms, clock, a, blob } = await busyKms();
    const snapshot = kms.snapshot();
    const json = JSON.stringify(snapshot);
    const restoredClock = new ManualClock(clock.now());
    const parsed = JSON.parse(json) as KmsSnapshot;
    const restored = createKms({
      state: parsed,
      clock: restoredClock,
      random: seededRandom(parsed.random?.seed ?? "", { position: parsed.random?.position ?? 0 }),
    });
    expect(JSON.stringify(restored.snapshot())).toBe(json);
    // Both decrypt (a decryption is a use of the key: it changes the usage both record).
    expect((await restored.decrypt({ CiphertextBlob: blob })).Plaintext).toEqual(new Uint8Array([1, 2, 3]));
    expect((await kms.decrypt({ CiphertextBlob: blob })).Plaintext).toEqual(new Uint8Array([1, 2, 3]));
    clock.advance({ days: 365 });
    restoredClock.advance({ days: 365 });
    expect(await restored.tick()).toEqual(await kms.tick());
    expect(JSON.stringify(restored.snapshot())).toBe(JSON.stringify(kms.snapshot()));
    expect((await restored.listKeyRotations({ KeyId: a })).Rotations).toHaveLength(7);
  });

  it("says plainly that it holds key material, and carries region and account", async () => {
    const { kms } = await busyKms();
    const snapshot = kms.snapshot();
    expect(snapshot.format).toBe("kms-sim-snapshot");
    expect(snapshot.version).toBe(3);
    // Every generated key's seeds: 32-byte root and 32-byte id seed, from which its versions derive.
    expect(snapshot.keys[0]?.seedsHex).toMatch(/^[0-9a-f]{128}$/);
    expect(snapshot.importParameters).toHaveLength(1);
    const restored = createKms({ state: JSON.parse(JSON.stringify(snapshot)) as KmsSnapshot });
    expect((await restored.listKeys()).Keys?.[0]?.KeyArn).toContain(":us-east-1:111122223333:");
    expect(() => createKms({ state: snapshot, region: "eu-west-1" })).toThrow("the snapshot is of region us-east-1, not eu-west-1");
    expect(() => createKms({ state: snapshot, accountId: "999999999999" })).toThrow(RangeError);
  });

  it("carries principals and grants as optional members of format 2, and restores them working", async () => {
    const { kms } = createTestKms({ seed: "access-snap" });
    expect(Object.keys(kms.snapshot())).not.toContain("principals");
    expect(Object.keys(kms.snapshot())).not.toContain("grants");
    const alice = "arn:aws:iam::111122223333:user/alice";
    const policy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "kms:Encrypt", Resource: "*" }] };
    kms.putPrincipal(alice, { Policies: [policy], AccessKeyId: "AKIAALICE00000000001", SecretAccessKey: "s3cret" });
    const keyId = await newKeyId(kms);
    const { GrantId } = await kms.createGrant({ KeyId: keyId, GranteePrincipal: "arn:aws:iam::111122223333:role/app", Operations: ["Decrypt"], Constraints: { EncryptionContextEquals: { a: "b" } }, Name: "g" });
    const snapshot = kms.snapshot();
    expect(snapshot.principals).toEqual([{ arn: alice, policies: [JSON.stringify(policy)], accessKeyId: "AKIAALICE00000000001", secretAccessKey: "s3cret" }]);
    expect(snapshot.grants).toEqual([
      {
        grantId: GrantId,
        keyId,
        keyArn: `arn:aws:kms:us-east-1:111122223333:key/${keyId}`,
        name: "g",
        granteePrincipal: "arn:aws:iam::111122223333:role/app",
        issuingAccount: "arn:aws:iam::111122223333:root",
        operations: ["Decrypt"],
        constraints: { EncryptionContextEquals: { a: "b" } },
        createdAt: T0.getTime(),
        seq: 0,
      },
    ]);
    expect(snapshot.grantSeq).toBe(1);
    const restored = createKms({
      state: JSON.parse(JSON.stringify(snapshot)) as KmsSnapshot,
      clock: new ManualClock(T0),
      random: seededRandom("access-snap", { position: snapshot.random?.position ?? 0 }),
    });
    expect(JSON.stringify(restored.snapshot())).toBe(JSON.stringify(snapshot));
    await restored.as(alice).encrypt({ KeyId: keyId, Plaintext: new Uint8Array([1]) });
    expect(() => restored.putPrincipal("arn:aws:iam::111122223333:user/bob", { AccessKeyId: "AKIAALICE00000000001" })).toThrow(RangeError);
    // Principals given to createKms are registered on top of the state.
    const reconfigured = createKms({ state: snapshot, principals: { [alice]: {} } });
    expect(reconfigured.snapshot().principals).toEqual([{ arn: alice, policies: [], accessKeyId: null, secretAccessKey: null }]);
  });

  it("a key policy a snapshot holds that does not validate (kms-sim stored them unevaluated before) becomes the default policy", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms);
    const custom = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"kms:*","Resource":"*"}]}';
    const kept = await newKeyId(kms, { Policy: custom });
    const defaultPolicy = (await kms.getKeyPolicy({ KeyId: keyId })).Policy;
    const snapshot = kms.snapshot();
    const legacy = { ...snapshot, keys: snapshot.keys.map((key) => (key.keyId === keyId ? { ...key, policy: '{"Statement":[]}' } : key)) } as KmsSnapshot;
    const restored = createKms({ state: legacy, clock: new ManualClock(T0), random: seededRandom("legacy") });
    expect((await restored.getKeyPolicy({ KeyId: keyId })).Policy).toBe(defaultPolicy);
    expect((await restored.getKeyPolicy({ KeyId: kept })).Policy).toBe(custom);
    await restored.encrypt({ KeyId: keyId, Plaintext: new Uint8Array([1]) });
  });

  it("refuses snapshots of an unknown version or format with a clear error", () => {
    const { kms } = createTestKms();
    const snapshot = kms.snapshot();
    expect(() => createKms({ state: { ...snapshot, version: 4 } })).toThrow(
      "kms-sim snapshot version 4 is not supported: this build reads versions 1 to 3",
    );
    expect(() => createKms({ state: { format: "nope" } as never })).toThrow(TypeError);
  });

  it("an empty KMS snapshots before any operation", () => {
    const { kms } = createTestKms();
    expect(kms.snapshot()).toMatchObject({ settledAt: null, keys: [], aliases: [], random: { seed: "1", position: 0 } });
    expect(T0.getTime()).toBe(1767225600000);
  });
});
