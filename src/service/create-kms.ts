/**
 * `createKms`: wires the ports, the store and the rotation engine into a `Kms`. Every operation
 * runs the same way: validate the request against the AWS model, bring the model up to the
 * clock's present, do the work (all checks before any change), then apply anything the work made
 * due at this same instant (such as a rotation catch-up on EnableKey).
 */
import { nobleCryptoProvider } from "../crypto/noble-provider.js";
import { systemClock } from "../defaults/system-clock.js";
import { webRandom } from "../defaults/web-random.js";
import type { AwsOperationName } from "../model/aws-model.generated.js";
import { SecretArena } from "../model/secret-bytes.js";
import type { Clock, CryptoProvider, EventSink, KmsEvent, RandomSource } from "../ports.js";
import { MAX_ROTATION_PERIOD_DAYS } from "../rotation/index.js";
import { awsManagedKey, awsManagedService, AWS_MANAGED_KEY_SERVICES } from "./aws-managed.js";
import { settle, settleTo, type KmsContext, type KmsSettings } from "./context.js";
import type { Kms } from "./kms.js";
import { toKeyMetadata } from "./mappers.js";
import * as aliases from "./operations/aliases.js";
import * as cryptography from "./operations/cryptography.js";
import * as imports from "./operations/import.js";
import * as keys from "./operations/keys.js";
import * as rotation from "./operations/rotation.js";
import * as tagsPolicy from "./operations/tags-policy.js";
import { applyChange, takeChange, type StateChange, type StateChangeSink } from "./changes.js";
import { restoreStore, takeSnapshot, type KmsSnapshot } from "./snapshot.js";
import { Store } from "./store.js";
import { registerCryptoProvider } from "./crypto-provider-of.js";
import { validateRequest, type Validated } from "./validate.js";
import { AuditRecorder, type AuditSink } from "./audit.js";
import { forkedRandom, type KmsForkOptions } from "./fork-options.js";
import type { AuditTrail } from "./audit-trail.js";
import { getKeyLastUsage, keyMaterialUsage, recordUsage } from "./last-usage.js";
import { RequestTrace } from "./request-trace.js";
import type { Scope } from "../model/identifiers.js";

/** Options of {@link createKms}; all optional. */
export interface KmsOptions {
  /** Source of the present (default: the host clock). Use `ManualClock` to travel in time. */
  readonly clock?: Clock;
  /** Source of random bytes (default: WebCrypto). Use `seededRandom` for repeatable runs. */
  readonly random?: RandomSource;
  /** AWS Region of the simulated account (default `us-east-1`). */
  readonly region?: string;
  /** 12-digit AWS account id (default `111122223333`). */
  readonly accountId?: string;
  /** Receives every event (rotations, deletions, expirations) as it happens. */
  readonly events?: EventSink;
  /** Cryptographic primitives (default: @noble/ciphers and @noble/hashes). */
  readonly crypto?: CryptoProvider;
  /** Days between rotations of AWS managed keys: 1095 (default, the seed page) or 365 (AWS since 2022). */
  readonly awsManagedRotationPeriodDays?: number;
  /** On-demand rotations allowed per key (default 25, AWS's quota). */
  readonly onDemandRotationLimit?: number;
  /** How long an on-demand rotation takes, in ms (default 0: it completes within the request). */
  readonly onDemandRotationDurationMs?: number;
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
   * The audit trail: `true` keeps every call and every event of the service itself as a
   * CloudTrail-shaped record in memory, for `kms-sim/sim` (`lookupEvents`, timelines, compliance);
   * a function receives each record as its call ends and nothing is kept. Default: no trail.
   * GetKeyLastUsage and key usage work without it.
   */
  readonly audit?: boolean | AuditSink;
}

function requireWhole(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be a whole number from ${min} to ${max}, got ${String(value)}`);
  }
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
  const region = options.region ?? options.state?.region ?? "us-east-1";
  const accountId = options.accountId ?? options.state?.accountId ?? "111122223333";
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) throw new RangeError(`region must look like us-east-1, got ${region}`);
  if (!/^\d{12}$/.test(accountId)) throw new RangeError("accountId must be 12 digits");
  const secrets = new SecretArena();
  const crypto = options.crypto ?? nobleCryptoProvider;
  const store = options.state ? restoreStore(options.state, secrets, crypto) : new Store();
  for (const change of options.replay ?? []) applyChange(store, change, secrets);
  const clock = options.clock ?? systemClock;
  const scope = { region, accountId };
  return kmsOf({
    store,
    clock,
    random: options.random ?? webRandom,
    crypto,
    scope,
    settings: settingsFrom(options),
    secrets,
    sink: options.events,
    audit: AuditRecorder.create(options.audit, scope, crypto, () => Math.max(clock.now().getTime(), store.settledAt)),
    changes: options.changes,
  });
}

/** What a KMS is made of: `createKms` and `kms.fork` each gather them, then `kmsOf` assembles them. */
interface KmsParts {
  readonly store: Store;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly crypto: CryptoProvider;
  readonly scope: Scope;
  readonly settings: KmsSettings;
  readonly secrets: SecretArena;
  readonly sink: EventSink | undefined;
  readonly audit: AuditRecorder | null;
  readonly changes: StateChangeSink | undefined;
}

function kmsOf(parts: KmsParts): Kms {
  const { store, random, crypto } = parts;
  const ctx: KmsContext = {
    store,
    clock: parts.clock,
    random,
    crypto,
    scope: parts.scope,
    settings: parts.settings,
    secrets: parts.secrets,
    sealingKeys: new Map(),
    sink: parts.sink,
    collected: null,
    audit: parts.audit,
    request: null,
  };

  // Change records: the store notes what changes; each operation's end turns that into a record.
  const changeSink = parts.changes;
  const seededPosition = (): number | undefined => {
    const position = (random as { position?: unknown }).position;
    return typeof position === "number" ? position : undefined;
  };
  let lastRandom = seededPosition();
  if (changeSink) store.trackChanges();
  const flushChanges = (): void => {
    if (!changeSink) return;
    const position = seededPosition();
    const change = takeChange(store, position, lastRandom);
    lastRandom = position;
    if (change) changeSink(change);
  };

  /**
   * Runs one operation: catch up to now, validate, work, record what the work used (usage, the audit
   * trail), apply what the work made due now. The trace notes what the operation's synchronous part
   * touched (request-trace.ts); every operation is recorded through here, none by code of its own.
   */
  const run = async <Req, Res>(
    operation: AwsOperationName,
    request: Req,
    work: (req: Validated<Req>, now: number) => Res | Promise<Res>,
    caller?: unknown,
  ): Promise<Res> => {
    const trace = new RequestTrace(operation);
    trace.caller = caller;
    const audit = ctx.audit;
    let entry: ReturnType<AuditRecorder["begin"]> | undefined;
    try {
      const now = settle(ctx);
      entry = audit?.begin(now);
      const checked = validateRequest(operation, request);
      let pending: Res | Promise<Res>;
      ctx.request = trace;
      try {
        pending = work(checked, now);
      } finally {
        ctx.request = null;
      }
      const result = await pending;
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
  /** Runs a simulation extra that is no AWS operation: catch up to now, work; no trail record. */
  const extra = async <Res>(work: (now: number) => Res): Promise<Res> => {
    try {
      return work(settle(ctx));
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
    return service === undefined ? undefined : awsManagedKey(ctx, service, ctx.store.settledAt);
  };

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
    encrypt: (r) => run("Encrypt", r, (req) => cryptography.encrypt(ctx, req)),
    decrypt: (r) => run("Decrypt", r, (req) => cryptography.decrypt(ctx, req)),
    reEncrypt: (r) => run("ReEncrypt", r, (req) => cryptography.reEncrypt(ctx, req)),
    generateDataKey: (r) => run("GenerateDataKey", r, (req) => cryptography.generateDataKey(ctx, req)),
    generateDataKeyWithoutPlaintext: (r) =>
      run("GenerateDataKeyWithoutPlaintext", r, (req) => cryptography.generateDataKeyWithoutPlaintext(ctx, req)),
    generateRandom: (r) => run("GenerateRandom", r, (req) => cryptography.generateRandom(ctx, req)),
    getParametersForImport: (r) => run("GetParametersForImport", r, (req, now) => imports.getParametersForImport(ctx, req, now)),
    importKeyMaterial: (r) => run("ImportKeyMaterial", r, (req, now) => imports.importKeyMaterial(ctx, req, now)),
    deleteImportedKeyMaterial: (r) => run("DeleteImportedKeyMaterial", r, (req) => imports.deleteImportedKeyMaterial(ctx, req)),
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
    snapshot: () => takeSnapshot(ctx.store, ctx.scope, random as { seed?: unknown; position?: unknown }),
    createAwsManagedKey: async ({ Service }) => {
      if (!AWS_MANAGED_KEY_SERVICES.includes(Service)) {
        throw new RangeError(`unknown AWS service ${Service}; known: ${AWS_MANAGED_KEY_SERVICES.join(", ")}`);
      }
      // The service creates its key: the trail shows a CreateKey by the service, as CloudTrail would.
      return run("CreateKey", {}, (_req, now) => ({ KeyMetadata: toKeyMetadata(ctx, awsManagedKey(ctx, Service, now)) }), {
        type: "AWSService",
        invokedBy: `${Service}.amazonaws.com`,
      });
    },
    keyMaterialUsage: ({ KeyId }) => extra(() => keyMaterialUsage(ctx, KeyId)),
    now: () => new Date(Math.max(ctx.clock.now().getTime(), ctx.store.settledAt)),
    auditTrail: (): AuditTrail | undefined => (ctx.audit?.trail.retain ? ctx.audit.trail : undefined),
    fork: (options: KmsForkOptions) => {
      if (typeof options?.clock?.now !== "function") throw new TypeError("kms.fork needs { clock }: the fork's own clock");
      return kmsOf({
        ...parts,
        store: ctx.store.fork(),
        clock: options.clock,
        random: options.random ?? forkedRandom(random),
        secrets: new SecretArena(),
        sink: options.events,
        audit:
          options.audit === undefined
            ? (ctx.audit?.fork() ?? null)
            : AuditRecorder.create(options.audit, ctx.scope, crypto, () => Math.max(options.clock.now().getTime(), ctx.store.settledAt)),
        changes: undefined,
      });
    },
  };
  return registerCryptoProvider(kms, crypto);
}
