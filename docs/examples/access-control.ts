// Access control: a tenant's key usable only with that tenant's encryption context, and a service
// role that reaches the key only through a grant.
import assert from "node:assert/strict";
import { AccessDeniedException, createKms } from "kms-sim";
import { ManualClock, seededRandom } from "kms-sim/testing";

const ACCOUNT = "111122223333";
const ADMIN = `arn:aws:iam::${ACCOUNT}:role/key-admin`;
const TENANT_APP = `arn:aws:iam::${ACCOUNT}:role/acme-app`;
const BILLING = `arn:aws:iam::${ACCOUNT}:role/billing-service`;

const clock = new ManualClock(new Date("2026-01-01T00:00:00Z"));
const kms = createKms({
  clock,
  random: seededRandom("access-control"),
  principals: {
    // The tenant's application may use tenant keys, by its IAM policy...
    [TENANT_APP]: {
      Policies: [
        { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"], Resource: `arn:aws:kms:*:${ACCOUNT}:key/*` }] },
      ],
    },
    // ...the billing service has no IAM policy for KMS at all.
    [BILLING]: {},
  },
});

// The key policy: an administrator role manages the key; the account's principals may use it
// (through their IAM policies) only with the tenant's encryption context.
const keyPolicy = {
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "Key administrators",
      Effect: "Allow",
      Principal: { AWS: ADMIN },
      Action: ["kms:Describe*", "kms:Put*", "kms:Get*", "kms:List*", "kms:CreateGrant", "kms:RevokeGrant", "kms:Enable*", "kms:Disable*"],
      Resource: "*",
    },
    {
      Sid: "Use for tenant acme only",
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
      Action: ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"],
      Resource: "*",
      Condition: { StringEquals: { "kms:EncryptionContext:tenant": "acme" } },
    },
  ],
};
// The account root is not an administrator of this key: without the bypass, the lockout safety
// check would refuse a policy that stops the caller from changing it later.
const admin = kms.as(ADMIN);
await assert.rejects(
  kms.createKey({ Policy: JSON.stringify(keyPolicy) }),
  { name: "MalformedPolicyDocumentException", message: "The new key policy will not allow you to update the key policy in the future." },
);
const { KeyMetadata } = await kms.createKey({ Policy: JSON.stringify(keyPolicy), BypassPolicyLockoutSafetyCheck: true });
const KeyId = KeyMetadata!.Arn!;

// The tenant's application: allowed with its encryption context, refused without it.
const app = kms.as(TENANT_APP);
const acme = { tenant: "acme" };
const { CiphertextBlob } = await app.encrypt({ KeyId, Plaintext: new TextEncoder().encode("invoice 42"), EncryptionContext: acme });
await assert.rejects(app.encrypt({ KeyId, Plaintext: new Uint8Array(1), EncryptionContext: { tenant: "globex" } }), {
  name: "AccessDeniedException",
  message: `User: arn:aws:sts::${ACCOUNT}:assumed-role/acme-app/kms-sim is not authorized to perform: kms:Encrypt on resource: ${KeyId} because no resource-based policy allows the kms:Encrypt action`,
});

// The billing service: nothing allows it, until the administrator grants it Decrypt for acme's
// data only (a grant needs no IAM policy).
const billing = kms.as({ PrincipalArn: BILLING });
await assert.rejects(billing.decrypt({ CiphertextBlob, EncryptionContext: acme }), AccessDeniedException);
const grant = await admin.createGrant({
  KeyId,
  GranteePrincipal: BILLING,
  RetiringPrincipal: ADMIN,
  Operations: ["Decrypt"],
  Constraints: { EncryptionContextSubset: acme },
  Name: "billing-reads-acme",
});
const read = await billing.decrypt({ CiphertextBlob, EncryptionContext: acme, GrantTokens: [grant.GrantToken!] });
assert.equal(new TextDecoder().decode(read.Plaintext), "invoice 42");
// The grant allows Decrypt and nothing else.
await assert.rejects(billing.encrypt({ KeyId, Plaintext: new Uint8Array(1), EncryptionContext: acme }), AccessDeniedException);
const [listed] = (await admin.listGrants({ KeyId })).Grants ?? [];
assert.deepEqual([listed?.Name, listed?.Operations, listed?.Constraints], ["billing-reads-acme", ["Decrypt"], { EncryptionContextSubset: acme }]);

// Retiring the grant ends it.
await admin.retireGrant({ GrantToken: grant.GrantToken });
await assert.rejects(billing.decrypt({ CiphertextBlob, EncryptionContext: acme }), AccessDeniedException);
console.log(`acme's key ${KeyId}: the app encrypts for acme only; billing decrypted through grant ${grant.GrantId} until it was retired`);
