/**
 * Snapshots: the whole state of a KMS as versioned, JSON-serializable data, and back. A snapshot
 * holds every key's secret material (hex): store it like the keys themselves.
 */
import { fromHex, toHex } from "../model/identifiers.js";
import type { ExpirationModel } from "../model/key-material.js";
import type { KeyTag, KmsKey, OnDemandState, RotationConfig } from "../model/key.js";
import { SECRET_ACCESS, type SecretArena } from "../model/secret-bytes.js";
import type { KeyManager, KeyOrigin, KeyState, KeyUsage, RotationType } from "../model/shapes.js";
import type { KeySpec } from "../model/aws-shapes.generated.js";
import type { ModelledWrappingAlgorithm, ModelledWrappingKeySpec } from "../crypto/import-wrapping.js";
import { Store } from "./store.js";

/** The snapshot format version this build writes and reads. */
export const SNAPSHOT_VERSION = 1;

/** One key material in a snapshot. */
export interface MaterialSnapshot {
  readonly id: string;
  readonly version: number;
  readonly createdAt: number;
  readonly rotationType: RotationType | null;
  /** The secret bytes in hex, or null while imported material is absent. */
  readonly secretHex: string | null;
  readonly import: {
    readonly imported: boolean;
    readonly expirationModel: ExpirationModel | null;
    readonly validTo: number | null;
    readonly description: string | null;
    readonly pendingRotation: boolean;
  } | null;
}

/** One key in a snapshot (the record, with materials in snapshot form). */
export interface KeySnapshot {
  readonly seq: number;
  readonly keyId: string;
  readonly arn: string;
  readonly createdAt: number;
  readonly description: string;
  readonly keyUsage: KeyUsage;
  readonly keySpec: KeySpec;
  readonly origin: KeyOrigin;
  readonly keyManager: KeyManager;
  readonly state: KeyState;
  readonly deletionAt: number | null;
  readonly pendingWindowDays: number | null;
  readonly policy: string;
  readonly tags: readonly KeyTag[];
  readonly materials: readonly MaterialSnapshot[];
  readonly current: number;
  readonly rotation: RotationConfig;
  readonly onDemand: OnDemandState;
  readonly awsService: string | null;
}

/**
 * The whole state of one simulated KMS, from `kms.snapshot()`: plain JSON-serializable data that
 * `createKms({ state })` continues from. It holds every key's secret material in hex: store it like
 * the keys themselves. Beyond the fields documented here, treat its contents as a file format, not
 * an API: they follow {@link KmsSnapshot.version}.
 */
export interface KmsSnapshot {
  /** Marks the data as a kms-sim snapshot. */
  readonly format: "kms-sim-snapshot";
  /** The snapshot format version; `createKms` refuses one it does not read. */
  readonly version: number;
  /** The Region of the KMS that took it; a restore into another Region is refused. */
  readonly region: string;
  /** The account id of the KMS that took it; a restore into another account is refused. */
  readonly accountId: string;
  /** The latest instant the model reached (epoch ms), or null before the first operation. */
  readonly settledAt: number | null;
  /** The counter behind each key's creation order, which listings follow. */
  readonly keySeq: number;
  /** The counter behind each alias's creation order, which listings follow. */
  readonly aliasSeq: number;
  /** Seed and position of a seeded random source, when the KMS uses one. */
  readonly random: {
    /** The seed given to `seededRandom`. */
    readonly seed: string;
    /** Bytes drawn so far: `seededRandom(seed, { position })` continues the same stream. */
    readonly position: number;
  } | null;
  /** Every key that exists, with all its key material versions. */
  readonly keys: readonly KeySnapshot[];
  /** Every alias. */
  readonly aliases: readonly {
    /** The alias name, `alias/...`. */
    name: string;
    /** The bare key id it points at. */
    targetKeyId: string;
    /** Epoch ms of CreateAlias. */
    createdAt: number;
    /** Epoch ms of the last CreateAlias or UpdateAlias. */
    updatedAt: number;
    /** Creation order, for listings. */
    seq: number;
  }[];
  /** Keys deleted at the end of their waiting period: their ciphertexts get `NotFoundException`. */
  readonly deletedKeyIds: readonly string[];
  /** Unexpired import tokens with their RSA private keys (PKCS #8, hex). */
  readonly importParameters: readonly {
    /** The import token (hex) that GetParametersForImport returned. */
    readonly token: string;
    /** The key the token is for. */
    readonly keyId: string;
    /** The wrapping algorithm asked for. */
    readonly wrappingAlgorithm: ModelledWrappingAlgorithm;
    /** The size of the RSA wrapping key. */
    readonly wrappingKeySpec: ModelledWrappingKeySpec;
    /** Epoch ms when the token expires (24 hours after it was issued). */
    readonly validTo: number;
    /** The RSA private key that unwraps imported material (PKCS #8, hex). */
    readonly privateKeyHex: string;
  }[];
}

/** Copies the store into a snapshot. */
export function takeSnapshot(
  store: Store,
  scope: { region: string; accountId: string },
  random: { seed?: unknown; position?: unknown },
): KmsSnapshot {
  const keys = [...store.keys.values()].map((key): KeySnapshot => ({
    ...key,
    tags: key.tags.map((tag) => ({ ...tag })),
    materials: key.materials.map((m) => ({
      id: m.id,
      version: m.version,
      createdAt: m.createdAt,
      rotationType: m.rotationType,
      secretHex: m.secret ? toHex(m.secret.reveal(SECRET_ACCESS)) : null,
      import: m.import ? { ...m.import } : null,
    })),
    rotation: { ...key.rotation },
    onDemand: { ...key.onDemand },
  }));
  const seeded = typeof random.seed === "string" && typeof random.position === "number";
  return {
    format: "kms-sim-snapshot",
    version: SNAPSHOT_VERSION,
    region: scope.region,
    accountId: scope.accountId,
    settledAt: Number.isFinite(store.settledAt) ? store.settledAt : null,
    keySeq: store.keySeq,
    aliasSeq: store.aliasSeq,
    random: seeded ? { seed: random.seed as string, position: random.position as number } : null,
    keys,
    aliases: [...store.aliases.values()].map((alias) => ({ ...alias })),
    deletedKeyIds: [...store.deletedKeyIds],
    importParameters: [...store.importParameters.values()].map(({ privateKey, ...rest }) => ({
      ...rest,
      privateKeyHex: toHex(privateKey.reveal(SECRET_ACCESS)),
    })),
  };
}

/**
 * Rebuilds a store from a snapshot.
 * @throws {TypeError} when the value is not a kms-sim snapshot
 * @throws {RangeError} when its version is not one this build reads
 */
export function restoreStore(snapshot: KmsSnapshot, secrets: SecretArena): Store {
  if (typeof snapshot !== "object" || snapshot === null || snapshot.format !== "kms-sim-snapshot") {
    throw new TypeError("createKms({ state }) needs a snapshot made by kms.snapshot()");
  }
  if (snapshot.version !== SNAPSHOT_VERSION) {
    throw new RangeError(
      `kms-sim snapshot version ${String(snapshot.version)} is not supported: this build reads version ${SNAPSHOT_VERSION}`,
    );
  }
  const store = new Store();
  for (const saved of snapshot.keys) {
    const key: KmsKey = {
      ...saved,
      tags: saved.tags.map((tag) => ({ ...tag })),
      materials: saved.materials.map((m) => ({
        id: m.id,
        version: m.version,
        createdAt: m.createdAt,
        rotationType: m.rotationType,
        secret: m.secretHex === null ? null : secrets.adopt(fromHex(m.secretHex)),
        import: m.import ? { ...m.import } : null,
      })),
      rotation: { ...saved.rotation },
      onDemand: { ...saved.onDemand },
    };
    store.putKey(key);
  }
  for (const alias of snapshot.aliases) store.putAlias({ ...alias });
  for (const id of snapshot.deletedKeyIds) store.deletedKeyIds.add(id);
  for (const { privateKeyHex, ...rest } of snapshot.importParameters) {
    store.importParameters.set(rest.token, { ...rest, privateKey: secrets.adopt(fromHex(privateKeyHex)) });
  }
  store.keySeq = snapshot.keySeq;
  store.aliasSeq = snapshot.aliasSeq;
  store.settledAt = snapshot.settledAt ?? Number.NEGATIVE_INFINITY;
  return store;
}
