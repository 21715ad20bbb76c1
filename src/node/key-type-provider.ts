/**
 * A KeyTypeProvider on `node:crypto` (OpenSSL) for RSA and SHA-2/HMAC, at native speed and without
 * WebCrypto's per-call promise hops. ECDSA, Ed25519 and ML-DSA stay on @noble, so that signatures
 * are byte-identical to the portable provider's (RFC 6979 nonces, which OpenSSL does not use), and
 * so do RSA's two jobs OpenSSL's Node API cannot do (signing a given digest, seeded generation).
 */
import {
  constants,
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  createSecretKey,
  generateKeyPair,
  privateDecrypt,
  publicEncrypt,
  sign,
  timingSafeEqual,
  verify,
  type KeyObject,
} from "node:crypto";
import { ForgeDigestSigner } from "../crypto/forge-rsa.js";
import { nobleKeyTypeProvider } from "../crypto/noble-key-types.js";
import type { KeyTypeProvider, RandomSource, RsaPrimitives, RsaPrivateKey, RsaSignatureInput, RsaSignatureScheme, Sha2Primitives } from "../index.js";

const NODE_HASH = { "SHA-1": "sha1", "SHA-224": "sha224", "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512" } as const;
const SALT_BYTES = { "SHA-256": 32, "SHA-384": 48, "SHA-512": 64 } as const;
type SigningHash = keyof typeof SALT_BYTES;

/** A view of Node's Buffer as a plain Uint8Array (kms-sim never hands out Buffers). */
function plain(buffer: Uint8Array): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** SHA-2 and HMAC on node:crypto. */
export const nodeSha2: Sha2Primitives = {
  digest: (hash, data) => plain(createHash(NODE_HASH[hash]).update(data).digest()),
  hmac: (hash, key, data) => plain(createHmac(NODE_HASH[hash], key).update(data).digest()),
  hmacKeyed(hash, key) {
    const secret = createSecretKey(Uint8Array.from(key));
    return (data) => plain(createHmac(NODE_HASH[hash], secret).update(data).digest());
  },
  equal: (a, b) => a.length === b.length && timingSafeEqual(a, b),
};

function padding(scheme: RsaSignatureScheme, hash: SigningHash, key: KeyObject) {
  return scheme === "RSASSA_PSS"
    ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: SALT_BYTES[hash] }
    : { key, padding: constants.RSA_PKCS1_PADDING };
}

class NodeRsaPrivateKey implements RsaPrivateKey {
  readonly #pkcs8: Uint8Array;
  readonly #private: KeyObject;
  readonly #public: KeyObject;
  #digestSigner: Promise<ForgeDigestSigner | undefined> | undefined;

  constructor(pkcs8: Uint8Array, privateKey: KeyObject, readonly modulusBits: number) {
    this.#pkcs8 = pkcs8;
    this.#private = privateKey;
    this.#public = createPublicKey(privateKey);
    this.publicKey = plain(this.#public.export({ format: "der", type: "spki" }));
  }

  readonly publicKey: Uint8Array;

  #forge(): Promise<ForgeDigestSigner | undefined> {
    this.#digestSigner ??= ForgeDigestSigner.load(this.#pkcs8);
    return this.#digestSigner;
  }

  async sign(scheme: RsaSignatureScheme, hash: SigningHash, input: RsaSignatureInput, options: { random?: RandomSource } = {}): Promise<Uint8Array> {
    if ("digest" in input) {
      const signer = await this.#forge();
      if (!signer) throw new TypeError("RSA private key could not be loaded for digest signing");
      return signer.sign(scheme, hash, input.digest, options.random);
    }
    return plain(sign(NODE_HASH[hash], input.message, padding(scheme, hash, this.#private)));
  }

  async verify(scheme: RsaSignatureScheme, hash: SigningHash, input: RsaSignatureInput, signature: Uint8Array): Promise<boolean> {
    if ("digest" in input) return (await this.#forge())?.verify(scheme, hash, input.digest, signature) ?? false;
    try {
      return verify(NODE_HASH[hash], input.message, padding(scheme, hash, this.#public), signature);
    } catch {
      return false;
    }
  }

  async encrypt(hash: "SHA-1" | "SHA-256", plaintext: Uint8Array): Promise<Uint8Array> {
    return plain(publicEncrypt({ key: this.#public, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: NODE_HASH[hash] }, plaintext));
  }

  async decrypt(hash: "SHA-1" | "SHA-256", ciphertext: Uint8Array): Promise<Uint8Array | undefined> {
    try {
      return plain(privateDecrypt({ key: this.#private, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: NODE_HASH[hash] }, ciphertext));
    } catch {
      return undefined;
    }
  }

  toJSON(): string {
    return "[RsaPrivateKey]";
  }
}

/** RSA on node:crypto; seeded generation and digests as in the portable provider. */
export const nodeRsa: RsaPrimitives = {
  generate(bits, options = {}) {
    if (options.seed) return nobleKeyTypeProvider.rsa.generate(bits, options);
    return new Promise((resolve, reject) => {
      generateKeyPair(
        "rsa",
        { modulusLength: bits, publicExponent: 0x10001, publicKeyEncoding: { type: "spki", format: "der" }, privateKeyEncoding: { type: "pkcs8", format: "der" } },
        (error, publicKey, privateKey) => (error ? reject(error) : resolve({ publicKey: plain(publicKey), privateKey: plain(privateKey) })),
      );
    });
  },
  async load(pkcs8) {
    try {
      const key = createPrivateKey({ key: Buffer.from(pkcs8), format: "der", type: "pkcs8" });
      const bits = key.asymmetricKeyDetails?.modulusLength;
      if (key.asymmetricKeyType !== "rsa" || bits === undefined) return undefined;
      return new NodeRsaPrivateKey(Uint8Array.from(pkcs8), key, bits);
    } catch {
      return undefined;
    }
  },
};

/** The KeyTypeProvider on node:crypto (RSA, SHA-2) and `@noble` (ECC, Ed25519, ML-DSA). */
export const nodeKeyTypeProvider: KeyTypeProvider = { ...nobleKeyTypeProvider, sha2: nodeSha2, rsa: nodeRsa };
