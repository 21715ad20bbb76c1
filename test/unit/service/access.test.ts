/**
 * Access control end to end through the service: callers (`kms.as`), registered principals, every
 * message variant, cross-account use by key ARN, the lockout check, the default and AWS managed
 * key policies, condition keys from the request and from the simulated clock, DryRun, grant
 * tokens, and that a refused call changes nothing.
 */
import { describe, expect, it } from "vitest";
import {
  AccessDeniedException,
  DryRunOperationException,
  InvalidGrantTokenException,
  LimitExceededException,
  MalformedPolicyDocumentException,
  NotFoundException,
  UnsupportedOperationException,
} from "../../../src/index.js";
import { denied, refused } from "../../support/access-refusals.js";
import { createTestKms, expectError, newKeyId } from "../../support/create-test-kms.js";

const ACCOUNT = "111122223333";
const OTHER = "444455556666";
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const ALICE = `arn:aws:iam::${ACCOUNT}:user/alice`;
const BOB = `arn:aws:iam::${ACCOUNT}:user/bob`;
const APP_ROLE = `arn:aws:iam::${ACCOUNT}:role/service/app`;
const CAROL = `arn:aws:iam::${OTHER}:user/carol`;
const keyArn = (keyId: string) => `arn:aws:kms:us-east-1:${ACCOUNT}:key/${keyId}`;
const PLAINTEXT = new Uint8Array([1, 2, 3]);

const iam = (...statements: object[]) => ({ Version: "2012-10-17", Statement: statements });
const keyPolicy = (...statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const ENABLE_IAM = { Sid: "Enable IAM User Permissions", Effect: "Allow", Principal: { AWS: ROOT }, Action: "kms:*", Resource: "*" };
const ALLOW_ALL = { Effect: "Allow", Action: "kms:*", Resource: "*" };

describe("callers", () => {
  it("without kms.as every request runs as the account root under the key's policy", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms, { Policy: keyPolicy({ Effect: "Allow", Principal: { AWS: ROOT }, Action: ["kms:Encrypt", "kms:PutKeyPolicy"], Resource: "*" }) });
    await kms.encrypt({ KeyId: keyId, Plaintext: PLAINTEXT });
    await refused(kms, kms.describeKey({ KeyId: keyId }), denied(ROOT, "kms:DescribeKey", keyArn(keyId), "resource"));
  });

  it("kms.as names a user, a role (acting as a session of it), a session, an account's root, or a service", async () => {
    const { kms } = createTestKms({ principals: { [APP_ROLE]: { Policies: [iam(ALLOW_ALL)] } } });
    const keyId = await newKeyId(kms);
    await kms.as(APP_ROLE).encrypt({ KeyId: keyId, Plaintext: PLAINTEXT });
    // A session of the registered role (path service/) carries the role's policies.
    await kms.as(`arn:aws:sts::${ACCOUNT}:assumed-role/app/worker-1`).encrypt({ KeyId: keyId, Plaintext: PLAINTEXT });
    await refused(
      kms,
      kms.as(`arn:aws:sts::${ACCOUNT}:assumed-role/other/s`).encrypt({ KeyId: keyId, Plaintext: PLAINTEXT }),
      denied(`arn:aws:sts::${ACCOUNT}:assumed-role/other/s`, "kms:Encrypt", keyArn(keyId), "identity"),
    );
    await refused(
      kms,
      kms.as(APP_ROLE.replace("service/app", "plain")).encrypt({ KeyId: keyId, Plaintext: PLAINTEXT }),
      denied(`arn:aws:sts::${ACCOUNT}:assumed-role/plain/kms-sim`, "kms:Encrypt", keyArn(keyId), "identity"),
    );
    expect((await kms.as(ACCOUNT).describeKey({ KeyId: keyId })).KeyMetadata?.KeyId).toBe(keyId);
    await refused(kms, kms.as("cloudtrail.amazonaws.com").describeKey({ KeyId: keyArn(keyId) }), denied("cloudtrail.amazonaws.com", "kms:DescribeKey", keyArn(keyId), "resource"));
    expect(() => kms.as("arn:aws:iam::111122223333:group/admins")).toThrow(RangeError);
    expect(() => kms.as({ PrincipalArn: ALICE, SourceIp: "300.1.1.1" })).toThrow(RangeError);
    expect(() => kms.as({ PrincipalArn: ALICE, ViaService: "s3" })).toThrow(RangeError);
  });

  it("kms.as(a).as(b) acts as b; the API acting as a caller is the whole Kms", async () => {
    const { kms } = createTestKms({ principals: { [ALICE]: { Policies: [iam(ALLOW_ALL)] } } });
    const keyId = await newKeyId(kms);
    const bob = kms.as(ALICE).as(BOB);
    await refused(kms, bob.describeKey({ KeyId: keyId }), denied(BOB, "kms:DescribeKey", keyArn(keyId), "identity"));
    expect(Object.keys(kms.as(ALICE)).sort()).toEqual(Object.keys(kms).sort());
  });

  it("putPrincipal validates like IAM, refuses taken or malformed access keys, and takes effect at once", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms);
    await expectError(
      Promise.resolve().then(() => kms.putPrincipal(ALICE, { Policies: [{ Statement: [ALLOW_ALL] }] })),
      MalformedPolicyDocumentException,
      "Policy document must be version 2012-10-17 or greater.",
    );
    expect(() => kms.putPrincipal(ROOT, { Policies: [iam(ALLOW_ALL)] })).toThrow(RangeError);
    expect(() => kms.putPrincipal(`arn:aws:sts::${ACCOUNT}:assumed-role/app/s`, {})).toThrow(RangeError);
    expect(() => kms.putPrincipal(ALICE, { AccessKeyId: "111122223333" })).toThrow(RangeError);
    expect(() => kms.putPrincipal(ALICE, { SecretAccessKey: "s" })).toThrow(RangeError);
    kms.putPrincipal(ALICE, { AccessKeyId: "AKIAALICE0000000001" });
    expect(() => kms.putPrincipal(BOB, { AccessKeyId: "AKIAALICE0000000001" })).toThrow("AccessKeyId AKIAALICE0000000001 already belongs to arn:aws:iam::111122223333:user/alice");
    const alice = kms.as(ALICE);
    await refused(kms, alice.encrypt({ KeyId: keyId, Plaintext: PLAINTEXT }), denied(ALICE, "kms:Encrypt", keyArn(keyId), "identity"));
    kms.putPrincipal(ALICE, { Policies: [JSON.stringify(iam({ Effect: "Allow", Action: "kms:Encrypt", Resource: keyArn(keyId) }))] });
    await alice.encrypt({ KeyId: keyId, Plaintext: PLAINTEXT });
    expect(kms.snapshot().principals).toEqual([
      { arn: ALICE, policies: [JSON.stringify(iam({ Effect: "Allow", Action: "kms:Encrypt", Resource: keyArn(keyId) }))], accessKeyId: null, secretAccessKey: null },
    ]);
  });

  it("asAccessKey: a registered key is its principal (verified when it has a secret), 12 digits an account root, else root or, strict, refused", async () => {
    const { kms } = createTestKms({
      principals: { [ALICE]: { AccessKeyId: "AKIAALICE0000000001" }, [BOB]: { AccessKeyId: "AKIABOB00000000001", SecretAccessKey: "bob-secret" } },
    });
    const keyId = await newKeyId(kms);
    await refused(kms, kms.asAccessKey("AKIAALICE0000000001").encrypt({ KeyId: keyId, Plaintext: PLAINTEXT }), denied(ALICE, "kms:Encrypt", keyArn(keyId), "identity"));
    const seen: [string, Date][] = [];
    await expectError(
      kms.asAccessKey("AKIABOB00000000001", { verify: (secret, now) => void seen.push([secret, now]) }).encrypt({ KeyId: keyId, Plaintext: PLAINTEXT }),
      AccessDeniedException,
    );
    expect(seen).toEqual([["bob-secret", new Date("2026-01-01T00:00:00Z")]]);
    expect(() => kms.asAccessKey("AKIABOB00000000001")).toThrow(RangeError);
    await kms.asAccessKey(ACCOUNT).encrypt({ KeyId: keyId, Plaintext: PLAINTEXT });
    await refused(kms, kms.asAccessKey(OTHER).encrypt({ KeyId: keyArn(keyId), Plaintext: PLAINTEXT }), denied(`arn:aws:iam::${OTHER}:root`, "kms:Encrypt", keyArn(keyId), "resource"));
    await kms.asAccessKey("test").encrypt({ KeyId: keyId, Plaintext: PLAINTEXT });
    expect(() => kms.asAccessKey("test", { strict: true })).toThrow("The security token included in the request is invalid.");
  });
});

describe("the four refusals, end to end", () => {
  it("no resource-based policy, no identity-based policy, explicit deny in each", async () => {
    const { kms } = createTestKms({ principals: { [ALICE]: { Policies: [iam(ALLOW_ALL)] }, [BOB]: {} } });
    const onlyBob = await newKeyId(kms, { Policy: keyPolicy({ Effect: "Allow", Principal: { AWS: BOB }, Action: "kms:*", Resource: "*" }), BypassPolicyLockoutSafetyCheck: true });
    const delegating = await newKeyId(kms);
    const denying = await newKeyId(kms, { Policy: keyPolicy(ENABLE_IAM, { Effect: "Deny", Principal: { AWS: ALICE }, Action: "kms:Decrypt", Resource: "*" }) });
    const alice = kms.as(ALICE);
    // Alice's IAM allows everything, but the key policy names only Bob.
    await refused(kms, alice.encrypt({ KeyId: onlyBob, Plaintext: PLAINTEXT }), denied(ALICE, "kms:Encrypt", keyArn(onlyBob), "resource"));
    // Bob is named by the key policy itself: no IAM needed in the key's account.
    await kms.as(BOB).encrypt({ KeyId: onlyBob, Plaintext: PLAINTEXT });
    // The key policy delegates to the account, Bob has no IAM policy.
    await refused(kms, kms.as(BOB).encrypt({ KeyId: delegating, Plaintext: PLAINTEXT }), denied(BOB, "kms:Encrypt", keyArn(delegating), "identity"));
    const blob = (await alice.encrypt({ KeyId: denying, Plaintext: PLAINTEXT })).CiphertextBlob as Uint8Array;
    await refused(kms, alice.decrypt({ CiphertextBlob: blob }), denied(ALICE, "kms:Decrypt", keyArn(denying), "deny-resource"));
    kms.putPrincipal(ALICE, { Policies: [iam(ALLOW_ALL, { Effect: "Deny", Action: "kms:Encrypt", Resource: "*" })] });
    await refused(kms, alice.encrypt({ KeyId: delegating, Plaintext: PLAINTEXT }), denied(ALICE, "kms:Encrypt", keyArn(delegating), "deny-identity"));
    // Operations on no resource name "*".
    await refused(kms, kms.as(BOB).listKeys(), denied(BOB, "kms:ListKeys", "*", "identity"));
  });

  it("Decrypt is decided on the key in the ciphertext, whatever KeyId names", async () => {
    const { kms } = createTestKms({ principals: { [ALICE]: { Policies: [iam({ Effect: "Allow", Action: "kms:Decrypt", Resource: "*" })] } } });
    const keyId = await newKeyId(kms);
    const locked = await newKeyId(kms, { Policy: keyPolicy({ Effect: "Allow", Principal: { AWS: ROOT }, Action: ["kms:Encrypt", "kms:PutKeyPolicy"], Resource: "*" }) });
    const blob = (await kms.encrypt({ KeyId: locked, Plaintext: PLAINTEXT })).CiphertextBlob as Uint8Array;
    await refused(kms, kms.as(ALICE).decrypt({ CiphertextBlob: blob, KeyId: keyId }), denied(ALICE, "kms:Decrypt", keyArn(locked), "resource"));
    const ok = (await kms.encrypt({ KeyId: keyId, Plaintext: PLAINTEXT })).CiphertextBlob as Uint8Array;
    expect((await kms.as(ALICE).decrypt({ CiphertextBlob: ok })).Plaintext).toEqual(PLAINTEXT);
  });

  it("a refusal comes before anything that reveals the key's state", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms);
    await kms.disableKey({ KeyId: keyId });
    await refused(kms, kms.as(BOB).encrypt({ KeyId: keyId, Plaintext: PLAINTEXT }), denied(BOB, "kms:Encrypt", keyArn(keyId), "identity"));
    await kms.scheduleKeyDeletion({ KeyId: keyId });
    await refused(kms, kms.as(BOB).enableKeyRotation({ KeyId: keyId }), denied(BOB, "kms:EnableKeyRotation", keyArn(keyId), "identity"));
    // A key that does not exist is NotFoundException for everyone, as in AWS.
    await expectError(kms.as(BOB).encrypt({ KeyId: "11111111-2222-4333-8444-555555555555", Plaintext: PLAINTEXT }), NotFoundException);
  });

  it("DryRun checks permissions: refused with AccessDeniedException, allowed with DryRunOperationException", async () => {
    const { kms } = createTestKms({ principals: { [ALICE]: { Policies: [iam({ Effect: "Allow", Action: ["kms:Encrypt", "kms:CreateGrant"], Resource: "*" })] } } });
    const keyId = await newKeyId(kms);
    const dry = { KeyId: keyId, GranteePrincipal: BOB, Operations: ["Decrypt" as const], DryRun: true };
    await refused(kms, kms.as(BOB).encrypt({ KeyId: keyId, Plaintext: PLAINTEXT, DryRun: true }), denied(BOB, "kms:Encrypt", keyArn(keyId), "identity"));
    await expectError(kms.as(ALICE).encrypt({ KeyId: keyId, Plaintext: PLAINTEXT, DryRun: true }), DryRunOperationException, "The request would have succeeded, but the DryRun option is set.");
    await refused(kms, kms.as(BOB).createGrant(dry), denied(BOB, "kms:CreateGrant", keyArn(keyId), "identity"));
    await expectError(kms.as(ALICE).createGrant(dry), DryRunOperationException);
    await refused(kms, kms.as(BOB).decrypt({ KeyId: keyId, DryRun: true, DryRunModifiers: ["IGNORE_CIPHERTEXT"] }), denied(BOB, "kms:Decrypt", keyArn(keyId), "identity"));
    expect((await kms.listGrants({ KeyId: keyId })).Grants).toEqual([]);
  });
});

describe("cross-account use by key ARN", () => {
  const crossAccountPolicy = keyPolicy(ENABLE_IAM, {
    Sid: "Allow use by the other account",
    Effect: "Allow",
    Principal: { AWS: `arn:aws:iam::${OTHER}:root` },
    Action: ["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey", "kms:DisableKey", "kms:CreateGrant"],
    Resource: "*",
  });

  it("needs the key policy and the caller's IAM policy; a key id or alias name means the caller's own account", async () => {
    const { kms } = createTestKms({ principals: { [CAROL]: { Policies: [iam({ Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey", "kms:DisableKey"], Resource: `arn:aws:kms:*:${ACCOUNT}:key/*` })] } } });
    const keyId = await newKeyId(kms, { Policy: crossAccountPolicy });
    await kms.createAlias({ AliasName: "alias/shared", TargetKeyId: keyId });
    const carol = kms.as(CAROL);
    const blob = (await carol.encrypt({ KeyId: keyArn(keyId), Plaintext: PLAINTEXT })).CiphertextBlob as Uint8Array;
    expect((await carol.decrypt({ CiphertextBlob: blob })).Plaintext).toEqual(PLAINTEXT);
    expect((await carol.encrypt({ KeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/shared`, Plaintext: PLAINTEXT })).KeyId).toBe(keyArn(keyId));
    await expectError(carol.describeKey({ KeyId: keyId }), NotFoundException, `Key 'arn:aws:kms:us-east-1:${OTHER}:key/${keyId}' does not exist`);
    await expectError(carol.describeKey({ KeyId: "alias/shared" }), NotFoundException, `Alias arn:aws:kms:us-east-1:${OTHER}:alias/shared is not found.`);
    // Only the cryptographic operations, CreateGrant, DescribeKey... work across accounts.
    await refused(kms, carol.disableKey({ KeyId: keyArn(keyId) }), denied(CAROL, "kms:DisableKey", keyArn(keyId), "resource"));
    // The other account's own keys are not here; its listings are empty; it cannot create keys here.
    kms.putPrincipal(CAROL, { Policies: [iam(ALLOW_ALL)] });
    expect(await carol.listKeys()).toEqual({ Keys: [], Truncated: false });
    expect(await carol.listAliases()).toEqual({ Aliases: [], Truncated: false });
    await expectError(carol.createKey(), UnsupportedOperationException, `kms-sim models the keys of account ${ACCOUNT}; a caller of account ${OTHER} cannot create keys in its own account here.`);
  });

  it("the key policy alone is not enough from another account, and the other account's root needs no IAM", async () => {
    const { kms } = createTestKms({ principals: { [CAROL]: {} } });
    const keyId = await newKeyId(kms, { Policy: crossAccountPolicy });
    await refused(kms, kms.as(CAROL).encrypt({ KeyId: keyArn(keyId), Plaintext: PLAINTEXT }), denied(CAROL, "kms:Encrypt", keyArn(keyId), "identity"));
    await kms.as(OTHER).encrypt({ KeyId: keyArn(keyId), Plaintext: PLAINTEXT });
    const named = await newKeyId(kms, { Policy: keyPolicy(ENABLE_IAM, { Effect: "Allow", Principal: { AWS: CAROL }, Action: "kms:Encrypt", Resource: "*" }) });
    await refused(kms, kms.as(CAROL).encrypt({ KeyId: keyArn(named), Plaintext: PLAINTEXT }), denied(CAROL, "kms:Encrypt", keyArn(named), "identity"));
  });

  it("a grant alone lets another account's user use the key", async () => {
    const { kms } = createTestKms({ principals: { [CAROL]: {} } });
    const keyId = await newKeyId(kms);
    await kms.createGrant({ KeyId: keyId, GranteePrincipal: CAROL, Operations: ["Encrypt", "DescribeKey"] });
    await kms.as(CAROL).encrypt({ KeyId: keyArn(keyId), Plaintext: PLAINTEXT });
    expect((await kms.as(CAROL).describeKey({ KeyId: keyArn(keyId) })).KeyMetadata?.KeyId).toBe(keyId);
  });
});

describe("key policies", () => {
  it("CreateKey without a policy attaches AWS's default policy, in GetKeyPolicy's layout", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms);
    expect((await kms.getKeyPolicy({ KeyId: keyId })).Policy).toBe(`{
  "Version" : "2012-10-17",
  "Id" : "key-default-1",
  "Statement" : [ {
    "Sid" : "Enable IAM User Permissions",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : "arn:aws:iam::111122223333:root"
    },
    "Action" : "kms:*",
    "Resource" : "*"
  } ]
}`);
  });

  it("AWS managed keys have AWS's policy: use only through the service, metadata for the account", async () => {
    const { kms } = createTestKms({ principals: { [ALICE]: { Policies: [iam(ALLOW_ALL)] } } });
    const keyId = (await kms.describeKey({ KeyId: "alias/aws/s3" })).KeyMetadata?.KeyId as string;
    const policy = JSON.parse((await kms.getKeyPolicy({ KeyId: keyId })).Policy as string);
    expect(policy.Id).toBe("auto-s3-2");
    expect(policy.Statement[0]).toEqual({
      Sid: "Allow access through S3 for all principals in the account that are authorized to use S3",
      Effect: "Allow",
      Principal: { AWS: "*" },
      Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
      Resource: "*",
      Condition: { StringEquals: { "kms:CallerAccount": ACCOUNT, "kms:ViaService": "s3.us-east-1.amazonaws.com" } },
    });
    await refused(kms, kms.as(ALICE).encrypt({ KeyId: "alias/aws/s3", Plaintext: PLAINTEXT }), denied(ALICE, "kms:Encrypt", keyArn(keyId), "resource"));
    const viaS3 = kms.as({ PrincipalArn: ALICE, ViaService: "s3.us-east-1.amazonaws.com" });
    const blob = (await viaS3.encrypt({ KeyId: "alias/aws/s3", Plaintext: PLAINTEXT })).CiphertextBlob as Uint8Array;
    expect((await viaS3.decrypt({ CiphertextBlob: blob })).Plaintext).toEqual(PLAINTEXT);
    await refused(kms, kms.as({ PrincipalArn: ALICE, ViaService: "ec2.us-east-1.amazonaws.com" }).decrypt({ CiphertextBlob: blob }), denied(ALICE, "kms:Decrypt", keyArn(keyId), "resource"));
    const lambda = (await kms.describeKey({ KeyId: "alias/aws/lambda" })).KeyMetadata?.KeyId as string;
    const lambdaPolicy = JSON.parse((await kms.getKeyPolicy({ KeyId: lambda })).Policy as string);
    expect([lambdaPolicy.Id, lambdaPolicy.Statement[0].Sid, lambdaPolicy.Statement[0].Action]).toEqual([
      "auto-awslambda",
      "Allow access through AWS Lambda for all principals in the account that are authorized to use AWS Lambda",
      ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:DescribeKey"],
    ]);
  });

  it("a refused DescribeKey of an AWS managed key not made yet makes nothing and names its alias", async () => {
    const { kms } = createTestKms();
    await refused(kms, kms.as(BOB).describeKey({ KeyId: "alias/aws/ebs" }), denied(BOB, "kms:DescribeKey", `arn:aws:kms:us-east-1:${ACCOUNT}:alias/aws/ebs`, "identity"));
    expect((await kms.listKeys()).Keys).toEqual([]);
  });

  it("the lockout safety check: CreateKey and PutKeyPolicy refuse a policy that would lock the caller out, unless bypassed", async () => {
    const { kms } = createTestKms({ principals: { [ALICE]: { Policies: [iam(ALLOW_ALL)] } } });
    const lockout = "The new key policy will not allow you to update the key policy in the future.";
    const onlyBob = keyPolicy({ Effect: "Allow", Principal: { AWS: BOB }, Action: "kms:*", Resource: "*" });
    await expectError(kms.createKey({ Policy: onlyBob }), MalformedPolicyDocumentException, lockout);
    await expectError(kms.as(ALICE).createKey({ Policy: onlyBob }), MalformedPolicyDocumentException, lockout);
    const keyId = await newKeyId(kms.as(ALICE), { Policy: keyPolicy(ENABLE_IAM) });
    await expectError(kms.putKeyPolicy({ KeyId: keyId, Policy: onlyBob }), MalformedPolicyDocumentException, lockout);
    // Alice passes with a policy that only delegates to the account: her IAM allows kms:PutKeyPolicy.
    await kms.as(ALICE).putKeyPolicy({ KeyId: keyId, Policy: keyPolicy(ENABLE_IAM) });
    kms.putPrincipal(ALICE, { Policies: [iam({ Effect: "Allow", NotAction: "kms:PutKeyPolicy", Resource: "*" }, { Effect: "Allow", Action: "kms:PutKeyPolicy", Resource: keyArn(keyId) })] });
    await kms.as(ALICE).putKeyPolicy({ KeyId: keyId, Policy: keyPolicy(ENABLE_IAM) });
    await kms.putKeyPolicy({ KeyId: keyId, Policy: onlyBob, BypassPolicyLockoutSafetyCheck: true });
    await refused(kms, kms.getKeyPolicy({ KeyId: keyId }), denied(ROOT, "kms:GetKeyPolicy", keyArn(keyId), "resource"));
    // The bypass itself can be denied with kms:BypassPolicyLockoutSafetyCheck.
    const guarded = await newKeyId(kms, { Policy: keyPolicy(ENABLE_IAM, { Effect: "Deny", Principal: { AWS: "*" }, Action: "kms:PutKeyPolicy", Resource: "*", Condition: { Bool: { "kms:BypassPolicyLockoutSafetyCheck": "true" } } }) });
    await refused(kms, kms.putKeyPolicy({ KeyId: guarded, Policy: onlyBob, BypassPolicyLockoutSafetyCheck: true }), denied(ROOT, "kms:PutKeyPolicy", keyArn(guarded), "deny-resource"));
  });

  it("validates documents: size, principals, actions, conditions KMS refuses in key policies", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms);
    const big = keyPolicy({ ...ENABLE_IAM, Sid: "x".repeat(33_000) });
    await expectError(kms.putKeyPolicy({ KeyId: keyId, Policy: big }), LimitExceededException, "The key policy document cannot exceed 32 KB (32,768 bytes).");
    await expectError(
      kms.createKey({ Policy: keyPolicy({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:group/admins" }, Action: "kms:*", Resource: "*" }) }),
      MalformedPolicyDocumentException,
      "Policy contains a statement with one or more invalid principals.",
    );
    await expectError(
      kms.putKeyPolicy({ KeyId: keyId, Policy: keyPolicy(ENABLE_IAM, { Effect: "Allow", Principal: { AWS: ROOT }, Action: "kms:Encrypt", Resource: "*", Condition: { StringEquals: { "aws:ResourceTag/team": "a" } } }) }),
      MalformedPolicyDocumentException,
      "These condition keys are not permitted in a key policy: aws:ResourceTag, kms:ResourceTag, kms:ResourceAliases",
    );
    expect((await kms.getKeyPolicy({ KeyId: keyId })).Policy).toContain('"Id" : "key-default-1"');
  });
});

describe("condition keys from the request and the simulated clock", () => {
  it("aws:CurrentTime: a key usable until 2031 stops being usable in simulated 2031", async () => {
    const { kms, clock } = createTestKms();
    const keyId = await newKeyId(kms, {
      Policy: keyPolicy(ENABLE_IAM, { Effect: "Deny", Principal: { AWS: "*" }, Action: "kms:Encrypt", Resource: "*", Condition: { DateGreaterThanEquals: { "aws:CurrentTime": "2031-01-01T00:00:00Z" } } }),
    });
    await kms.encrypt({ KeyId: keyId, Plaintext: PLAINTEXT });
    clock.set(new Date("2030-12-31T23:59:59Z"));
    await kms.encrypt({ KeyId: keyId, Plaintext: PLAINTEXT });
    clock.set(new Date("2031-01-01T00:00:00Z"));
    await refused(kms, kms.encrypt({ KeyId: keyId, Plaintext: PLAINTEXT }), denied(ROOT, "kms:Encrypt", keyArn(keyId), "deny-resource"));
  });

  it("kms:EncryptionContext, kms:RequestAlias, kms:ViaService, aws:SourceIp and kms:RotationPeriodInDays read the request", async () => {
    const { kms } = createTestKms({ principals: { [ALICE]: {} } });
    const keyId = await newKeyId(kms, {
      Policy: keyPolicy(
        ENABLE_IAM,
        { Effect: "Allow", Principal: { AWS: ALICE }, Action: "kms:Encrypt", Resource: "*", Condition: { StringEquals: { "kms:EncryptionContext:tenant": "acme" }, "ForAllValues:StringEquals": { "kms:EncryptionContextKeys": ["tenant"] } } },
        { Effect: "Allow", Principal: { AWS: ALICE }, Action: "kms:DescribeKey", Resource: "*", Condition: { StringEquals: { "kms:RequestAlias": "alias/front" } } },
        { Effect: "Allow", Principal: { AWS: ALICE }, Action: "kms:GenerateDataKey", Resource: "*", Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } } },
        { Effect: "Allow", Principal: { AWS: ALICE }, Action: "kms:EnableKeyRotation", Resource: "*", Condition: { NumericLessThanEquals: { "kms:RotationPeriodInDays": "180" } } },
      ),
    });
    await kms.createAlias({ AliasName: "alias/front", TargetKeyId: keyId });
    await kms.createAlias({ AliasName: "alias/back", TargetKeyId: keyId });
    const alice = kms.as(ALICE);
    await alice.encrypt({ KeyId: keyId, Plaintext: PLAINTEXT, EncryptionContext: { tenant: "acme" } });
    // The key in kms:EncryptionContext:<k> is case-insensitive; StringEquals on kms:EncryptionContextKeys is not.
    await refused(kms, alice.encrypt({ KeyId: keyId, Plaintext: PLAINTEXT, EncryptionContext: { Tenant: "acme" } }), denied(ALICE, "kms:Encrypt", keyArn(keyId), "identity"));
    await refused(kms, alice.encrypt({ KeyId: keyId, Plaintext: PLAINTEXT, EncryptionContext: { tenant: "acme", extra: "x" } }), denied(ALICE, "kms:Encrypt", keyArn(keyId), "identity"));
    await refused(kms, alice.encrypt({ KeyId: keyId, Plaintext: PLAINTEXT }), denied(ALICE, "kms:Encrypt", keyArn(keyId), "identity"));
    await alice.describeKey({ KeyId: "alias/front" });
    await refused(kms, alice.describeKey({ KeyId: "alias/back" }), denied(ALICE, "kms:DescribeKey", keyArn(keyId), "identity"));
    await refused(kms, alice.describeKey({ KeyId: keyId }), denied(ALICE, "kms:DescribeKey", keyArn(keyId), "identity"));
    await kms.as({ PrincipalArn: ALICE, SourceIp: "10.1.2.3" }).generateDataKey({ KeyId: keyId, KeySpec: "AES_256" });
    await refused(kms, kms.as({ PrincipalArn: ALICE, SourceIp: "192.0.2.1" }).generateDataKey({ KeyId: keyId, KeySpec: "AES_256" }), denied(ALICE, "kms:GenerateDataKey", keyArn(keyId), "identity"));
    await alice.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 90 });
    await refused(kms, alice.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 365 }), denied(ALICE, "kms:EnableKeyRotation", keyArn(keyId), "identity"));
  });

  it("ReEncrypt reads the source context for ReEncryptFrom and the destination context for ReEncryptTo", async () => {
    const { kms } = createTestKms({ principals: { [ALICE]: {} } });
    const statement = (action: string, stage: string) => ({ Effect: "Allow", Principal: { AWS: ALICE }, Action: action, Resource: "*", Condition: { StringEquals: { "kms:EncryptionContext:stage": stage } } });
    const keyId = await newKeyId(kms, { Policy: keyPolicy(ENABLE_IAM, statement("kms:ReEncryptFrom", "old"), statement("kms:ReEncryptTo", "new")) });
    const blob = (await kms.encrypt({ KeyId: keyId, Plaintext: PLAINTEXT, EncryptionContext: { stage: "old" } })).CiphertextBlob as Uint8Array;
    const alice = kms.as(ALICE);
    await alice.reEncrypt({ CiphertextBlob: blob, SourceEncryptionContext: { stage: "old" }, DestinationKeyId: keyId, DestinationEncryptionContext: { stage: "new" } });
    await refused(
      kms,
      alice.reEncrypt({ CiphertextBlob: blob, SourceEncryptionContext: { stage: "old" }, DestinationKeyId: keyId, DestinationEncryptionContext: { stage: "old" } }),
      denied(ALICE, "kms:ReEncryptTo", keyArn(keyId), "identity"),
    );
  });

  it("grant tokens must be kms-sim's; a malformed one is InvalidGrantTokenException before anything else", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms);
    await expectError(kms.encrypt({ KeyId: keyId, Plaintext: PLAINTEXT, GrantTokens: ["not a token"] }), InvalidGrantTokenException, "The request was rejected because the specified grant token is not valid.");
    const { GrantToken } = await kms.createGrant({ KeyId: keyId, GranteePrincipal: ALICE, Operations: ["Encrypt"] });
    await kms.encrypt({ KeyId: keyId, Plaintext: PLAINTEXT, GrantTokens: [GrantToken as string] });
  });
});

describe("the caller's account bounds what it can see", () => {
  it("ListRetirableGrants names a principal of the caller's account, and is authorized on that principal", async () => {
    const { kms } = createTestKms({ principals: { [ALICE]: { Policies: [iam({ Effect: "Allow", Action: "kms:ListRetirableGrants", Resource: BOB })] }, [CAROL]: { Policies: [iam(ALLOW_ALL)] } } });
    const keyId = await newKeyId(kms);
    const { GrantId } = await kms.createGrant({ KeyId: keyId, GranteePrincipal: ALICE, RetiringPrincipal: BOB, Operations: ["Decrypt"] });
    // The authorized resource is the retiring principal: an IAM policy may name it.
    expect((await kms.as(ALICE).listRetirableGrants({ RetiringPrincipal: BOB })).Grants?.map((g) => g.GrantId)).toEqual([GrantId]);
    await refused(kms, kms.as(ALICE).listRetirableGrants({ RetiringPrincipal: ALICE }), denied(ALICE, "kms:ListRetirableGrants", ALICE, "identity"));
    // Another account may not list the grants of this account's principals, however broad its IAM policy.
    await refused(kms, kms.as(CAROL).listRetirableGrants({ RetiringPrincipal: BOB }), denied(CAROL, "kms:ListRetirableGrants", BOB, "resource"));
    await refused(kms, kms.as(OTHER).listRetirableGrants({ RetiringPrincipal: BOB }), denied(`arn:aws:iam::${OTHER}:root`, "kms:ListRetirableGrants", BOB, "resource"));
    await refused(kms, kms.as(OTHER).listRetirableGrants({ RetiringPrincipal: ACCOUNT }), denied(`arn:aws:iam::${OTHER}:root`, "kms:ListRetirableGrants", ACCOUNT, "resource"));
    // Its own principals' grants on this account's keys are its to list.
    const { GrantId: carols } = await kms.createGrant({ KeyId: keyId, GranteePrincipal: ALICE, RetiringPrincipal: CAROL, Operations: ["Encrypt"] });
    expect((await kms.as(CAROL).listRetirableGrants({ RetiringPrincipal: CAROL })).Grants?.map((g) => g.GrantId)).toEqual([carols]);
  });

  it("an alias name from another account names that account's alias: nothing here is found, changed or revealed", async () => {
    const { kms } = createTestKms({ principals: { [CAROL]: { Policies: [iam(ALLOW_ALL)] } } });
    const keyId = await newKeyId(kms);
    await kms.createAlias({ AliasName: "alias/secret-app", TargetKeyId: keyId });
    const carol = kms.as(CAROL);
    const before = JSON.stringify(kms.snapshot());
    await expectError(carol.deleteAlias({ AliasName: "alias/secret-app" }), NotFoundException, `Alias arn:aws:kms:us-east-1:${OTHER}:alias/secret-app is not found.`);
    await expectError(carol.deleteAlias({ AliasName: "alias/nope" }), NotFoundException, `Alias arn:aws:kms:us-east-1:${OTHER}:alias/nope is not found.`);
    await expectError(carol.updateAlias({ AliasName: "alias/secret-app", TargetKeyId: keyArn(keyId) }), NotFoundException, `Alias arn:aws:kms:us-east-1:${OTHER}:alias/secret-app is not found.`);
    expect(JSON.stringify(kms.snapshot())).toBe(before);
    // The alias check names the alias in the caller's account.
    kms.putPrincipal(CAROL, { Policies: [iam({ Effect: "Allow", Action: "kms:*", Resource: `arn:aws:kms:*:${ACCOUNT}:*` })] });
    await refused(kms, carol.deleteAlias({ AliasName: "alias/secret-app" }), denied(CAROL, "kms:DeleteAlias", `arn:aws:kms:us-east-1:${OTHER}:alias/secret-app`, "identity"));
    expect((await kms.describeKey({ KeyId: "alias/secret-app" })).KeyMetadata?.KeyId).toBe(keyId);
  });
});

describe("condition keys an AWS service adds (kms.as Context)", () => {
  const TRAIL = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/audit`;
  const cloudTrailStatement = {
    Sid: "Allow CloudTrail to encrypt logs",
    Effect: "Allow",
    Principal: { Service: "cloudtrail.amazonaws.com" },
    Action: "kms:GenerateDataKey*",
    Resource: "*",
    Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": `arn:aws:cloudtrail:*:${ACCOUNT}:trail/*` } },
  };

  it("aws:SourceArn and aws:SourceAccount allow a service principal in a key policy only when the service says so", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms, { Policy: keyPolicy(ENABLE_IAM, cloudTrailStatement) });
    const request = { KeyId: keyId, KeySpec: "AES_256" } as const;
    const trail = kms.as({ PrincipalArn: "cloudtrail.amazonaws.com", Context: { "aws:SourceArn": TRAIL, "aws:SourceAccount": ACCOUNT } });
    expect((await trail.generateDataKey(request)).KeyId).toBe(keyArn(keyId));
    await refused(kms, kms.as("cloudtrail.amazonaws.com").generateDataKey(request), denied("cloudtrail.amazonaws.com", "kms:GenerateDataKey", keyArn(keyId), "resource"));
    const otherTrail = kms.as({ PrincipalArn: "cloudtrail.amazonaws.com", Context: { "aws:SourceArn": `arn:aws:cloudtrail:us-east-1:${OTHER}:trail/x`, "aws:SourceAccount": OTHER } });
    await refused(kms, otherTrail.generateDataKey(request), denied("cloudtrail.amazonaws.com", "kms:GenerateDataKey", keyArn(keyId), "resource"));
  });

  it("a Deny on aws:PrincipalOrgID applies when the caller's context has another organization, and ReEncrypt keeps the caller's keys", async () => {
    const { kms } = createTestKms({ principals: { [ALICE]: { Policies: [iam(ALLOW_ALL)] } } });
    const deny = { Effect: "Deny", Principal: { AWS: "*" }, Action: "kms:*", Resource: "*", Condition: { Null: { "aws:PrincipalOrgID": "false" }, StringNotEquals: { "aws:PrincipalOrgID": "o-abc123" } } };
    const keyId = await newKeyId(kms, { Policy: keyPolicy(ENABLE_IAM, deny) });
    const member = kms.as({ PrincipalArn: ALICE, Context: { "aws:PrincipalOrgID": "o-abc123" } });
    const blob = (await member.encrypt({ KeyId: keyId, Plaintext: PLAINTEXT })).CiphertextBlob as Uint8Array;
    await member.reEncrypt({ CiphertextBlob: blob, DestinationKeyId: keyId });
    const outsider = kms.as({ PrincipalArn: ALICE, Context: { "aws:PrincipalOrgID": "o-zzz999" } });
    await refused(kms, outsider.encrypt({ KeyId: keyId, Plaintext: PLAINTEXT }), denied(ALICE, "kms:Encrypt", keyArn(keyId), "deny-resource"));
    await refused(kms, outsider.reEncrypt({ CiphertextBlob: blob, DestinationKeyId: keyId }), denied(ALICE, "kms:ReEncryptFrom", keyArn(keyId), "deny-resource"));
  });

  it("refuses Context keys kms-sim derives itself, names without a vendor, and values that are not condition values", () => {
    const { kms } = createTestKms();
    expect(() => kms.as({ PrincipalArn: ALICE, Context: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } })).toThrow(
      "kms:ViaService is a condition key kms-sim sets from the request or the caller (ViaService, SourceIp, GrantIsForAWSResource): it cannot be given in Context",
    );
    expect(() => kms.as({ PrincipalArn: ALICE, Context: { "aws:SourceIp": "10.0.0.1" } })).toThrow(RangeError);
    expect(() => kms.as({ PrincipalArn: ALICE, Context: { SourceArn: TRAIL } })).toThrow("Context keys are condition keys with a vendor prefix, such as aws:SourceArn; got SourceArn");
    expect(() => kms.as({ PrincipalArn: ALICE, Context: { "aws:SourceArn": { arn: TRAIL } as never } })).toThrow("Context value of aws:SourceArn must be a string, number, boolean or list of strings");
  });
});
