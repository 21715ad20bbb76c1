/**
 * ImportKeyMaterial for HMAC and asymmetric keys (AWS supports both). Such a key has one material
 * for life: the first import attaches it, a later import must carry the very same key (to restore
 * it after deletion or expiry, or to change its expiration), and anything else is refused. The
 * material is checked to be a key of the key spec (crypto/asymmetric-import.ts) and kept in the
 * key's history as its one explicit version, so expiry, DeleteImportedKeyMaterial, snapshots and
 * change records treat it exactly as they treat symmetric imported material.
 */
import { requireSingleMaterialImport, unwrapImportedKeyMaterial } from "../../crypto/asymmetric-import.js";
import { VersionKind } from "../../model/key-history.js";
import type { ExpirationModel } from "../../model/key-material.js";
import { keyTypeError } from "../../model/key-type-errors.js";
import type { KmsKey } from "../../model/key.js";
import { SECRET_ACCESS } from "../../model/secret-bytes.js";
import type { ImportKeyMaterialRequest, ImportKeyMaterialResponse } from "../../model/aws-shapes.generated.js";
import type { KmsContext } from "../context.js";
import type { ImportParameters } from "../store.js";
import type { Validated } from "../validate.js";
import { importedMaterialId, isMissingMaterial } from "./import.js";

/**
 * Imports the one material of an HMAC or asymmetric key.
 * @param check re-runs the key and token checks (after the asynchronous unwrap, against the state as it is then).
 * @throws ValidationException "Input parameter importType cannot be used with HMAC_224 imported keys." (also keyMaterialId, keyMaterialDescription)
 * @throws InvalidCiphertextException "" when the material does not unwrap or is not a key of the key spec
 * @throws IncorrectKeyMaterialException "Imported key material does not have the expected identifier (<id>)." for other material
 */
export async function importKeyTypeMaterial(
  ctx: KmsContext,
  request: Validated<ImportKeyMaterialRequest>,
  parameters: ImportParameters,
  expiration: { model: ExpirationModel; validTo: number | null },
  check: () => { key: KmsKey },
  now: number,
): Promise<ImportKeyMaterialResponse> {
  const keySpec = check().key.keySpec;
  requireSingleMaterialImport(keySpec, request);
  const material = await unwrapImportedKeyMaterial(
    ctx.crypto,
    ctx.keyTypes,
    keySpec,
    { privateKeyPkcs8: parameters.privateKey.reveal(SECRET_ACCESS), wrappingKeySpec: parameters.wrappingKeySpec, algorithm: parameters.wrappingAlgorithm },
    request.EncryptedKeyMaterial,
  );
  try {
    const { key } = check();
    // The id of the canonical form: the same key imported in another encoding is the same material.
    const id = importedMaterialId(ctx, key.keyId, material.privateMaterial);
    const existing = key.history.length > 0 ? key.history.explicit(0) : undefined;
    if (existing !== undefined && existing.id !== id) throw keyTypeError("IMPORT_MATERIAL_MISMATCH", { materialId: existing.id });
    const imported = {
      id,
      secret: ctx.secrets.adopt(Uint8Array.from(material.privateMaterial)),
      import: { imported: true, expirationModel: expiration.model, validTo: expiration.validTo, description: null, pendingRotation: false },
    };
    const stored = ctx.store.editHistory(key, 0, (history) => {
      if (existing !== undefined) history.setExplicit(0, imported);
      else history.append(now, VersionKind.ORIGINAL, imported);
    });
    if (stored.state === "PendingImport" && !isMissingMaterial(stored)) ctx.store.putKey({ ...stored, state: "Enabled" });
    return { KeyId: key.arn };
  } finally {
    material.privateMaterial.fill(0);
  }
}
