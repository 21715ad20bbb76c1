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

/** The subset of WebCrypto kms-sim's core uses: RSA-OAEP for imported key material. */
interface KmsSimCryptoKey {
  readonly type: string;
}
interface KmsSimCryptoKeyPair {
  readonly publicKey: KmsSimCryptoKey;
  readonly privateKey: KmsSimCryptoKey;
}
interface KmsSimRsaHashedKeyGenParams {
  name: "RSA-OAEP";
  modulusLength: number;
  publicExponent: Uint8Array;
  hash: "SHA-1" | "SHA-256";
}
interface KmsSimSubtleCrypto {
  generateKey(algorithm: KmsSimRsaHashedKeyGenParams, extractable: boolean, usages: string[]): Promise<KmsSimCryptoKeyPair>;
  exportKey(format: "spki" | "pkcs8", key: KmsSimCryptoKey): Promise<ArrayBuffer>;
  importKey(
    format: "spki" | "pkcs8",
    keyData: Uint8Array,
    algorithm: { name: "RSA-OAEP"; hash: "SHA-1" | "SHA-256" },
    extractable: boolean,
    usages: string[],
  ): Promise<KmsSimCryptoKey>;
  encrypt(algorithm: { name: "RSA-OAEP" }, key: KmsSimCryptoKey, data: Uint8Array): Promise<ArrayBuffer>;
  decrypt(algorithm: { name: "RSA-OAEP" }, key: KmsSimCryptoKey, data: Uint8Array): Promise<ArrayBuffer>;
}
declare var crypto: { readonly subtle: KmsSimSubtleCrypto };
