/**
 * Grants through the service: CreateGrant (constraints, key types, the CreateGrant-only refusal,
 * Name idempotency, the quota, key states), use by the grantee, narrowing by a grantee that holds
 * CreateGrant through a grant, who may retire and revoke, ListGrants and ListRetirableGrants,
 * grant tokens and propagation, and the grant's life with its key.
 */
import { describe, expect, it } from "vitest";
import {
  AccessDeniedException,
  DisabledException,
  InvalidArnException,
  InvalidGrantIdException,
  InvalidGrantTokenException,
  KMSInvalidStateException,
  LimitExceededException,
  NotFoundException,
  ValidationException,
  createKms,
  type Kms,
} from "../../../src/index.js";
import { createTestKms, DAY, expectError, newKeyId, T0 } from "../../support/create-test-kms.js";

const ACCOUNT = "111122223333";
const OTHER = "444455556666";
const ALICE = `arn:aws:iam::${ACCOUNT}:user/alice`;
const BOB = `arn:aws:iam::${ACCOUNT}:user/bob`;
const APP = `arn:aws:iam::${ACCOUNT}:role/app`;
const APP_SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/app/job-7`;
const CAROL = `arn:aws:iam::${OTHER}:user/carol`;
const keyArn = (keyId: string) => `arn:aws:kms:us-east-1:${ACCOUNT}:key/${keyId}`;
const PLAINTEXT = new Uint8Array([9, 8, 7]);

const denied = (caller: string, action: string, resource: string, why: "resource" | "identity") =>
  `User: ${caller} is not authorized to perform: ${action} on resource: ${resource} because no ${why}-based policy allows the ${action} action`;

/** A KMS with Alice (IAM: kms:*), Bob and the app role registered without policies. */
function setup(options: Parameters<typeof createTestKms>[0] = {}) {
  return createTestKms({
    principals: {
      [ALICE]: { Policies: [{ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "kms:*", Resource: "*" }] }] },
      [BOB]: {},
      [APP]: {},
    },
    ...options,
  });
}

async function refusedAndUnchanged(kms: Kms, call: Promise<unknown>, message: string): Promise<void> {
  const before = JSON.stringify(kms.snapshot());
  await expectError(call, AccessDeniedException, message);
  expect(JSON.stringify(kms.snapshot())).toBe(before);
}

describe("createGrant", () => {
  it("gives the grantee exactly the grant's operations on that key, from a 64-hex id and a fresh token", async () => {
    const { kms } = setup();
    const keyId = await newKeyId(kms);
    const other = await newKeyId(kms);
    const grant = await kms.createGrant({ KeyId: keyId, GranteePrincipal: APP, Operations: ["Encrypt", "Decrypt"] });
    expect(grant.GrantId).toMatch(/^[0-9a-f]{64}$/);
    expect(grant.GrantToken).toMatch(/^[A-Za-z0-9_-]+$/);
    const app = kms.as(APP_SESSION);
    const blob = (await app.encrypt({ KeyId: keyId, Plaintext: PLAINTEXT })).CiphertextBlob as Uint8Array;
    expect((await app.decrypt({ CiphertextBlob: blob })).Plaintext).toEqual(PLAINTEXT);
    await refusedAndUnchanged(kms, app.generateDataKey({ KeyId: keyId, KeySpec: "AES_256" }), denied(APP_SESSION, "kms:GenerateDataKey", keyArn(keyId), "identity"));
    await refusedAndUnchanged(kms, app.encrypt({ KeyId: other, Plaintext: PLAINTEXT }), denied(APP_SESSION, "kms:Encrypt", keyArn(other), "identity"));
  });

  it("EncryptionContextEquals: the request's context must be exactly the pairs (keys case-insensitive, values not)", async () => {
    const { kms } = setup();
    const keyId = await newKeyId(kms);
    await kms.createGrant({ KeyId: keyId, GranteePrincipal: APP, Operations: ["Encrypt"], Constraints: { EncryptionContextEquals: { tenant: "acme" } } });
    const app = kms.as(APP);
    await app.encrypt({ KeyId: keyId, Plaintext: PLAINTEXT, EncryptionContext: { tenant: "acme" } });
    await app.encrypt({ KeyId: keyId, Plaintext: PLAINTEXT, EncryptionContext: { TENANT: "acme" } });
    const refusal = denied("arn:aws:sts::111122223333:assumed-role/app/kms-sim", "kms:Encrypt", keyArn(keyId), "identity");
    for (const context of [{ tenant: "Acme" }, { tenant: "acme", doc: "1" }, {}]) {
      await refusedAndUnchanged(kms, app.encrypt({ KeyId: keyId, Plaintext: PLAINTEXT, EncryptionContext: context }), refusal);
    }
  });

  it("EncryptionContextSubset: the request's context must contain the pairs", async () => {
    const { kms } = setup();
    const keyId = await newKeyId(kms);
    await kms.createGrant({ KeyId: keyId, GranteePrincipal: APP, Operations: ["GenerateDataKey", "Decrypt", "DescribeKey"], Constraints: { EncryptionContextSubset: { tenant: "acme" } } });
    const app = kms.as(APP);
    const { CiphertextBlob } = await app.generateDataKey({ KeyId: keyId, KeySpec: "AES_256", EncryptionContext: { tenant: "acme", doc: "42" } });
    await app.decrypt({ CiphertextBlob, EncryptionContext: { tenant: "acme", doc: "42" } });
    await refusedAndUnchanged(
      kms,
      app.generateDataKey({ KeyId: keyId, KeySpec: "AES_256", EncryptionContext: { doc: "42" } }),
      denied("arn:aws:sts::111122223333:assumed-role/app/kms-sim", "kms:GenerateDataKey", keyArn(keyId), "identity"),
    );
    // Constraints do not apply to operations without an encryption context.
    expect((await app.describeKey({ KeyId: keyId })).KeyMetadata?.KeyId).toBe(keyId);
  });

  it("refuses CreateGrant alone, operations the key type does not support, aliases and non-principals", async () => {
    const { kms } = setup();
    const keyId = await newKeyId(kms);
    const rsa = await newKeyId(kms, { KeySpec: "RSA_2048", KeyUsage: "SIGN_VERIFY" });
    await kms.createAlias({ AliasName: "alias/k", TargetKeyId: keyId });
    await expectError(kms.createGrant({ KeyId: keyId, GranteePrincipal: APP, Operations: ["CreateGrant"] }), ValidationException, "Grants must not contain only the CreateGrant operation.");
    await expectError(kms.createGrant({ KeyId: keyId, GranteePrincipal: APP, Operations: ["Sign", "Decrypt"] }), ValidationException, /\[Sign\]/);
    await expectError(kms.createGrant({ KeyId: rsa, GranteePrincipal: APP, Operations: ["GenerateDataKey"] }), ValidationException, /\[GenerateDataKey\]/);
    await kms.createGrant({ KeyId: rsa, GranteePrincipal: APP, Operations: ["Sign", "Verify", "GetPublicKey", "DescribeKey"] });
    await expectError(kms.createGrant({ KeyId: "alias/k", GranteePrincipal: APP, Operations: ["Decrypt"] }), InvalidArnException, "Key Aliases are not supported for this operation.");
    await expectError(kms.createGrant({ KeyId: keyId, GranteePrincipal: "arn:aws:iam::111122223333:group/devs", Operations: ["Decrypt"] }), InvalidArnException);
    expect((await kms.listGrants({ KeyId: keyId })).Grants).toEqual([]);
  });

  it("with a Name and identical parameters returns the first grant's id with a new token; any difference makes a new grant", async () => {
    const { kms } = setup();
    const keyId = await newKeyId(kms);
    const other = await newKeyId(kms);
    const request = { KeyId: keyId, GranteePrincipal: APP, Operations: ["Encrypt" as const, "Decrypt" as const], Name: "app" };
    const first = await kms.createGrant(request);
    const again = await kms.createGrant({ ...request, Operations: ["Decrypt", "Encrypt"] });
    expect(again.GrantId).toBe(first.GrantId);
    expect(again.GrantToken).not.toBe(first.GrantToken);
    expect((await kms.createGrant({ ...request, RetiringPrincipal: BOB })).GrantId).not.toBe(first.GrantId);
    expect((await kms.createGrant({ ...request, KeyId: other })).GrantId).not.toBe(first.GrantId);
    expect((await kms.createGrant({ ...request, Name: undefined })).GrantId).not.toBe(first.GrantId);
    expect((await kms.listGrants({ KeyId: keyId })).Grants?.length).toBe(3);
    // Both tokens retire the one grant.
    await kms.retireGrant({ GrantToken: again.GrantToken });
    await expectError(kms.retireGrant({ GrantToken: first.GrantToken }), NotFoundException);
  });

  it("follows the key-state rules: refused on Disabled, PendingDeletion and PendingImport keys; existing grants stay", async () => {
    const { kms } = setup();
    const keyId = await newKeyId(kms);
    await kms.createGrant({ KeyId: keyId, GranteePrincipal: APP, Operations: ["Encrypt"] });
    await kms.disableKey({ KeyId: keyId });
    await expectError(kms.createGrant({ KeyId: keyId, GranteePrincipal: APP, Operations: ["Decrypt"] }), DisabledException, `${keyArn(keyId)} is disabled.`);
    await expectError(kms.as(APP).encrypt({ KeyId: keyId, Plaintext: PLAINTEXT }), DisabledException);
    await kms.scheduleKeyDeletion({ KeyId: keyId });
    await expectError(kms.createGrant({ KeyId: keyId, GranteePrincipal: APP, Operations: ["Decrypt"] }), KMSInvalidStateException, `${keyArn(keyId)} is pending deletion.`);
    const external = await newKeyId(kms, { Origin: "EXTERNAL" });
    await expectError(kms.createGrant({ KeyId: external, GranteePrincipal: APP, Operations: ["Decrypt"] }), KMSInvalidStateException, `${keyArn(external)} is pending import.`);
    expect((await kms.listGrants({ KeyId: keyId })).Grants?.length).toBe(1);
  });

  it("allows 50,000 grants per customer managed key", async () => {
    const { kms } = setup();
    const keyId = await newKeyId(kms);
    for (let i = 0; i < 50_000; i++) await kms.createGrant({ KeyId: keyId, GranteePrincipal: APP, Operations: ["Decrypt"] });
    await expectError(
      kms.createGrant({ KeyId: keyId, GranteePrincipal: APP, Operations: ["Decrypt"] }),
      LimitExceededException,
      `Grant quota for ${keyArn(keyId)} is 50000 but the current usage is 50000.`,
    );
    // The quota is per key.
    await kms.createGrant({ KeyId: await newKeyId(kms), GranteePrincipal: APP, Operations: ["Decrypt"] });
  }, 120_000);
});

describe("grantees that create grants", () => {
  it("may only narrow their own grant: fewer operations, constraints as strict or stricter", async () => {
    const { kms } = setup();
    const keyId = await newKeyId(kms);
    await kms.createGrant({
      KeyId: keyId,
      GranteePrincipal: APP,
      Operations: ["Encrypt", "Decrypt", "CreateGrant"],
      Constraints: { EncryptionContextSubset: { tenant: "acme" } },
    });
    const app = kms.as(APP);
    await app.createGrant({ KeyId: keyId, GranteePrincipal: BOB, Operations: ["Decrypt"], Constraints: { EncryptionContextSubset: { tenant: "acme", doc: "1" } } });
    await app.createGrant({ KeyId: keyId, GranteePrincipal: BOB, Operations: ["Decrypt"], Constraints: { EncryptionContextEquals: { tenant: "acme" } } });
    const refusal = denied("arn:aws:sts::111122223333:assumed-role/app/kms-sim", "kms:CreateGrant", keyArn(keyId), "identity");
    await refusedAndUnchanged(kms, app.createGrant({ KeyId: keyId, GranteePrincipal: BOB, Operations: ["Decrypt", "GenerateDataKey"], Constraints: { EncryptionContextSubset: { tenant: "acme" } } }), refusal);
    await refusedAndUnchanged(kms, app.createGrant({ KeyId: keyId, GranteePrincipal: BOB, Operations: ["Decrypt"] }), refusal);
    await refusedAndUnchanged(kms, app.createGrant({ KeyId: keyId, GranteePrincipal: BOB, Operations: ["Decrypt"], Constraints: { EncryptionContextSubset: { tenant: "other" } } }), refusal);
    // Alice holds kms:CreateGrant from a policy: she may grant anything.
    await kms.as(ALICE).createGrant({ KeyId: keyId, GranteePrincipal: BOB, Operations: ["GenerateDataKey", "ReEncryptFrom"] });
  });

  it("work across accounts: a grant to another account's user lets it use and sub-grant the key by ARN", async () => {
    const { kms } = setup({ principals: { [CAROL]: {} } });
    const keyId = await newKeyId(kms);
    const { GrantId } = await kms.createGrant({ KeyId: keyId, GranteePrincipal: CAROL, Operations: ["Encrypt", "CreateGrant", "RetireGrant"] });
    const carol = kms.as(CAROL);
    await carol.encrypt({ KeyId: keyArn(keyId), Plaintext: PLAINTEXT });
    const sub = await carol.createGrant({ KeyId: keyArn(keyId), GranteePrincipal: `arn:aws:iam::${OTHER}:role/worker`, Operations: ["Encrypt"] });
    const listed = (await kms.listGrants({ KeyId: keyId, GrantId: sub.GrantId })).Grants?.[0];
    expect(listed?.IssuingAccount).toBe(`arn:aws:iam::${OTHER}:root`);
    await carol.retireGrant({ KeyId: keyArn(keyId), GrantId: GrantId as string });
  });
});

describe("retireGrant and revokeGrant", () => {
  async function withGrant(retiring?: string, operations: ("Decrypt" | "RetireGrant")[] = ["Decrypt"]) {
    const t = setup();
    const keyId = await newKeyId(t.kms);
    const grant = await t.kms.createGrant({ KeyId: keyId, GranteePrincipal: APP, Operations: operations, ...(retiring ? { RetiringPrincipal: retiring } : {}) });
    return { ...t, keyId, grantId: grant.GrantId as string, token: grant.GrantToken as string };
  }

  it("the retiring principal may retire, by token or by key and id, without any policy", async () => {
    const a = await withGrant(BOB);
    await a.kms.as(BOB).retireGrant({ GrantToken: a.token });
    expect((await a.kms.listGrants({ KeyId: a.keyId })).Grants).toEqual([]);
    const b = await withGrant(BOB);
    await b.kms.as(BOB).retireGrant({ KeyId: keyArn(b.keyId), GrantId: b.grantId });
    expect((await b.kms.listGrants({ KeyId: b.keyId })).Grants).toEqual([]);
  });

  it("the grantee may retire only when the grant includes RetireGrant (or it is the retiring principal)", async () => {
    const a = await withGrant();
    await refusedAndUnchanged(a.kms, a.kms.as(APP).retireGrant({ GrantToken: a.token }), denied("arn:aws:sts::111122223333:assumed-role/app/kms-sim", "kms:RetireGrant", keyArn(a.keyId), "identity"));
    const b = await withGrant(undefined, ["Decrypt", "RetireGrant"]);
    await b.kms.as(APP_SESSION).retireGrant({ GrantToken: b.token });
    const c = await withGrant(APP);
    await c.kms.as(APP).retireGrant({ GrantToken: c.token });
  });

  it("the issuing account: its root without a policy, its users with kms:RetireGrant in IAM", async () => {
    const a = await withGrant();
    await refusedAndUnchanged(a.kms, a.kms.as(BOB).retireGrant({ GrantToken: a.token }), denied(BOB, "kms:RetireGrant", keyArn(a.keyId), "identity"));
    await a.kms.as(ALICE).retireGrant({ GrantToken: a.token });
    const b = await withGrant();
    await b.kms.retireGrant({ KeyId: b.keyId, GrantId: b.grantId });
  });

  it("an explicit Deny of kms:RetireGrant refuses even the retiring principal", async () => {
    const a = await withGrant(BOB);
    await a.kms.putKeyPolicy({
      KeyId: a.keyId,
      Policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" },
          { Effect: "Deny", Principal: { AWS: BOB }, Action: "kms:RetireGrant", Resource: "*" },
        ],
      }),
    });
    await expectError(a.kms.as(BOB).retireGrant({ GrantToken: a.token }), AccessDeniedException, `User: ${BOB} is not authorized to perform: kms:RetireGrant on resource: ${keyArn(a.keyId)} with an explicit deny in a resource-based policy`);
  });

  it("RevokeGrant needs kms:RevokeGrant (key policy or IAM), like any key operation", async () => {
    const a = await withGrant(BOB);
    await refusedAndUnchanged(a.kms, a.kms.as(BOB).revokeGrant({ KeyId: a.keyId, GrantId: a.grantId }), denied(BOB, "kms:RevokeGrant", keyArn(a.keyId), "identity"));
    await a.kms.as(ALICE).revokeGrant({ KeyId: a.keyId, GrantId: a.grantId });
    await expectError(a.kms.as(APP).decrypt({ CiphertextBlob: (await a.kms.encrypt({ KeyId: a.keyId, Plaintext: PLAINTEXT })).CiphertextBlob }), AccessDeniedException);
  });

  it("say what is wrong with the grant named", async () => {
    const a = await withGrant(BOB);
    await expectError(a.kms.revokeGrant({ KeyId: a.keyId, GrantId: "nope" }), InvalidGrantIdException, "The request was rejected because the specified GrantId is not valid.");
    await expectError(a.kms.revokeGrant({ KeyId: a.keyId, GrantId: "f".repeat(64) }), NotFoundException, `Grant ID ${"f".repeat(64)} not found`);
    await expectError(a.kms.retireGrant({ GrantToken: "garbage" }), InvalidGrantTokenException, "The request was rejected because the specified grant token is not valid.");
    await expectError(a.kms.retireGrant({ KeyId: a.keyId }), ValidationException, "Specify the grant to retire by its GrantToken, or by KeyId and GrantId.");
    const other = await newKeyId(a.kms);
    await expectError(a.kms.revokeGrant({ KeyId: other, GrantId: a.grantId }), NotFoundException);
    await expectError(a.kms.retireGrant({ KeyId: other, GrantId: a.grantId }), NotFoundException);
  });
});

describe("listing grants", () => {
  it("ListGrants pages a key's grants in creation order, filters by grant id or grantee, in any key state", async () => {
    const { kms, clock } = setup();
    const keyId = await newKeyId(kms);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      clock.advance(DAY);
      ids.push((await kms.createGrant({ KeyId: keyId, GranteePrincipal: i % 2 === 0 ? APP : BOB, Operations: ["Decrypt"], Name: `g${i}` })).GrantId as string);
    }
    const first = await kms.listGrants({ KeyId: keyId, Limit: 2 });
    expect(first.Grants?.map((g) => g.GrantId)).toEqual(ids.slice(0, 2));
    expect(first.Truncated).toBe(true);
    const rest = await kms.listGrants({ KeyId: keyId, Marker: first.NextMarker });
    expect(rest.Grants?.map((g) => g.GrantId)).toEqual(ids.slice(2));
    expect(rest.Truncated).toBe(false);
    expect((await kms.listGrants({ KeyId: keyId, GranteePrincipal: BOB })).Grants?.map((g) => g.Name)).toEqual(["g1", "g3"]);
    expect(await kms.listGrants({ KeyId: keyId, GrantId: ids[4] })).toEqual({
      Grants: [
        {
          KeyId: keyArn(keyId),
          GrantId: ids[4],
          Name: "g4",
          CreationDate: new Date(T0.getTime() + 5 * DAY),
          GranteePrincipal: APP,
          IssuingAccount: `arn:aws:iam::${ACCOUNT}:root`,
          Operations: ["Decrypt"],
        },
      ],
      Truncated: false,
    });
    await kms.scheduleKeyDeletion({ KeyId: keyId });
    expect((await kms.listGrants({ KeyId: keyId })).Grants?.length).toBe(5);
    await expectError(kms.listGrants({ KeyId: keyId, Limit: 101 }), ValidationException);
  });

  it("ListRetirableGrants lists the grants a principal may retire, across keys, by IAM permission only", async () => {
    const { kms } = setup();
    const a = await newKeyId(kms);
    const b = await newKeyId(kms);
    const one = await kms.createGrant({ KeyId: a, GranteePrincipal: APP, RetiringPrincipal: BOB, Operations: ["Decrypt"] });
    await kms.createGrant({ KeyId: a, GranteePrincipal: APP, Operations: ["Decrypt"] });
    const two = await kms.createGrant({ KeyId: b, GranteePrincipal: APP, RetiringPrincipal: BOB, Operations: ["Encrypt"], Constraints: { EncryptionContextEquals: { k: "v" } } });
    const listed = await kms.as(ALICE).listRetirableGrants({ RetiringPrincipal: BOB });
    expect(listed.Grants?.map((g) => [g.GrantId, g.KeyId, g.RetiringPrincipal])).toEqual([
      [one.GrantId, keyArn(a), BOB],
      [two.GrantId, keyArn(b), BOB],
    ]);
    expect(listed.Grants?.[1]?.Constraints).toEqual({ EncryptionContextEquals: { k: "v" } });
    // The resource a refusal names is the retiring principal ("The authorized resource in ListRetirableGrants calls is the retiring principal", botocore model).
    await refusedAndUnchanged(kms, kms.as(BOB).listRetirableGrants({ RetiringPrincipal: BOB }), denied(BOB, "kms:ListRetirableGrants", BOB, "identity"));
  });
});

describe("grant tokens and propagation", () => {
  it("with grantPropagationDelayMs a new grant works only with its token until the delay has passed", async () => {
    const { kms, clock } = setup({ grantPropagationDelayMs: 5 * 60_000 });
    const keyId = await newKeyId(kms);
    const { GrantToken } = await kms.createGrant({ KeyId: keyId, GranteePrincipal: APP, Operations: ["Encrypt"] });
    const app = kms.as(APP);
    await expectError(app.encrypt({ KeyId: keyId, Plaintext: PLAINTEXT }), AccessDeniedException);
    await app.encrypt({ KeyId: keyId, Plaintext: PLAINTEXT, GrantTokens: [GrantToken as string] });
    clock.advance({ minutes: 5 });
    await app.encrypt({ KeyId: keyId, Plaintext: PLAINTEXT });
  });
});

describe("a grant's life", () => {
  it("survives rotation, is removed with its key at the end of the waiting period, and is part of snapshots and restores", async () => {
    const { kms, clock } = setup();
    const keyId = await newKeyId(kms);
    const { GrantId } = await kms.createGrant({ KeyId: keyId, GranteePrincipal: APP, Operations: ["Encrypt", "Decrypt"], Name: "life" });
    await kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 90 });
    clock.advance(90 * DAY);
    const { CiphertextBlob } = await kms.as(APP).encrypt({ KeyId: keyId, Plaintext: PLAINTEXT });
    // The grant works with the rotated material: the blob is sealed under the key's second backing key.
    const { KeyMaterialId } = await kms.as(APP).decrypt({ CiphertextBlob: CiphertextBlob as Uint8Array });
    const rotations = (await kms.listKeyRotations({ KeyId: keyId })).Rotations ?? [];
    expect(rotations.map((r) => [r.RotationType, r.KeyMaterialId])).toEqual([["AUTOMATIC", KeyMaterialId]]);
    const restored = createKms({ state: JSON.parse(JSON.stringify(kms.snapshot())), clock, random: () => new Uint8Array() });
    expect((await restored.listGrants({ KeyId: keyId })).Grants?.map((g) => g.GrantId)).toEqual([GrantId]);
    expect(Object.keys(kms.snapshot())).toContain("grants");
    await kms.scheduleKeyDeletion({ KeyId: keyId, PendingWindowInDays: 7 });
    clock.advance(7 * DAY);
    await kms.tick();
    expect(kms.snapshot().grants).toEqual([]);
    expect(await kms.as(ALICE).listRetirableGrants({ RetiringPrincipal: APP })).toEqual({ Grants: [], Truncated: false });
  });
});
