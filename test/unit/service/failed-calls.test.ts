/**
 * "A call that throws changes nothing": for every operation, a failing call leaves the full state
 * dump (keys, materials, aliases, counters, the random source position) and the event log as they were.
 */
import { describe, expect, it } from "vitest";
import type { Kms } from "../../../src/index.js";
import { createTestKms, newKeyId } from "../../support/create-test-kms.js";

interface Fixture {
  kms: Kms;
  keyId: string;
  disabledId: string;
  doomedId: string;
  externalId: string;
  blob: Uint8Array;
  /** RSA_2048 SIGN_VERIFY, never used: its pair does not exist yet. */
  rsaId: string;
  hmacId: string;
  agreementId: string;
}

const message = new Uint8Array([1, 2, 3]);

const failing: Record<string, (f: Fixture) => Promise<unknown>> = {
  createKey: (f) => f.kms.createKey({ Tags: [{ TagKey: "ok", TagValue: "" }, { TagKey: "aws:no", TagValue: "" }] }),
  describeKey: (f) => f.kms.describeKey({ KeyId: "alias/missing" }),
  listKeys: (f) => f.kms.listKeys({ Marker: "bogus" }),
  enableKey: (f) => f.kms.enableKey({ KeyId: f.doomedId }),
  disableKey: (f) => f.kms.disableKey({ KeyId: f.externalId }),
  updateKeyDescription: (f) => f.kms.updateKeyDescription({ KeyId: f.doomedId, Description: "x" }),
  scheduleKeyDeletion: (f) => f.kms.scheduleKeyDeletion({ KeyId: f.keyId, PendingWindowInDays: 31 }),
  cancelKeyDeletion: (f) => f.kms.cancelKeyDeletion({ KeyId: f.keyId }),
  tagResource: (f) => f.kms.tagResource({ KeyId: f.keyId, Tags: [{ TagKey: "new", TagValue: "" }, { TagKey: "aws:x", TagValue: "" }] }),
  untagResource: (f) => f.kms.untagResource({ KeyId: f.doomedId, TagKeys: ["a"] }),
  listResourceTags: (f) => f.kms.listResourceTags({ KeyId: f.keyId, Limit: 51 }),
  getKeyPolicy: (f) => f.kms.getKeyPolicy({ KeyId: f.keyId, PolicyName: "other" }),
  putKeyPolicy: (f) => f.kms.putKeyPolicy({ KeyId: f.keyId, Policy: "not json" }),
  listKeyPolicies: (f) => f.kms.listKeyPolicies({ KeyId: "alias/x" }),
  enableKeyRotation: (f) => f.kms.enableKeyRotation({ KeyId: f.disabledId, RotationPeriodInDays: 100 }),
  disableKeyRotation: (f) => f.kms.disableKeyRotation({ KeyId: f.externalId }),
  getKeyRotationStatus: (f) => f.kms.getKeyRotationStatus({ KeyId: f.externalId }),
  rotateKeyOnDemand: (f) => f.kms.rotateKeyOnDemand({ KeyId: f.disabledId }),
  listKeyRotations: (f) => f.kms.listKeyRotations({ KeyId: f.keyId, Marker: "nope" }),
  createAlias: (f) => f.kms.createAlias({ AliasName: "alias/taken", TargetKeyId: f.keyId }),
  updateAlias: (f) => f.kms.updateAlias({ AliasName: "alias/taken", TargetKeyId: f.doomedId }),
  deleteAlias: (f) => f.kms.deleteAlias({ AliasName: "alias/absent" }),
  listAliases: (f) => f.kms.listAliases({ Limit: 101 }),
  encrypt: (f) => f.kms.encrypt({ KeyId: f.disabledId, Plaintext: new Uint8Array(1) }),
  decrypt: (f) => f.kms.decrypt({ CiphertextBlob: f.blob, EncryptionContext: { wrong: "context" } }),
  reEncrypt: (f) => f.kms.reEncrypt({ CiphertextBlob: f.blob, DestinationKeyId: f.disabledId }),
  generateDataKey: (f) => f.kms.generateDataKey({ KeyId: f.keyId, KeySpec: "AES_256", NumberOfBytes: 32 }),
  generateDataKeyWithoutPlaintext: (f) => f.kms.generateDataKeyWithoutPlaintext({ KeyId: f.doomedId, KeySpec: "AES_256" }),
  generateRandom: (f) => f.kms.generateRandom({}),
  getParametersForImport: (f) => f.kms.getParametersForImport({ KeyId: f.keyId, WrappingAlgorithm: "RSAES_OAEP_SHA_256", WrappingKeySpec: "RSA_2048" }),
  importKeyMaterial: (f) =>
    f.kms.importKeyMaterial({ KeyId: f.externalId, ImportToken: new Uint8Array(33), EncryptedKeyMaterial: new Uint8Array(256), ExpirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE" }),
  deleteImportedKeyMaterial: (f) => f.kms.deleteImportedKeyMaterial({ KeyId: f.externalId, KeyMaterialId: "0".repeat(64) }),
  getKeyLastUsage: (f) => f.kms.getKeyLastUsage({ KeyId: "alias/taken" }),
  keyMaterialUsage: (f) => f.kms.keyMaterialUsage({ KeyId: "alias/missing" }),
  sign: (f) => f.kms.sign({ KeyId: f.rsaId, Message: message, SigningAlgorithm: "RSASSA_PSS_SHA_256", DryRun: true }),
  // The RSA pair is made for this call, which fails: it must not be stored.
  verify: (f) => f.kms.verify({ KeyId: f.rsaId, Message: message, SigningAlgorithm: "RSASSA_PSS_SHA_256", Signature: new Uint8Array(256) }),
  getPublicKey: (f) => f.kms.getPublicKey({ KeyId: f.hmacId }),
  generateMac: (f) => f.kms.generateMac({ KeyId: f.hmacId, Message: message, MacAlgorithm: "HMAC_SHA_512" }),
  verifyMac: (f) => f.kms.verifyMac({ KeyId: f.hmacId, Message: message, MacAlgorithm: "HMAC_SHA_256", Mac: new Uint8Array(32) }),
  deriveSharedSecret: (f) => f.kms.deriveSharedSecret({ KeyId: f.agreementId, KeyAgreementAlgorithm: "ECDH", PublicKey: new Uint8Array(91) }),
  generateDataKeyPair: (f) => f.kms.generateDataKeyPair({ KeyId: f.doomedId, KeyPairSpec: "ECC_NIST_P256" }),
  generateDataKeyPairWithoutPlaintext: (f) => f.kms.generateDataKeyPairWithoutPlaintext({ KeyId: f.keyId, KeyPairSpec: "SM2" }),
  createGrant: (f) => f.kms.createGrant({ KeyId: f.disabledId, GranteePrincipal: "arn:aws:iam::111122223333:role/app", Operations: ["Decrypt"] }),
  listGrants: (f) => f.kms.listGrants({ KeyId: f.keyId, Limit: 101 }),
  listRetirableGrants: (f) => f.kms.listRetirableGrants({ RetiringPrincipal: "arn:aws:iam::111122223333:role/app", Marker: "nope" }),
  retireGrant: (f) => f.kms.retireGrant({ GrantToken: "not-a-token" }),
  revokeGrant: (f) => f.kms.revokeGrant({ KeyId: f.keyId, GrantId: "a".repeat(64) }),
  // A single-Region key cannot be replicated: the Region the replica would live in stays unused.
  replicateKey: (f) => f.kms.replicateKey({ KeyId: f.keyId, ReplicaRegion: "eu-west-1" }),
  updatePrimaryRegion: (f) => f.kms.updatePrimaryRegion({ KeyId: f.keyId, PrimaryRegion: "eu-west-1" }),
};

describe("a failing call changes nothing", () => {
  it("covers every operation of the Kms interface", () => {
    const { kms } = createTestKms();
    // Simulation extras that read or copy the state (the fork is tested in test/unit/sim/fork.test.ts),
    // and the callers' views and registry (tested in test/unit/service/access.test.ts).
    const extras = ["tick", "snapshot", "createAwsManagedKey", "auditTrail", "fork", "now", "as", "putPrincipal", "asAccessKey", "inRegion", "region"];
    const operations = Object.keys(kms).filter((name) => !extras.includes(name));
    expect(Object.keys(failing).sort()).toEqual(operations.sort());
  });

  for (const [operation, call] of Object.entries(failing)) {
    it(`${operation}: the state dump and event log are unchanged`, async () => {
      const { kms, events } = createTestKms();
      const keyId = await newKeyId(kms, { Tags: [{ TagKey: "a", TagValue: "1" }] });
      await kms.enableKeyRotation({ KeyId: keyId });
      await kms.createAlias({ AliasName: "alias/taken", TargetKeyId: keyId });
      const disabledId = await newKeyId(kms);
      await kms.disableKey({ KeyId: disabledId });
      const doomedId = await newKeyId(kms);
      await kms.scheduleKeyDeletion({ KeyId: doomedId });
      const externalId = await newKeyId(kms, { Origin: "EXTERNAL" });
      const blob = (await kms.encrypt({ KeyId: keyId, Plaintext: new Uint8Array([1, 2, 3]) })).CiphertextBlob as Uint8Array;
      const rsaId = await newKeyId(kms, { KeySpec: "RSA_2048", KeyUsage: "SIGN_VERIFY" });
      const hmacId = await newKeyId(kms, { KeySpec: "HMAC_256", KeyUsage: "GENERATE_VERIFY_MAC" });
      const agreementId = await newKeyId(kms, { KeySpec: "ECC_NIST_P256", KeyUsage: "KEY_AGREEMENT" });
      const before = JSON.stringify(kms.snapshot());
      const eventsBefore = events.length;
      await expect(call({ kms, keyId, disabledId, doomedId, externalId, blob, rsaId, hmacId, agreementId })).rejects.toThrow();
      expect(JSON.stringify(kms.snapshot())).toBe(before);
      expect(events.length).toBe(eventsBefore);
    });
  }
});
