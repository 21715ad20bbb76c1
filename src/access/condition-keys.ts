/**
 * The condition keys kms-sim evaluates and where each reads its value: the caller, the resource
 * (the key's properties, tags and aliases) or the request context. Names are case-insensitive as
 * in IAM; the part after `kms:EncryptionContext:`, `aws:ResourceTag/` and `aws:RequestTag/` is
 * matched case-insensitively too. Sources: AWS KMS Developer Guide "AWS KMS condition keys" and
 * "AWS global condition context keys" (IAM User Guide).
 */
import type { Caller } from "./principal.js";
import type { AccessResource, ConditionValue, RequestContext } from "./request-context.js";

/** Everything a condition can read, bundled once per authorization. */
export interface EvaluationInput {
  readonly caller: Caller;
  readonly resource: AccessResource;
  readonly context: RequestContext;
}

/** A key's value in one request; undefined means the key is missing from the request context. */
export type KeyValue = ConditionValue | undefined;

/** The IAM value type of a condition key; Date values are epoch ms. */
export type ConditionKeyType = "String" | "Numeric" | "Date" | "Bool" | "IPAddress" | "ARN";

/** One resolved condition key. */
export interface ConditionKey {
  /** The name as the policy wrote it. */
  readonly name: string;
  readonly type: ConditionKeyType;
  /** Reads the key's value from one request. */
  readonly get: (input: EvaluationInput) => KeyValue;
  /**
   * False for keys kms-sim does not model: their value comes only from the request context's
   * `extra` map, and when it is not there a condition of an `Allow` statement fails.
   */
  readonly known: boolean;
  /**
   * False for keys KMS refuses in key policies: "These condition keys are not permitted in a key
   * policy: aws:ResourceTag, kms:ResourceTag, kms:ResourceAliases" (PutKeyPolicy error quoted in
   * github.com/awsdocs/aws-kms-developer-guide/pull/47, 2022).
   */
  readonly keyPolicyAllowed: boolean;
}

type Getter = (input: EvaluationInput) => KeyValue;

const keyProperty = (property: "keySpec" | "keyUsage" | "keyOrigin" | "multiRegion"): Getter => ({ resource, context }) =>
  resource.kind === "key" ? resource[property] : context[property];

const PRINCIPAL_TYPES: Readonly<Record<string, string>> = {
  root: "Account",
  user: "User",
  "assumed-role": "AssumedRole",
  "federated-user": "FederatedUser",
};

const nonEmpty = (values: readonly string[] | undefined): KeyValue => (values && values.length > 0 ? values : undefined);

/** Simple keys, by lower-cased name. */
const KEYS: ReadonlyMap<string, { readonly type: ConditionKeyType; readonly get: Getter; readonly keyPolicy?: false }> = new Map([
  ["aws:currenttime", { type: "Date", get: ({ context }) => context.now }],
  ["aws:epochtime", { type: "Numeric", get: ({ context }) => Math.floor(context.now / 1000) }],
  ["aws:principalarn", { type: "ARN", get: ({ caller }) => caller.principalArn }],
  ["aws:principalaccount", { type: "String", get: ({ caller }) => caller.accountId }],
  ["aws:principaltype", { type: "String", get: ({ caller }) => PRINCIPAL_TYPES[caller.kind] }],
  ["aws:username", { type: "String", get: ({ caller }) => caller.userName }],
  ["aws:sourceip", { type: "IPAddress", get: ({ context }) => context.sourceIp }],
  ["aws:requestedregion", { type: "String", get: ({ context }) => context.region }],
  ["aws:resourceaccount", { type: "String", get: ({ resource }) => (resource.kind === "none" ? undefined : resource.accountId) }],
  ["aws:viaawsservice", { type: "Bool", get: ({ context }) => context.viaService !== undefined }],
  ["aws:tagkeys", { type: "String", get: ({ context }) => nonEmpty(context.tagKeys) }],
  ["kms:calleraccount", { type: "String", get: ({ caller }) => caller.accountId }],
  ["kms:viaservice", { type: "String", get: ({ context }) => context.viaService }],
  ["kms:encryptioncontextkeys", { type: "String", get: ({ context }) => nonEmpty(context.encryptionContext && Object.keys(context.encryptionContext)) }],
  ["kms:grantisforawsresource", { type: "Bool", get: ({ context }) => context.grantIsForAwsResource }],
  ["kms:grantoperations", { type: "String", get: ({ context }) => nonEmpty(context.grantOperations) }],
  ["kms:granteeprincipal", { type: "String", get: ({ context }) => context.granteePrincipal }],
  ["kms:retiringprincipal", { type: "String", get: ({ context }) => context.retiringPrincipal }],
  ["kms:grantconstrainttype", { type: "String", get: ({ context }) => nonEmpty(context.grantConstraintTypes) }],
  ["kms:keyspec", { type: "String", get: keyProperty("keySpec") }],
  ["kms:keyusage", { type: "String", get: keyProperty("keyUsage") }],
  ["kms:keyorigin", { type: "String", get: keyProperty("keyOrigin") }],
  ["kms:multiregion", { type: "Bool", get: keyProperty("multiRegion") }],
  ["kms:multiregionkeytype", { type: "String", get: ({ resource }) => (resource.kind === "key" ? resource.multiRegionKeyType : undefined) }],
  ["kms:requestalias", { type: "String", get: ({ context }) => context.requestAlias }],
  ["kms:resourcealiases", { type: "String", keyPolicy: false, get: ({ resource }) => (resource.kind === "key" ? nonEmpty(resource.aliases) : undefined) }],
  ["kms:rotationperiodindays", { type: "Numeric", get: ({ context }) => context.rotationPeriodInDays }],
  ["kms:schedulekeydeletionpendingwindowindays", { type: "Numeric", get: ({ context }) => context.pendingWindowInDays }],
  ["kms:bypasspolicylockoutsafetycheck", { type: "Bool", get: ({ context }) => context.bypassPolicyLockoutSafetyCheck }],
]);

/** Case-insensitive lookup in a small record (encryption contexts, tags). */
function lookup(record: Readonly<Record<string, string>> | undefined, wanted: string, wantedLower: string): string | undefined {
  if (!record) return undefined;
  const exact = record[wanted];
  if (exact !== undefined) return exact;
  for (const key in record) if (key.toLowerCase() === wantedLower) return record[key];
  return undefined;
}

function extraGetter(name: string): Getter {
  const lower = name.toLowerCase();
  return ({ context }) => {
    const extra = context.extra;
    if (!extra) return undefined;
    const exact = extra[name];
    if (exact !== undefined) return exact;
    for (const key in extra) if (key.toLowerCase() === lower) return extra[key];
    return undefined;
  };
}

const KMS_CONTEXT = "kms:encryptioncontext:";
const RESOURCE_TAG = "aws:resourcetag/";
const KMS_RESOURCE_TAG = "kms:resourcetag/";
const REQUEST_TAG = "aws:requesttag/";

/** The condition key `name` names (any case), known or not. */
export function resolveConditionKey(name: string): ConditionKey {
  const lower = name.toLowerCase();
  const simple = KEYS.get(lower);
  if (simple) return { name, type: simple.type, get: simple.get, known: true, keyPolicyAllowed: simple.keyPolicy !== false };
  if (lower.startsWith(KMS_CONTEXT) && lower.length > KMS_CONTEXT.length) {
    const wanted = name.slice(KMS_CONTEXT.length);
    const wantedLower = wanted.toLowerCase();
    return { name, type: "String", known: true, keyPolicyAllowed: true, get: ({ context }) => lookup(context.encryptionContext, wanted, wantedLower) };
  }
  if (lower.startsWith(RESOURCE_TAG) && lower.length > RESOURCE_TAG.length) {
    const wantedLower = lower.slice(RESOURCE_TAG.length);
    return {
      name,
      type: "String",
      known: true,
      keyPolicyAllowed: false,
      get: ({ resource }) => {
        if (resource.kind !== "key") return undefined;
        for (const tag of resource.tags) if (tag.key.toLowerCase() === wantedLower) return tag.value;
        return undefined;
      },
    };
  }
  if (lower.startsWith(REQUEST_TAG) && lower.length > REQUEST_TAG.length) {
    const wanted = name.slice(REQUEST_TAG.length);
    const wantedLower = wanted.toLowerCase();
    return { name, type: "String", known: true, keyPolicyAllowed: true, get: ({ context }) => lookup(context.requestTags, wanted, wantedLower) };
  }
  return { name, type: "String", get: extraGetter(name), known: false, keyPolicyAllowed: !lower.startsWith(KMS_RESOURCE_TAG) };
}

/** True for `kms:EncryptionContext:<k>` (a single-valued key that set operators make overly permissive). */
export function isEncryptionContextKey(name: string): boolean {
  return name.toLowerCase().startsWith(KMS_CONTEXT);
}
