/**
 * The few platform globals kms-sim's core uses, declared by hand because core code compiles without
 * DOM or Node types (so neither can creep in). All exist in Node, browsers, Deno and Bun.
 */
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}

/**
 * The subset of WebCrypto kms-sim's core uses: RSA-OAEP for imported key material and RSA keys,
 * RSA-PSS and RSASSA-PKCS1-v1_5 for RSA signing keys.
 */
interface KmsSimCryptoKey {
  readonly type: string;
}
interface KmsSimCryptoKeyPair {
  readonly publicKey: KmsSimCryptoKey;
  readonly privateKey: KmsSimCryptoKey;
}
type KmsSimRsaAlgorithmName = "RSA-OAEP" | "RSA-PSS" | "RSASSA-PKCS1-v1_5";
type KmsSimRsaHash = "SHA-1" | "SHA-256" | "SHA-384" | "SHA-512";
interface KmsSimRsaHashedKeyGenParams {
  name: KmsSimRsaAlgorithmName;
  modulusLength: number;
  publicExponent: Uint8Array;
  hash: KmsSimRsaHash;
}
interface KmsSimRsaJsonWebKey {
  kty?: string;
  n?: string;
  e?: string;
  [member: string]: unknown;
}
interface KmsSimSubtleCrypto {
  generateKey(algorithm: KmsSimRsaHashedKeyGenParams, extractable: boolean, usages: string[]): Promise<KmsSimCryptoKeyPair>;
  exportKey(format: "spki" | "pkcs8", key: KmsSimCryptoKey): Promise<ArrayBuffer>;
  exportKey(format: "jwk", key: KmsSimCryptoKey): Promise<KmsSimRsaJsonWebKey>;
  importKey(
    format: "spki" | "pkcs8",
    keyData: Uint8Array,
    algorithm: { name: KmsSimRsaAlgorithmName; hash: KmsSimRsaHash },
    extractable: boolean,
    usages: string[],
  ): Promise<KmsSimCryptoKey>;
  importKey(
    format: "jwk",
    keyData: KmsSimRsaJsonWebKey,
    algorithm: { name: KmsSimRsaAlgorithmName; hash: KmsSimRsaHash },
    extractable: boolean,
    usages: string[],
  ): Promise<KmsSimCryptoKey>;
  encrypt(algorithm: { name: "RSA-OAEP" }, key: KmsSimCryptoKey, data: Uint8Array): Promise<ArrayBuffer>;
  decrypt(algorithm: { name: "RSA-OAEP" }, key: KmsSimCryptoKey, data: Uint8Array): Promise<ArrayBuffer>;
  sign(algorithm: { name: "RSA-PSS"; saltLength: number } | { name: "RSASSA-PKCS1-v1_5" }, key: KmsSimCryptoKey, data: Uint8Array): Promise<ArrayBuffer>;
  verify(
    algorithm: { name: "RSA-PSS"; saltLength: number } | { name: "RSASSA-PKCS1-v1_5" },
    key: KmsSimCryptoKey,
    signature: Uint8Array,
    data: Uint8Array,
  ): Promise<boolean>;
}
declare var crypto: { readonly subtle: KmsSimSubtleCrypto };
