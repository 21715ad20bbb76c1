/**
 * The ports through which kms-sim meets the world: time, entropy, events and cryptography.
 * Everything that varies between a test, a simulation and a live endpoint comes in through one of
 * these, so the core stays deterministic and portable (no host clock, no global randomness).
 */
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
  /** A UUID derived from the event's type, key, instant and material (never from the random source). */
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
