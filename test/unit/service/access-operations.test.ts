/**
 * Each operation checks exactly the permissions the permission table gives it (botocore's "Required
 * permissions"), on the resource the table names, end to end through the service: for every check
 * of every operation, an IAM user allowed everything but that action is refused with AWS's message
 * naming the action and its resource, the refusal changes nothing, and with the action allowed the
 * call succeeds. The key policies are AWS's default (the account delegates to IAM).
 */
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { checksFor } from "../../../src/access/index.js";
import { AccessDeniedException, type Kms } from "../../../src/index.js";
import { wrapKeyMaterial } from "../../../src/testing/index.js";
import { createTestKms, expectError, newKeyId } from "../../support/create-test-kms.js";

const ACCOUNT = "111122223333";
const ALICE = `arn:aws:iam::${ACCOUNT}:user/alice`;
const keyArn = (keyId: string) => `arn:aws:kms:us-east-1:${ACCOUNT}:key/${keyId}`;
const aliasArn = (name: string) => `arn:aws:kms:us-east-1:${ACCOUNT}:${name}`;
const MATERIAL = new Uint8Array(32).fill(7);
const MESSAGE = new Uint8Array([1, 2, 3]);
/** A peer's P-256 public key (SubjectPublicKeyInfo DER) for DeriveSharedSecret. */
const PEER = new Uint8Array(generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ format: "der", type: "spki" }));

interface Fixture {
  readonly kms: Kms;
  readonly keyId: string;
  readonly destId: string;
  readonly doomedId: string;
  readonly externalId: string;
  readonly importedId: string;
  readonly blob: Uint8Array;
  readonly token: Uint8Array;
  readonly wrapped: Uint8Array;
  readonly retirableGrant: string;
  readonly revocableGrant: string;
  /** ECC_NIST_P256 SIGN_VERIFY, with a signature of MESSAGE. */
  readonly signerId: string;
  readonly signature: Uint8Array;
  /** HMAC_256, with a MAC of MESSAGE. */
  readonly hmacId: string;
  readonly mac: Uint8Array;
  /** ECC_NIST_P256 KEY_AGREEMENT. */
  readonly agreementId: string;
  /** A multi-Region primary with a ready replica in eu-west-1. */
  readonly mrkId: string;
  /** A multi-Region primary without replicas. */
  readonly lonePrimaryId: string;
}

/**
 * Keys, an alias, a ciphertext and two grants, all made by the account's root; with `imports`, an
 * import token with wrapped material and a key with imported material too (RSA work: only the
 * import operations' cases ask for it).
 */
async function fixture(imports = false): Promise<Fixture> {
  const { kms, clock } = createTestKms();
  const keyId = await newKeyId(kms, { Tags: [{ TagKey: "team", TagValue: "a" }] });
  const destId = await newKeyId(kms);
  await kms.createAlias({ AliasName: "alias/app", TargetKeyId: keyId });
  const doomedId = await newKeyId(kms);
  await kms.scheduleKeyDeletion({ KeyId: doomedId });
  const externalId = await newKeyId(kms, { Origin: "EXTERNAL" });
  const importedId = await newKeyId(kms, { Origin: "EXTERNAL" });
  let token: Uint8Array = new Uint8Array(0);
  let wrapped: Uint8Array = new Uint8Array(0);
  if (imports) {
    const params = await kms.getParametersForImport({ KeyId: externalId, WrappingAlgorithm: "RSAES_OAEP_SHA_256", WrappingKeySpec: "RSA_2048" });
    token = params.ImportToken as Uint8Array;
    wrapped = await wrapKeyMaterial(params.PublicKey as Uint8Array, MATERIAL, "RSAES_OAEP_SHA_256");
    const other = await kms.getParametersForImport({ KeyId: importedId, WrappingAlgorithm: "RSAES_OAEP_SHA_256", WrappingKeySpec: "RSA_2048" });
    await kms.importKeyMaterial({
      KeyId: importedId,
      ImportToken: other.ImportToken,
      EncryptedKeyMaterial: await wrapKeyMaterial(other.PublicKey as Uint8Array, MATERIAL, "RSAES_OAEP_SHA_256"),
      ExpirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE",
    });
  }
  const blob = (await kms.encrypt({ KeyId: keyId, Plaintext: new Uint8Array([1, 2, 3]) })).CiphertextBlob as Uint8Array;
  const signerId = await newKeyId(kms, { KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY" });
  const signature = (await kms.sign({ KeyId: signerId, Message: MESSAGE, SigningAlgorithm: "ECDSA_SHA_256" })).Signature as Uint8Array;
  const hmacId = await newKeyId(kms, { KeySpec: "HMAC_256", KeyUsage: "GENERATE_VERIFY_MAC" });
  const mac = (await kms.generateMac({ KeyId: hmacId, Message: MESSAGE, MacAlgorithm: "HMAC_SHA_256" })).Mac as Uint8Array;
  const agreementId = await newKeyId(kms, { KeySpec: "ECC_NIST_P256", KeyUsage: "KEY_AGREEMENT" });
  // A multi-Region primary with a ready replica in eu-west-1, and one more primary to replicate.
  const mrkId = await newKeyId(kms, { MultiRegion: true });
  await kms.replicateKey({ KeyId: mrkId, ReplicaRegion: "eu-west-1" });
  const lonePrimaryId = await newKeyId(kms, { MultiRegion: true });
  clock.advance({ seconds: 10 });
  const grant = (name: string) =>
    kms.createGrant({ KeyId: keyId, GranteePrincipal: `arn:aws:iam::${ACCOUNT}:role/app`, Operations: ["Decrypt"], Name: name }).then((g) => g.GrantId as string);
  return {
    kms, keyId, destId, doomedId, externalId, importedId, blob, token, wrapped,
    retirableGrant: await grant("retire"), revocableGrant: await grant("revoke"),
    signerId, signature, hmacId, mac, agreementId, mrkId, lonePrimaryId,
  };
}

/** One call per operation, and the ARN each of its checks is decided on (by target). */
interface Case {
  readonly call: (kms: Kms, f: Fixture) => Promise<unknown>;
  readonly request?: (f: Fixture) => object;
  readonly resources: (f: Fixture) => Readonly<Record<string, string>>;
  /** The case needs imported material or an import token (RSA work). */
  readonly imports?: boolean;
}

const onKey = (f: Fixture) => ({ key: keyArn(f.keyId) });
const none = () => ({ none: "*" });

const CASES: Readonly<Record<string, Case>> = {
  CreateKey: { call: (k) => k.createKey({ Tags: [{ TagKey: "t", TagValue: "v" }] }), request: () => ({ Tags: [{}] }), resources: none },
  DescribeKey: { call: (k, f) => k.describeKey({ KeyId: "alias/app" }).then(() => f), resources: onKey },
  ListKeys: { call: (k) => k.listKeys(), resources: none },
  EnableKey: { call: (k, f) => k.enableKey({ KeyId: f.keyId }), resources: onKey },
  DisableKey: { call: (k, f) => k.disableKey({ KeyId: f.keyId }), resources: onKey },
  UpdateKeyDescription: { call: (k, f) => k.updateKeyDescription({ KeyId: f.keyId, Description: "d" }), resources: onKey },
  ScheduleKeyDeletion: { call: (k, f) => k.scheduleKeyDeletion({ KeyId: f.keyId }), resources: onKey },
  CancelKeyDeletion: { call: (k, f) => k.cancelKeyDeletion({ KeyId: f.doomedId }), resources: (f) => ({ key: keyArn(f.doomedId) }) },
  TagResource: { call: (k, f) => k.tagResource({ KeyId: f.keyId, Tags: [{ TagKey: "x", TagValue: "y" }] }), resources: onKey },
  UntagResource: { call: (k, f) => k.untagResource({ KeyId: f.keyId, TagKeys: ["team"] }), resources: onKey },
  ListResourceTags: { call: (k, f) => k.listResourceTags({ KeyId: f.keyId }), resources: onKey },
  GetKeyPolicy: { call: (k, f) => k.getKeyPolicy({ KeyId: f.keyId }), resources: onKey },
  PutKeyPolicy: {
    call: async (k, f) => k.putKeyPolicy({ KeyId: f.keyId, Policy: (await f.kms.getKeyPolicy({ KeyId: f.keyId })).Policy as string }),
    resources: onKey,
  },
  ListKeyPolicies: { call: (k, f) => k.listKeyPolicies({ KeyId: f.keyId }), resources: onKey },
  EnableKeyRotation: { call: (k, f) => k.enableKeyRotation({ KeyId: f.keyId }), resources: onKey },
  DisableKeyRotation: { call: (k, f) => k.disableKeyRotation({ KeyId: f.keyId }), resources: onKey },
  GetKeyRotationStatus: { call: (k, f) => k.getKeyRotationStatus({ KeyId: f.keyId }), resources: onKey },
  RotateKeyOnDemand: { call: (k, f) => k.rotateKeyOnDemand({ KeyId: f.keyId }), resources: onKey },
  ListKeyRotations: { call: (k, f) => k.listKeyRotations({ KeyId: f.keyId }), resources: onKey },
  CreateAlias: {
    call: (k, f) => k.createAlias({ AliasName: "alias/new", TargetKeyId: f.keyId }),
    resources: (f) => ({ alias: aliasArn("alias/new"), key: keyArn(f.keyId) }),
  },
  UpdateAlias: {
    call: (k, f) => k.updateAlias({ AliasName: "alias/app", TargetKeyId: f.destId }),
    resources: (f) => ({ alias: aliasArn("alias/app"), "current-key": keyArn(f.keyId), "new-key": keyArn(f.destId) }),
  },
  DeleteAlias: { call: (k) => k.deleteAlias({ AliasName: "alias/app" }), resources: (f) => ({ alias: aliasArn("alias/app"), key: keyArn(f.keyId) }) },
  ListAliases: { call: (k) => k.listAliases(), resources: none },
  Encrypt: { call: (k, f) => k.encrypt({ KeyId: f.keyId, Plaintext: new Uint8Array(4) }), resources: onKey },
  Decrypt: { call: (k, f) => k.decrypt({ CiphertextBlob: f.blob }), resources: onKey },
  ReEncrypt: {
    call: (k, f) => k.reEncrypt({ CiphertextBlob: f.blob, DestinationKeyId: f.destId }),
    resources: (f) => ({ "source-key": keyArn(f.keyId), "destination-key": keyArn(f.destId) }),
  },
  GenerateDataKey: { call: (k, f) => k.generateDataKey({ KeyId: f.keyId, KeySpec: "AES_256" }), resources: onKey },
  GenerateDataKeyWithoutPlaintext: { call: (k, f) => k.generateDataKeyWithoutPlaintext({ KeyId: f.keyId, NumberOfBytes: 16 }), resources: onKey },
  GenerateRandom: { call: (k) => k.generateRandom({ NumberOfBytes: 8 }), resources: none },
  GetParametersForImport: {
    call: (k, f) => k.getParametersForImport({ KeyId: f.externalId, WrappingAlgorithm: "RSAES_OAEP_SHA_256", WrappingKeySpec: "RSA_2048" }),
    resources: (f) => ({ key: keyArn(f.externalId) }),
  },
  ImportKeyMaterial: {
    call: (k, f) =>
      k.importKeyMaterial({ KeyId: f.externalId, ImportToken: f.token, EncryptedKeyMaterial: f.wrapped, ExpirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE" }),
    resources: (f) => ({ key: keyArn(f.externalId) }),
    imports: true,
  },
  DeleteImportedKeyMaterial: { call: (k, f) => k.deleteImportedKeyMaterial({ KeyId: f.importedId }), resources: (f) => ({ key: keyArn(f.importedId) }), imports: true },
  CreateGrant: {
    call: (k, f) => k.createGrant({ KeyId: f.keyId, GranteePrincipal: `arn:aws:iam::${ACCOUNT}:role/other`, Operations: ["Encrypt"] }),
    resources: onKey,
  },
  ListGrants: { call: (k, f) => k.listGrants({ KeyId: f.keyId }), resources: onKey },
  // "The authorized resource in ListRetirableGrants calls is the retiring principal specified in the request" (botocore model).
  ListRetirableGrants: { call: (k) => k.listRetirableGrants({ RetiringPrincipal: ALICE }), resources: () => ({ none: ALICE }) },
  RetireGrant: { call: (k, f) => k.retireGrant({ KeyId: f.keyId, GrantId: f.retirableGrant }), resources: (f) => ({ grant: keyArn(f.keyId) }) },
  RevokeGrant: { call: (k, f) => k.revokeGrant({ KeyId: f.keyId, GrantId: f.revocableGrant }), resources: onKey },
  Sign: {
    call: (k, f) => k.sign({ KeyId: f.signerId, Message: MESSAGE, SigningAlgorithm: "ECDSA_SHA_256" }),
    resources: (f) => ({ key: keyArn(f.signerId) }),
  },
  Verify: {
    call: (k, f) => k.verify({ KeyId: f.signerId, Message: MESSAGE, Signature: f.signature, SigningAlgorithm: "ECDSA_SHA_256" }),
    resources: (f) => ({ key: keyArn(f.signerId) }),
  },
  GetPublicKey: { call: (k, f) => k.getPublicKey({ KeyId: f.signerId }), resources: (f) => ({ key: keyArn(f.signerId) }) },
  GenerateMac: {
    call: (k, f) => k.generateMac({ KeyId: f.hmacId, Message: MESSAGE, MacAlgorithm: "HMAC_SHA_256" }),
    resources: (f) => ({ key: keyArn(f.hmacId) }),
  },
  VerifyMac: {
    call: (k, f) => k.verifyMac({ KeyId: f.hmacId, Message: MESSAGE, MacAlgorithm: "HMAC_SHA_256", Mac: f.mac }),
    resources: (f) => ({ key: keyArn(f.hmacId) }),
  },
  DeriveSharedSecret: {
    call: (k, f) => k.deriveSharedSecret({ KeyId: f.agreementId, KeyAgreementAlgorithm: "ECDH", PublicKey: PEER }),
    resources: (f) => ({ key: keyArn(f.agreementId) }),
  },
  GetKeyLastUsage: { call: (k, f) => k.getKeyLastUsage({ KeyId: f.keyId }), resources: onKey },
  GenerateDataKeyPair: { call: (k, f) => k.generateDataKeyPair({ KeyId: f.keyId, KeyPairSpec: "ECC_NIST_P256" }), resources: onKey },
  ReplicateKey: {
    call: (k, f) => k.replicateKey({ KeyId: f.lonePrimaryId, ReplicaRegion: "ap-southeast-2" }),
    request: () => ({}),
    resources: (f) => ({ "primary-key": keyArn(f.lonePrimaryId), none: "*" }),
  },
  UpdatePrimaryRegion: {
    call: (k, f) => k.updatePrimaryRegion({ KeyId: f.mrkId, PrimaryRegion: "eu-west-1" }),
    resources: (f) => ({ "primary-key": keyArn(f.mrkId), "replica-key": `arn:aws:kms:eu-west-1:${ACCOUNT}:key/${f.mrkId}` }),
  },
  GenerateDataKeyPairWithoutPlaintext: {
    call: (k, f) => k.generateDataKeyPairWithoutPlaintext({ KeyId: f.keyId, KeyPairSpec: "ECC_NIST_EDWARDS25519" }),
    resources: onKey,
  },
};

/** The Kms method of an AWS operation name. */
const methodOf = (operation: string) => operation.charAt(0).toLowerCase() + operation.slice(1);

describe("each operation's permissions", () => {
  it("covers every AWS operation the Kms serves", async () => {
    const { kms } = createTestKms();
    // Simulation extras: keyMaterialUsage is authorized as GetKeyLastUsage (test/unit/sim/access.test.ts).
    const extras = ["tick", "snapshot", "createAwsManagedKey", "as", "putPrincipal", "asAccessKey", "keyMaterialUsage", "now", "auditTrail", "fork", "inRegion", "region"];
    expect(Object.keys(CASES).map(methodOf).sort()).toEqual(Object.keys(kms).filter((name) => !extras.includes(name)).sort());
  });

  for (const [operation, test] of Object.entries(CASES)) {
    it(`${operation}: ${checksFor(operation, test.request?.({} as Fixture) ?? {}).map((c) => `${c.action} on ${c.target}`).join(", ")}`, async () => {
      const checks = checksFor(operation, test.request?.({} as Fixture) ?? {});
      for (const check of checks) {
        const f = await fixture(test.imports);
        const resources = test.resources(f);
        // Everything but this check: other actions anywhere, and this action on the other checks' resources.
        const others = checks.filter((c) => c !== check && c.action === check.action).map((c) => resources[c.target] as string);
        f.kms.putPrincipal(ALICE, {
          Policies: [
            {
              Version: "2012-10-17",
              Statement: [
                { Effect: "Allow", NotAction: check.action, Resource: "*" },
                ...(others.length > 0 ? [{ Effect: "Allow", Action: check.action, Resource: others }] : []),
              ],
            },
          ],
        });
        const before = JSON.stringify(f.kms.snapshot());
        const resource = resources[check.target];
        expect(resource, `${operation} names no resource for ${check.target}`).toBeDefined();
        await expectError(
          test.call(f.kms.as(ALICE), f),
          AccessDeniedException,
          `User: ${ALICE} is not authorized to perform: ${check.action} on resource: ${resource} because no identity-based policy allows the ${check.action} action`,
        );
        expect(JSON.stringify(f.kms.snapshot()), "a refused call changes nothing").toBe(before);
      }
      const f = await fixture(test.imports);
      f.kms.putPrincipal(ALICE, { Policies: [{ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: checks.map((c) => c.action), Resource: "*" }] }] });
      await test.call(f.kms.as(ALICE), f);
    });
  }
});
