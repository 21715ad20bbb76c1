/**
 * `diff`: how two KMSs (typically a parent and its fork, or two forks) differ, key by key, read
 * through the public API: presence, state, description, deletion, automatic rotation, rotations and
 * backing keys, aliases and tags. Keys that are the same are left out.
 */
import { UnsupportedOperationException, type Kms, type RotationsListEntry } from "../index.js";
import { allKeyIds } from "./key-ids.js";

/** One key that differs, and how. */
export interface KeyDifference {
  /** The key id. */
  readonly KeyId: string;
  /** Human-readable, one difference each, e.g. `KeyState: Enabled -> Disabled`. */
  readonly Differences: readonly string[];
}

/** The result of {@link diff}. */
export interface KmsDiff {
  /** Only keys that differ: those of the first KMS in creation order, then those only in the second. */
  readonly Keys: readonly KeyDifference[];
}

/** What diff compares of one key. */
interface KeyProfile {
  readonly state: string;
  readonly description: string;
  readonly deletionDate: string;
  readonly rotation: string;
  readonly nextRotation: string;
  readonly rotations: number;
  readonly materials: readonly string[];
  readonly current: string;
  readonly aliases: string;
  readonly tags: string;
}

const day = (d: Date | undefined): string => (d === undefined ? "none" : d.toISOString().replace(".000Z", "Z"));
const short = (id: string): string => (id.length > 12 ? `${id.slice(0, 8)}…` : id || "none");

/** A call that the key's type does not support answers `fallback`. */
async function unlessUnsupported<T>(call: () => Promise<T>, fallback: T): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof UnsupportedOperationException) return fallback;
    throw error;
  }
}

async function allRotations(kms: Kms, keyId: string): Promise<RotationsListEntry[]> {
  const entries: RotationsListEntry[] = [];
  let marker: string | undefined;
  do {
    const page = await kms.listKeyRotations({ KeyId: keyId, IncludeKeyMaterial: "ALL_KEY_MATERIAL", Limit: 1000, ...(marker === undefined ? {} : { Marker: marker }) });
    entries.push(...(page.Rotations ?? []));
    marker = page.Truncated ? page.NextMarker : undefined;
  } while (marker !== undefined);
  return entries;
}

async function profile(kms: Kms, keyId: string): Promise<KeyProfile> {
  const metadata = (await kms.describeKey({ KeyId: keyId })).KeyMetadata;
  const status = await unlessUnsupported(() => kms.getKeyRotationStatus({ KeyId: keyId }), undefined);
  const rotations = await unlessUnsupported(() => allRotations(kms, keyId), []);
  const aliases = (await kms.listAliases({ KeyId: keyId, Limit: 100 })).Aliases ?? [];
  const tags = (await kms.listResourceTags({ KeyId: keyId, Limit: 50 })).Tags ?? [];
  return {
    state: metadata?.KeyState ?? "",
    description: JSON.stringify(metadata?.Description ?? ""),
    deletionDate: day(metadata?.DeletionDate),
    rotation: status === undefined ? "not supported" : status.KeyRotationEnabled ? `on every ${status.RotationPeriodInDays} days` : "off",
    nextRotation: day(status?.NextRotationDate),
    rotations: rotations.filter((r) => r.RotationType !== undefined).length,
    materials: rotations.map((r) => r.KeyMaterialId ?? ""),
    current: metadata?.CurrentKeyMaterialId ?? "",
    aliases: `[${aliases.map((a) => a.AliasName).join(", ")}]`,
    tags: `{${tags.map((t) => `${t.TagKey}=${t.TagValue}`).join(", ")}}`,
  };
}

function compare(a: KeyProfile, b: KeyProfile): string[] {
  const out: string[] = [];
  const field = (name: string, x: string | number, y: string | number) => {
    if (x !== y) out.push(`${name}: ${x} -> ${y}`);
  };
  field("KeyState", a.state, b.state);
  field("Description", a.description, b.description);
  field("DeletionDate", a.deletionDate, b.deletionDate);
  field("automatic rotation", a.rotation, b.rotation);
  field("NextRotationDate", a.nextRotation, b.nextRotation);
  field("rotations", a.rotations, b.rotations);
  field("CurrentKeyMaterialId", short(a.current), short(b.current));
  const inB = new Set(b.materials);
  const inA = new Set(a.materials);
  const onlyA = a.materials.filter((id) => !inB.has(id)).length;
  const onlyB = b.materials.filter((id) => !inA.has(id)).length;
  if (onlyA > 0 || onlyB > 0) out.push(`key materials: ${a.materials.length - onlyA} shared, ${onlyA} only in the first, ${onlyB} only in the second`);
  field("aliases", a.aliases, b.aliases);
  field("tags", a.tags, b.tags);
  return out;
}

/**
 * How two KMSs differ, key by key (only keys that differ are listed).
 * @param a the first KMS (e.g. a parent)
 * @param b the second KMS (e.g. its fork)
 * @returns `{ Keys: [{ KeyId, Differences }] }`
 * @example A fork that disabled a key
 * ```ts
 * import { createKms } from "kms-sim";
 * import { ManualClock, seededRandom } from "kms-sim/testing";
 * import { diff, fork } from "kms-sim/sim";
 * const clock = new ManualClock(new Date("2026-01-01T00:00:00Z"));
 * const kms = createKms({ clock, random: seededRandom(1) });
 * const { KeyMetadata } = await kms.createKey();
 * const other = fork(kms, { clock });
 * await other.disableKey({ KeyId: KeyMetadata!.KeyId });
 * (await diff(kms, other)).Keys[0]?.Differences; //=> ["KeyState: Enabled -> Disabled"]
 * ```
 */
export async function diff(a: Kms, b: Kms): Promise<KmsDiff> {
  const [idsA, idsB] = await Promise.all([allKeyIds(a), allKeyIds(b)]);
  const inA = new Set(idsA);
  const keys: KeyDifference[] = [];
  const inB = new Set(idsB);
  for (const keyId of idsA) {
    if (!inB.has(keyId)) {
      keys.push({ KeyId: keyId, Differences: ["only in the first KMS"] });
      continue;
    }
    const differences = compare(await profile(a, keyId), await profile(b, keyId));
    if (differences.length > 0) keys.push({ KeyId: keyId, Differences: differences });
  }
  for (const keyId of idsB) if (!inA.has(keyId)) keys.push({ KeyId: keyId, Differences: ["only in the second KMS"] });
  return { Keys: keys };
}
