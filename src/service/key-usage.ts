/**
 * Per-key usage records: the state behind GetKeyLastUsage and the simulation kit's `keyUsage` and
 * `deletionImpact`. One record per key that has been used (none for keys never used: a simulation of
 * a million keys pays nothing for keys it only rotates), counting each successful cryptographic
 * request once per key and each ciphertext, data key and decryption per backing key. Updating it
 * costs O(1) per request; reading it costs O(backing keys used).
 *
 * Records live in the store (store.ts) beside the key's entry and change only through its methods,
 * so snapshots and change records carry them. Forks share records the way they share histories: the
 * owner token says which store may write in place; any other clones first.
 */

/** What a successful request did with one backing key (or, for keys without backing keys, the key). */
export type UsageKind = "encryption" | "dataKey" | "decryption";

/** Counters of one backing key. Instants are epoch ms; NaN means never. */
export class MaterialUsage {
  encryptions = 0;
  dataKeys = 0;
  decryptions = 0;
  lastEncryptedAt = Number.NaN;
  lastDecryptedAt = Number.NaN;

  /** Counts one use of `kind` at `at`. */
  count(kind: UsageKind, at: number): void {
    if (kind === "decryption") {
      this.decryptions++;
      if (!(at <= this.lastDecryptedAt)) this.lastDecryptedAt = at;
      return;
    }
    if (kind === "encryption") this.encryptions++;
    else this.dataKeys++;
    if (!(at <= this.lastEncryptedAt)) this.lastEncryptedAt = at;
  }

  copy(): MaterialUsage {
    const copy = new MaterialUsage();
    copy.encryptions = this.encryptions;
    copy.dataKeys = this.dataKeys;
    copy.decryptions = this.decryptions;
    copy.lastEncryptedAt = this.lastEncryptedAt;
    copy.lastDecryptedAt = this.lastDecryptedAt;
    return copy;
  }
}

/** The usage record of one key. */
export class KeyUsageRecord {
  /** The store allowed to change this record in place. */
  owner: object;
  /** Successful tracked requests so far; the n-th one's events are named by (key, n). */
  uses = 0;
  /** The last successful tracked request: its operation, instant, and the (key, use) naming its event. */
  lastOperation: string | null = null;
  lastAt = Number.NaN;
  anchorKeyId = "";
  anchorSeq = 0;
  /**
   * When tracking began, if after the key's creation (keys restored from a snapshot written before
   * kms-sim tracked usage); NaN: since creation.
   */
  trackingStartAt = Number.NaN;
  /** The key as a whole (every backing key, and keys that have none: asymmetric and HMAC keys). */
  total = new MaterialUsage();
  /** Per backing key, by version index, for those used. */
  materials: Map<number, MaterialUsage> | null = null;

  constructor(owner: object) {
    this.owner = owner;
  }

  /** The counters of version `index`, created when first used. */
  material(index: number): MaterialUsage {
    this.materials ??= new Map();
    let usage = this.materials.get(index);
    if (usage === undefined) this.materials.set(index, (usage = new MaterialUsage()));
    return usage;
  }

  /** An independent copy owned by `owner`. */
  clone(owner: object): KeyUsageRecord {
    const copy = new KeyUsageRecord(owner);
    copy.uses = this.uses;
    copy.lastOperation = this.lastOperation;
    copy.lastAt = this.lastAt;
    copy.anchorKeyId = this.anchorKeyId;
    copy.anchorSeq = this.anchorSeq;
    copy.trackingStartAt = this.trackingStartAt;
    copy.total = this.total.copy();
    if (this.materials !== null) copy.materials = new Map([...this.materials].map(([index, usage]) => [index, usage.copy()]));
    return copy;
  }
}

/** Counters of one backing key in a snapshot or change record (instants epoch ms, null: never). */
export interface MaterialUsageSnapshot {
  /** Version index; -1 for the key as a whole. */
  readonly index: number;
  /** Ciphertexts made (Encrypt, ReEncrypt as destination). */
  readonly encryptions: number;
  /** Data keys and data key pairs made. */
  readonly dataKeys: number;
  /** Ciphertexts opened (Decrypt, ReEncrypt as source). */
  readonly decryptions: number;
  /** When it last made one (epoch ms), or null. */
  readonly lastEncryptedAt: number | null;
  /** When it last opened one (epoch ms), or null. */
  readonly lastDecryptedAt: number | null;
}

/** A key's usage record in a snapshot, or its changed part in a change record. */
export interface KeyUsageSnapshot {
  /** Successful tracked requests with the key. */
  readonly uses: number;
  /** The last one (GetKeyLastUsage), or null when the key was never used. */
  readonly last: {
    /** The operation, e.g. `Encrypt`. */
    readonly operation: string;
    /** When (epoch ms). */
    readonly at: number;
    /** The key whose use count names the request's events. */
    readonly anchorKeyId: string;
    /** That key's use count after the request. */
    readonly anchorSeq: number;
  } | null;
  /** When tracking began, if after the key's creation (epoch ms); null: since creation. */
  readonly trackingStartAt: number | null;
  /** The key as a whole (index -1) and the backing keys (all of them in a snapshot; those changed in a change record). */
  readonly materials: readonly MaterialUsageSnapshot[];
}

const orNull = (n: number): number | null => (Number.isNaN(n) ? null : n);
const orNaN = (n: number | null | undefined): number => (n === null || n === undefined ? Number.NaN : n);

function materialToSnapshot(index: number, usage: MaterialUsage): MaterialUsageSnapshot {
  return {
    index,
    encryptions: usage.encryptions,
    dataKeys: usage.dataKeys,
    decryptions: usage.decryptions,
    lastEncryptedAt: orNull(usage.lastEncryptedAt),
    lastDecryptedAt: orNull(usage.lastDecryptedAt),
  };
}

/**
 * A record as a snapshot: every backing key's counters, or (for a change record) only those of
 * `indexes`.
 */
export function usageToSnapshot(record: KeyUsageRecord, indexes?: Iterable<number>): KeyUsageSnapshot {
  const materials: MaterialUsageSnapshot[] = [materialToSnapshot(-1, record.total)];
  const wanted = indexes === undefined ? [...(record.materials?.keys() ?? [])].sort((a, b) => a - b) : [...indexes].sort((a, b) => a - b);
  for (const index of wanted) {
    const usage = record.materials?.get(index);
    if (usage !== undefined && index >= 0) materials.push(materialToSnapshot(index, usage));
  }
  return {
    uses: record.uses,
    last:
      record.lastOperation === null
        ? null
        : { operation: record.lastOperation, at: record.lastAt, anchorKeyId: record.anchorKeyId, anchorSeq: record.anchorSeq },
    trackingStartAt: orNull(record.trackingStartAt),
    materials,
  };
}

/** Applies a snapshot (whole, or a change record's part) onto `record`. */
export function applyUsageSnapshot(record: KeyUsageRecord, saved: KeyUsageSnapshot): void {
  record.uses = saved.uses;
  record.lastOperation = saved.last?.operation ?? null;
  record.lastAt = orNaN(saved.last?.at);
  record.anchorKeyId = saved.last?.anchorKeyId ?? "";
  record.anchorSeq = saved.last?.anchorSeq ?? 0;
  record.trackingStartAt = orNaN(saved.trackingStartAt);
  for (const material of saved.materials) {
    const usage = material.index < 0 ? record.total : record.material(material.index);
    usage.encryptions = material.encryptions;
    usage.dataKeys = material.dataKeys;
    usage.decryptions = material.decryptions;
    usage.lastEncryptedAt = orNaN(material.lastEncryptedAt);
    usage.lastDecryptedAt = orNaN(material.lastDecryptedAt);
  }
}
