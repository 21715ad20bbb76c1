/// <reference path="./node-forge.d.ts" />
/**
 * The two RSA jobs WebCrypto and node:crypto cannot do, through node-forge (the only maintained
 * pure-JavaScript library that does both):
 *  - signing and verifying a digest the caller computed (Sign/Verify with MessageType DIGEST):
 *    WebCrypto and node:crypto always hash the message themselves;
 *  - generating a key pair from a seed (deterministic RSA keys): platform generators draw their
 *    own entropy.
 * The only file importing node-forge. It is loaded on first use (`import()`), so programs that
 * never need these two jobs never pay for loading it.
 */
import type { RandomSource } from "../ports.js";

/** The part of node-forge used here (node-forge ships no types of its own). */
interface ForgeBuffer {
  getBytes(): string;
}
interface ForgeMessageDigest {
  readonly algorithm: string;
  start(): ForgeMessageDigest;
  update(bytes: string): ForgeMessageDigest;
  digest(): ForgeBuffer;
}
interface ForgePublicKey {
  readonly n: { bitLength(): number };
  verify(digest: string, signature: string, scheme?: unknown): boolean;
}
interface ForgePrivateKey {
  readonly n: { bitLength(): number };
  readonly e: unknown;
  sign(md: { algorithm: string; digest(): ForgeBuffer }, scheme?: unknown): string;
}
interface Forge {
  util: { createBuffer(bytes: string): ForgeBuffer };
  asn1: { fromDer(bytes: ForgeBuffer, options?: { strict?: boolean }): unknown; toDer(asn1: unknown): ForgeBuffer };
  md: Record<"sha256" | "sha384" | "sha512", { create(): ForgeMessageDigest }>;
  mgf: { mgf1: { create(md: ForgeMessageDigest): unknown } };
  pss: { create(options: { md: ForgeMessageDigest; mgf: unknown; saltLength: number; prng?: { getBytesSync(count: number): string } }): unknown };
  pki: {
    privateKeyFromAsn1(asn1: unknown): ForgePrivateKey;
    privateKeyToAsn1(key: ForgePrivateKey): unknown;
    wrapRsaPrivateKey(asn1: unknown): unknown;
    publicKeyToAsn1(key: ForgePublicKey): unknown;
    setRsaPublicKey(n: unknown, e: unknown): ForgePublicKey;
    rsa: {
      generateKeyPair(
        options: { bits: number; e: number; prng: { getBytesSync(count: number): string } },
        callback: (error: Error | null, pair: { publicKey: ForgePublicKey; privateKey: ForgePrivateKey }) => void,
      ): void;
    };
  };
}

let loading: Promise<Forge> | undefined;

/** node-forge, loaded once on first use. */
function forge(): Promise<Forge> {
  loading ??= import("node-forge").then((module) => module.default as Forge);
  return loading;
}

/** node-forge speaks "binary strings" (one char per byte). */
function toBinary(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 8192) out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return out;
}

function fromBinary(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

const FORGE_HASH = { "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512" } as const;
const HASH_BYTES = { "SHA-256": 32, "SHA-384": 48, "SHA-512": 64 } as const;
type DigestHash = keyof typeof FORGE_HASH;

/**
 * A deterministic RSA key pair (e = 65537) whose randomness is `stream`: the same stream gives the
 * same pair (forge's PRIMEINC prime search). Time-sliced, so it does not block the event loop, but
 * slow: seconds for RSA_2048, tens of seconds for RSA_4096.
 * @returns the public key as DER SubjectPublicKeyInfo, the private key as DER PKCS #8.
 */
export async function forgeGenerateRsa(bits: number, stream: RandomSource): Promise<{ publicKey: Uint8Array; privateKey: Uint8Array }> {
  const f = await forge();
  const pair = await new Promise<{ publicKey: ForgePublicKey; privateKey: ForgePrivateKey }>((resolve, reject) => {
    f.pki.rsa.generateKeyPair({ bits, e: 0x10001, prng: { getBytesSync: (count) => toBinary(stream(count)) } }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
  return {
    publicKey: fromBinary(f.asn1.toDer(f.pki.publicKeyToAsn1(pair.publicKey)).getBytes()),
    privateKey: fromBinary(f.asn1.toDer(f.pki.wrapRsaPrivateKey(f.pki.privateKeyToAsn1(pair.privateKey))).getBytes()),
  };
}

/** An RSA private key loaded into node-forge, for signatures over caller-supplied digests. */
export class ForgeDigestSigner {
  readonly #forge: Forge;
  readonly #key: ForgePrivateKey;
  readonly #public: ForgePublicKey;

  private constructor(f: Forge, key: ForgePrivateKey) {
    this.#forge = f;
    this.#key = key;
    this.#public = f.pki.setRsaPublicKey(key.n, key.e);
  }

  /** Loads a DER PKCS #8 RSA private key; undefined when node-forge cannot read it as one. */
  static async load(privateKeyPkcs8: Uint8Array): Promise<ForgeDigestSigner | undefined> {
    const f = await forge();
    try {
      return new ForgeDigestSigner(f, f.pki.privateKeyFromAsn1(f.asn1.fromDer(f.util.createBuffer(toBinary(privateKeyPkcs8)))));
    } catch {
      return undefined;
    }
  }

  #pss(hash: DigestHash, random?: RandomSource): unknown {
    const name = FORGE_HASH[hash];
    return this.#forge.pss.create({
      md: this.#forge.md[name].create(),
      mgf: this.#forge.mgf.mgf1.create(this.#forge.md[name].create()),
      // Salt length = hash length, as AWS KMS signs (its PSS signatures fail with a 20-byte salt).
      saltLength: HASH_BYTES[hash],
      ...(random ? { prng: { getBytesSync: (count: number) => toBinary(random(count)) } } : {}),
    });
  }

  /**
   * Signs `digest` (already hashed with `hash`). PSS salts come from `random` when given, else
   * from node-forge's own generator (seeded from the platform).
   */
  sign(scheme: "RSASSA_PSS" | "RSASSA_PKCS1_V1_5", hash: DigestHash, digest: Uint8Array, random?: RandomSource): Uint8Array {
    // A message-digest object that already holds the caller's digest: forge encodes it as is.
    const md = { algorithm: FORGE_HASH[hash], digest: () => this.#forge.util.createBuffer(toBinary(digest)) };
    return fromBinary(scheme === "RSASSA_PSS" ? this.#key.sign(md, this.#pss(hash, random)) : this.#key.sign(md));
  }

  /** True when `signature` is valid for `digest`; false for any malformed signature. */
  verify(scheme: "RSASSA_PSS" | "RSASSA_PKCS1_V1_5", hash: DigestHash, digest: Uint8Array, signature: Uint8Array): boolean {
    try {
      const pss = scheme === "RSASSA_PSS" ? this.#pss(hash) : undefined;
      return this.#public.verify(toBinary(digest), toBinary(signature), pss);
    } catch {
      return false;
    }
  }
}
