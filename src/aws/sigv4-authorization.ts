/**
 * SigV4 request metadata, the server's side: the `Authorization` header (algorithm, credential
 * scope, signed headers, signature) and the request's date (`X-Amz-Date` or `Date`). Messages of
 * malformed headers as AWS words them: "Authorization header requires '<part>' parameter. ...
 * Authorization=<header>" [github.com/aws/chalice/issues/828] and "'<pair>' not a valid key=value
 * pair (missing equal-sign) in Authorization header: '<header>'."
 * [github.com/iann0036/cloud9-sync/issues/10, github.com/awslabs/fhir-works-on-aws-deployment/issues/379].
 */
import { IncompleteSignatureException, InvalidSignatureException } from "../index.js";

/** The only algorithm SigV4 headers name. */
export const SIGV4_ALGORITHM = "AWS4-HMAC-SHA256";

/** The credential scope: `<access key id>/<yyyymmdd>/<region>/<service>/aws4_request`. */
export interface CredentialScope {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  /** `<yyyymmdd>/<region>/<service>/aws4_request`, as the string to sign holds it. */
  readonly scope: string;
}

/** A parsed `Authorization` header. */
export interface SigV4Authorization {
  readonly credential: CredentialScope;
  /** Lower-case header names, in the header's order. */
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

/** A request as the server received it. */
export interface SignedRequest {
  readonly method: string;
  /** The raw request target: path and optional `?query`, percent-encoded as sent. */
  readonly path: string;
  /** Header names in any case; repeated headers as a list. */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly body: string | Uint8Array | undefined;
}

export function headerValues(headers: SignedRequest["headers"], name: string): string[] {
  const out: string[] = [];
  for (const key in headers) {
    if (key.toLowerCase() !== name) continue;
    const value = headers[key];
    if (value === undefined) continue;
    if (typeof value === "string") out.push(value);
    else out.push(...value);
  }
  return out;
}

/** The `Authorization` header of a request, if it has one. */
export function authorizationHeader(headers: SignedRequest["headers"]): string | undefined {
  return headerValues(headers, "authorization")[0];
}

/** The characters between an Authorization header's components: commas and ASCII whitespace (what `\s` matches). */
function isSeparator(code: number): boolean {
  return code === 44 || code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0xfeff || code === 0x2028 || code === 0x2029 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x202f || code === 0x205f || code === 0x3000;
}

/**
 * Parses a SigV4 `Authorization` header.
 * @throws {@link IncompleteSignatureException} when a component is missing or malformed
 */
export function parseAuthorization(header: string): SigV4Authorization {
  const trimmed = header.trim();
  const space = trimmed.indexOf(" ");
  const algorithm = space < 0 ? trimmed : trimmed.slice(0, space);
  if (algorithm !== SIGV4_ALGORITHM) {
    // AWS's wording for other algorithms is not on record; this names what it expects.
    throw new IncompleteSignatureException(`Unsupported AWS 'algorithm': '${algorithm}'. Use ${SIGV4_ALGORITHM}. Authorization=${header}`);
  }
  // Components are separated by commas and/or spaces: "Credential=AKID /2026..." is two tokens.
  // One scan with no regular expression or map: this runs on every signed request.
  let credentialField = "";
  let signatureField = "";
  let signedHeadersField = "";
  const rest = trimmed.slice(space + 1);
  let at = 0;
  while (at < rest.length) {
    while (at < rest.length && isSeparator(rest.charCodeAt(at))) at += 1;
    if (at >= rest.length) break;
    let end = at;
    while (end < rest.length && !isSeparator(rest.charCodeAt(end))) end += 1;
    const pair = rest.slice(at, end);
    at = end;
    const equals = pair.indexOf("=");
    if (equals < 0) throw new IncompleteSignatureException(`'${pair}' not a valid key=value pair (missing equal-sign) in Authorization header: '${header}'.`);
    const name = pair.slice(0, equals);
    // The last occurrence wins, as a map of the pairs would have it.
    if (name === "Credential") credentialField = pair.slice(equals + 1);
    else if (name === "Signature") signatureField = pair.slice(equals + 1);
    else if (name === "SignedHeaders") signedHeadersField = pair.slice(equals + 1);
  }
  if (credentialField === "" || signatureField === "" || signedHeadersField === "") {
    const fields = { Credential: credentialField, Signature: signatureField, SignedHeaders: signedHeadersField };
    const missing = (["Credential", "Signature", "SignedHeaders"] as const).filter((name) => fields[name] === "");
    throw new IncompleteSignatureException(`${missing.map((name) => `Authorization header requires '${name}' parameter.`).join(" ")} Authorization=${header}`);
  }
  const credential = credentialField;
  const parts = credential.split("/");
  if (parts.length !== 5) {
    // AWS's wording for this case is not on record.
    throw new IncompleteSignatureException(`Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`);
  }
  const [accessKeyId = "", date = "", region = "", service = "", terminator = ""] = parts;
  if (terminator !== "aws4_request") {
    throw new InvalidSignatureException(`Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'.`);
  }
  return {
    credential: { accessKeyId, date, region, service, scope: `${date}/${region}/${service}/aws4_request` },
    signedHeaders: signedHeadersField.split(";").map((name) => name.toLowerCase()),
    signature: signatureField.toLowerCase(),
  };
}

const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** `20260101T000000Z` as epoch ms, or undefined when malformed. */
function parseAmzDate(text: string): number | undefined {
  const m = AMZ_DATE.exec(text);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  return Number.isNaN(ms) ? undefined : ms;
}

/** Epoch ms as `20260101T000000Z`. */
export function formatAmzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

/**
 * The request's date as SigV4 reads it: `X-Amz-Date` (ISO 8601 basic), else `Date` (HTTP date).
 * @returns the text as sent in `amzDate` form and as epoch ms, or undefined when neither header is usable
 */
export function requestDate(headers: SignedRequest["headers"]): { readonly amzDate: string; readonly ms: number } | undefined {
  const amz = headerValues(headers, "x-amz-date")[0];
  if (amz !== undefined) {
    const ms = parseAmzDate(amz.trim());
    return ms === undefined ? undefined : { amzDate: amz.trim(), ms };
  }
  const http = headerValues(headers, "date")[0];
  if (http === undefined || !/GMT$/.test(http.trim())) return undefined;
  const ms = Date.parse(http);
  return Number.isNaN(ms) ? undefined : { amzDate: formatAmzDate(ms), ms };
}
