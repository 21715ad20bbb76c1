/**
 * Callers and the principals policies name. A caller is who makes a request (an account's root
 * user, an IAM user, a role session, a federated user, or an AWS service principal); a policy's
 * `Principal` names accounts, users, roles, sessions and services. AWS matches them with a few
 * rules this file holds in one place:
 *  - the account principal (`"123456789012"` or `arn:aws:iam::123456789012:root`) is the account's
 *    root user itself, and for every other identity of the account a delegation to IAM;
 *  - a role ARN matches every session of the role ("For IAM roles, the request context returns the
 *    ARN of the role, not the ARN of the user that assumed the role", IAM User Guide);
 *  - `"*"` (or `{"AWS": "*"}`) matches everyone.
 */

/** What kind of identity a caller is. */
export type CallerKind = "root" | "user" | "assumed-role" | "federated-user" | "service";

/** The identity a request runs as. */
export interface Caller {
  readonly kind: CallerKind;
  /** The ARN AWS prints in denial messages (the session ARN for a role session; the service name for a service). */
  readonly arn: string;
  /** `aws:PrincipalArn`: the role ARN (with its path) for a role session, else the same as `arn`. */
  readonly principalArn: string;
  /** `aws:PrincipalAccount` / `kms:CallerAccount`; undefined for service principals. */
  readonly accountId: string | undefined;
  /** `aws:username` for IAM users, else undefined. */
  readonly userName: string | undefined;
}

const PARTITION = "(aws|aws-cn|aws-us-gov)";
const NAME = "[\\w+=,.@-]+";
// Paths are "/" or "/…/" of printable ASCII; "*" and "?" would make the ARN a pattern, which AWS refuses.
const PATH = "(?:/[\\x21-\\x29\\x2b-\\x3e\\x40-\\x7e]*)?/";
const ROOT_ARN = new RegExp(`^arn:${PARTITION}:iam::(\\d{12}):root$`);
const USER_ARN = new RegExp(`^arn:${PARTITION}:iam::(\\d{12}):user${PATH}(${NAME})$`);
const ROLE_ARN = new RegExp(`^arn:${PARTITION}:iam::(\\d{12}):role${PATH}(${NAME})$`);
const SESSION_ARN = new RegExp(`^arn:${PARTITION}:sts::(\\d{12}):assumed-role/(${NAME})/(${NAME})$`);
const FEDERATED_ARN = new RegExp(`^arn:${PARTITION}:sts::(\\d{12}):federated-user/(${NAME})$`);
const SERVICE = /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(?:\.cn)?$/;
const ACCOUNT_ID = /^\d{12}$/;
const SESSION_NAME = new RegExp(`^${NAME}$`);

/** True for a 12-digit AWS account id. */
export function isAccountId(value: string): boolean {
  return ACCOUNT_ID.test(value);
}

/** `arn:aws:iam::<account>:root`, the account principal and its root user. */
export function accountRootArn(accountId: string, partition = "aws"): string {
  return `arn:${partition}:iam::${accountId}:root`;
}

/** The root user of `accountId`: the caller kms-sim assumes when none is given. */
export function rootCaller(accountId: string, partition = "aws"): Caller {
  const arn = accountRootArn(accountId, partition);
  return { kind: "root", arn, principalArn: arn, accountId, userName: undefined };
}

/**
 * The caller an ARN names: a root, user, role, assumed-role session or federated-user ARN, or a
 * service principal such as `cloudtrail.amazonaws.com`. A role ARN means a session of that role
 * (roles act only through sessions), named `sessionName`.
 * @param options.roleArn for a session ARN, the role's full ARN when its path is not `/`
 * @param options.sessionName for a role ARN, the session name (default `kms-sim`)
 * @throws {RangeError} when `arn` is none of these
 */
export function callerFromArn(arn: string, options: { readonly roleArn?: string; readonly sessionName?: string } = {}): Caller {
  let match = ROOT_ARN.exec(arn);
  if (match) return rootCaller(match[2] as string, match[1]);
  match = USER_ARN.exec(arn);
  if (match) return { kind: "user", arn, principalArn: arn, accountId: match[2] as string, userName: match[3] as string };
  match = SESSION_ARN.exec(arn);
  if (match) {
    const [, partition = "aws", accountId = "", role = ""] = match;
    const roleArn = options.roleArn ?? `arn:${partition}:iam::${accountId}:role/${role}`;
    const roleMatch = ROLE_ARN.exec(roleArn);
    if (!roleMatch || roleMatch[2] !== accountId || roleMatch[3] !== role) {
      throw new RangeError(`roleArn ${roleArn} is not the role of the session ${arn}`);
    }
    return { kind: "assumed-role", arn, principalArn: roleArn, accountId, userName: undefined };
  }
  match = ROLE_ARN.exec(arn);
  if (match) {
    const [, partition = "aws", accountId = "", role = ""] = match;
    const session = options.sessionName ?? "kms-sim";
    if (!SESSION_NAME.test(session)) throw new RangeError(`sessionName ${session} is not a valid role session name`);
    const sessionArn = `arn:${partition}:sts::${accountId}:assumed-role/${role}/${session}`;
    return { kind: "assumed-role", arn: sessionArn, principalArn: arn, accountId, userName: undefined };
  }
  match = FEDERATED_ARN.exec(arn);
  if (match) return { kind: "federated-user", arn, principalArn: arn, accountId: match[2] as string, userName: undefined };
  if (SERVICE.test(arn)) return { kind: "service", arn, principalArn: arn, accountId: undefined, userName: undefined };
  throw new RangeError(`caller must be a root, user, role, assumed-role or federated-user ARN, or a service principal; got ${arn}`);
}

/** What a policy's `Principal` value names, as far as validity goes. */
export type PrincipalForm = "any" | "account" | "user" | "role" | "assumed-role" | "federated-user" | "invalid";

/**
 * Classifies one `"AWS"` principal value: `*`, an account id, or a root/user/role/session/
 * federated-user ARN. Wildcards inside an ARN, IAM groups and anything else are invalid
 * ("Policy contains a statement with one or more invalid principals.").
 */
export function awsPrincipalForm(value: string): PrincipalForm {
  if (value === "*") return "any";
  if (ACCOUNT_ID.test(value) || ROOT_ARN.test(value)) return "account";
  if (USER_ARN.test(value)) return "user";
  if (ROLE_ARN.test(value)) return "role";
  if (SESSION_ARN.test(value)) return "assumed-role";
  if (FEDERATED_ARN.test(value)) return "federated-user";
  return "invalid";
}

/** True for a service principal name such as `logs.us-east-1.amazonaws.com`. */
export function isServicePrincipal(value: string): boolean {
  return SERVICE.test(value);
}

/** The account id of an account principal value (`123456789012` or its root ARN). */
export function accountOfPrincipal(value: string): string | undefined {
  if (ACCOUNT_ID.test(value)) return value;
  return ROOT_ARN.exec(value)?.[2];
}

/**
 * Every identity a caller is, for `NotPrincipal`: AWS excludes a caller only when the
 * `NotPrincipal` list names all of them (a role session needs its session ARN, its role ARN and
 * its account; IAM User Guide, "NotPrincipal").
 */
export function callerIdentities(caller: Caller): readonly string[] {
  switch (caller.kind) {
    case "root":
      return [`account:${caller.accountId}`];
    case "service":
      return [`service:${caller.arn}`];
    case "assumed-role":
      return [`arn:${caller.arn}`, `arn:${caller.principalArn}`, `account:${caller.accountId}`];
    default:
      return [`arn:${caller.arn}`, `account:${caller.accountId}`];
  }
}
