/**
 * The ports through which kms-sim meets the world: time, entropy, events and cryptography.
 * Everything that varies between a test, a simulation and a live endpoint comes in through one of
 * these, so the core stays deterministic and portable (no host clock, no global randomness).
 */
import type { KeyOrigin, RotationType } from "./model/shapes.js";

/** A source of the current instant. kms-sim reads it once per operation. */
export interface Clock {
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
  readonly version: "0";
  /** A UUID derived from the event's type, key, instant and material (never from the random source). */
  readonly id: string;
  readonly "detail-type": TDetailType;
  readonly source: "aws.kms";
  readonly account: string;
  /** The instant the event happened (for a rotation, its scheduled instant), ISO 8601 in UTC. */
  readonly time: string;
  readonly region: string;
  /** The key ARN. */
  readonly resources: readonly [string];
  readonly detail: TDetail;
}

/** Sent for every rotation, automatic or on demand: "KMS CMK Rotation". */
export type KeyRotationEvent = KmsEventEnvelope<
  "KMS CMK Rotation",
  {
    readonly "key-id": string;
    readonly "key-origin": KeyOrigin;
    readonly "rotation-type": RotationType;
    readonly "previous-key-material-id": string;
    readonly "current-key-material-id": string;
  }
>;

/** Sent when a key's waiting period ends and the key is deleted: "KMS CMK Deletion". */
export type KeyDeletionEvent = KmsEventEnvelope<"KMS CMK Deletion", { readonly "key-id": string }>;

/** Sent when imported key material reaches its ValidTo and is deleted. */
export type KeyMaterialExpirationEvent = KmsEventEnvelope<
  "KMS Imported Key Material Expiration",
  { readonly "key-id": string; readonly "key-material-id": string }
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
