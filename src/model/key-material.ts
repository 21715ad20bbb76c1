/**
 * A key material (AWS's "backing key"): one version of a KMS key's cryptographic secret.
 * Materials are append-only: a key keeps every version until the key itself is deleted, so every
 * ciphertext a version produced can still be decrypted. kms-sim holds them compactly (see
 * key-history.ts); this module has the shapes the rest of the code reads them through.
 */
import type { RotationType } from "./shapes.js";

/** How imported material expires (EXTERNAL keys only). */
export type ExpirationModel = "KEY_MATERIAL_EXPIRES" | "KEY_MATERIAL_DOES_NOT_EXPIRE";

/** What kms-sim knows about an imported material beyond its bytes. */
export interface ImportDetails {
  /** False once the material was deleted or expired; the material's id and history stay. */
  readonly imported: boolean;
  readonly expirationModel: ExpirationModel | null;
  /** Epoch ms at which the material expires, or null when it does not. */
  readonly validTo: number | null;
  readonly description: string | null;
  /** True while the material waits for RotateKeyOnDemand (PENDING_ROTATION). */
  readonly pendingRotation: boolean;
}

/** A read-only view of one backing-key version (no secret: that is the crypto layer's). */
export interface KeyMaterial {
  /** 64 lowercase hex characters: AWS's KeyMaterialId. */
  readonly id: string;
  /** 1 for the original material, then 2, 3, ... in order of creation. */
  readonly version: number;
  /** Epoch ms when the material became current (its RotationDate for rotations). */
  readonly createdAt: number;
  /** How it became current: null for the original (and not yet current imported) material. */
  readonly rotationType: RotationType | null;
  /** Present for imported material only. */
  readonly import: ImportDetails | null;
}
