import { describe, expect, it } from "vitest";
import {
  InvalidMarkerException,
  KMSInvalidStateException,
  MalformedPolicyDocumentException,
  NotFoundException,
  TagException,
  ValidationException,
} from "../../../src/index.js";
import { createTestKms, expectError, newKeyId } from "../../support/create-test-kms.js";

describe("tagResource", () => {
  it("adds tags and overwrites the value of an existing key in place", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms, { Tags: [{ TagKey: "a", TagValue: "1" }] });
    await kms.tagResource({ KeyId: keyId, Tags: [{ TagKey: "b", TagValue: "2" }, { TagKey: "a", TagValue: "3" }] });
    expect((await kms.listResourceTags({ KeyId: keyId })).Tags).toEqual([
      { TagKey: "a", TagValue: "3" },
      { TagKey: "b", TagValue: "2" },
    ]);
  });

  it("refuses reserved keys, duplicates and a 51st tag", async () => {
    const { kms } = createTestKms();
    const tags = Array.from({ length: 50 }, (_, i) => ({ TagKey: `k${i}`, TagValue: "" }));
    const keyId = await newKeyId(kms, { Tags: tags });
    await expectError(kms.tagResource({ KeyId: keyId, Tags: [{ TagKey: "aws:x", TagValue: "" }] }), TagException, "Tags beginning with aws: are reserved");
    await expectError(
      kms.tagResource({ KeyId: keyId, Tags: [{ TagKey: "k1", TagValue: "" }, { TagKey: "k1", TagValue: "x" }] }),
      TagException,
      "Duplicate tag keys",
    );
    await expectError(kms.tagResource({ KeyId: keyId, Tags: [{ TagKey: "k50", TagValue: "" }] }), TagException, "Too many tags");
    await kms.tagResource({ KeyId: keyId, Tags: [{ TagKey: "k49", TagValue: "changed" }] });
    expect((await kms.listResourceTags({ KeyId: keyId, Limit: 50 })).Tags?.[49]).toEqual({ TagKey: "k49", TagValue: "changed" });
  });

  it("refuses keys pending deletion", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms);
    await kms.scheduleKeyDeletion({ KeyId: keyId });
    await expectError(kms.tagResource({ KeyId: keyId, Tags: [{ TagKey: "a", TagValue: "" }] }), KMSInvalidStateException);
    await expectError(kms.untagResource({ KeyId: keyId, TagKeys: ["a"] }), KMSInvalidStateException);
    expect((await kms.listResourceTags({ KeyId: keyId })).Tags).toEqual([]);
  });
});

describe("untagResource", () => {
  it("removes tags by key and ignores unknown keys", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms, { Tags: [{ TagKey: "a", TagValue: "1" }, { TagKey: "b", TagValue: "2" }] });
    await kms.untagResource({ KeyId: keyId, TagKeys: ["a", "zzz"] });
    expect((await kms.listResourceTags({ KeyId: keyId })).Tags).toEqual([{ TagKey: "b", TagValue: "2" }]);
  });
});

describe("listResourceTags", () => {
  it("pages with Limit and Marker", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms, { Tags: [1, 2, 3].map((i) => ({ TagKey: `k${i}`, TagValue: `${i}` })) });
    const first = await kms.listResourceTags({ KeyId: keyId, Limit: 2 });
    expect(first.Tags?.map((t) => t.TagKey)).toEqual(["k1", "k2"]);
    expect(first.Truncated).toBe(true);
    const second = await kms.listResourceTags({ KeyId: keyId, Limit: 2, Marker: first.NextMarker });
    expect(second).toEqual({ Tags: [{ TagKey: "k3", TagValue: "3" }], Truncated: false });
    await expectError(kms.listResourceTags({ KeyId: keyId, Marker: "keys:0" }), InvalidMarkerException);
    await expectError(
      kms.listResourceTags({ KeyId: keyId, Limit: 51 }),
      ValidationException,
      "1 validation error detected: Value '51' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 50",
    );
  });
});

describe("key policies", () => {
  it("puts and gets the policy named default, in any key state", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms);
    await kms.scheduleKeyDeletion({ KeyId: keyId });
    const policy = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"kms:*","Resource":"*"}]}';
    await kms.putKeyPolicy({ KeyId: keyId, Policy: policy });
    expect(await kms.getKeyPolicy({ KeyId: keyId, PolicyName: "default" })).toEqual({ Policy: policy, PolicyName: "default" });
    expect(await kms.listKeyPolicies({ KeyId: keyId })).toEqual({ PolicyNames: ["default"], Truncated: false });
  });

  it("refuses invalid documents and other policy names", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms);
    await expectError(kms.putKeyPolicy({ KeyId: keyId, Policy: "[]" }), MalformedPolicyDocumentException, "");
    await expectError(kms.putKeyPolicy({ KeyId: keyId, Policy: "nope" }), MalformedPolicyDocumentException, "");
    await expectError(kms.putKeyPolicy({ KeyId: keyId, Policy: '{"Statement":{"Effect":"Allow","Action":"kms:*","Resource":"*"}}' }), MalformedPolicyDocumentException, "Policy contains a statement with one or more invalid principals.");
    await expectError(kms.getKeyPolicy({ KeyId: keyId, PolicyName: "other" }), NotFoundException);
    await expectError(
      kms.putKeyPolicy({ KeyId: keyId, Policy: "{}", PolicyName: "bad name" }),
      ValidationException,
      "1 validation error detected: Value 'bad name' at 'policyName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w]+",
    );
  });
});
