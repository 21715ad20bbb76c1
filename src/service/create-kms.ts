/**
 * `createKms`: wires the ports, the store and the rotation engine into a `Kms`. Every operation
 * runs the same way: validate the request against the AWS model, bring the model up to the
 * clock's present, do the work (all checks before any change), then apply anything the work made
 * due at this same instant (such as a rotation catch-up on EnableKey).
 */
import type { RsaGeneration } from "../crypto/key-material.js";
import { nobleKeyTypeProvider } from "../crypto/noble-key-types.js";
import { nobleCryptoProvider } from "../crypto/noble-provider.js";
import { systemClock } from "../defaults/system-clock.js";
import { webRandom } from "../defaults/web-random.js";
import type { AwsOperationName } from "../model/aws-model.generated.js";
import { SecretArena } from "../model/secret-bytes.js";
import type { Scope } from "../model/identifiers.js";
import type { Clock, CryptoProvider, EventSink, KeyTypeProvider, KmsEvent, RandomSource } from "../ports.js";
import { MAX_ROTATION_PERIOD_DAYS } from "../rotation/index.js";
import { isAccountId } from "../access/index.js";
import { UnrecognizedClientException } from "../errors.js";
import { beginCall, requireAllDecided, trustedCall, withCall, type Call } from "./authorization.js";
import { authorizeAwsManagedKeyBeforeCreation, awsManagedKey, awsManagedService, AWS_MANAGED_KEY_SERVICES } from "./aws-managed.js";
import { actingFrom, IdentityPolicyCache, principalRecordFrom, rootActing, serviceActing, type Acting, type PrincipalInput } from "./callers.js";
import { settle, settleTo, type KmsContext, type KmsSettings } from "./context.js";
import type { Kms } from "./kms.js";
import { toKeyMetadata } from "./mappers.js";
import * as aliases from "./operations/aliases.js";
import * as cryptography from "./operations/cryptography.js";
import * as dataKeyPairs from "./operations/data-key-pairs.js";
import * as grants from "./operations/grants.js";
import * as keyAgreement from "./operations/key-agreement.js";
import * as mac from "./operations/mac.js";
import * as signing from "./operations/signing.js";
import * as imports from "./operations/import.js";
import * as keys from "./operations/keys.js";
import * as rotation from "./operations/rotation.js";
import * as tagsPolicy from "./operations/tags-policy.js";
import { applyChange, takeChange, type StateChange, type StateChangeSink } from "./changes.js";
import { restoreState, takeSnapshot, type KmsSnapshot } from "./snapshot.js";
import { Account, type SharedPorts } from "./account.js";
import { relinkAll } from "./multi-region.js";
import * as replication from "./operations/replication.js";
import { requireModelledRegion } from "../model/regions.js";
import { Store } from "./store.js";
import { registerCryptoProvider } from "./crypto-provider-of.js";
import { validateRequest, type Validated } from "./validate.js";
import { AuditRecorder, type AuditSink } from "./audit.js";
import type { AuditEntry } from "./audit-entry.js";
import { RegionTrail, type AuditTrail, type AuditTrailLog } from "./audit-trail.js";
import { forkedRandom, type KmsForkOptions } from "./fork-options.js";
import { getKeyLastUsage, keyMaterialUsage, recordUsage } from "./last-usage.js";
import { RequestTrace } from "./request-trace.js";

/** Options of {@link createKms}; all optional. */
export interface KmsOptions {
  /** Source of the present (default: the host clock). Use `ManualClock` to travel in time. */
  readonly clock?: Clock;
  /** Source of random bytes (default: WebCrypto). Use `seededRandom` for repeatable runs. */
  readonly random?: RandomSource;
  /**
   * The Region of the returned view (default `us-east-1`): a Region of partition `aws`. The account
   * spans every Region; `kms.inRegion(region)` serves another one.
   */
  readonly region?: string;
  /** 12-digit AWS account id (default `111122223333`). */
  readonly accountId?: string;
  /** Receives every event (rotations, deletions, expirations) as it happens. */
  readonly events?: EventSink;
  /** Cryptographic primitives (default: @noble/ciphers and @noble/hashes). */
  readonly crypto?: CryptoProvider;
  /**
   * The cryptography of RSA, ECC, Ed25519, ML-DSA and HMAC keys (default: `nobleKeyTypeProvider`,
   * @noble/curves, @noble/post-quantum, @noble/hashes and WebCrypto; `kms-sim/node` has one on
   * node:crypto for RSA and HMAC).
   */
  readonly keyTypes?: KeyTypeProvider;
  /**
   * How an RSA key's pair is made, at its first use: `"platform"` (default) by WebCrypto/OpenSSL
   * from their own entropy, fast (about 0.2 s for RSA_2048) but not reproducible; `"seeded"` from
   * the key's seeds, so the same `random` seed gives the same pairs, but slow (pure JavaScript:
   * seconds for RSA_2048, tens of seconds for RSA_4096). Either way the pair is then stored with
   * the key. Also how RSA data key pairs are made.
   */
  readonly rsaKeyGeneration?: RsaGeneration;
  /**
   * True for signatures that differ per call as AWS's do: ECDSA nonces hedged (RFC 6979 §3.6) and
   * ML-DSA signatures randomized with bytes from `random`, PSS salts over digests from it. Default
   * false: ECDSA and ML-DSA signatures are deterministic, the same key and message giving the same
   * signature (Ed25519 and PKCS #1 v1.5 always are, in AWS too).
   */
  readonly randomizedSignatures?: boolean;
  /** Days between rotations of AWS managed keys: 1095 (default, the seed page) or 365 (AWS since 2022). */
  readonly awsManagedRotationPeriodDays?: number;
  /** On-demand rotations allowed per key (default 25, AWS's quota). */
  readonly onDemandRotationLimit?: number;
  /** How long an on-demand rotation takes, in ms (default 0: it completes within the request). */
  readonly onDemandRotationDurationMs?: number;
  /**
   * How long a new multi-Region replica stays `Creating` after ReplicateKey, in ms (default 5000:
   * AWS takes a few seconds); 0 makes it ready within the request.
   */
  readonly replicaCreationDurationMs?: number;
  /**
   * How long both keys stay `Updating` after UpdatePrimaryRegion, in ms (default 5000: AWS takes a
   * few seconds); 0 makes the change immediate.
   */
  readonly primaryRegionUpdateDurationMs?: number;
  /**
   * The audit trail: `true` keeps every call and every event of the service itself as a
   * CloudTrail-shaped record in memory, for `kms-sim/sim` (`lookupEvents`, timelines, compliance);
   * a function receives each record as its call ends and nothing is kept. Default: no trail.
   * GetKeyLastUsage and key usage work without it.
   */
  readonly audit?: boolean | AuditSink;
  /** A snapshot from `kms.snapshot()` to continue from. */
  readonly state?: KmsSnapshot;
  /**
   * Change records to apply after `state`, in order (a journal written through `changes`). Replay
   * uses neither the clock nor the random source: pass a seeded source positioned where the last
   * record says (`StateChange.random`) to continue the same stream.
   */
  readonly replay?: Iterable<StateChange>;
  /**
   * Receives a record of what each operation (and `tick`) changed, synchronously as it ends; the
   * local endpoint's journal persists these. An operation that changed nothing sends none.
   */
  readonly changes?: StateChangeSink;
  /**
   * Principals by ARN, with their IAM identity policies and access keys (as `kms.putPrincipal`
   * takes them); registered on top of `state`, as configuration (not change records).
   */
  readonly principals?: Readonly<Record<string, PrincipalInput>>;
  /**
   * How long a new grant takes to take effect, in ms, unless the request passes its grant token
   * (AWS: "usually less than five minutes"). Default 0: grants take effect at once.
   */
  readonly grantPropagationDelayMs?: number;
}

function requireWhole(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be a whole number from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

function requireOneOf<T>(name: string, value: T, allowed: readonly T[]): T {
  if (!allowed.includes(value)) throw new RangeError(`${name} must be one of ${allowed.map((v) => JSON.stringify(v)).join(", ")}, got ${JSON.stringify(value)}`);
  return value;
}

function settingsFrom(options: KmsOptions): KmsSettings {
  return {
    awsManagedRotationPeriodDays: requireWhole(
      "awsManagedRotationPeriodDays", options.awsManagedRotationPeriodDays ?? 1095, 1, MAX_ROTATION_PERIOD_DAYS,
    ),
    onDemandRotationLimit: requireWhole("onDemandRotationLimit", options.onDemandRotationLimit ?? 25, 0, 1_000_000),
    onDemandRotationDurationMs: requireWhole(
      "onDemandRotationDurationMs", options.onDemandRotationDurationMs ?? 0, 0, Number.MAX_SAFE_INTEGER,
    ),
    rsaKeyGeneration: requireOneOf("rsaKeyGeneration", options.rsaKeyGeneration ?? "platform", ["platform", "seeded"] as const),
    randomizedSignatures: requireOneOf("randomizedSignatures", options.randomizedSignatures ?? false, [false, true] as const),
    grantPropagationDelayMs: requireWhole("grantPropagationDelayMs", options.grantPropagationDelayMs ?? 0, 0, Number.MAX_SAFE_INTEGER),
    replicaCreationDurationMs: requireWhole("replicaCreationDurationMs", options.replicaCreationDurationMs ?? 5000, 0, Number.MAX_SAFE_INTEGER),
    primaryRegionUpdateDurationMs: requireWhole(
      "primaryRegionUpdateDurationMs", options.primaryRegionUpdateDurationMs ?? 5000, 0, Number.MAX_SAFE_INTEGER,
    ),
  };
}

/**
 * Creates an in-memory AWS KMS.
 *
 * @param options clock, randomness, region, account, event sink, crypto provider and policy knobs;
 *   all optional (defaults: host clock, WebCrypto randomness, `us-east-1`, `111122223333`).
 * @returns a {@link Kms} with one method per AWS KMS operation.
 * @throws {RangeError} for an out-of-range option or a snapshot of an unknown version
 * @example Create a key and turn on rotation
 * ```ts
 * import { createKms } from "kms-sim";
 * import { ManualClock } from "kms-sim/testing";
 * const clock = new ManualClock(new Date("2026-01-01T00:00:00Z"));
 * const kms = createKms({ clock });
 * const { KeyMetadata } = await kms.createKey({ Description: "orders" });
 * await kms.enableKeyRotation({ KeyId: KeyMetadata!.KeyId });
 * clock.advance({ days: 365 });
 * (await kms.listKeyRotations({ KeyId: KeyMetadata!.KeyId })).Rotations?.length; //=> 1
 * ```
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html
 */
export function createKms(options: KmsOptions = {}): Kms {
  if (options.state && options.region !== undefined && options.region !== options.state.region) {
    throw new RangeError(`the snapshot is of region ${options.state.region}, not ${options.region}`);
  }
  if (options.state && options.accountId !== undefined && options.accountId !== options.state.accountId) {
    throw new RangeError(`the snapshot is of account ${options.state.accountId}, not ${options.accountId}`);
  }
  const region = requireModelledRegion(options.region ?? options.state?.region ?? "us-east-1");
  const accountId = options.accountId ?? options.state?.accountId ?? "111122223333";
  if (!/^\d{12}$/.test(accountId)) throw new RangeError("accountId must be 12 digits");
  const secrets = new SecretArena();
  const crypto = options.crypto ?? nobleCryptoProvider;
  const restored = options.state ? restoreState(options.state, secrets, crypto) : { home: new Store(), others: [] };
  const clock = options.clock ?? systemClock;
  const scope = { region, accountId };
  return kmsOf({
    home: restored.home,
    others: restored.others,
    replay: options.replay,
    clock,
    random: options.random ?? webRandom,
    crypto,
    scope,
    settings: settingsFrom(options),
    secrets,
    keyTypes: options.keyTypes ?? nobleKeyTypeProvider,
    sink: options.events,
    audit: (home) => AuditRecorder.create(options.audit, scope, crypto, () => Math.max(clock.now().getTime(), home.settledAt)),
    changes: options.changes,
    principals: options.principals,
  }).kms;
}

/** How many views of unregistered access keys a KMS keeps (an endpoint sees one or two in practice). */
const MAX_CACHED_ACCESS_KEYS = 64;

/** What a KMS is made of: `createKms` and `kms.fork` each gather them, then `kmsOf` assembles them. */
interface KmsParts {
  /** The home Region's store. */
  readonly home: Store;
  /** The stores of the account's other Regions (made with `new Store(home)` or `fork(home)`). */
  readonly others: readonly (readonly [string, Store])[];
  /** Change records to apply to the account once its Regions are in place. */
  readonly replay: Iterable<StateChange> | undefined;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly crypto: CryptoProvider;
  /** The account and its home Region. */
  readonly scope: Scope;
  readonly settings: KmsSettings;
  readonly secrets: SecretArena;
  readonly keyTypes: KeyTypeProvider;
  readonly sink: EventSink | undefined;
  /** The audit recorder, made once the state is in place (its trail starts at the state's instant). */
  readonly audit: (home: Store) => AuditRecorder | null;
  readonly changes: StateChangeSink | undefined;
  /** Principals to register as configuration (not change records) before anything else. */
  readonly principals: Readonly<Record<string, PrincipalInput>> | undefined;
}

/** A KMS: the home Region's API, any Region's, and the view of one as a caller (`as`, `asAccessKey`). */
interface Assembled {
  readonly kms: Kms;
  readonly inRegion: (region: string) => Kms;
  readonly viewAs: (who: Acting, region: string) => Kms;
}

function kmsOf(parts: KmsParts): Assembled {
  const { random, crypto, secrets } = parts;
  const { accountId, region } = parts.scope;
  const shared: SharedPorts = {
    clock: parts.clock,
    random,
    crypto,
    settings: parts.settings,
    secrets,
    keyTypes: parts.keyTypes,
    sink: parts.sink,
    identityPolicies: new IdentityPolicyCache(),
  };
  const account = new Account(shared, accountId, region, parts.home);
  for (const [name, store] of parts.others) account.adopt(name, store);
  relinkAll(account);
  for (const change of parts.replay ?? []) applyChange(account, change, secrets);
  // One trail for every Region of the account, as a multi-Region CloudTrail trail: each record
  // names the Region that served its call (audit-entry.ts).
  account.audit = parts.audit(account.homeContext.store);
  const home = account.homeContext;
  const putPrincipal = (arn: string, input: PrincipalInput): void => {
    const { record, compiled } = principalRecordFrom(home.store, arn, input);
    home.store.putPrincipal(record);
    home.identityPolicies.remember(record, compiled);
  };
  for (const [arn, input] of Object.entries(parts.principals ?? {})) putPrincipal(arn, input);

  // Change records: the stores note what changes; each operation's end turns that into a record.
  const changeSink = parts.changes;
  const seededPosition = (): number | undefined => {
    const position = (random as { position?: unknown }).position;
    return typeof position === "number" ? position : undefined;
  };
  let lastRandom = seededPosition();
  if (changeSink) {
    for (const ctx of account.regions.values()) ctx.store.trackChanges();
    account.onNewRegion = (ctx) => ctx.store.trackChanges();
  }
  const flushChanges = (): void => {
    if (!changeSink) return;
    const position = seededPosition();
    const change = takeChange(account, position, lastRandom);
    lastRandom = position;
    if (change) changeSink(change);
  };

  /**
   * Who the next request acts as. `kms.as(caller)` sets it around the synchronous start of each
   * call it makes, and `run` reads it before anything else, so the `Kms` object every operation
   * is written against serves every caller, in every Region.
   */
  const root = rootActing(accountId);
  let acting: Acting = root;

  /** The API of each Region in use, made on first use: `kms.inRegion(r)` returns the same object each time. */
  const apis = new Map<string, Kms>();
  const apiOf = (name: string): Kms => {
    let api = apis.get(name);
    if (api === undefined) apis.set(name, (api = regionApi(account.region(name))));
    return api;
  };

  /** Views for access keys no principal holds (clients signing with "test" or an account id), a few at a time, by Region. */
  const apiOfAccessKey = new Map<string, Kms>();
  const apiOfPrincipal = new WeakMap<object, Map<string, Kms>>();

  const regionApi = (ctx: KmsContext): Kms => {
    /**
     * Runs one operation: catch up to now, validate, open the request (its checks on no resource
     * decided), work (resolving a key authorizes it and notes it in the request's trace), check every
     * permission was decided, record what the work used (usage, the audit trail), apply what the work
     * made due now. Every operation is authorized and recorded through here, none by code of its own.
     * @param as who the request acts as when it is not the caller's: an AWS service creating its own
     *   key (createAwsManagedKey) is recorded as that service and authorized by no policy
     */
    const run = async <Req, Res>(
      operation: AwsOperationName,
      request: Req,
      work: (req: Validated<Req>, now: number) => Res | Promise<Res>,
      as?: Acting,
    ): Promise<Res> => {
      const caller = as ?? acting;
      const trace = new RequestTrace(operation, caller);
      const audit = ctx.audit;
      let entry: AuditEntry | undefined;
      try {
        const now = settle(ctx);
        entry = audit?.begin(now, ctx.scope);
        const checked = validateRequest(operation, request);
        const call: Call = as === undefined
          ? beginCall(ctx, operation, checked as Readonly<Record<string, unknown>>, caller, now, trace)
          : trustedCall(operation, checked as Readonly<Record<string, unknown>>, caller, now, trace);
        const result = await withCall(ctx, call, () => work(checked, now));
        requireAllDecided(call);
        recordUsage(ctx, trace, now);
        // Recorded once: a sink that throws after this must not record the call a second time.
        const recorded = entry;
        entry = undefined;
        if (recorded !== undefined) audit?.endCall(ctx, recorded, trace, request, { response: result });
        settleTo(ctx, now);
        return result;
      } catch (error) {
        if (entry !== undefined) audit?.endCall(ctx, entry, trace, request, { error });
        throw error;
      } finally {
        // A failed call changes nothing of its own, but bringing the model up to date may have.
        flushChanges();
      }
    };
    /**
     * Runs a simulation extra that reads what an AWS operation would (keyMaterialUsage reads what
     * GetKeyLastUsage does): catch up to now, authorized as that operation, not recorded in the trail.
     */
    const extra = async <Req, Res>(operation: AwsOperationName, request: Req, work: (now: number) => Res): Promise<Res> => {
      const caller = acting;
      try {
        const now = settle(ctx);
        const call = beginCall(ctx, operation, request as Readonly<Record<string, unknown>>, caller, now, new RequestTrace(operation, caller));
        const result = withCall(ctx, call, () => work(now));
        requireAllDecided(call);
        return result;
      } finally {
        flushChanges();
      }
    };
    const empty = <Req>(work: (req: Validated<Req>, now: number) => void) => (req: Validated<Req>, now: number) => {
      work(req, now);
      return {} as Record<string, never>;
    };
    const fallback = (aliasName: string) => {
      const service = awsManagedService(aliasName);
      if (service === undefined) return undefined;
      if (!ctx.store.hasAlias(aliasName)) authorizeAwsManagedKeyBeforeCreation(ctx, service);
      return awsManagedKey(ctx, service, ctx.store.settledAt);
    };
    /** This Region's view as `who`, one per principal registration (a new registration is a new record). */
    const viewOfPrincipal = (principal: object, who: () => Acting): Kms => {
      let views = apiOfPrincipal.get(principal);
      if (views === undefined) apiOfPrincipal.set(principal, (views = new Map()));
      let api = views.get(ctx.scope.region);
      if (api === undefined) views.set(ctx.scope.region, (api = actingAs(who(), ctx.scope.region)));
      return api;
    };

    /** This Region's view of the account's trail (audit-trail.ts), made on first use. */
    let regionTrail: { log: AuditTrailLog; view: RegionTrail } | undefined;

    const kms: Kms = {
      createKey: (r = {}) => run("CreateKey", r, (req, now) => keys.createKey(ctx, req, now)),
      describeKey: (r) => run("DescribeKey", r, (req) => keys.describeKey(ctx, req, fallback)),
      listKeys: (r = {}) => run("ListKeys", r, (req) => keys.listKeys(ctx, req)),
      enableKey: (r) => run("EnableKey", r, empty((req, now) => keys.enableKey(ctx, req, now))),
      disableKey: (r) => run("DisableKey", r, empty((req) => keys.disableKey(ctx, req))),
      updateKeyDescription: (r) => run("UpdateKeyDescription", r, empty((req) => keys.updateKeyDescription(ctx, req))),
      scheduleKeyDeletion: (r) => run("ScheduleKeyDeletion", r, (req, now) => keys.scheduleKeyDeletion(ctx, req, now)),
      cancelKeyDeletion: (r) => run("CancelKeyDeletion", r, (req) => keys.cancelKeyDeletion(ctx, req)),
      tagResource: (r) => run("TagResource", r, empty((req) => tagsPolicy.tagResource(ctx, req))),
      untagResource: (r) => run("UntagResource", r, empty((req) => tagsPolicy.untagResource(ctx, req))),
      listResourceTags: (r) => run("ListResourceTags", r, (req) => tagsPolicy.listResourceTags(ctx, req)),
      getKeyPolicy: (r) => run("GetKeyPolicy", r, (req) => tagsPolicy.getKeyPolicy(ctx, req)),
      putKeyPolicy: (r) => run("PutKeyPolicy", r, empty((req) => tagsPolicy.putKeyPolicy(ctx, req))),
      listKeyPolicies: (r) => run("ListKeyPolicies", r, (req) => tagsPolicy.listKeyPolicies(ctx, req)),
      enableKeyRotation: (r) => run("EnableKeyRotation", r, empty((req, now) => rotation.enableKeyRotation(ctx, req, now))),
      disableKeyRotation: (r) => run("DisableKeyRotation", r, empty((req) => rotation.disableKeyRotation(ctx, req))),
      getKeyRotationStatus: (r) => run("GetKeyRotationStatus", r, (req) => rotation.getKeyRotationStatus(ctx, req)),
      rotateKeyOnDemand: (r) => run("RotateKeyOnDemand", r, (req, now) => rotation.rotateKeyOnDemand(ctx, req, now)),
      listKeyRotations: (r) => run("ListKeyRotations", r, (req) => rotation.listKeyRotations(ctx, req)),
      createAlias: (r) => run("CreateAlias", r, empty((req, now) => aliases.createAlias(ctx, req, now))),
      updateAlias: (r) => run("UpdateAlias", r, empty((req, now) => aliases.updateAlias(ctx, req, now))),
      deleteAlias: (r) => run("DeleteAlias", r, empty((req) => aliases.deleteAlias(ctx, req))),
      listAliases: (r = {}) => run("ListAliases", r, (req) => aliases.listAliases(ctx, req)),
      encrypt: (r) => run("Encrypt", r, (req, now) => cryptography.encrypt(ctx, req, now)),
      decrypt: (r) => run("Decrypt", r, (req, now) => cryptography.decrypt(ctx, req, now)),
      reEncrypt: (r) => run("ReEncrypt", r, (req, now) => cryptography.reEncrypt(ctx, req, now)),
      generateDataKey: (r) => run("GenerateDataKey", r, (req) => cryptography.generateDataKey(ctx, req)),
      generateDataKeyWithoutPlaintext: (r) =>
        run("GenerateDataKeyWithoutPlaintext", r, (req) => cryptography.generateDataKeyWithoutPlaintext(ctx, req)),
      generateRandom: (r) => run("GenerateRandom", r, (req) => cryptography.generateRandom(ctx, req)),
      getParametersForImport: (r) => run("GetParametersForImport", r, (req, now) => imports.getParametersForImport(ctx, req, now)),
      importKeyMaterial: (r) => run("ImportKeyMaterial", r, (req, now) => imports.importKeyMaterial(ctx, req, now)),
      deleteImportedKeyMaterial: (r) => run("DeleteImportedKeyMaterial", r, (req) => imports.deleteImportedKeyMaterial(ctx, req)),
      sign: (r) => run("Sign", r, (req, now) => signing.sign(ctx, req, now)),
      verify: (r) => run("Verify", r, (req, now) => signing.verify(ctx, req, now)),
      getPublicKey: (r) => run("GetPublicKey", r, (req, now) => signing.getPublicKey(ctx, req, now)),
      generateMac: (r) => run("GenerateMac", r, (req, now) => mac.generateMac(ctx, req, now)),
      verifyMac: (r) => run("VerifyMac", r, (req, now) => mac.verifyMac(ctx, req, now)),
      deriveSharedSecret: (r) => run("DeriveSharedSecret", r, (req, now) => keyAgreement.deriveSharedSecret(ctx, req, now)),
      generateDataKeyPair: (r) => run("GenerateDataKeyPair", r, (req) => dataKeyPairs.generateDataKeyPair(ctx, req)),
      generateDataKeyPairWithoutPlaintext: (r) =>
        run("GenerateDataKeyPairWithoutPlaintext", r, (req) => dataKeyPairs.generateDataKeyPairWithoutPlaintext(ctx, req)),
      createGrant: (r) => run("CreateGrant", r, (req, now) => grants.createGrant(ctx, req, now)),
      listGrants: (r) => run("ListGrants", r, (req) => grants.listGrants(ctx, req)),
      listRetirableGrants: (r) => run("ListRetirableGrants", r, (req) => grants.listRetirableGrants(ctx, req)),
      retireGrant: (r = {}) => run("RetireGrant", r, empty((req) => grants.retireGrant(ctx, req))),
      revokeGrant: (r) => run("RevokeGrant", r, empty((req) => grants.revokeGrant(ctx, req))),
      replicateKey: (r) => run("ReplicateKey", r, (req, now) => replication.replicateKey(ctx, req, now)),
      updatePrimaryRegion: (r) => run("UpdatePrimaryRegion", r, empty((req, now) => replication.updatePrimaryRegion(ctx, req, now))),
      getKeyLastUsage: (r) => run("GetKeyLastUsage", r, (req) => getKeyLastUsage(ctx, req)),


      tick: async ({ collect = true }: { collect?: boolean } = {}) => {
        const collected: KmsEvent[] = [];
        ctx.collected = collect ? collected : null;
        try {
          settle(ctx);
        } finally {
          ctx.collected = null;
          flushChanges();
        }
        return collected;
      },
      snapshot: () => takeSnapshot(account, random as { seed?: unknown; position?: unknown }),
      createAwsManagedKey: async ({ Service }) => {
        if (!AWS_MANAGED_KEY_SERVICES.includes(Service)) {
          throw new RangeError(`unknown AWS service ${Service}; known: ${AWS_MANAGED_KEY_SERVICES.join(", ")}`);
        }
        // The service creates its key: the trail shows a CreateKey by the service, as CloudTrail would.
        return run("CreateKey", {}, (_req, now) => ({ KeyMetadata: toKeyMetadata(ctx, awsManagedKey(ctx, Service, now)) }), serviceActing(`${Service}.amazonaws.com`));
      },
      keyMaterialUsage: ({ KeyId }) => extra("GetKeyLastUsage", { KeyId }, () => keyMaterialUsage(ctx, KeyId)),
      now: () => new Date(Math.max(ctx.clock.now().getTime(), ctx.store.settledAt)),
      auditTrail: (): AuditTrail | undefined => {
        const log = ctx.audit?.trail;
        if (log === undefined || !log.retain) return undefined;
        if (regionTrail?.log !== log) regionTrail = { log, view: new RegionTrail(log, ctx.scope.region, () => account.regions.size > 1) };
        return regionTrail.view;
      },
      fork: (options: KmsForkOptions) => {
        if (typeof options?.clock?.now !== "function") throw new TypeError("kms.fork needs { clock }: the fork's own clock");
        const stores = forkAccount(account);
        const forked = kmsOf({
          ...parts,
          home: stores.home,
          others: stores.others,
          replay: undefined,
          clock: options.clock,
          random: options.random ?? forkedRandom(random),
          secrets: new SecretArena(),
          sink: options.events,
          audit: (forkHome) =>
            options.audit === undefined
              ? (account.audit?.fork() ?? null)
              : AuditRecorder.create(options.audit, parts.scope, crypto, () => Math.max(options.clock.now().getTime(), forkHome.settledAt)),
          changes: undefined,
          principals: undefined,
        });
        // Forked through a Region's view as a caller: the fork's view of that Region as the same caller.
        return acting === root ? forked.inRegion(ctx.scope.region) : forked.viewAs(acting, ctx.scope.region);
      },
      as: (spec) => actingAs(actingFrom(ctx.store, spec), ctx.scope.region),
      inRegion: (name) => apiOf(name),
      region: ctx.scope.region,
      putPrincipal: (arn, input) => {
        try {
          putPrincipal(arn, input);
        } finally {
          flushChanges();
        }
      },
      asAccessKey: (accessKeyId, { strict = false, verify } = {}) => {
        const principal = ctx.store.principalOfAccessKey(accessKeyId);
        if (principal !== undefined) {
          if (principal.secretAccessKey !== null) {
            if (verify === undefined) throw new RangeError(`${principal.arn} has a secret access key: asAccessKey needs verify`);
            verify(principal.secretAccessKey, ctx.clock.now());
          }
          return viewOfPrincipal(principal, () => ({ ...actingFrom(ctx.store, principal.arn), accessKeyId }));
        }
        if (!isAccountId(accessKeyId) && strict) throw new UnrecognizedClientException("The security token included in the request is invalid.");
        // A 12-digit id is that account's root user, anything else this account's; either way the
        // trail records the access key the request was signed with, as CloudTrail does.
        const cacheKey = `${ctx.scope.region}\0${accessKeyId}`;
        let api = apiOfAccessKey.get(cacheKey);
        if (api === undefined) {
          if (apiOfAccessKey.size >= MAX_CACHED_ACCESS_KEYS) apiOfAccessKey.clear();
          const caller = isAccountId(accessKeyId) ? actingFrom(ctx.store, accessKeyId) : root;
          apiOfAccessKey.set(cacheKey, (api = actingAs({ ...caller, accessKeyId }, ctx.scope.region)));
        }
        return api;
      },
    };
    return registerCryptoProvider(kms, crypto);
  };

  /**
   * The API of Region `name` acting as `who`: each method sets the acting caller around the base
   * method's synchronous start; `inRegion` keeps the caller, `as` keeps the Region.
   */
  const actingAs = (who: Acting, name: string): Kms => {
    const base = apiOf(name);
    const api: Record<string, unknown> = {};
    for (const [member, value] of Object.entries(base)) {
      api[member] =
        typeof value !== "function" || member === "as" || member === "asAccessKey"
          ? value
          : member === "inRegion"
            ? (other: string) => actingAs(who, apiOf(other).region)
            : (...args: unknown[]) => {
                const previous = acting;
                acting = who;
                try {
                  return (value as (...a: unknown[]) => unknown)(...args);
                } finally {
                  acting = previous;
                }
              };
    }
    return registerCryptoProvider(api as unknown as Kms, crypto);
  };
  return { kms: apiOf(region), inRegion: apiOf, viewAs: actingAs };
}

/**
 * The stores of a fork of `account`, every Region's (store.ts: copy on write, time in keys). The
 * Regions of the fork share its home store's principals and history owner, as an account's do.
 * Afterwards neither side owns the histories they share, so each relinks its multi-Region
 * families onto one history of its own: a replica and its primary keep sharing one history.
 */
function forkAccount(account: Account): { home: Store; others: [string, Store][] } {
  const home = account.homeContext.store.fork();
  const others: [string, Store][] = [];
  for (const [name, ctx] of account.regions) if (name !== account.home) others.push([name, ctx.store.fork(home)]);
  relinkAll(account);
  return { home, others };
}
