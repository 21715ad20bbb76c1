/**
 * The default KeyTypeProvider, portable to every runtime: ECDSA, ECDH, Ed25519 and Ed25519ph from
 * @noble/curves, ML-DSA from @noble/post-quantum, SHA-2 and HMAC from @noble/hashes, RSA through
 * WebCrypto (web-rsa.ts, with node-forge for digests and seeded generation). The only file of
 * crypto/ importing @noble/curves and @noble/post-quantum.
 */
import { chacha20 } from "@noble/ciphers/chacha.js";
import { ed25519, ed25519ph } from "@noble/curves/ed25519.js";
import { p256, p384, p521 } from "@noble/curves/nist.js";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { equalBytes } from "@noble/curves/utils.js";
import { hmac } from "@noble/hashes/hmac.js";
import { sha224, sha256, sha384, sha512 } from "@noble/hashes/sha2.js";
import { ml_dsa44, ml_dsa65, ml_dsa87 } from "@noble/post-quantum/ml-dsa.js";
import type { EccPrimitives, Ed25519Primitives, KeyTypeProvider, MlDsaPrimitives, RandomSource, Sha2Primitives } from "../ports.js";
import { createWebRsa } from "./web-rsa.js";

const HASHES = { "SHA-224": sha224, "SHA-256": sha256, "SHA-384": sha384, "SHA-512": sha512 } as const;
const CURVES = { "P-256": p256, "P-384": p384, "P-521": p521, secp256k1 } as const;
const ML_DSA = { "ML-DSA-44": ml_dsa44, "ML-DSA-65": ml_dsa65, "ML-DSA-87": ml_dsa87 } as const;

// AWS signs and verifies as OpenSSL does: DER, S not normalised (a high-S signature is valid).
const ECDSA_OPTIONS = { prehash: false, lowS: false, format: "der" } as const;

/** SHA-2 and HMAC on @noble/hashes. */
export const nobleSha2: Sha2Primitives = {
  digest: (hash, data) => HASHES[hash](data),
  hmac: (hash, key, data) => hmac(HASHES[hash], key, data),
  hmacKeyed(hash, key) {
    // The keyed state (both pads absorbed) is built once; each message runs on a copy of it.
    const keyed = hmac.create(HASHES[hash], key);
    const scratch = hmac.create(HASHES[hash], key);
    return (data) => keyed._cloneInto(scratch).update(data).digest();
  },
  equal: (a, b) => equalBytes(a, b),
};

/** ECDSA and ECDH on @noble/curves. */
export const nobleEcc: EccPrimitives = {
  keyFromSeed(curve, seed) {
    // keygen(seed) maps the seed to a scalar as FIPS 186-5 A.4.1 does: (seed mod (n - 1)) + 1.
    const { secretKey } = CURVES[curve].keygen(seed);
    return { privateKey: secretKey, publicKey: CURVES[curve].getPublicKey(secretKey, false) };
  },
  publicKeyOf(curve, privateKey) {
    if (!CURVES[curve].utils.isValidSecretKey(privateKey)) return undefined;
    return CURVES[curve].getPublicKey(privateKey, false);
  },
  isValidPublicKey(curve, point) {
    try {
      CURVES[curve].Point.fromBytes(point).assertValidity();
      return true;
    } catch {
      return false;
    }
  },
  sign: (curve, privateKey, digest, extraEntropy) =>
    CURVES[curve].sign(digest, privateKey, { ...ECDSA_OPTIONS, extraEntropy: extraEntropy ?? false }),
  verify(curve, publicKey, digest, signature) {
    try {
      return CURVES[curve].verify(signature, digest, publicKey, ECDSA_OPTIONS);
    } catch {
      return false;
    }
  },
  sharedSecret(curve, privateKey, peerPublicKey) {
    try {
      // noble returns the shared point compressed (parity byte + x); ECDH's secret is x alone.
      return CURVES[curve].getSharedSecret(privateKey, peerPublicKey, true).subarray(1);
    } catch {
      return undefined;
    }
  },
};

// RFC 8032 verification as FIPS 186-5 specifies it, not the more permissive ZIP-215 rules.
const STRICT = { zip215: false } as const;

/** Ed25519 and Ed25519ph on @noble/curves. */
export const nobleEd25519: Ed25519Primitives = {
  publicKeyOf: (privateKey) => ed25519.getPublicKey(privateKey),
  sign: (privateKey, message) => ed25519.sign(message, privateKey),
  verify(publicKey, message, signature) {
    try {
      return ed25519.verify(signature, message, publicKey, STRICT);
    } catch {
      return false;
    }
  },
  signPrehashed: (privateKey, message) => ed25519ph.sign(message, privateKey),
  verifyPrehashed(publicKey, message, signature) {
    try {
      return ed25519ph.verify(signature, message, publicKey, STRICT);
    } catch {
      return false;
    }
  },
};

/** ML-DSA on @noble/post-quantum. */
export const nobleMlDsa: MlDsaPrimitives = {
  keyFromSeed(set, seed) {
    const { publicKey, secretKey } = ML_DSA[set].keygen(seed);
    return { publicKey, privateKey: secretKey };
  },
  sign(set, privateKey, message, options) {
    const extraEntropy = options.randomness ?? (false as const);
    return options.externalMu
      ? ML_DSA[set].internal.sign(message, privateKey, { externalMu: true, extraEntropy })
      : ML_DSA[set].sign(message, privateKey, { extraEntropy });
  },
  verify(set, publicKey, message, signature, options) {
    try {
      return options.externalMu
        ? ML_DSA[set].internal.verify(signature, message, publicKey, { externalMu: true })
        : ML_DSA[set].verify(signature, message, publicKey);
    } catch {
      return false;
    }
  },
};

/**
 * The byte stream a seeded RSA generation consumes: the ChaCha20 keystream (RFC 8439) under the
 * 32-byte seed, zero nonce, block counter from 0. Part of kms-sim's determinism contract.
 */
export function seedStream(seed: Uint8Array): RandomSource {
  if (seed.length !== 32) throw new RangeError("seed must be 32 bytes");
  const key = Uint8Array.from(seed);
  const nonce = new Uint8Array(12);
  const block = new Uint8Array(4096);
  let buffer = new Uint8Array(0);
  let offset = 0;
  let counter = 0;
  return (length) => {
    const out = new Uint8Array(length);
    for (let written = 0; written < length; ) {
      if (offset === buffer.length) {
        buffer = chacha20(key, nonce, block, undefined, counter);
        counter += block.length / 64;
        offset = 0;
      }
      const take = Math.min(length - written, buffer.length - offset);
      out.set(buffer.subarray(offset, offset + take), written);
      written += take;
      offset += take;
    }
    return out;
  };
}

/** The portable KeyTypeProvider (noble + WebCrypto + node-forge). */
export const nobleKeyTypeProvider: KeyTypeProvider = {
  sha2: nobleSha2,
  ecc: nobleEcc,
  ed25519: nobleEd25519,
  mlDsa: nobleMlDsa,
  rsa: createWebRsa(seedStream),
};
