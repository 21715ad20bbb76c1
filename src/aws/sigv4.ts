/**
 * AWS Signature Version 4, the server's side: read the `Authorization` header, rebuild the
 * canonical request and the string to sign exactly as AWS defines them (IAM User Guide, "Create a
 * signed AWS API request"), and check the signature and the request's date. Pure: HMAC-SHA256
 * and SHA-256 come from a `CryptoProvider` (default: the @noble/hashes one), the present from the
 * caller.
 *
 * Messages, where AWS's are on record:
 *  - "The request signature we calculated does not match the signature you provided. Check your
 *    AWS Secret Access Key and signing method. Consult the service documentation for details."
 *    followed by the canonical string and string-to-sign [github.com/aws/aws-sdk-js/issues/168];
 *  - "Signature expired: <date> is now earlier than <now - 15 min> (<now> - 15 min.)"
 *    [github.com/aws/aws-sdk-js/issues/254 (15 min.), github.com/upmc-enterprises/registry-creds/issues/24];
 *  - "Signature not yet current: <date> is still later than <now + 15 min> (<now> + 15 min.)"
 *    [github.com/aws/aws-sdk-go/issues/2194, github.com/s12v/awsbeats/issues/48];
 *  - "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP:
 *    '<scope>' != '<date>', from '<amz-date>'." [github.com/tedder/requests-aws4auth/issues/7];
 *  - "Credential should be scoped to a valid region, not '<region>'."
 *    [github.com/aws/aws-sdk-ruby/issues/508] and "Credential should be scoped to correct
 *    service: '<service>'. " [github.com/cllunsford/aws-signing-proxy/issues/25];
 *  - "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."
 *    (InvalidSignatureException) [github.com/aws/aws-sdk-php/issues/2469; the 2013 wording,
 *    "'Host' must be ...", and its place after the date checks are in the AWS responses recorded in
 *    github.com/mhart/dynalite's index.js].
 */
import {
  IncompleteSignatureException,
  InvalidSignatureException,
  MissingAuthenticationTokenException,
  nobleCryptoProvider,
  UnrecognizedClientException,
  type CryptoProvider,
} from "../index.js";
import {
  authorizationHeader,
  formatAmzDate,
  headerValues,
  parseAuthorization,
  requestDate,
  SIGV4_ALGORITHM,
  type CredentialScope,
  type SigV4Authorization,
  type SignedRequest,
} from "./sigv4-authorization.js";

export * from "./sigv4-authorization.js";

/** "The security token included in the request is invalid." (UnrecognizedClientException). */
export const UNRECOGNIZED_CLIENT_MESSAGE = "The security token included in the request is invalid.";
/** "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization." */
export const HOST_NOT_SIGNED_MESSAGE = "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.";
/** How far a request's date may be from the server's clock. */
export const MAX_CLOCK_SKEW_MS = 15 * 60_000;

const encoder = new TextEncoder();

/** RFC 3986 percent-encoding of everything but unreserved characters (`A-Z a-z 0-9 - _ . ~`). */
function uriEncode(text: string, keepSlash: boolean): string {
  let out = "";
  for (const byte of encoder.encode(text)) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(c) || (keepSlash && c === "/")) out += c;
    else out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

function uriDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The path with `.` and `..` segments resolved (RFC 3986 5.2.4), as AWS normalizes it for every service but S3. */
function normalizePath(path: string): string {
  const out: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "..") out.pop();
    else if (segment !== "." && segment !== "") out.push(segment);
  }
  const normalized = `/${out.join("/")}`;
  return path.endsWith("/") && normalized !== "/" ? `${normalized}/` : normalized;
}

function canonicalQuery(query: string): string {
  if (query === "") return "";
  const pairs = query
    .split("&")
    .filter((pair) => pair !== "")
    .map((pair) => {
      const equals = pair.indexOf("=");
      const name = equals < 0 ? pair : pair.slice(0, equals);
      const value = equals < 0 ? "" : pair.slice(equals + 1);
      return [uriEncode(uriDecode(name), false), uriEncode(uriDecode(value), false)] as const;
    });
  pairs.sort(([an, av], [bn, bv]) => (an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return pairs.map(([name, value]) => `${name}=${value}`).join("&");
}

function toHex(bytes: Uint8Array): string {
  let out = "";
  for (const byte of bytes) out += byte.toString(16).padStart(2, "0");
  return out;
}

function bodyBytes(body: SignedRequest["body"]): Uint8Array {
  if (body === undefined) return new Uint8Array(0);
  return typeof body === "string" ? encoder.encode(body) : body;
}

/**
 * The canonical request: method, canonical URI, canonical query string, canonical headers,
 * signed headers and the hex SHA-256 of the payload, one per line.
 * @param signedHeaders lower-case names, from the Authorization header
 */
export function canonicalRequest(request: SignedRequest, signedHeaders: readonly string[], crypto: CryptoProvider = nobleCryptoProvider): string {
  const question = request.path.indexOf("?");
  const rawPath = question < 0 ? request.path : request.path.slice(0, question);
  const query = question < 0 ? "" : request.path.slice(question + 1);
  const uri = uriEncode(normalizePath(rawPath === "" ? "/" : rawPath), true);
  const names = [...signedHeaders].sort();
  const headers = names
    .map((name) => `${name}:${headerValues(request.headers, name).map((v) => v.trim().replace(/\s+/g, " ")).join(",")}\n`)
    .join("");
  const payload = toHex(crypto.sha256(bodyBytes(request.body)));
  return [request.method.toUpperCase(), uri, canonicalQuery(query), headers, names.join(";"), payload].join("\n");
}

/** The string to sign: algorithm, request date, credential scope, hex SHA-256 of the canonical request. */
export function stringToSign(amzDate: string, scope: string, canonical: string, crypto: CryptoProvider = nobleCryptoProvider): string {
  return [SIGV4_ALGORITHM, amzDate, scope, toHex(crypto.sha256(encoder.encode(canonical)))].join("\n");
}

/** The signing key: HMAC chain of `AWS4<secret>` over date, region, service and `aws4_request`. */
export function signingKey(secretAccessKey: string, scope: CredentialScope, crypto: CryptoProvider = nobleCryptoProvider): Uint8Array {
  const kDate = crypto.hmacSha256(encoder.encode(`AWS4${secretAccessKey}`), encoder.encode(scope.date));
  const kRegion = crypto.hmacSha256(kDate, encoder.encode(scope.region));
  const kService = crypto.hmacSha256(kRegion, encoder.encode(scope.service));
  return crypto.hmacSha256(kService, encoder.encode("aws4_request"));
}

/** What {@link verifySignature} checks against. */
export interface VerifyOptions {
  /** The secret of the credential's access key id. */
  readonly secretAccessKey: string;
  /** The server's present (epoch ms or Date), for the 15-minute clock skew. */
  readonly now: number | Date;
  /** The service the credential must be scoped to (default `kms`). */
  readonly service?: string;
  /** When given, the Region the credential must be scoped to. */
  readonly region?: string;
  readonly crypto?: CryptoProvider;
}

function constantTimeEquals(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * Verifies a SigV4-signed request.
 * @returns the parsed Authorization header (its credential scope names the access key and Region)
 * @throws {@link MissingAuthenticationTokenException} when the request has no Authorization header
 * @throws {@link IncompleteSignatureException} when the header or the request date is malformed or missing
 * @throws {@link InvalidSignatureException} when the scope's service, Region or date is wrong, the
 *   date is more than 15 minutes from `now`, `host` is not signed, or the signature does not match
 */
export function verifySignature(request: SignedRequest, options: VerifyOptions): SigV4Authorization {
  const header = authorizationHeader(request.headers);
  // "If the API request is not signed, you might receive the following error: Missing
  // Authentication Token" (IAM User Guide, "Troubleshoot Signature Version 4 signing").
  if (header === undefined) throw new MissingAuthenticationTokenException("Missing Authentication Token");
  const auth = parseAuthorization(header);
  const date = requestDate(request.headers);
  if (!date) {
    throw new IncompleteSignatureException(`Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${header}`);
  }
  const { credential } = auth;
  const service = options.service ?? "kms";
  if (credential.service !== service) throw new InvalidSignatureException(`Credential should be scoped to correct service: '${service}'. `);
  if (options.region !== undefined && credential.region !== options.region) {
    throw new InvalidSignatureException(`Credential should be scoped to a valid region, not '${credential.region}'.`);
  }
  if (credential.date !== date.amzDate.slice(0, 8)) {
    throw new InvalidSignatureException(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${credential.date}' != '${date.amzDate.slice(0, 8)}', from '${date.amzDate}'.`,
    );
  }
  const now = typeof options.now === "number" ? options.now : options.now.getTime();
  if (date.ms < now - MAX_CLOCK_SKEW_MS) {
    throw new InvalidSignatureException(
      `Signature expired: ${date.amzDate} is now earlier than ${formatAmzDate(now - MAX_CLOCK_SKEW_MS)} (${formatAmzDate(now)} - 15 min.)`,
    );
  }
  if (date.ms > now + MAX_CLOCK_SKEW_MS) {
    throw new InvalidSignatureException(
      `Signature not yet current: ${date.amzDate} is still later than ${formatAmzDate(now + MAX_CLOCK_SKEW_MS)} (${formatAmzDate(now)} + 15 min.)`,
    );
  }
  // Signing the host binds the signature to this endpoint: without it a captured request replays anywhere.
  if (!auth.signedHeaders.includes("host") && !auth.signedHeaders.includes(":authority")) throw new InvalidSignatureException(HOST_NOT_SIGNED_MESSAGE);
  const crypto = options.crypto ?? nobleCryptoProvider;
  const canonical = canonicalRequest(request, auth.signedHeaders, crypto);
  const toSign = stringToSign(date.amzDate, credential.scope, canonical, crypto);
  const expected = toHex(crypto.hmacSha256(signingKey(options.secretAccessKey, credential, crypto), encoder.encode(toSign)));
  if (!constantTimeEquals(expected, auth.signature)) {
    throw new InvalidSignatureException(
      "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. " +
        `Consult the service documentation for details.\n\nThe Canonical String for this request should have been\n'${canonical}'\n\n` +
        `The String-to-Sign should have been\n'${toSign}'\n`,
    );
  }
  return auth;
}

/** The UnrecognizedClientException for an access key id the endpoint does not know (strict mode). */
export function unrecognizedClient(): UnrecognizedClientException {
  return new UnrecognizedClientException(UNRECOGNIZED_CLIENT_MESSAGE);
}