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

/**
 * The WHATWG fetch types the portable handlers (`kms-sim/aws`'s `createFetchHandler`, the console)
 * use; Node 18+, Deno, Bun, browsers and workers all have them.
 */
declare class URL {
  constructor(url: string, base?: string | URL);
  readonly href: string;
  readonly origin: string;
  readonly protocol: string;
  readonly host: string;
  readonly hostname: string;
  readonly port: string;
  readonly pathname: string;
  readonly search: string;
  readonly searchParams: URLSearchParams;
  toString(): string;
}
declare class URLSearchParams {
  constructor(init?: string | Record<string, string> | [string, string][]);
  get(name: string): string | null;
  getAll(name: string): string[];
  has(name: string): boolean;
  set(name: string, value: string): void;
  append(name: string, value: string): void;
  delete(name: string): void;
  toString(): string;
  forEach(callback: (value: string, name: string) => void): void;
}
type KmsSimHeadersInit = Headers | Record<string, string> | [string, string][];
declare class Headers {
  constructor(init?: KmsSimHeadersInit);
  get(name: string): string | null;
  has(name: string): boolean;
  set(name: string, value: string): void;
  append(name: string, value: string): void;
  forEach(callback: (value: string, name: string) => void): void;
}
declare class Request {
  constructor(input: string, init?: { method?: string; headers?: KmsSimHeadersInit; body?: string | Uint8Array | null });
  readonly method: string;
  readonly url: string;
  readonly headers: Headers;
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
}
declare class Response {
  constructor(body?: string | Uint8Array | null, init?: { status?: number; statusText?: string; headers?: KmsSimHeadersInit });
  readonly status: number;
  readonly headers: Headers;
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
}
