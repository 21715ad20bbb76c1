/**
 * Authorization of every operation, the service's side: what the pure evaluator (access/) needs
 * from the state, gathered once per request, and the one rule every operation obeys: each
 * permission check of the operation's row in the permission table (`checksFor`) is decided as soon
 * as its resource is known, before anything that would reveal the key's state, so a refused request
 * reveals nothing and changes nothing.
 *
 * `run` (create-kms.ts) opens a {@link Call} for each request and decides the checks that name no
 * resource (IAM only: CreateKey, ListKeys, GenerateRandom...); key resolution (resolve.ts) decides
 * the checks on the key it finds; operations with more than one resource (ReEncrypt, UpdateAlias,
 * CreateAlias, RetireGrant) decide the others by target. When the operation succeeds, `run` checks
 * that every check of its row was decided, so an operation added later cannot skip one unnoticed.
 */
import {
  accessDenied,
  authorize,
  authorizeCreateGrant,
  authorizeRetireGrant,
  checksFor,
  compileKeyPolicy,
  compilePolicy,
  denialOf,
  grantIdFromToken,
  type AccessRequest,
  type CompiledPolicy,
  type ConditionValue,
  type Decision,
  type GrantOperation,
  type KeyResource,
  type PermissionCheck,
  type PermissionTarget,
  type RequestContext,
  requireLockoutSafe,
} from "../access/index.js";
import { InvalidGrantTokenException } from "../errors.js";
import { formatAliasArn, parseKeyReference } from "../model/identifiers.js";
import { defaultKeyPolicy } from "../model/policy.js";
import type { KmsKey } from "../model/key.js";
import type { Acting } from "./callers.js";
import type { KmsContext } from "./context.js";
import type { RequestTrace } from "./request-trace.js";
import type { StoredGrant } from "./store.js";

/** "The request was rejected because the specified grant token is not valid." (botocore model, InvalidGrantTokenException). */
export const INVALID_GRANT_TOKEN_MESSAGE = "The request was rejected because the specified grant token is not valid.";

/** One request in progress: who, what, when, and which checks of its row are decided. */
export interface Call {
  /** The AWS operation name, e.g. `Encrypt`. */
  readonly operation: string;
  /** The validated request. */
  readonly request: Readonly<Record<string, unknown>>;
  readonly acting: Acting;
  /** The instant the request runs at (epoch ms). */
  readonly now: number;
  /** The caller's compiled IAM identity policies. */
  readonly identityPolicies: readonly CompiledPolicy[];
  /** The checks of the operation's row that apply to this request, in order. */
  readonly checks: readonly PermissionCheck[];
  /** Ids of the grants the request's GrantTokens name (they take effect at once). */
  readonly tokenGrants: ReadonlySet<string>;
  /** Bit i set once check i is decided. */
  decided: number;
  /** The request context shared by the call's checks (built on first use). */
  context: RequestContext | undefined;
  /** What the request touched, for usage and the audit trail (request-trace.ts). */
  readonly trace: RequestTrace;
}

/**
 * Compiled key policies by policy text: a policy is compiled once when it is put (CreateKey,
 * PutKeyPolicy) and shared by every key with the same text (the default policy of an account is
 * one text), so a million keys hold one compiled default policy.
 */
export class KeyPolicyCache {
  readonly #byText = new Map<string, CompiledPolicy>();

  /** Remembers a policy compiled when it was put. */
  remember(text: string, policy: CompiledPolicy): void {
    this.#byText.set(text, policy);
  }

  /**
   * The compiled policy of `key`, compiling it on first use (a key restored from a snapshot or a
   * change record). Stored texts were validated when put (restored snapshots replace those of
   * earlier builds that do not validate, snapshot.ts); should one still fail, it allows nothing.
   */
  policyOf(key: KmsKey): CompiledPolicy {
    const cached = this.#byText.get(key.policy);
    if (cached !== undefined) return cached;
    let policy: CompiledPolicy;
    try {
      policy = compileKeyPolicy(key.policy);
    } catch {
      policy = compilePolicy({ kind: "key", version: "2012-10-17", id: undefined, statements: [] });
    }
    this.remember(key.policy, policy);
    return policy;
  }

  /** A policy AWS writes (an AWS managed key's, before the key exists), compiled once per text. */
  ofText(text: string): CompiledPolicy {
    let policy = this.#byText.get(text);
    if (policy === undefined) this.remember(text, (policy = compileKeyPolicy(text)));
    return policy;
  }
}

/** Checks that GrantTokens holds kms-sim grant tokens, and returns the grants they name. */
function tokenGrantsOf(request: Readonly<Record<string, unknown>>): ReadonlySet<string> {
  const tokens = request.GrantTokens;
  if (!Array.isArray(tokens) || tokens.length === 0) return NO_GRANTS;
  const ids = new Set<string>();
  for (const token of tokens as string[]) {
    const grantId = grantIdFromToken(token);
    if (grantId === undefined) throw new InvalidGrantTokenException(INVALID_GRANT_TOKEN_MESSAGE);
    ids.add(grantId);
  }
  return ids;
}

const NO_GRANTS: ReadonlySet<string> = new Set();

/** The account of an IAM or STS principal ARN, or of a bare account id. */
function accountOfArn(value: string): string | undefined {
  if (/^\d{12}$/.test(value)) return value;
  const account = value.startsWith("arn:") ? value.split(":")[4] : undefined;
  return account !== undefined && /^\d{12}$/.test(account) ? account : undefined;
}

/** The resource of a check on no KMS resource: `*`, or ListRetirableGrants' retiring principal. */
function noResourceArn(operation: string, request: Readonly<Record<string, unknown>>): string {
  const principal = request.RetiringPrincipal;
  return operation === "ListRetirableGrants" && typeof principal === "string" ? principal : "*";
}

/**
 * Opens a request: checks its grant tokens and decides the checks on no resource (IAM only).
 * @throws {@link InvalidGrantTokenException} for a grant token kms-sim did not issue
 * @throws {@link AccessDeniedException} when IAM refuses an operation on no resource
 */
export function beginCall(
  ctx: KmsContext,
  operation: string,
  request: Readonly<Record<string, unknown>>,
  acting: Acting,
  now: number,
  trace: RequestTrace,
): Call {
  const call: Call = {
    operation,
    request,
    acting,
    now,
    identityPolicies: ctx.identityPolicies.policiesOf(ctx.store, acting.caller),
    checks: checksFor(operation, request),
    tokenGrants: tokenGrantsOf(request),
    decided: 0,
    context: undefined,
    trace,
  };
  for (let index = 0; index < call.checks.length; index++) {
    const check = call.checks[index] as PermissionCheck;
    if (check.target !== "none") continue;
    const resourceArn = noResourceArn(operation, request);
    const access: AccessRequest = {
      caller: acting.caller,
      action: check.action,
      resource: { kind: "none", arn: resourceArn },
      context: contextOf(ctx, call),
      identityPolicies: call.identityPolicies,
    };
    const decision = authorize(access);
    if (!decision.allowed) throw denialOf(access, decision);
    // "You must specify a principal in your Amazon Web Services account" (ListRetirableGrants): a
    // principal of another account is that account's resource, and no resource-based policy there
    // lets this caller list its grants (IAM's cross-account rule; AWS's exact answer is not on record).
    const resourceAccount = resourceArn === "*" ? undefined : accountOfArn(resourceArn);
    if (resourceAccount !== undefined && acting.caller.accountId !== undefined && resourceAccount !== acting.caller.accountId) {
      throw accessDenied(acting.caller.arn, check.action, resourceArn, "no-resource-policy-allows");
    }
    call.decided |= 1 << index;
  }
  return call;
}

/**
 * A request kms-sim makes on behalf of an AWS service (an AWS managed key created for its service):
 * it has no permission checks to decide, as no policy governs what AWS does for itself.
 */
export function trustedCall(operation: string, request: Readonly<Record<string, unknown>>, acting: Acting, now: number, trace: RequestTrace): Call {
  return { operation, request, acting, now, identityPolicies: [], checks: [], tokenGrants: NO_GRANTS, decided: 0, context: undefined, trace };
}

/**
 * The request in progress. Operations read it through their context: `run` installs it while
 * their synchronous part runs, and an operation that resolves keys again after an `await` re-enters
 * it with {@link resumeCall}.
 * @throws {Error} outside an operation (a wiring bug)
 */
export function currentCall(ctx: KmsContext): Call {
  const call = ctx.call;
  if (call === null) throw new Error("kms-sim: a key was resolved outside an operation; an operation that awaits must resume its call (resumeCall)");
  return call;
}

/** Runs `work` with `call` installed as the request in progress (and restores what was before). */
export function withCall<T>(ctx: KmsContext, call: Call, work: () => T): T {
  const previous = ctx.call;
  ctx.call = call;
  try {
    return work();
  } finally {
    ctx.call = previous;
  }
}

/** Captures the request in progress, for an operation to re-enter after an `await`. */
export function resumeCall(ctx: KmsContext): <T>(work: () => T) => T {
  const call = currentCall(ctx);
  return (work) => withCall(ctx, call, work);
}

/**
 * Precondition: every check of the operation's row was decided.
 * @throws {Error} naming the check an operation forgot (a bug kms-sim's own tests catch)
 */
export function requireAllDecided(call: Call): void {
  const all = (1 << call.checks.length) - 1;
  if (call.decided === all) return;
  const missing = call.checks.filter((_, index) => (call.decided & (1 << index)) === 0).map((c) => `${c.action} on ${c.target}`);
  throw new Error(`kms-sim: ${call.operation} succeeded without authorizing ${missing.join(", ")}`);
}

// ---- the request context ----

const asRecord = (value: unknown): Readonly<Record<string, string>> | undefined =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, string>) : undefined;

/** The alias name an identifier uses (`kms:RequestAlias`), if it names an alias. */
function aliasOf(input: unknown): string | undefined {
  if (typeof input !== "string") return undefined;
  const ref = parseKeyReference(input);
  return ref.kind === "aliasName" || ref.kind === "aliasArn" ? ref.aliasName : undefined;
}

/** Operations whose requests set `kms:GrantIsForAWSResource` (AWS KMS Developer Guide, kms:GrantIsForAWSResource). */
const GRANT_RESOURCE_OPERATIONS = new Set(["CreateGrant", "ListGrants", "RevokeGrant"]);

function tagsOf(tags: unknown): Record<string, string> | undefined {
  if (!Array.isArray(tags)) return undefined;
  const out: Record<string, string> = {};
  for (const tag of tags as { TagKey: string; TagValue: string }[]) out[tag.TagKey] = tag.TagValue;
  return out;
}

/** Request members that condition keys kms-sim does not model by name read through `extra`. */
function extraOf(request: Readonly<Record<string, unknown>>, operation: string): Record<string, string> | undefined {
  const extra: Record<string, string> = {};
  const algorithm = request.EncryptionAlgorithm ?? (operation.startsWith("GenerateDataKey") ? "SYMMETRIC_DEFAULT" : undefined);
  if (typeof algorithm === "string") extra["kms:EncryptionAlgorithm"] = algorithm;
  if (typeof request.SigningAlgorithm === "string") extra["kms:SigningAlgorithm"] = request.SigningAlgorithm;
  if (typeof request.MacAlgorithm === "string") extra["kms:MacAlgorithm"] = request.MacAlgorithm;
  if (typeof request.KeyAgreementAlgorithm === "string") extra["kms:KeyAgreementAlgorithm"] = request.KeyAgreementAlgorithm;
  if (typeof request.KeyPairSpec === "string") extra["kms:DataKeyPairSpec"] = request.KeyPairSpec;
  if (typeof request.WrappingAlgorithm === "string") extra["kms:WrappingAlgorithm"] = request.WrappingAlgorithm;
  if (typeof request.WrappingKeySpec === "string") extra["kms:WrappingKeySpec"] = request.WrappingKeySpec;
  if (typeof request.ExpirationModel === "string") extra["kms:ExpirationModel"] = request.ExpirationModel;
  for (const _ in extra) return extra;
  return undefined;
}

/** The request context of a call: the caller's, the request's values, and the instant. */
function contextOf(ctx: KmsContext, call: Call): RequestContext {
  if (call.context !== undefined) return call.context;
  const { request, acting, operation } = call;
  const constraints = asRecord(request.Constraints) as { EncryptionContextEquals?: Record<string, string>; EncryptionContextSubset?: Record<string, string> } | undefined;
  // CreateGrant's kms:EncryptionContext keys read the grant's constraints [inferred: the guide lists
  // CreateGrant among the operations of kms:EncryptionContext:<k>].
  const encryptionContext =
    operation === "CreateGrant"
      ? constraints && { ...constraints.EncryptionContextSubset, ...constraints.EncryptionContextEquals }
      : asRecord(request.EncryptionContext);
  const context: Record<string, unknown> = { now: call.now, region: ctx.scope.region };
  if (acting.sourceIp !== undefined) context.sourceIp = acting.sourceIp;
  if (acting.viaService !== undefined) context.viaService = acting.viaService;
  if (GRANT_RESOURCE_OPERATIONS.has(operation)) context.grantIsForAwsResource = acting.grantIsForAwsResource ?? acting.viaService !== undefined;
  if (encryptionContext !== undefined) context.encryptionContext = encryptionContext;
  const requestAlias = aliasOf(request.KeyId);
  if (requestAlias !== undefined) context.requestAlias = requestAlias;
  if (operation === "CreateGrant") {
    if (Array.isArray(request.Operations)) context.grantOperations = request.Operations;
    if (typeof request.GranteePrincipal === "string") context.granteePrincipal = request.GranteePrincipal;
    if (typeof request.RetiringPrincipal === "string") context.retiringPrincipal = request.RetiringPrincipal;
    const types = Object.entries(constraints ?? {}).filter(([, pairs]) => pairs !== undefined && Object.keys(pairs).length > 0).map(([type]) => type);
    if (types.length > 0) context.grantConstraintTypes = types;
  }
  if (operation === "CreateKey") {
    context.keySpec = request.KeySpec ?? request.CustomerMasterKeySpec ?? "SYMMETRIC_DEFAULT";
    context.keyUsage = request.KeyUsage ?? "ENCRYPT_DECRYPT";
    context.keyOrigin = request.Origin ?? "AWS_KMS";
    context.multiRegion = request.MultiRegion ?? false;
  }
  if (operation === "CreateKey" || operation === "PutKeyPolicy") context.bypassPolicyLockoutSafetyCheck = request.BypassPolicyLockoutSafetyCheck ?? false;
  if (typeof request.RotationPeriodInDays === "number") context.rotationPeriodInDays = request.RotationPeriodInDays;
  if (typeof request.PendingWindowInDays === "number") context.pendingWindowInDays = request.PendingWindowInDays;
  const requestTags = tagsOf(request.Tags);
  if (requestTags !== undefined) {
    context.requestTags = requestTags;
    context.tagKeys = Object.keys(requestTags);
  }
  if (Array.isArray(request.TagKeys)) context.tagKeys = request.TagKeys;
  const extra = extraOf(request, operation);
  // The caller's own keys first: what the request says (its algorithm...) is the request's.
  if (extra !== undefined || acting.context !== undefined) context.extra = { ...acting.context, ...extra };
  call.context = context as unknown as RequestContext;
  return call.context;
}

/** ReEncrypt's two sides: each reads its own encryption context, alias and algorithm. */
function targetContext(ctx: KmsContext, call: Call, target: PermissionTarget, sameKey: boolean | undefined): RequestContext {
  const base = contextOf(ctx, call);
  if (target !== "source-key" && target !== "destination-key") return base;
  const source = target === "source-key";
  const { request } = call;
  // Source for ReEncryptFrom, destination for ReEncryptTo [inferred: no AWS statement found on
  // which context kms:EncryptionContext reads in ReEncrypt; access-control.md 7].
  const encryptionContext = asRecord(source ? request.SourceEncryptionContext : request.DestinationEncryptionContext);
  const requestAlias = aliasOf(source ? request.SourceKeyId : request.DestinationKeyId);
  const algorithm = source ? request.SourceEncryptionAlgorithm : request.DestinationEncryptionAlgorithm;
  const extra: Record<string, ConditionValue> = { ...call.acting.context, "kms:EncryptionAlgorithm": typeof algorithm === "string" ? algorithm : "SYMMETRIC_DEFAULT" };
  if (sameKey !== undefined) extra["kms:ReEncryptOnSameKey"] = sameKey;
  const { encryptionContext: _e, requestAlias: _r, extra: _x, ...rest } = base;
  return {
    ...rest,
    ...(encryptionContext === undefined ? {} : { encryptionContext }),
    ...(requestAlias === undefined ? {} : { requestAlias }),
    extra,
  };
}

// ---- resources ----

/**
 * A key as the evaluator sees it; its aliases are read only if a condition asks. A class, not an
 * object literal with a getter: literals with accessors are slow to build, and every authorized
 * request builds one.
 */
class KeyResourceOfKey implements KeyResource {
  readonly kind = "key";
  readonly arn: string;
  readonly accountId: string;
  readonly region: string;
  readonly keySpec: string;
  readonly keyUsage: string;
  readonly keyOrigin: string;
  readonly multiRegion: boolean;
  readonly multiRegionKeyType: string | undefined;
  readonly tags: KeyResource["tags"];
  readonly #store: KmsContext["store"];
  readonly #keyId: string;

  constructor(ctx: KmsContext, key: KmsKey) {
    this.arn = key.arn;
    this.accountId = ctx.scope.accountId;
    this.region = ctx.scope.region;
    this.keySpec = key.keySpec;
    this.keyUsage = key.keyUsage;
    this.keyOrigin = key.origin;
    this.multiRegion = key.multiRegion !== undefined;
    this.multiRegionKeyType = key.multiRegion === undefined ? undefined : key.multiRegion.primaryRegion === ctx.scope.region ? "PRIMARY" : "REPLICA";
    this.tags = key.tags;
    this.#store = ctx.store;
    this.#keyId = key.keyId;
  }

  get aliases(): readonly string[] {
    return this.#store.aliasNamesOf(this.#keyId);
  }
}

/** A key as the evaluator sees it (its aliases read only if a condition asks). */
export function keyResourceOf(ctx: KmsContext, key: KmsKey): KeyResource {
  return new KeyResourceOfKey(ctx, key);
}

/** A key id for checks on a key not made yet: IAM patterns such as `key/*` match it, no policy names it. */
const PENDING_KEY_ID = "00000000-0000-4000-8000-000000000000";

/** The resource of a key about to be made (CreateKey's lockout check, an AWS managed key on first use). */
export function pendingKeyResource(
  ctx: KmsContext,
  key: { readonly keySpec: string; readonly keyUsage: string; readonly origin: string; readonly tags: KeyResource["tags"] },
): KeyResource {
  return {
    kind: "key",
    arn: `arn:aws:kms:${ctx.scope.region}:${ctx.scope.accountId}:key/${PENDING_KEY_ID}`,
    accountId: ctx.scope.accountId,
    region: ctx.scope.region,
    keySpec: key.keySpec,
    keyUsage: key.keyUsage,
    keyOrigin: key.origin,
    multiRegion: false,
    tags: key.tags,
    aliases: [],
  };
}

/**
 * True when the caller belongs to this KMS's account. kms-sim holds the keys of one account: a
 * caller of another account reaches them only by ARN, and its own account holds nothing here.
 */
export function callsFromOwnAccount(ctx: KmsContext): boolean {
  const account = currentCall(ctx).acting.caller.accountId;
  return account === undefined || account === ctx.scope.accountId;
}

/** Grants of `key` that could be the caller's and are in effect (see `grantPropagationDelayMs`). */
function grantsFor(ctx: KmsContext, call: Call, keyId: string): readonly StoredGrant[] {
  if (ctx.store.grantCountOf(keyId) === 0) return NO_STORED_GRANTS;
  const caller = call.acting.caller;
  const grantees = [caller.arn, caller.principalArn];
  if (caller.accountId !== undefined) grantees.push(`account:${caller.accountId}`);
  const delay = ctx.settings.grantPropagationDelayMs;
  const found = ctx.store.grantsForGrantees(keyId, grantees);
  if (delay === 0) return found;
  return found.filter((grant) => grant.createdAt + delay <= call.now || call.tokenGrants.has(grant.grantId));
}

const NO_STORED_GRANTS: readonly StoredGrant[] = Object.freeze([]);

// ---- deciding checks ----

/** What a key check may add: the grant asked for (CreateGrant) or ReEncrypt's same-key flag. */
export interface KeyCheckOptions {
  readonly requestedGrant?: { readonly operations: readonly GrantOperation[]; readonly constraints?: StoredGrant["constraints"] };
  readonly reEncryptOnSameKey?: boolean;
  /** The resource a refusal names, when it is not the key's ARN (a key not made yet). */
  readonly shownArn?: string;
}

/**
 * Decides the checks of the current operation on `target` against `key`. Operations whose row has
 * no such check (ListAliases' KeyId filter) are not checked.
 * @returns the decisions (CreateGrant's tells whether a grant allowed it), empty when none applied
 * @throws {@link AccessDeniedException} with AWS's message for a refusal
 */
export function authorizeKey(ctx: KmsContext, key: KmsKey, target: PermissionTarget = "key", options: KeyCheckOptions = {}): Decision[] {
  return authorizeKeyLike(ctx, { resource: keyResourceOf(ctx, key), keyPolicy: ctx.keyPolicies.policyOf(key), keyId: key.keyId }, target, options);
}

/**
 * Decides the checks on a key given as its resource and policy: a key about to be made (an AWS
 * managed key on first use) is authorized before it exists, so a refusal makes nothing.
 */
export function authorizeKeyLike(
  ctx: KmsContext,
  key: { readonly resource: KeyResource; readonly keyPolicy: CompiledPolicy; readonly keyId: string | undefined },
  target: PermissionTarget,
  options: KeyCheckOptions = {},
): Decision[] {
  const call = currentCall(ctx);
  const decisions: Decision[] = [];
  for (let index = 0; index < call.checks.length; index++) {
    const check = call.checks[index] as PermissionCheck;
    if (check.target !== target) continue;
    const access: AccessRequest = {
      caller: call.acting.caller,
      action: check.action,
      resource: key.resource,
      context: targetContext(ctx, call, target, options.reEncryptOnSameKey),
      keyPolicy: key.keyPolicy,
      identityPolicies: call.identityPolicies,
      grants: key.keyId === undefined ? NO_STORED_GRANTS : grantsFor(ctx, call, key.keyId),
    };
    const requested = options.requestedGrant;
    const decision = requested ? authorizeCreateGrant(access, { operations: requested.operations, ...(requested.constraints ? { constraints: requested.constraints } : {}) }) : authorize(access);
    if (!decision.allowed) {
      throw options.shownArn === undefined ? denialOf(access, decision) : accessDenied(access.caller.arn, access.action, options.shownArn, decision.reason);
    }
    call.decided |= 1 << index;
    decisions.push(decision);
  }
  return decisions;
}

/**
 * Decides the alias check of CreateAlias, UpdateAlias and DeleteAlias: the alias ARN, in IAM
 * policies only.
 * @throws {@link AccessDeniedException} when IAM does not allow it
 */
export function authorizeAlias(ctx: KmsContext, aliasName: string): void {
  const call = currentCall(ctx);
  // An alias name is in the caller's own account (another account's caller names its own alias).
  const scope = { region: ctx.scope.region, accountId: call.acting.caller.accountId ?? ctx.scope.accountId };
  call.checks.forEach((check, index) => {
    if (check.target !== "alias") return;
    const access: AccessRequest = {
      caller: call.acting.caller,
      action: check.action,
      resource: { kind: "alias", arn: formatAliasArn(scope, aliasName), accountId: scope.accountId, region: scope.region },
      context: contextOf(ctx, call),
      identityPolicies: call.identityPolicies,
    };
    const decision = authorize(access);
    if (!decision.allowed) throw denialOf(access, decision);
    call.decided |= 1 << index;
  });
}

/**
 * Decides RetireGrant: the grant's retiring principal, its grantee when it includes RetireGrant,
 * its issuing account; an explicit Deny of kms:RetireGrant refuses.
 * @throws {@link AccessDeniedException} for anyone else
 */
export function authorizeRetire(ctx: KmsContext, grant: StoredGrant, key: KmsKey): void {
  const call = currentCall(ctx);
  call.checks.forEach((check, index) => {
    if (check.target !== "grant") return;
    const target = { resource: keyResourceOf(ctx, key), keyPolicy: ctx.keyPolicies.policyOf(key) };
    const decision = authorizeRetireGrant(
      { caller: call.acting.caller, context: contextOf(ctx, call), identityPolicies: call.identityPolicies },
      grant,
      target,
    );
    if (!decision.allowed) throw accessDenied(call.acting.caller.arn, check.action, key.arn, decision.reason);
    call.decided |= 1 << index;
  });
}

/** The lockout safety check's view of a new key policy: can the caller put a policy again? */
export function lockoutCheckOf(ctx: KmsContext, resource: KeyResource, keyPolicy: CompiledPolicy) {
  const call = currentCall(ctx);
  return { caller: call.acting.caller, keyPolicy, identityPolicies: call.identityPolicies, resource, context: contextOf(ctx, call) };
}

/**
 * The policy of a key about to be made (CreateKey, ReplicateKey): the request's own, compiled and,
 * unless BypassPolicyLockoutSafetyCheck, checked against the key about to be made (`resource`,
 * built only then); or the account's default policy, which needs neither.
 * @throws MalformedPolicyDocumentException for a policy that is invalid or would lock the caller out
 */
export function newKeyPolicy(
  ctx: KmsContext,
  request: { readonly Policy?: string | undefined; readonly BypassPolicyLockoutSafetyCheck?: boolean | undefined },
  resource: () => KeyResource,
): { readonly policy: string; readonly compiled: CompiledPolicy | undefined } {
  if (request.Policy === undefined) return { policy: defaultKeyPolicy(ctx.scope.accountId), compiled: undefined };
  const compiled = compileKeyPolicy(request.Policy);
  if (request.BypassPolicyLockoutSafetyCheck !== true) requireLockoutSafe(lockoutCheckOf(ctx, resource(), compiled));
  return { policy: request.Policy, compiled };
}
