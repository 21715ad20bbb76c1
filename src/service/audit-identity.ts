/**
 * Who made a call, as CloudTrail's `userIdentity` describes them: the one place that turns a
 * request's caller (`kms.as(caller)` in process, the principal a SigV4 access key names over the
 * wire, the account's root user otherwise) into a record, in CloudTrail's shape for each kind of
 * identity (CloudTrail User Guide, "CloudTrail userIdentity element"):
 *
 * - the root user: `Root`, its account id as `principalId`;
 * - an IAM user: `IAMUser` with `userName`;
 * - a role session: `AssumedRole`, the session ARN, and `sessionContext.sessionIssuer` naming the role;
 * - a federated user: `FederatedUser`;
 * - an AWS service principal: `AWSService` with `invokedBy`;
 * - a principal's request made through an integrated service (`kms:ViaService`): the principal's
 *   identity with `invokedBy` the service, whose name is then also the source address and agent.
 *
 * IAM's unique ids (`AIDA…` for users, `AROA…` for roles) are derived from the ARN (SHA-256), so
 * the same principal has the same id in every run and in every record, as in AWS.
 */
import type { Scope } from "../model/identifiers.js";
import type { CryptoProvider } from "../ports.js";
import type { Acting } from "./callers.js";

const encoder = new TextEncoder();
const UNIQUE_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** An IAM unique id: `prefix` (AIDA, AROA) and 17 characters derived from the principal's ARN. */
export function iamUniqueId(crypto: CryptoProvider, prefix: "AIDA" | "AROA", arn: string): string {
  const digest = crypto.sha256(encoder.encode(`kms-sim iam unique id\0${arn}`));
  let id = prefix;
  for (let index = 0; index < 17; index++) id += UNIQUE_ID_ALPHABET.charAt((digest[index] as number) & 31);
  return id;
}

/** The service a `kms:ViaService` value names, as CloudTrail's `invokedBy` writes it: `s3.amazonaws.com`. */
export function invokingService(viaService: string): string {
  const dot = viaService.indexOf(".");
  const suffix = viaService.endsWith(".amazonaws.com.cn") ? "amazonaws.com.cn" : "amazonaws.com";
  return `${dot < 0 ? viaService : viaService.slice(0, dot)}.${suffix}`;
}

/** The last segment of an ARN's resource path: a user's or role's name. */
function nameOf(arn: string): string {
  return arn.slice(arn.lastIndexOf("/") + 1);
}

/** CloudTrail's `userIdentity` of an API call made as `acting`. */
export function userIdentityOf(crypto: CryptoProvider, acting: Acting): Record<string, unknown> {
  const { caller, accessKeyId, viaService } = acting;
  const accessKey = accessKeyId === undefined ? {} : { accessKeyId };
  let identity: Record<string, unknown>;
  switch (caller.kind) {
    case "service":
      return { type: "AWSService", invokedBy: caller.arn };
    case "root":
      identity = { type: "Root", principalId: caller.accountId, arn: caller.arn, accountId: caller.accountId, ...accessKey };
      break;
    case "user":
      identity = {
        type: "IAMUser",
        principalId: iamUniqueId(crypto, "AIDA", caller.arn),
        arn: caller.arn,
        accountId: caller.accountId,
        ...accessKey,
        userName: caller.userName ?? nameOf(caller.arn),
      };
      break;
    case "assumed-role": {
      const roleId = iamUniqueId(crypto, "AROA", caller.principalArn);
      identity = {
        type: "AssumedRole",
        principalId: `${roleId}:${nameOf(caller.arn)}`,
        arn: caller.arn,
        accountId: caller.accountId,
        ...accessKey,
        sessionContext: {
          sessionIssuer: { type: "Role", principalId: roleId, arn: caller.principalArn, accountId: caller.accountId, userName: nameOf(caller.principalArn) },
          attributes: { mfaAuthenticated: "false" },
        },
      };
      break;
    }
    case "federated-user":
      identity = { type: "FederatedUser", principalId: `${caller.accountId}:${nameOf(caller.arn)}`, arn: caller.arn, accountId: caller.accountId, ...accessKey };
      break;
  }
  if (viaService !== undefined) identity.invokedBy = invokingService(viaService);
  return identity;
}

/**
 * CloudTrail's `sourceIPAddress` and `userAgent` of a call made as `acting`: the integrated
 * service's name for a call made through one (or by one), else the caller's `SourceIp` and kms-sim.
 */
export function requestOrigin(acting: Acting): { readonly sourceIPAddress: string; readonly userAgent: string } {
  const service = acting.caller.kind === "service" ? acting.caller.arn : acting.viaService === undefined ? undefined : invokingService(acting.viaService);
  if (service !== undefined) return { sourceIPAddress: service, userAgent: service };
  return { sourceIPAddress: acting.sourceIp ?? "127.0.0.1", userAgent: "kms-sim" };
}

/**
 * CloudTrail's user name of a call (LookupEvents' `Username`): an IAM user's name, `root`, a role
 * session's or federated user's name; none for a service.
 */
export function userNameOf(acting: Acting): string | undefined {
  const caller = acting.caller;
  switch (caller.kind) {
    case "root":
      return "root";
    case "service":
      return undefined;
    default:
      return caller.userName ?? nameOf(caller.arn);
  }
}

/** CloudTrail's `userIdentity` of an event of the service itself (RotateKey, DeleteKey). */
export function serviceIdentity(scope: Scope): Record<string, unknown> {
  return { accountId: scope.accountId, invokedBy: "AWS Internal" };
}
