/**
 * SigV4 verification against signatures made by the real signers: @aws-sdk/client-kms's (the
 * request a KMSClient sends, captured by a request handler) and botocore's SigV4Auth (the AWS
 * CLI's and boto3's), so both canonicalizations are proven. Dates are fixed: the SDK signs at a
 * faked Date, botocore at a patched clock.
 */
import { EncryptCommand, KMSClient } from "@aws-sdk/client-kms";
import { execFileSync } from "node:child_process";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  canonicalRequest,
  parseAuthorization,
  requestDate,
  unrecognizedClient,
  verifySignature,
  type SignedRequest,
} from "../../../src/aws/sigv4.js";
import {
  IncompleteSignatureException,
  InvalidSignatureException,
  MissingAuthenticationTokenException,
  nobleCryptoProvider,
  UnrecognizedClientException,
} from "../../../src/index.js";
import { nodeCryptoProvider } from "../../../src/node/index.js";

const SIGNED_AT = Date.UTC(2026, 2, 14, 15, 9, 26);
const MINUTE = 60_000;
const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

interface Captured {
  method: string;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: unknown;
}

/** Signs an Encrypt request with the SDK's own signer, at SIGNED_AT, and captures what it would send. */
async function sdkSignedRequest(): Promise<SignedRequest> {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(SIGNED_AT);
  let captured: Captured | undefined;
  const client = new KMSClient({
    region: "eu-west-1",
    credentials: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: SECRET },
    maxAttempts: 1,
    requestHandler: {
      handle: async (request: Captured) => {
        captured = request;
        return { response: { statusCode: 200, headers: { "content-type": "application/x-amz-json-1.1" }, body: new TextEncoder().encode("{}") } };
      },
    },
  });
  await client.send(new EncryptCommand({ KeyId: "alias/app", Plaintext: new TextEncoder().encode("hi"), EncryptionContext: { tenant: "a b" } }));
  vi.useRealTimers();
  if (!captured) throw new Error("the SDK sent nothing");
  const body = captured.body;
  // The SDK hands over the JSON body as bytes (or a string in older releases).
  return { method: captured.method, path: captured.path, headers: captured.headers, body: typeof body === "string" ? body : Uint8Array.from(body as Uint8Array) };
}

/** botocore's SigV4Auth signing a request at SIGNED_AT (clock patched). */
function botocoreSignedRequest(method: string, url: string, body: string, headers: Record<string, string>): SignedRequest {
  const script = `
import datetime, json, sys
import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
botocore.auth.get_current_datetime = lambda: datetime.datetime(2026, 3, 14, 15, 9, 26)
args = json.loads(sys.argv[1])
request = AWSRequest(method=args["method"], url=args["url"], data=args["body"].encode(), headers=args["headers"])
botocore.auth.SigV4Auth(Credentials("AKIDBOTOCORE", args["secret"]), "kms", "us-west-2").add_auth(request)
prepared = request.prepare()
print(json.dumps({"headers": dict(prepared.headers), "url": prepared.url}))
`;
  const out = execFileSync("python3", ["-c", script, JSON.stringify({ method, url, body, headers, secret: SECRET })], { encoding: "utf8" });
  const signed = JSON.parse(out) as { headers: Record<string, string>; url: string };
  const parsed = new URL(signed.url);
  return { method, path: `${parsed.pathname}${parsed.search}`, headers: { ...signed.headers, host: parsed.host }, body };
}

const error = (fn: () => unknown): Error => {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a throw");
};

afterEach(() => {
  vi.useRealTimers();
});

describe("verifySignature against @aws-sdk/client-kms", () => {
  it("accepts the SDK's signature and returns the credential scope", async () => {
    const request = await sdkSignedRequest();
    const auth = verifySignature(request, { secretAccessKey: SECRET, now: SIGNED_AT });
    expect(auth.credential).toEqual({
      accessKeyId: "AKIAIOSFODNN7EXAMPLE",
      date: "20260314",
      region: "eu-west-1",
      service: "kms",
      scope: "20260314/eu-west-1/kms/aws4_request",
    });
    expect(auth.signedHeaders).toContain("x-amz-target");
    expect(requestDate(request.headers)).toEqual({ amzDate: "20260314T150926Z", ms: SIGNED_AT });
  });

  it("verifies the same with the node:crypto provider", async () => {
    const request = await sdkSignedRequest();
    expect(() => verifySignature(request, { secretAccessKey: SECRET, now: SIGNED_AT, crypto: nodeCryptoProvider })).not.toThrow();
  });

  it.each([
    ["a wrong secret", (r: SignedRequest) => r, "wrong"],
    ["a changed body", (r: SignedRequest) => ({ ...r, body: Uint8Array.from([...(r.body as Uint8Array), 32]) }), SECRET],
    ["a changed signed header", (r: SignedRequest) => ({ ...r, headers: { ...r.headers, "x-amz-target": "TrentService.Decrypt" } }), SECRET],
    ["a changed method", (r: SignedRequest) => ({ ...r, method: "PUT" }), SECRET],
    ["a changed path", (r: SignedRequest) => ({ ...r, path: "/x" }), SECRET],
  ])("refuses %s with InvalidSignatureException and the canonical string AWS would print", async (_, change, secret) => {
    const request = change(await sdkSignedRequest());
    const e = error(() => verifySignature(request, { secretAccessKey: secret, now: SIGNED_AT }));
    expect(e).toBeInstanceOf(InvalidSignatureException);
    expect(e.message).toMatch(
      /^The request signature we calculated does not match the signature you provided\. Check your AWS Secret Access Key and signing method\. Consult the service documentation for details\.\n\nThe Canonical String for this request should have been\n'[A-Z]+\n\/.*'\n\nThe String-to-Sign should have been\n'AWS4-HMAC-SHA256\n20260314T150926Z\n20260314\/eu-west-1\/kms\/aws4_request\n[0-9a-f]{64}'\n$/s,
    );
  });

  it("keeps unsigned headers out of the signature", async () => {
    const request = await sdkSignedRequest();
    expect(() => verifySignature({ ...request, headers: { ...request.headers, "x-unsigned": "anything" } }, { secretAccessKey: SECRET, now: SIGNED_AT })).not.toThrow();
  });

  it.each([
    [-14 * MINUTE - 59_000, undefined],
    [14 * MINUTE + 59_000, undefined],
    [15 * MINUTE, undefined],
    [-15 * MINUTE, undefined],
    [15 * MINUTE + 1000, "Signature expired: 20260314T150926Z is now earlier than 20260314T150927Z (20260314T152427Z - 15 min.)"],
    [-15 * MINUTE - 1000, "Signature not yet current: 20260314T150926Z is still later than 20260314T150925Z (20260314T145425Z + 15 min.)"],
    [2 * 60 * MINUTE, "Signature expired: 20260314T150926Z is now earlier than 20260314T165426Z (20260314T170926Z - 15 min.)"],
  ])("with the server clock %d ms from the signing date: %s", async (offset, message) => {
    const request = await sdkSignedRequest();
    const verify = () => verifySignature(request, { secretAccessKey: SECRET, now: new Date(SIGNED_AT + offset) });
    if (message === undefined) expect(verify).not.toThrow();
    else {
      const e = error(verify);
      expect(e).toBeInstanceOf(InvalidSignatureException);
      expect(e.message).toBe(message);
    }
  });

  it("refuses a credential scoped to another service or Region", async () => {
    const request = await sdkSignedRequest();
    const wrongService = error(() => verifySignature(request, { secretAccessKey: SECRET, now: SIGNED_AT, service: "s3" }));
    expect(wrongService).toBeInstanceOf(InvalidSignatureException);
    expect(wrongService.message).toBe("Credential should be scoped to correct service: 's3'. ");
    const wrongRegion = error(() => verifySignature(request, { secretAccessKey: SECRET, now: SIGNED_AT, region: "us-east-1" }));
    expect(wrongRegion).toBeInstanceOf(InvalidSignatureException);
    expect(wrongRegion.message).toBe("Credential should be scoped to a valid region, not 'eu-west-1'.");
  });

  it("refuses a scope date that is not the request's date", async () => {
    const request = await sdkSignedRequest();
    const headers = { ...request.headers, authorization: (request.headers.authorization as string).replace("/20260314/", "/20260313/") };
    const e = error(() => verifySignature({ ...request, headers }, { secretAccessKey: SECRET, now: SIGNED_AT }));
    expect(e).toBeInstanceOf(InvalidSignatureException);
    expect(e.message).toBe(
      "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20260313' != '20260314', from '20260314T150926Z'.",
    );
  });

  it("needs a date header", async () => {
    const request = await sdkSignedRequest();
    const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => name.toLowerCase() !== "x-amz-date"));
    const e = error(() => verifySignature({ ...request, headers }, { secretAccessKey: SECRET, now: SIGNED_AT }));
    expect(e).toBeInstanceOf(IncompleteSignatureException);
    expect(e.message).toBe(`Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${request.headers.authorization}`);
  });

  it("answers MissingAuthenticationTokenException for an unsigned request", () => {
    const e = error(() => verifySignature({ method: "POST", path: "/", headers: { host: "kms" }, body: "{}" }, { secretAccessKey: SECRET, now: SIGNED_AT }));
    expect(e).toBeInstanceOf(MissingAuthenticationTokenException);
    expect(e.message).toBe("Missing Authentication Token");
  });
});

describe("verifySignature against botocore's SigV4Auth (the AWS CLI and boto3)", () => {
  const jsonHeaders = { "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "TrentService.Encrypt" };

  it("accepts botocore's signature of a KMS request", () => {
    const request = botocoreSignedRequest("POST", "https://kms.us-west-2.amazonaws.com/", '{"KeyId": "alias/app", "Plaintext": "aGk="}', jsonHeaders);
    const auth = verifySignature(request, { secretAccessKey: SECRET, now: SIGNED_AT, region: "us-west-2" });
    expect(auth.credential.accessKeyId).toBe("AKIDBOTOCORE");
    expect(auth.signedHeaders).toEqual(["content-type", "host", "x-amz-date", "x-amz-target"]);
  });

  it("agrees on the canonical query string (sorted, RFC 3986-encoded) and a double-encoded path", () => {
    const request = botocoreSignedRequest("GET", "https://kms.us-west-2.amazonaws.com/a%20b/c?b=2&a=x%20y&a=1&empty=", "", {});
    expect(() => verifySignature(request, { secretAccessKey: SECRET, now: SIGNED_AT })).not.toThrow();
    expect(canonicalRequest(request, ["host"]).split("\n").slice(0, 3)).toEqual(["GET", "/a%2520b/c", "a=1&a=x%20y&b=2&empty="]);
  });

  it("refuses botocore's signature made with another secret", () => {
    const request = botocoreSignedRequest("POST", "https://kms.us-west-2.amazonaws.com/", "{}", jsonHeaders);
    expect(() => verifySignature(request, { secretAccessKey: "other", now: SIGNED_AT })).toThrow(InvalidSignatureException);
  });

  it("refuses a signature that does not cover the Host header, whatever else it covers", () => {
    const request = botocoreSignedRequest("POST", "https://kms.us-west-2.amazonaws.com/", "{}", jsonHeaders);
    const headers = { ...request.headers } as Record<string, string>;
    headers.Authorization = (headers.Authorization as string).replace(/SignedHeaders=[^,]+/, "SignedHeaders=content-type;x-amz-date;x-amz-target");
    const e = error(() => verifySignature({ ...request, headers }, { secretAccessKey: SECRET, now: SIGNED_AT }));
    expect([e.name, e.message]).toEqual(["InvalidSignatureException", "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."]);
  });
});

describe("canonicalRequest", () => {
  it("builds the documented canonical request (AWS's GET example, trimmed and sorted headers)", () => {
    const request: SignedRequest = {
      method: "get",
      path: "/",
      headers: { Host: "iam.amazonaws.com", "X-Amz-Date": "20150830T123600Z", "Content-Type": "application/x-www-form-urlencoded; charset=utf-8", "x-multi": ["  a   b ", "c"] },
      body: "",
    };
    expect(canonicalRequest(request, ["x-multi", "host", "content-type", "x-amz-date"], nobleCryptoProvider)).toBe(
      [
        "GET",
        "/",
        "",
        "content-type:application/x-www-form-urlencoded; charset=utf-8",
        "host:iam.amazonaws.com",
        "x-amz-date:20150830T123600Z",
        "x-multi:a b,c",
        "",
        "content-type;host;x-amz-date;x-multi",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      ].join("\n"),
    );
  });

  it("resolves dot segments of the path before encoding it", () => {
    const request: SignedRequest = { method: "GET", path: "/a/./b/../c//d/", headers: { host: "h" }, body: undefined };
    expect(canonicalRequest(request, ["host"]).split("\n")[1]).toBe("/a/c/d/");
  });
});

describe("parseAuthorization", () => {
  it("reads the credential scope, the signed headers and the signature", () => {
    expect(
      parseAuthorization(
        "AWS4-HMAC-SHA256 Credential=123456789012/20260314/ap-south-1/kms/aws4_request, SignedHeaders=host;X-Amz-Date, Signature=ABCDEF",
      ),
    ).toEqual({
      credential: { accessKeyId: "123456789012", date: "20260314", region: "ap-south-1", service: "kms", scope: "20260314/ap-south-1/kms/aws4_request" },
      signedHeaders: ["host", "x-amz-date"],
      signature: "abcdef",
    });
  });

  it.each([
    [
      "AWS4-HMAC-SHA256 Credential=AKID/20260314/us-east-1/kms/aws4_request",
      IncompleteSignatureException,
      "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256 Credential=AKID/20260314/us-east-1/kms/aws4_request",
    ],
    [
      "AWS4-HMAC-SHA256 Credential=AKID /20260314/us-east-1/kms/aws4_request, SignedHeaders=host, Signature=ab",
      IncompleteSignatureException,
      "'/20260314/us-east-1/kms/aws4_request' not a valid key=value pair (missing equal-sign) in Authorization header: 'AWS4-HMAC-SHA256 Credential=AKID /20260314/us-east-1/kms/aws4_request, SignedHeaders=host, Signature=ab'.",
    ],
    [
      "AWS4-HMAC-SHA256 Credential=AKID/20260314/us-east-1/kms, SignedHeaders=host, Signature=ab",
      IncompleteSignatureException,
      "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKID/20260314/us-east-1/kms'",
    ],
    [
      "AWS4-HMAC-SHA256 Credential=AKID/20260314/us-east-1/kms/aws5_request, SignedHeaders=host, Signature=ab",
      InvalidSignatureException,
      "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'.",
    ],
    ["AWS AKID:signature", IncompleteSignatureException, "Unsupported AWS 'algorithm': 'AWS'. Use AWS4-HMAC-SHA256. Authorization=AWS AKID:signature"],
  ])("refuses %s", (header, ErrorClass, message) => {
    const e = error(() => parseAuthorization(header));
    expect(e).toBeInstanceOf(ErrorClass);
    expect(e.message).toBe(message);
  });
});

describe("unrecognizedClient", () => {
  it("is AWS's UnrecognizedClientException for an unknown access key", () => {
    const e = unrecognizedClient();
    expect(e).toBeInstanceOf(UnrecognizedClientException);
    expect(e.name).toBe("UnrecognizedClientException");
    expect(e.message).toBe("The security token included in the request is invalid.");
  });
});
