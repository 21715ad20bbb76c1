/**
 * Grants, the pure part: which grant operations a key supports, the CreateGrant-only refusal,
 * encryption-context constraints, who a grant covers, the narrowing rule for grantees that create
 * grants through a grant, and who may retire one. Storage and the grant operations themselves
 * live in the service. Sources: botocore model (CreateGrant, GrantConstraints, GrantOperation),
 * AWS KMS Developer Guide "Grants in AWS KMS", "Retiring and revoking grants".
 */
import { ValidationException } from "../errors.js";
import { accountOfPrincipal } from "./principal.js";
import type { Caller } from "./principal.js";
import type { RequestContext } from "./request-context.js";

/** Operations a grant can allow (botocore 1.43.11 `GrantOperation`). */
export const GRANT_OPERATIONS = [
  "Decrypt", "Encrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "ReEncryptFrom", "ReEncryptTo", "Sign",
  "Verify", "GetPublicKey", "CreateGrant", "RetireGrant", "DescribeKey", "GenerateDataKeyPair",
  "GenerateDataKeyPairWithoutPlaintext", "GenerateMac", "VerifyMac", "DeriveSharedSecret",
] as const;
export type GrantOperation = (typeof GRANT_OPERATIONS)[number];

/** "Grants per KMS key: 50,000" (AWS KMS quotas; customer managed keys). */
export const GRANTS_PER_KEY = 50_000;

/** `Constraints` of a grant: the request's encryption context must equal, or contain, these pairs. */
export interface GrantConstraints {
  readonly EncryptionContextEquals?: Readonly<Record<string, string>>;
  readonly EncryptionContextSubset?: Readonly<Record<string, string>>;
}

/** A grant as the evaluator needs it (the service keeps it; ListGrants maps it to AWS's shape). */
export interface GrantRecord {
  readonly grantId: string;
  readonly keyArn: string;
  readonly name?: string;
  readonly granteePrincipal: string;
  readonly retiringPrincipal?: string;
  /** `arn:aws:iam::<account>:root` of the account that created the grant. */
  readonly issuingAccount: string;
  readonly operations: readonly GrantOperation[];
  readonly constraints?: GrantConstraints;
}

const ALWAYS: readonly GrantOperation[] = ["CreateGrant", "RetireGrant", "DescribeKey"];
const SYMMETRIC: readonly GrantOperation[] = [
  "Encrypt", "Decrypt", "ReEncryptFrom", "ReEncryptTo", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext",
  "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext",
];
const BY_USAGE: Readonly<Record<string, readonly GrantOperation[]>> = {
  ENCRYPT_DECRYPT: ["Encrypt", "Decrypt", "ReEncryptFrom", "ReEncryptTo", "GetPublicKey"],
  SIGN_VERIFY: ["Sign", "Verify", "GetPublicKey"],
  GENERATE_VERIFY_MAC: ["GenerateMac", "VerifyMac"],
  KEY_AGREEMENT: ["DeriveSharedSecret", "GetPublicKey"],
};

/**
 * The grant operations a key supports: "the operation must be supported on the KMS key ... you
 * cannot create a grant for a symmetric encryption KMS key that allows the Sign operation, or a
 * grant for an asymmetric KMS key that allows the GenerateDataKey operation" (botocore model).
 */
export function grantOperationsFor(keySpec: string, keyUsage: string): readonly GrantOperation[] {
  if (keySpec === "SYMMETRIC_DEFAULT") return [...ALWAYS, ...SYMMETRIC];
  return [...ALWAYS, ...(BY_USAGE[keyUsage] ?? [])];
}

/**
 * Precondition: the operations can be granted on this key, and not CreateGrant alone.
 * @throws {@link ValidationException} "Grants must not contain only the CreateGrant operation."
 *   [AWS output quoted in github.com/ansible/ansible/pull/31960, 2019], or naming the operations
 *   the key does not support (AWS's wording for that case is not on record)
 */
export function requireGrantableOperations(operations: readonly string[], key: { readonly keySpec: string; readonly keyUsage: string }): readonly GrantOperation[] {
  if (operations.length > 0 && operations.every((o) => o === "CreateGrant")) {
    throw new ValidationException("Grants must not contain only the CreateGrant operation.");
  }
  const supported = new Set<string>(grantOperationsFor(key.keySpec, key.keyUsage));
  const refused = [...new Set(operations.filter((o) => !supported.has(o)))];
  if (refused.length > 0) {
    throw new ValidationException(
      `The grant operations [${refused.join(", ")}] are not supported on a KMS key with KeySpec ${key.keySpec} and KeyUsage ${key.keyUsage}.`,
    );
  }
  return operations as readonly GrantOperation[];
}

/** Operations whose requests carry an encryption context (and so obey constraints, on symmetric keys). */
const CONTEXT_OPERATIONS: ReadonlySet<string> = new Set(SYMMETRIC);

/**
 * The request's pairs by lower-cased key: "in a grant constraint, the key in each key-value pair is
 * not case sensitive, but the value is case sensitive" (botocore model). A context may hold keys
 * that differ only in case (`tenant` and `TENANT`): each keeps its value, so the outcome never
 * depends on the order of the keys.
 */
function folded(context: Readonly<Record<string, string>> | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const key in context) {
    const name = key.toLowerCase();
    const values = out.get(name);
    if (values === undefined) out.set(name, [context[key] as string]);
    else values.push(context[key] as string);
  }
  return out;
}

function contains(request: Map<string, string[]>, pairs: Readonly<Record<string, string>>): boolean {
  for (const key in pairs) if (request.get(key.toLowerCase())?.includes(pairs[key] as string) !== true) return false;
  return true;
}

const isEmpty = (pairs: Readonly<Record<string, string>> | undefined): boolean => pairs === undefined || Object.keys(pairs).length === 0;

/**
 * True when a request's encryption context satisfies the grant's constraints. Constraints apply
 * only to operations with an encryption context on symmetric keys ("Grant constraints are not
 * applied to operations that do not support an encryption context, such as cryptographic
 * operations with asymmetric KMS keys and management operations, such as DescribeKey or
 * RetireGrant", botocore model). An empty map counts as no constraint.
 */
export function constraintsHold(constraints: GrantConstraints | undefined, operation: string, keySpec: string, context: Readonly<Record<string, string>> | undefined): boolean {
  if (!constraints || !CONTEXT_OPERATIONS.has(operation) || keySpec !== "SYMMETRIC_DEFAULT") return true;
  const { EncryptionContextEquals: equals, EncryptionContextSubset: subset } = constraints;
  if (isEmpty(equals) && isEmpty(subset)) return true;
  const request = folded(context);
  if (!isEmpty(equals)) {
    // Equal: the same number of pairs (counted as sent, so a second pair whose key differs only
    // in case is one pair too many), each of the grant's among them.
    const wanted = Object.keys(equals as Record<string, string>).length;
    if (wanted !== Object.keys(context ?? {}).length || !contains(request, equals as Record<string, string>)) return false;
  }
  return isEmpty(subset) || contains(request, subset as Record<string, string>);
}

/** How a grant's grantee (or retiring principal) covers a caller: 0 no, 1 itself, 2 its account. */
export function principalCovers(principal: string | undefined, caller: Caller): 0 | 1 | 2 {
  if (principal === undefined) return 0;
  if (principal === caller.arn || principal === caller.principalArn) return 1;
  const account = accountOfPrincipal(principal);
  if (account !== undefined && account === caller.accountId) return caller.kind === "root" ? 1 : 2;
  return 0;
}

/**
 * Whether `grant` allows `operation` (e.g. `Decrypt`) for this request: 0 no, 1 yes, 2 only
 * through the caller's account (a grant to an account: its identities other than root need an
 * IAM policy as well).
 */
export function grantAllows(grant: GrantRecord, operation: string, caller: Caller, keySpec: string, context: RequestContext): 0 | 1 | 2 {
  if (!grant.operations.includes(operation as GrantOperation)) return 0;
  const covers = principalCovers(grant.granteePrincipal, caller);
  if (covers === 0) return 0;
  return constraintsHold(grant.constraints, operation, keySpec, context.encryptionContext) ? covers : 0;
}

function sameContext(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  return folded(a).size === folded(b).size && contains(folded(a), b);
}

/**
 * The narrowing rule: a grantee that holds CreateGrant through a grant may create only grants
 * whose operations are a subset of the parent's and whose constraints are at least as strict (it
 * may add Subset pairs or turn Subset into Equals, not loosen Equals) (AWS KMS Developer Guide,
 * "Grant constraints" and "CreateGrant").
 */
export function isNarrowerGrant(parent: Pick<GrantRecord, "operations" | "constraints">, child: Pick<GrantRecord, "operations" | "constraints">): boolean {
  if (!child.operations.every((o) => parent.operations.includes(o))) return false;
  const parentEquals = parent.constraints?.EncryptionContextEquals;
  const parentSubset = parent.constraints?.EncryptionContextSubset;
  const childEquals = child.constraints?.EncryptionContextEquals;
  const childSubset = child.constraints?.EncryptionContextSubset;
  if (!isEmpty(parentEquals)) {
    if (isEmpty(childEquals) || !sameContext(childEquals as Record<string, string>, parentEquals as Record<string, string>)) return false;
  }
  if (!isEmpty(parentSubset)) {
    const required = parentSubset as Record<string, string>;
    const viaEquals = !isEmpty(childEquals) && contains(folded(childEquals), required);
    const viaSubset = !isEmpty(childSubset) && contains(folded(childSubset), required);
    if (!viaEquals && !viaSubset) return false;
  }
  return true;
}

/**
 * Who may retire a grant, from the grant itself: "the retiring principal", the grantee "only if
 * they are also a retiring principal or the grant includes the RetireGrant operation", and "the
 * AWS account in which the grant was created" (AWS KMS Developer Guide, "Retiring and revoking
 * grants"). `"principal"` is the caller itself; `"account"` its account, which an identity other
 * than root may use only with `kms:RetireGrant` in its IAM policies.
 */
export function retireGrantRight(grant: GrantRecord, caller: Caller): "principal" | "account" | "none" {
  const retiring = principalCovers(grant.retiringPrincipal, caller);
  const grantee = grant.operations.includes("RetireGrant") ? principalCovers(grant.granteePrincipal, caller) : 0;
  const issuing = principalCovers(grant.issuingAccount, caller);
  if (retiring === 1 || grantee === 1 || issuing === 1) return "principal";
  if (retiring === 2 || grantee === 2 || issuing === 2) return "account";
  return "none";
}
