/**
 * GenerateDataKeyPair's key pairs: a fresh pair of the requested KeyPairSpec, public key as DER
 * SubjectPublicKeyInfo and private key as PKCS #8 DER (RFC 5958) in AWS's encodings. ECC and
 * Ed25519 pairs come from the injected RandomSource, so a seeded run repeats them; RSA pairs come
 * from the platform unless `rsa: "seeded"` asks for reproducible (slow) generation from it.
 */
import type { DataKeyPairSpec } from "../model/algorithms.js";
import { keyTypeError } from "../model/key-type-errors.js";
import type { KeyTypeProvider, RandomSource } from "../ports.js";
import { materialFromSeed, type RsaGeneration } from "./key-material.js";

/** A data key pair: what GenerateDataKeyPair returns before it encrypts the private key. */
export interface DataKeyPair {
  readonly publicKey: Uint8Array;
  readonly privateKey: Uint8Array;
}

/**
 * Makes a data key pair.
 * @throws UnsupportedOperationException "KeyPairSpec SM2 is not supported in this Region"
 */
export async function generateDataKeyPair(
  keyTypes: KeyTypeProvider,
  keyPairSpec: DataKeyPairSpec,
  random: RandomSource,
  options: { rsa?: RsaGeneration } = {},
): Promise<DataKeyPair> {
  if (keyPairSpec === "SM2") throw keyTypeError("KEY_PAIR_SPEC_NOT_IN_REGION", { keyPairSpec });
  const material = await materialFromSeed(keyTypes, keyPairSpec, random, options);
  return { publicKey: material.publicKey as Uint8Array, privateKey: material.privateMaterial };
}
