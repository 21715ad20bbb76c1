/**
 * RSA for the portable provider through WebCrypto (`globalThis.crypto.subtle`, in every runtime
 * kms-sim supports): key generation, RSA-PSS and RSASSA-PKCS1-v1_5 signatures over RAW messages,
 * RSAES-OAEP. Signatures over a caller's digest and seeded key generation, which WebCrypto cannot
 * do, go to node-forge (forge-rsa.ts).
 */
import type { RandomSource, RsaPrimitives, RsaPrivateKey, RsaSignatureInput, RsaSignatureScheme } from "../ports.js";
import { parseSpki } from "./der.js";
import { ForgeDigestSigner, forgeGenerateRsa } from "./forge-rsa.js";

type WebKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;
type SigningHash = "SHA-256" | "SHA-384" | "SHA-512";

const SALT_BYTES: Readonly<Record<SigningHash, number>> = { "SHA-256": 32, "SHA-384": 48, "SHA-512": 64 };
const PUBLIC_EXPONENT = new Uint8Array([1, 0, 1]);

/** A copy on a plain ArrayBuffer, the only kind WebCrypto's types accept. */
function own(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes);
}

function algorithmOf(scheme: RsaSignatureScheme, hash: SigningHash): { name: "RSA-PSS"; saltLength: number } | { name: "RSASSA-PKCS1-v1_5" } {
  return scheme === "RSASSA_PSS" ? { name: "RSA-PSS", saltLength: SALT_BYTES[hash] } : { name: "RSASSA-PKCS1-v1_5" };
}

const WEB_NAME = { RSASSA_PSS: "RSA-PSS", RSASSA_PKCS1_V1_5: "RSASSA-PKCS1-v1_5" } as const;

/** One RSA private key held as WebCrypto keys (one per algorithm and hash, imported on first use). */
class WebRsaPrivateKey implements RsaPrivateKey {
  readonly #pkcs8: Uint8Array;
  readonly #jwk: { kty: string; n: string; e: string };
  readonly #keys = new Map<string, Promise<WebKey>>();
  #digestSigner: Promise<ForgeDigestSigner | undefined> | undefined;

  constructor(
    pkcs8: Uint8Array,
    jwk: { kty: string; n: string; e: string },
    readonly publicKey: Uint8Array,
    readonly modulusBits: number,
  ) {
    this.#pkcs8 = pkcs8;
    this.#jwk = jwk;
  }

  #key(name: "RSA-PSS" | "RSASSA-PKCS1-v1_5" | "RSA-OAEP", hash: SigningHash | "SHA-1", usage: "sign" | "verify" | "encrypt" | "decrypt"): Promise<WebKey> {
    const id = `${name}/${hash}/${usage}`;
    let key = this.#keys.get(id);
    if (!key) {
      const algorithm = { name, hash };
      key = usage === "sign" || usage === "decrypt"
        ? crypto.subtle.importKey("pkcs8", own(this.#pkcs8), algorithm, false, [usage])
        : crypto.subtle.importKey("jwk", { ...this.#jwk }, algorithm, false, [usage]);
      this.#keys.set(id, key);
    }
    return key;
  }

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
    const key = await this.#key(WEB_NAME[scheme], hash, "sign");
    return new Uint8Array(await crypto.subtle.sign(algorithmOf(scheme, hash), key, own(input.message)));
  }

  async verify(scheme: RsaSignatureScheme, hash: SigningHash, input: RsaSignatureInput, signature: Uint8Array): Promise<boolean> {
    if ("digest" in input) {
      const signer = await this.#forge();
      return signer?.verify(scheme, hash, input.digest, signature) ?? false;
    }
    const key = await this.#key(WEB_NAME[scheme], hash, "verify");
    try {
      return await crypto.subtle.verify(algorithmOf(scheme, hash), key, own(signature), own(input.message));
    } catch {
      return false;
    }
  }

  async encrypt(hash: "SHA-1" | "SHA-256", plaintext: Uint8Array): Promise<Uint8Array> {
    const key = await this.#key("RSA-OAEP", hash, "encrypt");
    return new Uint8Array(await crypto.subtle.encrypt({ name: "RSA-OAEP" }, key, own(plaintext)));
  }

  async decrypt(hash: "SHA-1" | "SHA-256", ciphertext: Uint8Array): Promise<Uint8Array | undefined> {
    const key = await this.#key("RSA-OAEP", hash, "decrypt");
    try {
      return new Uint8Array(await crypto.subtle.decrypt({ name: "RSA-OAEP" }, key, own(ciphertext)));
    } catch {
      return undefined;
    }
  }

  toJSON(): string {
    return "[RsaPrivateKey]";
  }
}

/**
 * Loads a DER PKCS #8 RSA private key into WebCrypto.
 * @returns undefined when WebCrypto does not accept it as an RSA private key.
 */
export async function loadWebRsaKey(pkcs8: Uint8Array): Promise<RsaPrivateKey | undefined> {
  try {
    const probe = await crypto.subtle.importKey("pkcs8", own(pkcs8), { name: "RSA-PSS", hash: "SHA-256" }, true, ["sign"]);
    const full = await crypto.subtle.exportKey("jwk", probe);
    if (full.kty !== "RSA" || typeof full.n !== "string" || typeof full.e !== "string") return undefined;
    const jwk = { kty: "RSA", n: full.n, e: full.e };
    const verifier = await crypto.subtle.importKey("jwk", { ...jwk }, { name: "RSA-PSS", hash: "SHA-256" }, true, ["verify"]);
    const spki = new Uint8Array(await crypto.subtle.exportKey("spki", verifier));
    const parsed = parseSpki(spki);
    if (parsed?.kind !== "RSA") return undefined;
    return new WebRsaPrivateKey(Uint8Array.from(pkcs8), jwk, spki, parsed.modulusBits);
  } catch {
    return undefined;
  }
}

/**
 * RSA on WebCrypto, with node-forge for digests and seeded generation.
 * @param streamFromSeed the deterministic byte stream a generation seed expands to.
 */
export function createWebRsa(streamFromSeed: (seed: Uint8Array) => RandomSource): RsaPrimitives {
  return {
    async generate(bits, options = {}) {
      if (options.seed) return forgeGenerateRsa(bits, streamFromSeed(options.seed));
      const pair = await crypto.subtle.generateKey(
        { name: "RSA-PSS", modulusLength: bits, publicExponent: PUBLIC_EXPONENT, hash: "SHA-256" },
        true,
        ["sign", "verify"],
      );
      const [publicKey, privateKey] = await Promise.all([
        crypto.subtle.exportKey("spki", pair.publicKey),
        crypto.subtle.exportKey("pkcs8", pair.privateKey),
      ]);
      return { publicKey: new Uint8Array(publicKey), privateKey: new Uint8Array(privateKey) };
    },
    load: loadWebRsaKey,
  };
}
