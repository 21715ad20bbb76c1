/**
 * The ports through which kms-sim meets the world: time, entropy, events and cryptography.
 * Everything that varies between a test, a simulation and a live endpoint comes in through one of
 * these, so the core stays deterministic and portable (no host clock, no global randomness).
 */
import type { EccCurve, MlDsaParameterSet } from "./model/algorithms.js";
import type { KeyOrigin, RotationType } from "./model/shapes.js";

/** A source of the current instant. kms-sim reads it once per operation. */
export interface Clock {
  /** The present, read once per operation. If it goes back, the model stays at the latest instant it reached. */
  now(): Date;
}

/**
 * A source of random bytes: returns `length` fresh bytes on every call.
 * kms-sim draws key ids, key material, material ids, nonces and IVs from it, in a fixed order,
 * so a deterministic source (see `seededRandom` in `kms-sim/testing`) makes whole runs repeatable.
 */
export type RandomSource = (length: number) => Uint8Array;

/** Fields every kms-sim event shares: the EventBridge envelope AWS KMS uses. */
interface KmsEventEnvelope<TDetailType extends string, TDetail> {
  /** EventBridge's envelope version, always "0". */
  readonly version: "0";
  /** A UUID derived from the event itself (its material id, or its type, key and instant), never drawn from the random source. */
  readonly id: string;
  /** What happened, in AWS's words, e.g. "KMS CMK Rotation". */
  readonly "detail-type": TDetailType;
  /** Always "aws.kms", as in events AWS KMS sends to EventBridge. */
  readonly source: "aws.kms";
  /** The account id of the simulated KMS (`createKms({ accountId })`). */
  readonly account: string;
  /** The instant the event happened (for a rotation, its scheduled instant), ISO 8601 in UTC. */
  readonly time: string;
  /** The Region of the simulated KMS (`createKms({ region })`). */
  readonly region: string;
  /** The key ARN. */
  readonly resources: readonly [string];
  /** The event's own fields. */
  readonly detail: TDetail;
}

/**
 * Sent for every rotation, automatic or on demand: "KMS CMK Rotation".
 * @interface
 */
export type KeyRotationEvent = KmsEventEnvelope<
  "KMS CMK Rotation",
  {
    /** The key id (not the ARN; that is in `resources`). */
    readonly "key-id": string;
    /** `AWS_KMS`, or `EXTERNAL` for a rotation to imported material. */
    readonly "key-origin": KeyOrigin;
    /** `AUTOMATIC` (on schedule) or `ON_DEMAND` (RotateKeyOnDemand). */
    readonly "rotation-type": RotationType;
    /** The material that was current before: it still decrypts what it encrypted. */
    readonly "previous-key-material-id": string;
    /** The material that encrypts from now on. */
    readonly "current-key-material-id": string;
  }
>;

/**
 * Sent when a key's waiting period ends and the key is deleted: "KMS CMK Deletion".
 * @interface
 */
export type KeyDeletionEvent = KmsEventEnvelope<
  "KMS CMK Deletion",
  {
    /** The id of the deleted key. */
    readonly "key-id": string;
  }
>;

/**
 * Sent when imported key material reaches its ValidTo and is deleted.
 * @interface
 */
export type KeyMaterialExpirationEvent = KmsEventEnvelope<
  "KMS Imported Key Material Expiration",
  {
    /** The key, now `PendingImport` (unless pending deletion). */
    readonly "key-id": string;
    /** The imported material that expired; its ciphertexts no longer decrypt. */
    readonly "key-material-id": string;
  }
>;

/** Every event kms-sim emits, EventBridge-shaped as AWS KMS sends them. */
export type KmsEvent = KeyRotationEvent | KeyDeletionEvent | KeyMaterialExpirationEvent;

/**
 * Receives events as they happen, in time order across all keys. It runs synchronously inside the
 * operation that brought the model to the event's instant, so it should be quick and must not
 * throw: an exception would surface from that operation after the model had already moved on.
 */
export type EventSink = (event: KmsEvent) => void;

/**
 * The cryptographic primitives kms-sim needs. The default provider uses `@noble/ciphers` and
 * `@noble/hashes`; `kms-sim/node` offers one on `node:crypto`. Providers must be byte-compatible:
 * each decrypts what the other encrypts.
 */
export interface CryptoProvider {
  /** AES-256-GCM seal: returns ciphertext followed by the 16-byte tag. */
  aesGcmEncrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array;
  /**
   * AES-256-GCM open of ciphertext followed by the 16-byte tag.
   * @returns the plaintext, or `undefined` when authentication fails.
   */
  aesGcmDecrypt(key: Uint8Array, iv: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array | undefined;
  /** HMAC-SHA256 of `data` under `key`. */
  hmacSha256(key: Uint8Array, data: Uint8Array): Uint8Array;
  /**
   * HMAC-SHA256 under one key, for many messages: the provider may precompute the key's inner and
   * outer pads once (kms-sim keeps one per backing key in use, halving the cost of each request's
   * key derivation). The returned function must not keep a reference to `key`'s buffer contents
   * beyond what it derived from them.
   */
  hmacSha256Keyed(key: Uint8Array): (data: Uint8Array) => Uint8Array;
  /** SHA-256 of `data`. */
  sha256(data: Uint8Array): Uint8Array;
  /**
   * AES key unwrap with padding (RFC 5649) under `kek`, for imported key material.
   * @returns the unwrapped key, or `undefined` when the integrity check fails.
   */
  aesKeyUnwrapPadded(kek: Uint8Array, wrapped: Uint8Array): Uint8Array | undefined;
}

/** The SHA-2 hashes of HMAC keys and of prehashed signatures. */
export type Sha2Hash = "SHA-224" | "SHA-256" | "SHA-384" | "SHA-512";

/** SHA-2 digests and HMACs (RFC 2104), for HMAC keys and for hashing RAW messages before signing. */
export interface Sha2Primitives {
  /** The digest of `data`: 28, 32, 48 or 64 bytes by hash. */
  digest(hash: Sha2Hash, data: Uint8Array): Uint8Array;
  /** HMAC of `data` under `key` (any length; RFC 2104 hashes longer keys first). */
  hmac(hash: Sha2Hash, key: Uint8Array, data: Uint8Array): Uint8Array;
  /**
   * HMAC under one key for many messages (an HMAC key's GenerateMac): the provider may absorb the
   * key's pads once. The returned function must give what {@link hmac} gives, and must not keep a
   * reference to `key`'s buffer (the caller may wipe it).
   */
  hmacKeyed(hash: Sha2Hash, key: Uint8Array): (data: Uint8Array) => Uint8Array;
  /** True when `a` and `b` are equal, in time that does not depend on where they differ. */
  equal(a: Uint8Array, b: Uint8Array): boolean;
}

/** A private scalar (big-endian, the curve's fixed length) and its uncompressed SEC1 public point. */
export interface EcKeyPair {
  /** The private scalar, big-endian, padded to the curve's byte length. */
  readonly privateKey: Uint8Array;
  /** The public point, uncompressed SEC1 (`04 || x || y`). */
  readonly publicKey: Uint8Array;
}

/** ECDSA and ECDH on the NIST curves and secp256k1. */
export interface EccPrimitives {
  /**
   * The key pair a seed determines: private scalar = (seed mod (n - 1)) + 1 with the seed read
   * big-endian (FIPS 186-5 A.4.1). The seed must have at least 1.5 times the curve's byte length.
   */
  keyFromSeed(curve: EccCurve, seed: Uint8Array): EcKeyPair;
  /** The uncompressed public point of a private scalar, or undefined when it is not one (0, ≥ n). */
  publicKeyOf(curve: EccCurve, privateKey: Uint8Array): Uint8Array | undefined;
  /** True when `point` is an uncompressed or compressed SEC1 encoding of a point on the curve. */
  isValidPublicKey(curve: EccCurve, point: Uint8Array): boolean;
  /**
   * ECDSA over a digest the caller computed, as a DER `SEQUENCE { r, s }` whose S is NOT
   * normalised to the low half (AWS does not normalise). Deterministic per RFC 6979; with
   * `extraEntropy` the nonce is hedged with those bytes (RFC 6979 §3.6), as AWS's signatures are.
   */
  sign(curve: EccCurve, privateKey: Uint8Array, digest: Uint8Array, extraEntropy?: Uint8Array): Uint8Array;
  /** Verifies a DER ECDSA signature over a digest; high-S signatures verify, as in AWS. */
  verify(curve: EccCurve, publicKey: Uint8Array, digest: Uint8Array, signature: Uint8Array): boolean;
  /** ECDH: the x-coordinate of privateKey × peer, or undefined when the peer point is not on the curve. */
  sharedSecret(curve: EccCurve, privateKey: Uint8Array, peerPublicKey: Uint8Array): Uint8Array | undefined;
}

/** Ed25519 (RFC 8032) and Ed25519ph with an empty context. */
export interface Ed25519Primitives {
  /** The 32-byte public key of a 32-byte private key (the RFC 8032 seed). */
  publicKeyOf(privateKey: Uint8Array): Uint8Array;
  /** The 64-byte Ed25519 signature of `message` (deterministic). */
  sign(privateKey: Uint8Array, message: Uint8Array): Uint8Array;
  /** True when `signature` is a valid Ed25519 signature of `message` under `publicKey`. */
  verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
  /** Ed25519ph: PH(M) = SHA-512(M), then the dom2 signature (RFC 8032 §5.1, empty context). */
  signPrehashed(privateKey: Uint8Array, message: Uint8Array): Uint8Array;
  /** True when `signature` is a valid Ed25519ph signature of `message` (hashed here) under `publicKey`. */
  verifyPrehashed(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
}

/** An ML-DSA key pair in FIPS 204 encodings (pk, expanded sk). */
export interface MlDsaKeyPair {
  /** The encoded public key pk (1312, 1952 or 2592 bytes by parameter set). */
  readonly publicKey: Uint8Array;
  /** The encoded, expanded private key sk (FIPS 204 skEncode). */
  readonly privateKey: Uint8Array;
}

/** ML-DSA (FIPS 204), pure mode with an empty context, or over an external μ. */
export interface MlDsaPrimitives {
  /** ML-DSA.KeyGen_internal(ξ) for a 32-byte seed ξ. */
  keyFromSeed(set: MlDsaParameterSet, seed: Uint8Array): MlDsaKeyPair;
  /**
   * Signs `message` (or, with `externalMu`, the 64-byte representative μ). Deterministic unless
   * `randomness` (32 bytes) is given, which makes it the hedged variant AWS uses.
   */
  sign(set: MlDsaParameterSet, privateKey: Uint8Array, message: Uint8Array, options: { externalMu: boolean; randomness?: Uint8Array }): Uint8Array;
  /** True when `signature` is valid for `message` (or, with `externalMu`, for the representative μ). */
  verify(set: MlDsaParameterSet, publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array, options: { externalMu: boolean }): boolean;
}

/** RSA key sizes kms-sim generates and loads. */
export type RsaModulusBits = 2048 | 3072 | 4096;

/** The signature schemes and hashes of AWS's RSA signing algorithms. */
export type RsaSignatureScheme = "RSASSA_PSS" | "RSASSA_PKCS1_V1_5";

/**
 * One loaded RSA private key. Loading is the slow part (parsing, and for WebCrypto an import per
 * algorithm), so callers keep the handle. PSS uses MGF1 with the signature's hash and a salt as
 * long as the hash, as AWS does.
 */
export interface RsaPrivateKey {
  /** The modulus size: 2048, 3072 or 4096 for keys kms-sim makes, whatever a loaded key has. */
  readonly modulusBits: number;
  /** The DER SubjectPublicKeyInfo of the public key. */
  readonly publicKey: Uint8Array;
  /** Signs a RAW message (hashed here) or a digest the caller computed. */
  sign(scheme: RsaSignatureScheme, hash: "SHA-256" | "SHA-384" | "SHA-512", input: RsaSignatureInput, options?: { random?: RandomSource }): Promise<Uint8Array>;
  /** True when `signature` is valid for the message or digest under this key's public key. */
  verify(scheme: RsaSignatureScheme, hash: "SHA-256" | "SHA-384" | "SHA-512", input: RsaSignatureInput, signature: Uint8Array): Promise<boolean>;
  /** RSAES-OAEP, MGF1 with the same hash, empty label. */
  encrypt(hash: "SHA-1" | "SHA-256", plaintext: Uint8Array): Promise<Uint8Array>;
  /** @returns the plaintext, or undefined when the block does not decrypt. */
  decrypt(hash: "SHA-1" | "SHA-256", ciphertext: Uint8Array): Promise<Uint8Array | undefined>;
}

/** What an RSA signature covers: a message to hash, or the caller's digest. */
export type RsaSignatureInput =
  | {
      /** The message itself (AWS's `MessageType: RAW`); the provider hashes it. */
      readonly message: Uint8Array;
    }
  | {
      /** A digest the caller computed with the signature's hash (AWS's `MessageType: DIGEST`). */
      readonly digest: Uint8Array;
    };

/** RSA key generation and loading. */
export interface RsaPrimitives {
  /**
   * A fresh key pair (e = 65537): public key as DER SubjectPublicKeyInfo, private key as PKCS #8.
   * With `seed`, the same seed gives the same key pair (slow: pure-JavaScript prime search);
   * without it, the platform generates one from its own entropy (fast, not reproducible).
   */
  generate(bits: RsaModulusBits, options?: { seed?: Uint8Array }): Promise<{
    /** DER SubjectPublicKeyInfo. */
    publicKey: Uint8Array;
    /** PKCS #8 PrivateKeyInfo. */
    privateKey: Uint8Array;
  }>;
  /** Loads a PKCS #8 RSA private key; undefined when it is not one. */
  load(privateKeyPkcs8: Uint8Array): Promise<RsaPrivateKey | undefined>;
}

/**
 * The cryptography of every key type beyond SYMMETRIC_DEFAULT: RSA, ECC (NIST curves and
 * secp256k1), Ed25519 and ML-DSA key pairs, and HMAC keys. A sibling of {@link CryptoProvider}
 * rather than part of it: it is larger, partly asynchronous (RSA through WebCrypto), and a provider
 * swaps single families (the Node provider replaces `rsa` and `sha2` and keeps the rest).
 * Providers must be byte-compatible wherever the output is deterministic.
 */
export interface KeyTypeProvider {
  /** Digests and HMACs: HMAC keys, and hashing RAW messages before signing. */
  readonly sha2: Sha2Primitives;
  /** ECC_NIST_P256/P384/P521 and ECC_SECG_P256K1 keys: ECDSA and ECDH. */
  readonly ecc: EccPrimitives;
  /** ECC_NIST_EDWARDS25519 keys. */
  readonly ed25519: Ed25519Primitives;
  /** ML_DSA_44/65/87 keys. */
  readonly mlDsa: MlDsaPrimitives;
  /** RSA_2048/3072/4096 keys: signing and RSAES-OAEP encryption. */
  readonly rsa: RsaPrimitives;
}
