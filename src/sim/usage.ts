/**
 * Usage of backing keys: what each of a key's backing keys produced and opened (`keyUsage`), and
 * what deleting the key would make undecryptable (`deletionImpact`). Both read the counters the KMS
 * keeps as requests succeed (`kms.keyMaterialUsage`, the records GetKeyLastUsage reads too), so a
 * call costs the number of backing keys, never a scan of the trail; the trail, replayed, gives the
 * same counts.
 */
import type { KeyMaterialUsageEntry, Kms } from "../index.js";

/**
 * One backing key's usage, from {@link keyUsage}: the counters `kms.keyMaterialUsage` keeps (one
 * record for the service and the kit).
 */
export type BackingKeyUsage = KeyMaterialUsageEntry;

/** A key's usage per backing key, from {@link keyUsage}. */
export interface KeyUsageResult {
  /** The key id. */
  readonly KeyId: string;
  /** One entry per backing key, oldest first. */
  readonly KeyMaterials: readonly BackingKeyUsage[];
}

/** What deleting one backing key's key would make undecryptable. */
export interface BackingKeyImpact {
  /** The backing key's KeyMaterialId. */
  readonly KeyMaterialId: string;
  /** Ciphertexts and data keys this backing key made. */
  readonly Ciphertexts: number;
  /** Its last successful use, encrypting or decrypting. */
  readonly LastUsedAt?: Date;
}

/** What deleting a key would make undecryptable, from {@link deletionImpact}. */
export interface DeletionImpact {
  /** The key id. */
  readonly KeyId: string;
  /** Every ciphertext and data key the key made (all of them become undecryptable). */
  readonly Ciphertexts: number;
  /** The key's last successful cryptographic use, encrypting or decrypting. */
  readonly LastUsedAt?: Date;
  /** Per backing key, oldest first. */
  readonly KeyMaterials: readonly BackingKeyImpact[];
}

const later = (a: Date | undefined, b: Date | undefined): Date | undefined => (a === undefined ? b : b === undefined || a >= b ? a : b);

/**
 * Per backing key: how many ciphertexts and data keys it produced and how many it decrypted, and
 * when it last encrypted and decrypted. A failed call counts nothing.
 * @param keyId key id, key ARN, alias name or alias ARN
 * @throws {@link kms-sim!NotFoundException} when the key does not exist
 * @throws {@link kms-sim!AccessDeniedException} when a caller's view may not call GetKeyLastUsage on the key
 * @example Two backing keys, one ciphertext each
 * ```ts
 * import { createKms } from "kms-sim";
 * import { keyUsage } from "kms-sim/sim";
 * const kms = createKms();
 * const { KeyMetadata } = await kms.createKey();
 * const KeyId = KeyMetadata!.KeyId;
 * await kms.encrypt({ KeyId, Plaintext: new Uint8Array(1) });
 * await kms.rotateKeyOnDemand({ KeyId });
 * await kms.generateDataKey({ KeyId, KeySpec: "AES_256" });
 * (await keyUsage(kms, KeyId)).KeyMaterials.map((m) => [m.Encryptions, m.DataKeys]); //=> [[1, 0], [0, 1]]
 * ```
 */
export async function keyUsage(kms: Kms, keyId: string): Promise<KeyUsageResult> {
  const usage = await kms.keyMaterialUsage({ KeyId: keyId });
  return { KeyId: usage.KeyId, KeyMaterials: usage.KeyMaterials };
}

/**
 * What deleting the key would make undecryptable: every ciphertext and data key it made, per backing
 * key, and when each was last used. For an EXTERNAL key the same figures say what deleting its
 * imported material would do: the whole key becomes unusable until the material is imported again.
 * @param keyId key id, key ARN, alias name or alias ARN
 * @throws {@link kms-sim!NotFoundException} when the key does not exist
 * @throws {@link kms-sim!AccessDeniedException} when a caller's view may not call GetKeyLastUsage on the key
 * @example Before retiring a key
 * ```ts
 * import { createKms } from "kms-sim";
 * import { deletionImpact } from "kms-sim/sim";
 * const kms = createKms();
 * const { KeyMetadata } = await kms.createKey();
 * await kms.encrypt({ KeyId: KeyMetadata!.KeyId, Plaintext: new Uint8Array(1) });
 * (await deletionImpact(kms, KeyMetadata!.KeyId)).Ciphertexts; //=> 1
 * ```
 */
export async function deletionImpact(kms: Kms, keyId: string): Promise<DeletionImpact> {
  const usage = await kms.keyMaterialUsage({ KeyId: keyId });
  return {
    KeyId: usage.KeyId,
    Ciphertexts: usage.Encryptions + usage.DataKeys,
    ...(usage.LastUsedAt === undefined ? {} : { LastUsedAt: usage.LastUsedAt }),
    KeyMaterials: usage.KeyMaterials.map((m) => {
      const last = later(m.LastEncryptedAt, m.LastDecryptedAt);
      return { KeyMaterialId: m.KeyMaterialId, Ciphertexts: m.Encryptions + m.DataKeys, ...(last === undefined ? {} : { LastUsedAt: last }) };
    }),
  };
}
