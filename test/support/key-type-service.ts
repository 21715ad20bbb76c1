/** Helpers for the key-type tests through the service: importing material, node:crypto key objects. */
import { createHash, createPublicKey, type KeyObject } from "node:crypto";
import type { ImportKeyMaterialRequest, Kms } from "../../src/index.js";
import { wrapKeyMaterial, type WrappingAlgorithm } from "../../src/testing/index.js";

export const ARN = (keyId: string): string => `arn:aws:kms:us-east-1:111122223333:key/${keyId}`;
export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
export const DRY_RUN = "The request would have succeeded, but the DryRun option is set.";

/** node:crypto's view of a DER SubjectPublicKeyInfo. */
export const nodePublicKey = (spki: Uint8Array): KeyObject => createPublicKey({ key: Buffer.from(spki), format: "der", type: "spki" });

/** A SHA-2 digest by node:crypto. */
export const digest = (hash: string, data: Uint8Array): Uint8Array => new Uint8Array(createHash(hash).update(data).digest());

type ImportParameters = Awaited<ReturnType<Kms["getParametersForImport"]>>;

/** GetParametersForImport with an RSA_2048 wrapping key (a token serves many failed imports: reuse it). */
export function importParameters(kms: Kms, keyId: string, algorithm: WrappingAlgorithm = "RSAES_OAEP_SHA_256"): Promise<ImportParameters> {
  return kms.getParametersForImport({ KeyId: keyId, WrappingAlgorithm: algorithm, WrappingKeySpec: "RSA_2048" });
}

/**
 * Imports `material` into EXTERNAL key `keyId` the way a client does: GetParametersForImport,
 * wrap under its public key, ImportKeyMaterial. RSA private keys need an RSA_AES_KEY_WRAP algorithm.
 */
export async function importMaterial(
  kms: Kms,
  keyId: string,
  material: Uint8Array,
  options: { algorithm?: WrappingAlgorithm; request?: Partial<ImportKeyMaterialRequest>; parameters?: ImportParameters } = {},
): Promise<Awaited<ReturnType<Kms["importKeyMaterial"]>>> {
  const algorithm = options.algorithm ?? "RSAES_OAEP_SHA_256";
  const parameters = options.parameters ?? (await importParameters(kms, keyId, algorithm));
  return kms.importKeyMaterial({
    KeyId: keyId,
    ImportToken: parameters.ImportToken as Uint8Array,
    EncryptedKeyMaterial: await wrapKeyMaterial(parameters.PublicKey as Uint8Array, material, algorithm),
    ExpirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE",
    ...options.request,
  });
}
