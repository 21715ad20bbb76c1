/**
 * One simulated AWS account across Regions. Each Region has its own store (keys, aliases, grants,
 * import tokens, its own creation counters and ARNs) and its own caches; the account shares the
 * clock, the random source, the crypto providers, the event sink, the audit trail, the secret arena, the settings
 * and the principals (IAM is global). A Region's context is made on first use, so a KMS that only
 * ever serves one Region costs what it did before Regions existed.
 */
import type { KmsEvent } from "../ports.js";
import { requireModelledRegion } from "../model/regions.js";
import { KeyPolicyCache } from "./authorization.js";
import type { AuditRecorder } from "./audit.js";
import type { KmsContext } from "./context.js";

/** What every Region of an account shares: the ports, the settings, the arena, the principals' policies. */
export type SharedPorts = Pick<
  KmsContext,
  "clock" | "random" | "crypto" | "settings" | "secrets" | "keyTypes" | "sink" | "identityPolicies"
>;
import { newLoadedKeyCache } from "./key-type-material.js";
import { Store } from "./store.js";

/** The Regions of one account, and what they share. */
export class Account {
  /** Region contexts by name, in the order they were first used (the home Region first). */
  readonly regions = new Map<string, KmsContext>();
  /** Events emitted since the last `tick()` started collecting (any Region), or null. */
  collected: KmsEvent[] | null = null;
  /**
   * The audit trail's recorder, shared by every Region (each record names the Region that served
   * it), or null when the KMS keeps no trail. Set once the state is in place.
   */
  audit: AuditRecorder | null = null;
  /** Called with each Region context made after the home one (the KMS tracks its changes). */
  onNewRegion: ((ctx: KmsContext) => void) | null = null;

  readonly accountId: string;
  readonly home: string;

  readonly #shared: SharedPorts;

  /** An account whose home Region is `home`, with the store it starts from. */
  constructor(shared: SharedPorts, accountId: string, home: string, store: Store) {
    this.#shared = shared;
    this.accountId = accountId;
    this.home = home;
    this.regions.set(home, regionContext(this, shared, store, home));
  }

  /** The home Region's context (the one `createKms({ region })` named). */
  get homeContext(): KmsContext {
    return this.regions.get(this.home) as KmsContext;
  }

  /** The context of a Region already in use, else undefined (lookups that must not create one). */
  existing(region: string): KmsContext | undefined {
    return this.regions.get(region);
  }

  /**
   * The context of `region`, made on first use: a new store sharing the home store's principals,
   * brought up to the instant the account has reached.
   * @throws {RangeError} for a name that is not a Region of partition `aws`
   */
  region(region: string): KmsContext {
    const known = this.regions.get(region);
    if (known !== undefined) return known;
    requireModelledRegion(region);
    return this.adopt(region, new Store(this.homeContext.store));
  }

  /**
   * Adds a Region with the store given (restoring a snapshot or replaying a change); the store
   * must have been made with the home store (`new Store(home)`).
   */
  adopt(region: string, store: Store): KmsContext {
    requireModelledRegion(region);
    if (this.regions.has(region)) throw new RangeError(`invariant: region ${region} is already in use`);
    store.settledAt = Math.max(store.settledAt, this.homeContext.store.settledAt);
    const ctx = regionContext(this, this.#shared, store, region);
    this.regions.set(region, ctx);
    this.onNewRegion?.(ctx);
    return ctx;
  }
}

/** A context for `region`: the account's shared ports with this Region's store, scope and caches. */
function regionContext(account: Account, shared: SharedPorts, store: Store, region: string): KmsContext {
  return {
    ...shared,
    store,
    scope: { region, accountId: account.accountId },
    sealingKeys: new Map(),
    loadedKeys: newLoadedKeyCache(),
    get collected() {
      return account.collected;
    },
    set collected(value) {
      account.collected = value;
    },
    get audit() {
      return account.audit;
    },
    keyPolicies: new KeyPolicyCache(),
    call: null,
    account,
  };
}
