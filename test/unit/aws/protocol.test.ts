import { describe, expect, it } from "vitest";
import { handleAwsJsonRequest } from "../../../src/aws/index.js";
import { fromBase64, toBase64 } from "../../../src/aws/base64.js";
import { createTestKms, newKeyId } from "../../support/create-test-kms.js";

const call = (kms: Parameters<typeof handleAwsJsonRequest>[0], target: string | undefined, body: unknown) =>
  handleAwsJsonRequest(kms, {
    headers: target === undefined ? { "content-type": "application/x-amz-json-1.1" } : { "X-Amz-Target": target },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

const parsed = (response: { body: string }) => JSON.parse(response.body) as Record<string, unknown>;

describe("AWS JSON 1.1 protocol", () => {
  it("serves an operation: blobs in base64, timestamps in epoch seconds", async () => {
    const { kms } = createTestKms();
    const created = await call(kms, "TrentService.CreateKey", { Description: "wire" });
    expect(created.status).toBe(200);
    expect(created.headers["content-type"]).toBe("application/x-amz-json-1.1");
    const meta = parsed(created).KeyMetadata as Record<string, unknown>;
    expect(meta.CreationDate).toBe(1767225600);
    const keyId = meta.KeyId as string;
    const encrypted = parsed(await call(kms, "TrentService.Encrypt", { KeyId: keyId, Plaintext: toBase64(new TextEncoder().encode("wire")) }));
    const decrypted = parsed(await call(kms, "TrentService.Decrypt", { CiphertextBlob: encrypted.CiphertextBlob }));
    expect(new TextDecoder().decode(fromBase64(decrypted.Plaintext as string))).toBe("wire");
    const noOutput = await call(kms, "TrentService.EnableKeyRotation", { KeyId: keyId });
    expect(noOutput).toMatchObject({ status: 200, body: "" });
    const status = parsed(await call(kms, "TrentService.GetKeyRotationStatus", { KeyId: keyId }));
    expect(status).toEqual({ KeyId: `arn:aws:kms:us-east-1:111122223333:key/${keyId}`, KeyRotationEnabled: true, RotationPeriodInDays: 365, NextRotationDate: 1798761600 });
  });

  it("reads timestamps as epoch seconds (fractions allowed)", async () => {
    const { kms } = createTestKms();
    const keyId = await newKeyId(kms, { Origin: "EXTERNAL" });
    const response = await call(kms, "TrentService.ImportKeyMaterial", {
      KeyId: keyId, ImportToken: toBase64(new Uint8Array(33)), EncryptedKeyMaterial: toBase64(new Uint8Array(256)), ValidTo: 1767225600.5,
    });
    // The timestamp parsed; the (garbage) token is what fails.
    expect(parsed(response).__type).toBe("InvalidImportTokenException");
  });

  it("answers AWS-shaped errors: 400 with __type and message", async () => {
    const { kms } = createTestKms();
    const response = await call(kms, "TrentService.DescribeKey", { KeyId: "alias/none" });
    expect(response.status).toBe(400);
    expect(response.headers["x-amzn-errortype"]).toBe("NotFoundException");
    expect(parsed(response)).toEqual({ __type: "NotFoundException", message: "Alias arn:aws:kms:us-east-1:111122223333:alias/none is not found." });
  });

  it("wrong member types are SerializationException; constraint violations ValidationException", async () => {
    const { kms } = createTestKms();
    for (const body of [{ KeyId: 42 }, { KeyId: "k", Plaintext: 5 }, { KeyId: "k", Plaintext: "***not base64***" }, { KeyId: "k", Plaintext: "AA==", EncryptionContext: [] }]) {
      expect(parsed(await call(kms, "TrentService.Encrypt", body)).__type).toBe("SerializationException");
    }
    expect(parsed(await call(kms, "TrentService.CreateKey", { Tags: {} })).__type).toBe("SerializationException");
    const invalid = parsed(await call(kms, "TrentService.GenerateRandom", { NumberOfBytes: 2000 }));
    expect(invalid).toEqual({
      __type: "ValidationException",
      message: "1 validation error detected: Value '2000' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024",
    });
  });

  it("refuses bodies that are not JSON objects", async () => {
    const { kms } = createTestKms();
    expect(parsed(await call(kms, "TrentService.ListKeys", "{not json")).__type).toBe("SerializationException");
    expect(parsed(await call(kms, "TrentService.ListKeys", "[]")).__type).toBe("SerializationException");
    expect((await call(kms, "TrentService.ListKeys", "")).status).toBe(200);
  });

  it("dispatches through an explicit table: object members never run", async () => {
    const { kms } = createTestKms();
    for (const target of ["TrentService.constructor", "TrentService.__proto__", "TrentService.tick", "TrentService.snapshot", "TrentService.toString", "TrentService.createKey", "Other.CreateKey", "CreateKey", "TrentService."]) {
      const response = await call(kms, target, {});
      expect(response.status, target).toBe(400);
      expect(parsed(response).__type, target).toBe("UnknownOperationException");
    }
    expect((await kms.listKeys()).Keys).toEqual([]);
  });

  it("a missing X-Amz-Target is UnknownOperationException", async () => {
    const { kms } = createTestKms();
    expect(parsed(await call(kms, undefined, {})).__type).toBe("UnknownOperationException");
  });

  it("real KMS operations kms-sim does not model say so", async () => {
    const { kms } = createTestKms();
    for (const operation of ["ConnectCustomKeyStore", "CreateCustomKeyStore"]) {
      const body = parsed(await call(kms, `TrentService.${operation}`, {}));
      expect(body).toEqual({ __type: "UnsupportedOperationException", message: `kms-sim does not model the KMS operation ${operation}.` });
    }
  });
});

describe("base64", () => {
  it("round-trips every length and matches the standard encoding", () => {
    for (let length = 0; length < 70; length++) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 151 + length) & 0xff);
      const text = toBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString("base64"));
      expect(fromBase64(text)).toEqual(bytes);
    }
    expect(fromBase64("aGVsbG8")).toEqual(new TextEncoder().encode("hello"));
    expect(fromBase64("a")).toBeUndefined();
    expect(fromBase64("a$==")).toBeUndefined();
  });
});

describe("callers", () => {
  const ALICE = "arn:aws:iam::111122223333:user/alice";
  /** A request whose Authorization header names `accessKeyId` (its signature is checked only for principals with a secret). */
  const signedBy = (kms: Parameters<typeof handleAwsJsonRequest>[0], accessKeyId: string | undefined, target: string, body: unknown, strictAuth = false) =>
    handleAwsJsonRequest(
      kms,
      {
        headers: {
          "X-Amz-Target": target,
          host: "127.0.0.1:4599",
          "x-amz-date": "20260101T000000Z",
          ...(accessKeyId === undefined
            ? {}
            : { authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20260101/us-east-1/kms/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=${"0".repeat(64)}` }),
        },
        body: JSON.stringify(body),
      },
      { strictAuth },
    );

  it("runs a registered access key as its principal, a 12-digit one as that account's root, others as the account root", async () => {
    const { kms } = createTestKms({ principals: { [ALICE]: { AccessKeyId: "AKIAALICE00000000001" } } });
    const keyId = await newKeyId(kms);
    const refused = parsed(await signedBy(kms, "AKIAALICE00000000001", "TrentService.DescribeKey", { KeyId: keyId }));
    expect(refused).toEqual({
      __type: "AccessDeniedException",
      message: `User: ${ALICE} is not authorized to perform: kms:DescribeKey on resource: arn:aws:kms:us-east-1:111122223333:key/${keyId} because no identity-based policy allows the kms:DescribeKey action`,
    });
    expect((await signedBy(kms, "111122223333", "TrentService.DescribeKey", { KeyId: keyId })).status).toBe(200);
    expect(parsed(await signedBy(kms, "444455556666", "TrentService.ListKeys", {}))).toEqual({ Keys: [], Truncated: false });
    expect((await signedBy(kms, "test", "TrentService.DescribeKey", { KeyId: keyId })).status).toBe(200);
    expect((await signedBy(kms, undefined, "TrentService.DescribeKey", { KeyId: keyId })).status).toBe(200);
  });

  it("with strictAuth refuses unknown access keys and unsigned requests as AWS does", async () => {
    const { kms } = createTestKms();
    expect(parsed(await signedBy(kms, "test", "TrentService.ListKeys", {}, true))).toEqual({
      __type: "UnrecognizedClientException",
      message: "The security token included in the request is invalid.",
    });
    const unsigned = await signedBy(kms, undefined, "TrentService.ListKeys", {}, true);
    expect([unsigned.status, parsed(unsigned)]).toEqual([400, { __type: "MissingAuthenticationTokenException", message: "Missing Authentication Token" }]);
    expect((await signedBy(kms, "111122223333", "TrentService.ListKeys", {}, true)).status).toBe(200);
  });

  it("verifies the signature of a principal with a secret, and reads a malformed header as IncompleteSignatureException", async () => {
    const { kms } = createTestKms({ principals: { [ALICE]: { AccessKeyId: "AKIAALICE00000000001", SecretAccessKey: "s3cret" } } });
    const forged = parsed(await signedBy(kms, "AKIAALICE00000000001", "TrentService.ListKeys", {}));
    expect(forged.__type).toBe("InvalidSignatureException");
    expect(String(forged.message).split("\n")[0]).toBe(
      "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
    );
    const malformed = await handleAwsJsonRequest(kms, { headers: { "X-Amz-Target": "TrentService.ListKeys", authorization: "AWS4-HMAC-SHA256 Credential" }, body: "{}" });
    expect(parsed(malformed).__type).toBe("IncompleteSignatureException");
  });
});
