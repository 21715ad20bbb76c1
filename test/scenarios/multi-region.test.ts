/**
 * Regions and multi-Region keys through the public API: one account across Regions, a primary and
 * its replicas sharing key material and rotation, exact dates on a manual clock and AWS's messages
 * (reference: key-types-multi-region.md §5).
 */
import { describe, expect, it } from "vitest";
import {
  AccessDeniedException,
  AlreadyExistsException,
  DisabledException,
  IncorrectKeyException,
  IncorrectKeyMaterialException,
  InvalidArnException,
  KMSInvalidStateException,
  NotFoundException,
  UnsupportedOperationException,
  ValidationException,
  createKms,
  type ImportKeyMaterialRequest,
  type Kms,
  type StateChange,
} from "../../src/index.js";
import { ManualClock, seededRandom } from "../../src/testing/index.js";
import { createTestKms, expectError, newKeyId, T0 } from "../support/create-test-kms.js";
import { importMaterial } from "../support/key-type-service.js";
import { ACCOUNT, arnIn, family, rotationEvents, text } from "../support/multi-region.js";

describe("Regions", () => {
  it("each Region has its own keys, aliases and ARNs; kms.inRegion shares the account", async () => {
    const { kms } = createTestKms();
    const west = kms.inRegion("eu-west-1");
    expect(kms.region).toBe("us-east-1");
    expect(west.region).toBe("eu-west-1");
    expect(kms.inRegion("eu-west-1")).toBe(west);
    expect(west.inRegion("us-east-1")).toBe(kms);
    const eastId = await newKeyId(kms);
    const westId = await newKeyId(west);
    expect((await west.describeKey({ KeyId: westId })).KeyMetadata?.Arn).toBe(arnIn("eu-west-1", westId));
    expect((await west.listKeys()).Keys).toEqual([{ KeyId: westId, KeyArn: arnIn("eu-west-1", westId) }]);
    await expectError(west.describeKey({ KeyId: eastId }), NotFoundException, `Key '${arnIn("eu-west-1", eastId)}' does not exist`);
    await expectError(west.describeKey({ KeyId: arnIn("us-east-1", eastId) }), NotFoundException, "Invalid arn us-east-1");
    // Alias names are unique per Region, not per account.
    await kms.createAlias({ AliasName: "alias/app", TargetKeyId: eastId });
    await west.createAlias({ AliasName: "alias/app", TargetKeyId: westId });
    expect((await west.describeKey({ KeyId: "alias/app" })).KeyMetadata?.KeyId).toBe(westId);
    expect((await kms.describeKey({ KeyId: "alias/app" })).KeyMetadata?.KeyId).toBe(eastId);
  });

  it("accepts the Regions of partition aws only", () => {
    const { kms } = createTestKms();
    expect(() => kms.inRegion("cn-north-1")).toThrow("kms-sim models the Regions of partition aws only; cn-north-1 is in partition aws-cn");
    expect(() => kms.inRegion("us-gov-west-1")).toThrow("kms-sim models the Regions of partition aws only; us-gov-west-1 is in partition aws-us-gov");
    expect(() => kms.inRegion("us-invalid-1")).toThrow('region must be an AWS Region of partition aws (such as us-east-1), got "us-invalid-1"');
    expect(() => createKms({ region: "mars-north-1" })).toThrow(RangeError);
    expect(createKms({ region: "il-central-1" }).region).toBe("il-central-1");
  });

  it("kms.as(caller) composes with kms.inRegion(region), both ways", async () => {
    const { kms } = createTestKms();
    const role = `arn:aws:iam::${ACCOUNT}:role/west-only`;
    kms.putPrincipal(role, {
      Policies: [JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "kms:Encrypt", Resource: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/*` }] })],
    });
    const eastId = await newKeyId(kms);
    const westId = await newKeyId(kms.inRegion("eu-west-1"));
    const plaintext = new Uint8Array([1]);
    expect((await kms.as(role).inRegion("eu-west-1").encrypt({ KeyId: westId, Plaintext: plaintext })).KeyId).toBe(arnIn("eu-west-1", westId));
    expect((await kms.inRegion("eu-west-1").as(role).encrypt({ KeyId: westId, Plaintext: plaintext })).KeyId).toBe(arnIn("eu-west-1", westId));
    await expectError(kms.as(role).encrypt({ KeyId: eastId, Plaintext: plaintext }), AccessDeniedException);
    await expectError(kms.inRegion("eu-west-1").as(role).inRegion("us-east-1").encrypt({ KeyId: eastId, Plaintext: plaintext }), AccessDeniedException);
  });
});

describe("multi-Region keys", () => {
  it("CreateKey MultiRegion gives an mrk- id; ReplicateKey a replica Creating for 5 s without the primary's policy, tags or description", async () => {
    const { kms, clock } = createTestKms();
    const keyId = await newKeyId(kms, { MultiRegion: true, Description: "orders", Tags: [{ TagKey: "team", TagValue: "a" }] });
    expect(keyId).toMatch(/^mrk-[0-9a-f]{32}$/);
    const replicated = await kms.replicateKey({ KeyId: keyId, ReplicaRegion: "eu-west-1", Tags: [{ TagKey: "copy", TagValue: "b" }] });
    expect(replicated.ReplicaKeyMetadata).toMatchObject({
      KeyId: keyId,
      Arn: arnIn("eu-west-1", keyId),
      KeyState: "Creating",
      Enabled: false,
      Description: "",
      MultiRegion: true,
      MultiRegionConfiguration: {
        MultiRegionKeyType: "REPLICA",
        PrimaryKey: { Arn: arnIn("us-east-1", keyId), Region: "us-east-1" },
        ReplicaKeys: [{ Arn: arnIn("eu-west-1", keyId), Region: "eu-west-1" }],
      },
    });
    expect(replicated.ReplicaKeyMetadata?.CurrentKeyMaterialId).toBeUndefined();
    expect(replicated.ReplicaTags).toEqual([{ TagKey: "copy", TagValue: "b" }]);
    expect(JSON.parse(replicated.ReplicaPolicy as string).Statement[0].Principal.AWS).toBe(`arn:aws:iam::${ACCOUNT}:root`);
    const west = kms.inRegion("eu-west-1");
    await expectError(west.encrypt({ KeyId: keyId, Plaintext: new Uint8Array(1) }), KMSInvalidStateException, `${arnIn("eu-west-1", keyId)} is creating.`);
    clock.advance(4999);
    expect((await west.describeKey({ KeyId: keyId })).KeyMetadata?.KeyState).toBe("Creating");
    clock.advance(1);
    const metadata = (await west.describeKey({ KeyId: keyId })).KeyMetadata;
    expect(metadata).toMatchObject({ KeyState: "Enabled", Enabled: true, KeySpec: "SYMMETRIC_DEFAULT", Origin: "AWS_KMS" });
    const primary = (await kms.describeKey({ KeyId: keyId })).KeyMetadata;
    expect(metadata?.CurrentKeyMaterialId).toBe(primary?.CurrentKeyMaterialId);
    expect(primary?.MultiRegionConfiguration?.MultiRegionKeyType).toBe("PRIMARY");
    expect(primary?.MultiRegionConfiguration?.ReplicaKeys).toEqual([{ Arn: arnIn("eu-west-1", keyId), Region: "eu-west-1" }]);
    expect((await west.listResourceTags({ KeyId: keyId })).Tags).toEqual([{ TagKey: "copy", TagValue: "b" }]);
  });

  it("ReplicateKey refuses with AWS's messages", async () => {
    const { east, west, keyId, clock } = await family();
    const single = await newKeyId(east);
    await expectError(east.replicateKey({ KeyId: keyId, ReplicaRegion: "us-east-1" }), ValidationException, "us-east-1 cannot have a replica because it contains the primary.");
    await expectError(
      east.replicateKey({ KeyId: keyId, ReplicaRegion: "cn-north-1" }),
      ValidationException,
      "The replica key Region must be in the same AWS partition as the primary key Region.",
    );
    await expectError(
      east.replicateKey({ KeyId: keyId, ReplicaRegion: "us-invalid-1" }),
      ValidationException,
      "Region us-invalid-1 is not a valid Region or multi-Region keys are not supported in Region us-invalid-1.",
    );
    await expectError(east.replicateKey({ KeyId: keyId, ReplicaRegion: "eu-west-1" }), AlreadyExistsException, "You can create only one replica of each primary key in each AWS Region.");
    await expectError(west.replicateKey({ KeyId: keyId, ReplicaRegion: "us-west-2" }), UnsupportedOperationException, `${arnIn("eu-west-1", keyId)} is not a multi-region primary key.`);
    await expectError(east.replicateKey({ KeyId: single, ReplicaRegion: "us-west-2" }), UnsupportedOperationException, `${arnIn("us-east-1", single)} is not a multi-region primary key.`);
    await east.createAlias({ AliasName: "alias/mrk", TargetKeyId: keyId });
    await expectError(east.replicateKey({ KeyId: "alias/mrk", ReplicaRegion: "us-west-2" }), InvalidArnException, "Key Aliases are not supported for this operation.");
    await east.disableKey({ KeyId: keyId });
    await expectError(east.replicateKey({ KeyId: keyId, ReplicaRegion: "us-west-2" }), DisabledException, `${arnIn("us-east-1", keyId)} is disabled.`);
    // None of that made a key in us-west-2.
    expect((await east.inRegion("us-west-2").listKeys()).Keys).toEqual([]);
    clock.advance({ days: 1 });
  });

  it("shares material, spec, usage and origin; description, policy, enabled state, aliases and tags are each Region's own", async () => {
    const { east, west, keyId } = await family();
    await west.updateKeyDescription({ KeyId: keyId, Description: "west copy" });
    await west.disableKey({ KeyId: keyId });
    await west.createAlias({ AliasName: "alias/west", TargetKeyId: keyId });
    const primary = (await east.describeKey({ KeyId: keyId })).KeyMetadata;
    expect(primary).toMatchObject({ Description: "orders", KeyState: "Enabled" });
    expect((await west.describeKey({ KeyId: keyId })).KeyMetadata).toMatchObject({ Description: "west copy", KeyState: "Disabled" });
    expect((await east.listAliases({ KeyId: keyId })).Aliases).toEqual([]);
    // A disabled replica does not stop the primary; a disabled primary does not stop replicas.
    const { CiphertextBlob } = await east.encrypt({ KeyId: keyId, Plaintext: text.encode("x") });
    await west.enableKey({ KeyId: keyId });
    await east.disableKey({ KeyId: keyId });
    expect((await west.decrypt({ CiphertextBlob })).KeyId).toBe(arnIn("eu-west-1", keyId));
  });

  it("every member describes the whole family: a replica's ReplicaKeys lists every replica, itself among them", async () => {
    const { east, west, sydney, keyId } = await family();
    const configuration = {
      PrimaryKey: { Arn: arnIn("us-east-1", keyId), Region: "us-east-1" },
      ReplicaKeys: [
        { Arn: arnIn("eu-west-1", keyId), Region: "eu-west-1" },
        { Arn: arnIn("ap-southeast-2", keyId), Region: "ap-southeast-2" },
      ],
    };
    expect((await east.describeKey({ KeyId: keyId })).KeyMetadata?.MultiRegionConfiguration).toEqual({ MultiRegionKeyType: "PRIMARY", ...configuration });
    for (const kms of [west, sydney]) {
      expect((await kms.describeKey({ KeyId: keyId })).KeyMetadata?.MultiRegionConfiguration).toEqual({ MultiRegionKeyType: "REPLICA", ...configuration });
    }
  });

  it("ReplicateKey gives the replica the default policy, or the request's, never the primary's", async () => {
    const { kms: east } = createTestKms({ replicaCreationDurationMs: 0 });
    const keyId = await newKeyId(east, { MultiRegion: true });
    const defaultPolicy = (await east.getKeyPolicy({ KeyId: keyId, PolicyName: "default" })).Policy as string;
    const policy = (sid: string) =>
      JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: sid, Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" }] });
    await east.putKeyPolicy({ KeyId: keyId, PolicyName: "default", Policy: policy("primary only") });
    expect((await east.replicateKey({ KeyId: keyId, ReplicaRegion: "eu-west-1" })).ReplicaPolicy).toBe(defaultPolicy);
    expect((await east.inRegion("eu-west-1").getKeyPolicy({ KeyId: keyId, PolicyName: "default" })).Policy).toBe(defaultPolicy);
    expect((await east.replicateKey({ KeyId: keyId, ReplicaRegion: "ap-southeast-2", Policy: policy("replica") })).ReplicaPolicy).toBe(policy("replica"));
    expect((await east.inRegion("ap-southeast-2").getKeyPolicy({ KeyId: keyId, PolicyName: "default" })).Policy).toBe(policy("replica"));
    expect((await east.getKeyPolicy({ KeyId: keyId, PolicyName: "default" })).Policy).toBe(policy("primary only"));
  });

  it("a ciphertext decrypts in every Region with the local key; naming the other Region's key is IncorrectKeyException", async () => {
    const { east, west, sydney, keyId } = await family();
    const made = await east.encrypt({ KeyId: keyId, Plaintext: text.encode("invoice 42"), EncryptionContext: { order: "42" } });
    for (const [region, kms] of [["us-east-1", east], ["eu-west-1", west], ["ap-southeast-2", sydney]] as const) {
      const opened = await kms.decrypt({ CiphertextBlob: made.CiphertextBlob, EncryptionContext: { order: "42" } });
      expect(opened.KeyId).toBe(arnIn(region, keyId));
      expect(new TextDecoder().decode(opened.Plaintext)).toBe("invoice 42");
      expect(opened.KeyMaterialId).toBe((await east.describeKey({ KeyId: keyId })).KeyMetadata?.CurrentKeyMaterialId);
    }
    expect((await west.decrypt({ CiphertextBlob: made.CiphertextBlob, EncryptionContext: { order: "42" }, KeyId: keyId })).KeyId).toBe(arnIn("eu-west-1", keyId));
    await expectError(
      west.decrypt({ CiphertextBlob: made.CiphertextBlob, EncryptionContext: { order: "42" }, KeyId: arnIn("us-east-1", keyId) }),
      IncorrectKeyException,
      "The key ID in the request does not identify a CMK that can perform this operation.",
    );
  });
});

describe("asymmetric and HMAC multi-Region keys", () => {
  it("replicas hold the same key pair or HMAC key: signatures and MACs verify across Regions", async () => {
    const { kms: east } = createTestKms({ replicaCreationDurationMs: 0 });
    const west = east.inRegion("eu-west-1");
    const message = text.encode("signed in us-east-1");
    for (const [KeySpec, KeyUsage] of [["ECC_NIST_P256", "SIGN_VERIFY"], ["RSA_2048", "SIGN_VERIFY"]] as const) {
      const keyId = await newKeyId(east, { MultiRegion: true, KeySpec, KeyUsage });
      await east.replicateKey({ KeyId: keyId, ReplicaRegion: "eu-west-1" });
      const algorithm = KeySpec === "RSA_2048" ? "RSASSA_PSS_SHA_256" : "ECDSA_SHA_256";
      // The replica is used first: an RSA pair made there is the primary's too.
      const signature = (await west.sign({ KeyId: keyId, Message: message, SigningAlgorithm: algorithm })).Signature;
      expect((await east.verify({ KeyId: keyId, Message: message, Signature: signature, SigningAlgorithm: algorithm })).SignatureValid).toBe(true);
      expect((await west.getPublicKey({ KeyId: keyId })).PublicKey).toEqual((await east.getPublicKey({ KeyId: keyId })).PublicKey);
    }
    const macKey = await newKeyId(east, { MultiRegion: true, KeySpec: "HMAC_256", KeyUsage: "GENERATE_VERIFY_MAC" });
    await east.replicateKey({ KeyId: macKey, ReplicaRegion: "eu-west-1" });
    const mac = (await east.generateMac({ KeyId: macKey, Message: message, MacAlgorithm: "HMAC_SHA_256" })).Mac;
    expect((await west.verifyMac({ KeyId: macKey, Message: message, Mac: mac, MacAlgorithm: "HMAC_SHA_256" })).MacValid).toBe(true);
  });
});

describe("rotation of multi-Region keys", () => {
  it("a 90-day rotation on the primary appears in two replicas at the same instant, one event per Region", async () => {
    const { east, west, sydney, keyId, clock, events } = await family();
    await east.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 90 });
    const next = new Date("2026-04-01T00:00:05.000Z");
    for (const [region, kms] of [["us-east-1", east], ["eu-west-1", west], ["ap-southeast-2", sydney]] as const) {
      expect(await kms.getKeyRotationStatus({ KeyId: keyId })).toEqual({ KeyId: arnIn(region, keyId), KeyRotationEnabled: true, RotationPeriodInDays: 90, NextRotationDate: next });
    }
    clock.set(new Date(next.getTime() - 1));
    await east.tick();
    expect(rotationEvents(events)).toEqual([]);
    clock.set(next);
    const ticked = await west.tick();
    const original = (await east.listKeyRotations({ KeyId: keyId, IncludeKeyMaterial: "ALL_KEY_MATERIAL" })).Rotations?.[0]?.KeyMaterialId;
    const current = (await east.describeKey({ KeyId: keyId })).KeyMetadata?.CurrentKeyMaterialId;
    const expected = ["us-east-1", "eu-west-1", "ap-southeast-2"].map((region) => ({
      time: "2026-04-01T00:00:05.000Z",
      region,
      resource: arnIn(region, keyId),
      detail: { "key-id": keyId, "key-origin": "AWS_KMS", "rotation-type": "AUTOMATIC", "previous-key-material-id": original, "current-key-material-id": current },
    }));
    expect(rotationEvents(events)).toEqual(expected);
    expect(rotationEvents(ticked)).toEqual(expected);
    for (const [region, kms] of [["eu-west-1", west], ["ap-southeast-2", sydney]] as const) {
      expect((await kms.describeKey({ KeyId: keyId })).KeyMetadata?.CurrentKeyMaterialId).toBe(current);
      expect((await kms.listKeyRotations({ KeyId: keyId })).Rotations).toEqual([
        { KeyId: arnIn(region, keyId), KeyMaterialId: current, KeyMaterialState: "CURRENT", RotationDate: next, RotationType: "AUTOMATIC" },
      ]);
      expect((await kms.getKeyRotationStatus({ KeyId: keyId })).NextRotationDate).toEqual(new Date("2026-06-30T00:00:05.000Z"));
    }
  });

  it("RotateKeyOnDemand on the primary appears in the replicas; replicas refuse the three rotation calls", async () => {
    const { east, west, sydney, keyId, clock, events } = await family();
    clock.set(new Date("2026-02-10T12:00:00.000Z"));
    expect(await east.rotateKeyOnDemand({ KeyId: keyId })).toEqual({ KeyId: arnIn("us-east-1", keyId) });
    const current = (await east.describeKey({ KeyId: keyId })).KeyMetadata?.CurrentKeyMaterialId;
    for (const [region, kms] of [["eu-west-1", west], ["ap-southeast-2", sydney]] as const) {
      expect((await kms.describeKey({ KeyId: keyId })).KeyMetadata?.CurrentKeyMaterialId).toBe(current);
      expect((await kms.listKeyRotations({ KeyId: keyId })).Rotations).toEqual([
        { KeyId: arnIn(region, keyId), KeyMaterialId: current, KeyMaterialState: "CURRENT", RotationDate: new Date("2026-02-10T12:00:00.000Z"), RotationType: "ON_DEMAND" },
      ]);
    }
    expect(rotationEvents(events).map((event) => [event.region, event.time, event.detail["rotation-type"]])).toEqual([
      ["us-east-1", "2026-02-10T12:00:00.000Z", "ON_DEMAND"],
      ["eu-west-1", "2026-02-10T12:00:00.000Z", "ON_DEMAND"],
      ["ap-southeast-2", "2026-02-10T12:00:00.000Z", "ON_DEMAND"],
    ]);
    const replica = arnIn("eu-west-1", keyId);
    for (const operation of ["EnableKeyRotation", "DisableKeyRotation", "RotateKeyOnDemand"] as const) {
      const call = operation === "EnableKeyRotation" ? west.enableKeyRotation({ KeyId: keyId }) : operation === "DisableKeyRotation" ? west.disableKeyRotation({ KeyId: keyId }) : west.rotateKeyOnDemand({ KeyId: keyId });
      await expectError(call, UnsupportedOperationException, `${replica} is a multi-region replica key which is not valid for ${operation}.`);
    }
  });

  it("a ciphertext made before three rotations decrypts in each Region; one made in a replica decrypts at the primary", async () => {
    const { east, west, sydney, keyId, clock } = await family();
    const before = await east.encrypt({ KeyId: keyId, Plaintext: text.encode("old") });
    const firstMaterial = (await east.describeKey({ KeyId: keyId })).KeyMetadata?.CurrentKeyMaterialId;
    await east.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 90 });
    clock.advance({ days: 270 });
    expect((await sydney.listKeyRotations({ KeyId: keyId })).Rotations?.map((r) => r.RotationDate?.toISOString())).toEqual([
      "2026-04-01T00:00:05.000Z",
      "2026-06-30T00:00:05.000Z",
      "2026-09-28T00:00:05.000Z",
    ]);
    for (const [region, kms] of [["us-east-1", east], ["eu-west-1", west], ["ap-southeast-2", sydney]] as const) {
      const opened = await kms.decrypt({ CiphertextBlob: before.CiphertextBlob });
      expect([opened.KeyId, new TextDecoder().decode(opened.Plaintext), opened.KeyMaterialId]).toEqual([arnIn(region, keyId), "old", firstMaterial]);
    }
    const later = await sydney.encrypt({ KeyId: keyId, Plaintext: text.encode("new") });
    const opened = await east.decrypt({ CiphertextBlob: later.CiphertextBlob });
    expect(new TextDecoder().decode(opened.Plaintext)).toBe("new");
    expect(opened.KeyMaterialId).toBe((await west.describeKey({ KeyId: keyId })).KeyMetadata?.CurrentKeyMaterialId);
  });

  it("a replica made after the primary rotated receives every past backing key: the same history, and old ciphertexts decrypt", async () => {
    const { kms: east, clock } = createTestKms({ replicaCreationDurationMs: 0 });
    const keyId = await newKeyId(east, { MultiRegion: true });
    const old = (await east.encrypt({ KeyId: keyId, Plaintext: text.encode("before") })).CiphertextBlob;
    await east.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 90 });
    clock.set(new Date("2026-02-01T00:00:00.000Z"));
    await east.rotateKeyOnDemand({ KeyId: keyId });
    clock.set(new Date("2026-04-02T00:00:00.000Z"));
    await east.replicateKey({ KeyId: keyId, ReplicaRegion: "eu-west-1" });
    const west = east.inRegion("eu-west-1");
    const all = { KeyId: keyId, IncludeKeyMaterial: "ALL_KEY_MATERIAL" } as const;
    const primary = (await east.listKeyRotations(all)).Rotations ?? [];
    expect(primary.map((r) => [r.KeyMaterialState, r.RotationDate?.toISOString(), r.RotationType])).toEqual([
      ["NON_CURRENT", undefined, undefined],
      ["NON_CURRENT", "2026-02-01T00:00:00.000Z", "ON_DEMAND"],
      ["CURRENT", "2026-04-01T00:00:00.000Z", "AUTOMATIC"],
    ]);
    expect((await west.listKeyRotations(all)).Rotations).toEqual(primary.map((entry) => ({ ...entry, KeyId: arnIn("eu-west-1", keyId) })));
    expect((await west.describeKey({ KeyId: keyId })).KeyMetadata?.CurrentKeyMaterialId).toBe(primary[2]?.KeyMaterialId);
    const opened = await west.decrypt({ CiphertextBlob: old });
    expect([opened.KeyId, new TextDecoder().decode(opened.Plaintext), opened.KeyMaterialId]).toEqual([arnIn("eu-west-1", keyId), "before", primary[0]?.KeyMaterialId]);
  });

  it("UpdatePrimaryRegion: both keys Updating for 5 s, then the new primary keeps the schedule and rotates the family", async () => {
    const { east, west, sydney, keyId, clock, events } = await family();
    await east.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 90 });
    const blob = (await east.encrypt({ KeyId: keyId, Plaintext: text.encode("kept") })).CiphertextBlob;
    clock.set(new Date("2026-01-11T00:00:00.000Z"));
    await east.updatePrimaryRegion({ KeyId: keyId, PrimaryRegion: "eu-west-1" });
    expect((await east.describeKey({ KeyId: keyId })).KeyMetadata).toMatchObject({ KeyState: "Updating", Enabled: false });
    expect((await west.describeKey({ KeyId: keyId })).KeyMetadata).toMatchObject({ KeyState: "Updating", Enabled: false });
    // Updating still allows cryptography, not EnableKey/DisableKey.
    expect(new TextDecoder().decode((await west.decrypt({ CiphertextBlob: blob })).Plaintext)).toBe("kept");
    await expectError(west.disableKey({ KeyId: keyId }), KMSInvalidStateException, `${arnIn("eu-west-1", keyId)} is updating.`);
    clock.advance({ seconds: 5 });
    const newPrimary = (await west.describeKey({ KeyId: keyId })).KeyMetadata;
    expect(newPrimary).toMatchObject({ KeyState: "Enabled", Enabled: true });
    expect(newPrimary?.MultiRegionConfiguration).toEqual({
      MultiRegionKeyType: "PRIMARY",
      PrimaryKey: { Arn: arnIn("eu-west-1", keyId), Region: "eu-west-1" },
      // The former primary is listed last (observed).
      ReplicaKeys: [
        { Arn: arnIn("ap-southeast-2", keyId), Region: "ap-southeast-2" },
        { Arn: arnIn("us-east-1", keyId), Region: "us-east-1" },
      ],
    });
    expect((await east.describeKey({ KeyId: keyId })).KeyMetadata?.MultiRegionConfiguration).toEqual({ ...newPrimary?.MultiRegionConfiguration, MultiRegionKeyType: "REPLICA" });
    expect((await sydney.describeKey({ KeyId: keyId })).KeyMetadata?.MultiRegionConfiguration?.PrimaryKey?.Region).toBe("eu-west-1");
    expect(await west.getKeyRotationStatus({ KeyId: keyId })).toEqual({
      KeyId: arnIn("eu-west-1", keyId), KeyRotationEnabled: true, RotationPeriodInDays: 90, NextRotationDate: new Date("2026-04-01T00:00:05.000Z"),
    });
    await expectError(
      east.enableKeyRotation({ KeyId: keyId }),
      UnsupportedOperationException,
      `${arnIn("us-east-1", keyId)} is a multi-region replica key which is not valid for EnableKeyRotation.`,
    );
    await expectError(east.updatePrimaryRegion({ KeyId: keyId, PrimaryRegion: "us-east-1" }), KMSInvalidStateException, `${arnIn("us-east-1", keyId)} is not a multi-Region primary key.`);
    await expectError(west.updatePrimaryRegion({ KeyId: keyId, PrimaryRegion: "us-west-2" }), ValidationException, `${keyId} does not have a replica key in the specified Region.`);
    clock.set(new Date("2026-04-01T00:00:05.000Z"));
    await west.rotateKeyOnDemand({ KeyId: keyId });
    expect(rotationEvents(events).map((event) => [event.region, event.time, event.detail["rotation-type"]])).toEqual([
      ["eu-west-1", "2026-04-01T00:00:05.000Z", "AUTOMATIC"],
      ["ap-southeast-2", "2026-04-01T00:00:05.000Z", "AUTOMATIC"],
      ["us-east-1", "2026-04-01T00:00:05.000Z", "AUTOMATIC"],
      ["eu-west-1", "2026-04-01T00:00:05.000Z", "ON_DEMAND"],
      ["ap-southeast-2", "2026-04-01T00:00:05.000Z", "ON_DEMAND"],
      ["us-east-1", "2026-04-01T00:00:05.000Z", "ON_DEMAND"],
    ]);
    for (const kms of [east, west, sydney]) expect(new TextDecoder().decode((await kms.decrypt({ CiphertextBlob: blob })).Plaintext)).toBe("kept");
  });
});

describe("imported material in multi-Region keys", () => {
  it("each Region imports the same bytes; new material waits for every replica before it can rotate in", async () => {
    const { kms: east, clock } = createTestKms({ replicaCreationDurationMs: 0 });
    const keyId = await newKeyId(east, { Origin: "EXTERNAL", MultiRegion: true });
    const [first, wrong, second] = [7, 8, 9].map((byte) => new Uint8Array(32).fill(byte)) as [Uint8Array, Uint8Array, Uint8Array];
    const importInto = (kms: Kms, material: Uint8Array, request: Partial<ImportKeyMaterialRequest> = {}) => importMaterial(kms, keyId, material, { request });
    await expectError(east.replicateKey({ KeyId: keyId, ReplicaRegion: "eu-west-1" }), KMSInvalidStateException, `${arnIn("us-east-1", keyId)} is pending import.`);
    const original = (await importInto(east, first, { KeyMaterialDescription: "first" })).KeyMaterialId as string;
    await east.replicateKey({ KeyId: keyId, ReplicaRegion: "eu-west-1" });
    const west = east.inRegion("eu-west-1");
    expect((await west.describeKey({ KeyId: keyId })).KeyMetadata).toMatchObject({ KeyState: "PendingImport", Origin: "EXTERNAL", CurrentKeyMaterialId: original });
    await expectError(importInto(west, wrong), IncorrectKeyMaterialException, `Imported key material does not have the expected identifier (${original}).`);
    await expectError(
      importInto(west, first, { KeyMaterialDescription: "mine" }),
      ValidationException,
      "Key material description can only be specified on primary Multi-Region keys",
    );
    await expectError(
      importInto(west, first, { ImportType: "NEW_KEY_MATERIAL" }),
      ValidationException,
      "Input parameter ImportType NEW_KEY_MATERIAL cannot be used on replica Multi-Region keys",
    );
    expect((await west.describeKey({ KeyId: keyId })).KeyMetadata?.KeyState).toBe("PendingImport");
    expect((await importInto(west, first)).KeyMaterialId).toBe(original);
    expect((await west.describeKey({ KeyId: keyId })).KeyMetadata?.KeyState).toBe("Enabled");
    const before = (await east.encrypt({ KeyId: keyId, Plaintext: text.encode("imported") })).CiphertextBlob;
    expect(new TextDecoder().decode((await west.decrypt({ CiphertextBlob: before })).Plaintext)).toBe("imported");

    clock.set(new Date("2026-03-01T00:00:00.000Z"));
    const next = (await importInto(east, second, { ImportType: "NEW_KEY_MATERIAL", KeyMaterialDescription: "2026" })).KeyMaterialId as string;
    const states = async (kms: Kms) =>
      ((await kms.listKeyRotations({ KeyId: keyId, IncludeKeyMaterial: "ALL_KEY_MATERIAL" })).Rotations ?? []).map((r) => [r.KeyMaterialId, r.ImportState, r.KeyMaterialState, r.KeyMaterialDescription]);
    expect(await states(east)).toEqual([
      [original, "IMPORTED", "CURRENT", "first"],
      [next, "IMPORTED", "PENDING_MULTI_REGION_IMPORT_AND_ROTATION", "2026"],
    ]);
    // The replica waits for its own import; the material's state is the family's, its description
    // the primary's (capture replica_missing_second_history).
    expect((await west.listKeyRotations({ KeyId: keyId, IncludeKeyMaterial: "ALL_KEY_MATERIAL" })).Rotations).toEqual([
      {
        KeyId: arnIn("eu-west-1", keyId), KeyMaterialId: original, KeyMaterialDescription: "first",
        ImportState: "IMPORTED", KeyMaterialState: "CURRENT", ExpirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE",
      },
      { KeyId: arnIn("eu-west-1", keyId), KeyMaterialId: next, KeyMaterialDescription: "2026", ImportState: "PENDING_IMPORT", KeyMaterialState: "PENDING_MULTI_REGION_IMPORT_AND_ROTATION" },
    ]);
    await expectError(
      east.rotateKeyOnDemand({ KeyId: keyId }),
      KMSInvalidStateException,
      "Cannot perform key material rotation: Key material has not been imported for replicas of the Multi-Region key.",
    );
    await expectError(importInto(west, wrong), IncorrectKeyMaterialException, `Imported key material does not have the expected identifier (${next}).`);
    await importInto(west, second);
    expect((await states(east))[1]).toEqual([next, "IMPORTED", "PENDING_ROTATION", "2026"]);
    clock.set(new Date("2026-03-02T00:00:00.000Z"));
    await east.rotateKeyOnDemand({ KeyId: keyId });
    for (const kms of [east, west]) {
      expect(await states(kms)).toEqual([
        [original, "IMPORTED", "NON_CURRENT", "first"],
        [next, "IMPORTED", "CURRENT", "2026"],
      ]);
      expect((await kms.describeKey({ KeyId: keyId })).KeyMetadata?.CurrentKeyMaterialId).toBe(next);
      expect(new TextDecoder().decode((await kms.decrypt({ CiphertextBlob: before })).Plaintext)).toBe("imported");
    }
    expect((await west.listKeyRotations({ KeyId: keyId })).Rotations?.[0]).toMatchObject({ RotationDate: new Date("2026-03-02T00:00:00.000Z"), RotationType: "ON_DEMAND" });
    const after = await west.encrypt({ KeyId: keyId, Plaintext: text.encode("rotated") });
    expect((await east.decrypt({ CiphertextBlob: after.CiphertextBlob })).KeyMaterialId).toBe(next);
    // A new description given by a re-import into the primary is the replica's too.
    await importInto(east, second, { ImportType: "EXISTING_KEY_MATERIAL", KeyMaterialDescription: "renamed" });
    expect((await states(west))[1]).toEqual([next, "IMPORTED", "CURRENT", "renamed"]);
  });
});

describe("deletion of multi-Region keys", () => {
  it("a primary with replicas waits in PendingReplicaDeletion; its window starts when the last replica is deleted", async () => {
    const { east, west, sydney, keyId, clock } = await family();
    expect(await east.scheduleKeyDeletion({ KeyId: keyId, PendingWindowInDays: 7 })).toEqual({ KeyId: arnIn("us-east-1", keyId), KeyState: "PendingReplicaDeletion", PendingWindowInDays: 7 });
    expect((await east.describeKey({ KeyId: keyId })).KeyMetadata).toMatchObject({ KeyState: "PendingReplicaDeletion", PendingDeletionWindowInDays: 7, Enabled: false });
    await expectError(east.tagResource({ KeyId: keyId, Tags: [{ TagKey: "a", TagValue: "b" }] }), KMSInvalidStateException, `${arnIn("us-east-1", keyId)} is pending replica deletion.`);
    // A replica still decrypts while its primary waits.
    const blob = (await west.encrypt({ KeyId: keyId, Plaintext: text.encode("x") })).CiphertextBlob;
    expect((await sydney.decrypt({ CiphertextBlob: blob })).KeyId).toBe(arnIn("ap-southeast-2", keyId));
    clock.set(new Date("2026-01-02T00:00:00.000Z"));
    await west.scheduleKeyDeletion({ KeyId: keyId, PendingWindowInDays: 7 });
    clock.set(new Date("2026-01-05T00:00:00.000Z"));
    await sydney.scheduleKeyDeletion({ KeyId: keyId, PendingWindowInDays: 10 });
    clock.set(new Date("2026-01-09T00:00:00.000Z"));
    expect((await east.describeKey({ KeyId: keyId })).KeyMetadata?.MultiRegionConfiguration?.ReplicaKeys).toEqual([{ Arn: arnIn("ap-southeast-2", keyId), Region: "ap-southeast-2" }]);
    expect((await east.describeKey({ KeyId: keyId })).KeyMetadata?.KeyState).toBe("PendingReplicaDeletion");
    clock.set(new Date("2026-01-15T00:00:00.000Z"));
    expect((await east.describeKey({ KeyId: keyId })).KeyMetadata).toMatchObject({ KeyState: "PendingDeletion", DeletionDate: new Date("2026-01-22T00:00:00.000Z") });
    clock.set(new Date("2026-01-22T00:00:00.000Z"));
    await expectError(east.describeKey({ KeyId: keyId }), NotFoundException);
  });
});

describe("state across Regions", () => {
  it("a snapshot holds every Region and restores shared rotation; change records replay exactly", async () => {
    const changes: StateChange[] = [];
    const clock = new ManualClock(T0);
    const start = createKms({ clock, random: seededRandom(7) });
    const initial = start.snapshot();
    const kms = createKms({ clock, random: seededRandom(7), state: initial, changes: (change) => changes.push(change) });
    const keyId = await newKeyId(kms, { MultiRegion: true });
    await kms.replicateKey({ KeyId: keyId, ReplicaRegion: "eu-west-1" });
    clock.advance({ seconds: 5 });
    await kms.inRegion("eu-west-1").createAlias({ AliasName: "alias/w", TargetKeyId: keyId });
    await kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 90 });
    clock.advance({ days: 100 });
    await kms.tick();
    const snapshot = kms.snapshot();
    expect(snapshot.regions?.map((region) => [region.region, region.keys.length, region.aliases.length])).toEqual([["eu-west-1", 1, 1]]);
    const replayed = createKms({ clock, random: seededRandom(7, { position: changes.at(-1)?.random ?? 0 }), state: initial, replay: changes });
    expect(JSON.stringify(replayed.snapshot())).toBe(JSON.stringify(snapshot));
    const restored = createKms({ clock, state: JSON.parse(JSON.stringify(snapshot)) });
    await restored.rotateKeyOnDemand({ KeyId: keyId });
    const primaryMaterial = (await restored.describeKey({ KeyId: keyId })).KeyMetadata?.CurrentKeyMaterialId;
    expect((await restored.inRegion("eu-west-1").describeKey({ KeyId: keyId })).KeyMetadata?.CurrentKeyMaterialId).toBe(primaryMaterial);
    expect((await restored.inRegion("eu-west-1").listKeyRotations({ KeyId: keyId })).Rotations).toHaveLength(2);
  });

  it("a Region only looked at is not part of the state", async () => {
    const { kms } = createTestKms();
    await kms.listKeys();
    const before = JSON.stringify(kms.snapshot());
    await kms.inRegion("sa-east-1").listKeys();
    expect(JSON.stringify(kms.snapshot())).toBe(before);
  });
});

/** Keeps the Kms type import used (the helper signatures above infer it). */
export type { Kms };
