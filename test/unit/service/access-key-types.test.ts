/**
 * Access control of asymmetric and HMAC keys through the service: Sign, Verify, GetPublicKey,
 * GenerateMac, VerifyMac, DeriveSharedSecret, the data key pairs and RSA encryption are decided by
 * the same path as every operation (resolving the key authorizes it), before the key's state, its
 * usage or the request's algorithm is looked at, with each of AWS's message variants; a refusal
 * loads no key and stores nothing. Grants of the operations each key type supports, and their
 * refusal on the others; algorithm condition keys; imported HMAC material as a principal (the
 * import resumes its call after the asynchronous unwrap).
 */
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  AccessDeniedException,
  DryRunOperationException,
  ValidationException,
} from "../../../src/index.js";
import { denied, refused } from "../../support/access-refusals.js";
import { createTestKms, expectError, newKeyId } from "../../support/create-test-kms.js";
import { importMaterial } from "../../support/key-type-service.js";

const ACCOUNT = "111122223333";
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const ALICE = `arn:aws:iam::${ACCOUNT}:user/alice`;
const BOB = `arn:aws:iam::${ACCOUNT}:user/bob`;
const APP = `arn:aws:iam::${ACCOUNT}:role/app`;
/** What a role acts as: a session of it (`kms.as` names it kms-sim). */
const APP_SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/app/kms-sim`;
const keyArn = (keyId: string) => `arn:aws:kms:us-east-1:${ACCOUNT}:key/${keyId}`;
const MESSAGE = new Uint8Array([1, 2, 3]);
const PEER = new Uint8Array(generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ format: "der", type: "spki" }));

const iam = (...statements: object[]) => ({ Version: "2012-10-17", Statement: statements });
const keyPolicy = (...statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const ENABLE_IAM = { Sid: "Enable IAM User Permissions", Effect: "Allow", Principal: { AWS: ROOT }, Action: "kms:*", Resource: "*" };
const ALLOW_ALL = { Effect: "Allow", Action: "kms:*", Resource: "*" };

describe("access control of every key type", () => {
  it("Sign, GenerateMac, DeriveSharedSecret, GenerateDataKeyPair and GetPublicKey: refused without an identity-based policy", async () => {
    const { kms } = createTestKms({ principals: { [BOB]: {} } });
    const signer = await newKeyId(kms, { KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY" });
    const hmac = await newKeyId(kms, { KeySpec: "HMAC_256", KeyUsage: "GENERATE_VERIFY_MAC" });
    const agreement = await newKeyId(kms, { KeySpec: "ECC_NIST_P256", KeyUsage: "KEY_AGREEMENT" });
    const symmetric = await newKeyId(kms);
    const bob = kms.as(BOB);
    await refused(kms, bob.sign({ KeyId: signer, Message: MESSAGE, SigningAlgorithm: "ECDSA_SHA_256" }), denied(BOB, "kms:Sign", keyArn(signer), "identity"));
    await refused(kms, bob.generateMac({ KeyId: hmac, Message: MESSAGE, MacAlgorithm: "HMAC_SHA_256" }), denied(BOB, "kms:GenerateMac", keyArn(hmac), "identity"));
    await refused(
      kms,
      bob.deriveSharedSecret({ KeyId: agreement, KeyAgreementAlgorithm: "ECDH", PublicKey: PEER }),
      denied(BOB, "kms:DeriveSharedSecret", keyArn(agreement), "identity"),
    );
    await refused(
      kms,
      bob.generateDataKeyPair({ KeyId: symmetric, KeyPairSpec: "ECC_NIST_P256" }),
      denied(BOB, "kms:GenerateDataKeyPair", keyArn(symmetric), "identity"),
    );
    await refused(
      kms,
      bob.generateDataKeyPairWithoutPlaintext({ KeyId: symmetric, KeyPairSpec: "RSA_2048" }),
      denied(BOB, "kms:GenerateDataKeyPairWithoutPlaintext", keyArn(symmetric), "identity"),
    );
    await refused(kms, bob.getPublicKey({ KeyId: signer }), denied(BOB, "kms:GetPublicKey", keyArn(signer), "identity"));
  });

  it("the resource-based and explicit-deny variants name the key and the action", async () => {
    const { kms } = createTestKms({ principals: { [ALICE]: { Policies: [iam(ALLOW_ALL)] } } });
    // Only Bob may use this key: Alice's IAM policy is not enough.
    const bobsKey = await newKeyId(kms, {
      KeySpec: "ECC_NIST_P384",
      KeyUsage: "SIGN_VERIFY",
      Policy: keyPolicy({ Effect: "Allow", Principal: { AWS: BOB }, Action: "kms:*", Resource: "*" }),
      BypassPolicyLockoutSafetyCheck: true,
    });
    const noMacForAlice = await newKeyId(kms, {
      KeySpec: "HMAC_384",
      KeyUsage: "GENERATE_VERIFY_MAC",
      Policy: keyPolicy(ENABLE_IAM, { Effect: "Deny", Principal: { AWS: ALICE }, Action: "kms:GenerateMac", Resource: "*" }),
    });
    const alice = kms.as(ALICE);
    await refused(kms, alice.sign({ KeyId: bobsKey, Message: MESSAGE, SigningAlgorithm: "ECDSA_SHA_384" }), denied(ALICE, "kms:Sign", keyArn(bobsKey), "resource"));
    await refused(kms, alice.getPublicKey({ KeyId: bobsKey }), denied(ALICE, "kms:GetPublicKey", keyArn(bobsKey), "resource"));
    await refused(
      kms,
      alice.generateMac({ KeyId: noMacForAlice, Message: MESSAGE, MacAlgorithm: "HMAC_SHA_384" }),
      denied(ALICE, "kms:GenerateMac", keyArn(noMacForAlice), "deny-resource"),
    );
    // VerifyMac is not denied: Alice verifies a MAC the root made.
    const mac = (await kms.generateMac({ KeyId: noMacForAlice, Message: MESSAGE, MacAlgorithm: "HMAC_SHA_384" })).Mac as Uint8Array;
    expect((await alice.verifyMac({ KeyId: noMacForAlice, Message: MESSAGE, MacAlgorithm: "HMAC_SHA_384", Mac: mac })).MacValid).toBe(true);
    kms.putPrincipal(ALICE, { Policies: [iam(ALLOW_ALL, { Effect: "Deny", Action: "kms:Verify", Resource: "*" })] });
    const signer = await newKeyId(kms, { KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY" });
    const signature = (await alice.sign({ KeyId: signer, Message: MESSAGE, SigningAlgorithm: "ECDSA_SHA_256" })).Signature as Uint8Array;
    await refused(
      kms,
      alice.verify({ KeyId: signer, Message: MESSAGE, Signature: signature, SigningAlgorithm: "ECDSA_SHA_256" }),
      denied(ALICE, "kms:Verify", keyArn(signer), "deny-identity"),
    );
  });

  it("a refusal comes before the key's state, its usage, the algorithm and DryRun", async () => {
    const { kms } = createTestKms({ principals: { [BOB]: {} } });
    const signer = await newKeyId(kms, { KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY" });
    const hmac = await newKeyId(kms, { KeySpec: "HMAC_256", KeyUsage: "GENERATE_VERIFY_MAC" });
    await kms.disableKey({ KeyId: signer });
    const bob = kms.as(BOB);
    // Disabled key: AccessDeniedException, not DisabledException.
    await refused(kms, bob.sign({ KeyId: signer, Message: MESSAGE, SigningAlgorithm: "ECDSA_SHA_256" }), denied(BOB, "kms:Sign", keyArn(signer), "identity"));
    // Wrong key usage: the permission of the operation asked for is decided first.
    await refused(kms, bob.generateMac({ KeyId: signer, Message: MESSAGE, MacAlgorithm: "HMAC_SHA_256" }), denied(BOB, "kms:GenerateMac", keyArn(signer), "identity"));
    // An algorithm the key does not support, and DryRun.
    await refused(kms, bob.generateMac({ KeyId: hmac, Message: MESSAGE, MacAlgorithm: "HMAC_SHA_512" }), denied(BOB, "kms:GenerateMac", keyArn(hmac), "identity"));
    await refused(
      kms,
      bob.generateMac({ KeyId: hmac, Message: MESSAGE, MacAlgorithm: "HMAC_SHA_256", DryRun: true }),
      denied(BOB, "kms:GenerateMac", keyArn(hmac), "identity"),
    );
    kms.putPrincipal(BOB, { Policies: [iam({ Effect: "Allow", Action: "kms:GenerateMac", Resource: "*" })] });
    await expectError(bob.generateMac({ KeyId: hmac, Message: MESSAGE, MacAlgorithm: "HMAC_SHA_256", DryRun: true }), DryRunOperationException);
  });

  it("RSA encryption: Decrypt and ReEncrypt are decided on the keys KeyId, SourceKeyId and DestinationKeyId name", async () => {
    const { kms } = createTestKms({
      principals: {
        [ALICE]: { Policies: [iam({ Effect: "Allow", Action: ["kms:Encrypt", "kms:ReEncryptFrom"], Resource: "*" })] },
        [BOB]: { Policies: [iam({ Effect: "Allow", Action: ["kms:Decrypt"], Resource: "*" })] },
      },
    });
    const rsa = await newKeyId(kms, { KeySpec: "RSA_2048", KeyUsage: "ENCRYPT_DECRYPT" });
    const symmetric = await newKeyId(kms);
    const alice = kms.as(ALICE);
    const blob = (await alice.encrypt({ KeyId: rsa, Plaintext: MESSAGE, EncryptionAlgorithm: "RSAES_OAEP_SHA_256" })).CiphertextBlob as Uint8Array;
    // An RSA ciphertext names no key: Decrypt is decided on KeyId's.
    await refused(
      kms,
      alice.decrypt({ KeyId: rsa, CiphertextBlob: blob, EncryptionAlgorithm: "RSAES_OAEP_SHA_256" }),
      denied(ALICE, "kms:Decrypt", keyArn(rsa), "identity"),
    );
    expect((await kms.as(BOB).decrypt({ KeyId: rsa, CiphertextBlob: blob, EncryptionAlgorithm: "RSAES_OAEP_SHA_256" })).Plaintext).toEqual(MESSAGE);
    // RSA source to a symmetric destination: ReEncryptFrom on the source passes, ReEncryptTo is refused.
    await refused(
      kms,
      alice.reEncrypt({ CiphertextBlob: blob, SourceKeyId: rsa, SourceEncryptionAlgorithm: "RSAES_OAEP_SHA_256", DestinationKeyId: symmetric }),
      denied(ALICE, "kms:ReEncryptTo", keyArn(symmetric), "identity"),
    );
    // A symmetric ciphertext to an RSA destination: ReEncryptFrom is decided on the ciphertext's key.
    const sealed = (await kms.encrypt({ KeyId: symmetric, Plaintext: MESSAGE })).CiphertextBlob as Uint8Array;
    await refused(
      kms,
      kms.as(BOB).reEncrypt({ CiphertextBlob: sealed, DestinationKeyId: rsa, DestinationEncryptionAlgorithm: "RSAES_OAEP_SHA_256" }),
      denied(BOB, "kms:ReEncryptFrom", keyArn(symmetric), "identity"),
    );
    kms.putPrincipal(ALICE, { Policies: [iam({ Effect: "Allow", Action: ["kms:Encrypt", "kms:ReEncrypt*"], Resource: "*" })] });
    const moved = await alice.reEncrypt({ CiphertextBlob: sealed, DestinationKeyId: rsa, DestinationEncryptionAlgorithm: "RSAES_OAEP_SHA_256" });
    expect(moved).toMatchObject({ SourceKeyId: keyArn(symmetric), KeyId: keyArn(rsa), DestinationEncryptionAlgorithm: "RSAES_OAEP_SHA_256" });
  });

  it("kms:SigningAlgorithm and kms:MacAlgorithm conditions read the request, before the algorithm is checked", async () => {
    const onlySha256 = (action: string, key: string, value: string) => ({ Effect: "Allow", Action: action, Resource: "*", Condition: { StringEquals: { [key]: value } } });
    const { kms } = createTestKms({
      principals: {
        [APP]: {
          Policies: [iam(onlySha256("kms:Sign", "kms:SigningAlgorithm", "ECDSA_SHA_256"), onlySha256("kms:GenerateMac", "kms:MacAlgorithm", "HMAC_SHA_256"))],
        },
      },
    });
    const signer = await newKeyId(kms, { KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY" });
    const hmac = await newKeyId(kms, { KeySpec: "HMAC_256", KeyUsage: "GENERATE_VERIFY_MAC" });
    const app = kms.as(APP);
    expect((await app.sign({ KeyId: signer, Message: MESSAGE, SigningAlgorithm: "ECDSA_SHA_256" })).SigningAlgorithm).toBe("ECDSA_SHA_256");
    await refused(kms, app.sign({ KeyId: signer, Message: MESSAGE, SigningAlgorithm: "ECDSA_SHA_384" }), denied(APP_SESSION, "kms:Sign", keyArn(signer), "identity"));
    expect((await app.generateMac({ KeyId: hmac, Message: MESSAGE, MacAlgorithm: "HMAC_SHA_256" })).MacAlgorithm).toBe("HMAC_SHA_256");
    await refused(kms, app.generateMac({ KeyId: hmac, Message: MESSAGE, MacAlgorithm: "HMAC_SHA_512" }), denied(APP_SESSION, "kms:GenerateMac", keyArn(hmac), "identity"));
  });

  it("importing HMAC material as a principal allowed by IAM: the checks after the unwrap run in its call", async () => {
    const { kms } = createTestKms({ principals: { [ALICE]: { Policies: [iam(ALLOW_ALL)] }, [BOB]: {} } });
    const external = await newKeyId(kms, { KeySpec: "HMAC_256", KeyUsage: "GENERATE_VERIFY_MAC", Origin: "EXTERNAL" });
    const material = new Uint8Array(32).fill(9);
    await expectError(importMaterial(kms.as(BOB), external, material), AccessDeniedException, denied(BOB, "kms:GetParametersForImport", keyArn(external), "identity"));
    await importMaterial(kms.as(ALICE), external, material);
    const described = await kms.as(ALICE).describeKey({ KeyId: external });
    expect(described.KeyMetadata?.KeyState).toBe("Enabled");
  });
});

describe("grants of every key type", () => {
  it("a grant of an asymmetric or HMAC key's own operations lets a grantee without policies use it", async () => {
    const { kms } = createTestKms({ principals: { [APP]: {} } });
    const signer = await newKeyId(kms, { KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY" });
    const hmac = await newKeyId(kms, { KeySpec: "HMAC_256", KeyUsage: "GENERATE_VERIFY_MAC" });
    const agreement = await newKeyId(kms, { KeySpec: "ECC_NIST_P256", KeyUsage: "KEY_AGREEMENT" });
    const app = kms.as(APP);
    await refused(kms, app.sign({ KeyId: signer, Message: MESSAGE, SigningAlgorithm: "ECDSA_SHA_256" }), denied(APP_SESSION, "kms:Sign", keyArn(signer), "identity"));
    await kms.createGrant({ KeyId: signer, GranteePrincipal: APP, Operations: ["Sign", "GetPublicKey"] });
    await kms.createGrant({ KeyId: hmac, GranteePrincipal: APP, Operations: ["GenerateMac"] });
    await kms.createGrant({ KeyId: agreement, GranteePrincipal: APP, Operations: ["DeriveSharedSecret"] });
    const signature = await app.sign({ KeyId: signer, Message: MESSAGE, SigningAlgorithm: "ECDSA_SHA_256" });
    expect(signature.KeyId).toBe(keyArn(signer));
    expect((await app.getPublicKey({ KeyId: signer })).KeySpec).toBe("ECC_NIST_P256");
    // Verify was not granted.
    await refused(
      kms,
      app.verify({ KeyId: signer, Message: MESSAGE, Signature: signature.Signature as Uint8Array, SigningAlgorithm: "ECDSA_SHA_256" }),
      denied(APP_SESSION, "kms:Verify", keyArn(signer), "identity"),
    );
    expect((await app.generateMac({ KeyId: hmac, Message: MESSAGE, MacAlgorithm: "HMAC_SHA_256" })).Mac).toHaveLength(32);
    await refused(kms, app.verifyMac({ KeyId: hmac, Message: MESSAGE, MacAlgorithm: "HMAC_SHA_256", Mac: new Uint8Array(32) }), denied(APP_SESSION, "kms:VerifyMac", keyArn(hmac), "identity"));
    expect((await app.deriveSharedSecret({ KeyId: agreement, KeyAgreementAlgorithm: "ECDH", PublicKey: PEER })).SharedSecret).toHaveLength(32);
    await refused(kms, app.getPublicKey({ KeyId: agreement }), denied(APP_SESSION, "kms:GetPublicKey", keyArn(agreement), "identity"));
  });

  it("refuses operations a key type does not support, and encryption-context constraints off symmetric keys", async () => {
    const { kms } = createTestKms();
    const symmetric = await newKeyId(kms);
    const hmac = await newKeyId(kms, { KeySpec: "HMAC_256", KeyUsage: "GENERATE_VERIFY_MAC" });
    const signer = await newKeyId(kms, { KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY" });
    const before = JSON.stringify(kms.snapshot());
    await expectError(
      kms.createGrant({ KeyId: symmetric, GranteePrincipal: APP, Operations: ["Sign", "Decrypt"] }),
      ValidationException,
      "The grant operations [Sign] are not supported on a KMS key with KeySpec SYMMETRIC_DEFAULT and KeyUsage ENCRYPT_DECRYPT.",
    );
    await expectError(
      kms.createGrant({ KeyId: hmac, GranteePrincipal: APP, Operations: ["GenerateMac", "Encrypt", "GenerateDataKey"] }),
      ValidationException,
      "The grant operations [Encrypt, GenerateDataKey] are not supported on a KMS key with KeySpec HMAC_256 and KeyUsage GENERATE_VERIFY_MAC.",
    );
    for (const [keyId, operation] of [[signer, "Sign"], [hmac, "GenerateMac"]] as const) {
      await expectError(
        kms.createGrant({ KeyId: keyId, GranteePrincipal: APP, Operations: [operation], Constraints: { EncryptionContextEquals: { tenant: "acme" } } }),
        ValidationException,
        "EncryptionContext is supported only when creating a grant for a symmetric encryption KMS key.",
      );
    }
    expect(JSON.stringify(kms.snapshot())).toBe(before);
    // An empty constraint map constrains nothing, and is accepted.
    const grant = await kms.createGrant({ KeyId: signer, GranteePrincipal: APP, Operations: ["Sign"], Constraints: { EncryptionContextSubset: {} } });
    expect((await kms.listGrants({ KeyId: signer })).Grants?.map((g) => [g.GrantId, g.Constraints])).toEqual([[grant.GrantId, undefined]]);
  });
});
