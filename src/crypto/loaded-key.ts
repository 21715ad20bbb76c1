/**
 * A key of any asymmetric or HMAC spec, loaded from its private material and ready for the
 * operations AWS offers for it: Sign/Verify, GetPublicKey, RSAES_OAEP Encrypt/Decrypt,
 * DeriveSharedSecret, GenerateMac/VerifyMac. Each method runs the spec-level checks of
 * key-type-checks.ts first and throws AWS's exceptions; the caller has already checked the key's
 * state and usage (they need the key record). Loading is the expensive part (RSA imports), so the
 * service keeps loaded keys (key-cache.ts).
 */
import type { EncryptionAlgorithmSpec, KeySpec, MacAlgorithmSpec, SigningAlgorithmSpec } from "../model/aws-shapes.generated.js";
import { ECC_CURVES, HMAC_KEY_SPECS, MAC_ALGORITHMS, ML_DSA_SETS, keyFamilyOf, type MessageType, type RsaKeySpec } from "../model/algorithms.js";
import {
  requireEncryptionAlgorithm,
  requireMacAlgorithm,
  requireMessageSize,
  requireOaepPlaintext,
  requireSigningRequest,
  type SigningPlan,
} from "../model/key-type-checks.js";
import { keyTypeError } from "../model/key-type-errors.js";
import type { KeyTypeProvider, RandomSource, RsaPrivateKey } from "../ports.js";
import { ecSpki, ed25519Spki, mlDsaSpki, parsePkcs8, parseSpki } from "./der.js";

/** A Sign or Verify request's signing members (AWS names). */
export interface SigningInput {
  readonly SigningAlgorithm: SigningAlgorithmSpec;
  readonly MessageType?: MessageType | undefined;
  readonly Message: Uint8Array;
}

/** Options of Sign. */
export interface SignOptions {
  /**
   * Randomness for signatures AWS randomizes: hedges ECDSA nonces (RFC 6979 §3.6) and ML-DSA, and
   * salts PSS over digests. Without it ECDSA and ML-DSA signatures are deterministic (the same
   * key and message give the same signature). RAW PSS salts always come from the platform.
   */
  readonly random?: RandomSource;
}

/** A loaded key; methods its spec does not offer throw TypeError (the caller checks usage first). */
export abstract class LoadedKey {
  constructor(
    readonly keySpec: KeySpec,
    /** DER SubjectPublicKeyInfo (GetPublicKey's PublicKey); undefined for HMAC keys. */
    readonly publicKey: Uint8Array | undefined,
  ) {}

  #refuse(what: string): never {
    throw new TypeError(`a ${this.keySpec} key cannot ${what}`);
  }

  /** Sign: the signature bytes, in AWS's encoding for the algorithm. */
  sign(_input: SigningInput, _options?: SignOptions): Promise<Uint8Array> {
    return this.#refuse("sign");
  }

  /**
   * Verify: resolves when the signature is valid.
   * @throws KMSInvalidSignatureException "" when it is not (AWS never answers SignatureValid: false)
   */
  async verify(input: SigningInput & { readonly Signature: Uint8Array }): Promise<void> {
    const plan = requireSigningRequest(this.keySpec, input.SigningAlgorithm, input.MessageType, input.Message);
    if (!(await this.checkSignature(plan, input.Message, input.Signature))) throw keyTypeError("INVALID_SIGNATURE");
  }

  protected checkSignature(_plan: SigningPlan, _message: Uint8Array, _signature: Uint8Array): Promise<boolean> {
    return this.#refuse("verify");
  }

  /** Encrypt with RSAES_OAEP: the raw OAEP block (modulus-length bytes). */
  encrypt(_algorithm: EncryptionAlgorithmSpec | undefined, _plaintext: Uint8Array): Promise<Uint8Array> {
    return this.#refuse("encrypt");
  }

  /** Decrypt an RSAES_OAEP block. @throws InvalidCiphertextException "" when it does not decrypt */
  decrypt(_algorithm: EncryptionAlgorithmSpec | undefined, _ciphertext: Uint8Array): Promise<Uint8Array> {
    return this.#refuse("decrypt");
  }

  /** DeriveSharedSecret (ECDH): the raw x-coordinate. @throws ValidationException "" for a bad peer key */
  deriveSharedSecret(_peerPublicKey: Uint8Array): Uint8Array {
    return this.#refuse("derive a shared secret");
  }

  /** GenerateMac: the HMAC tag. */
  generateMac(_algorithm: MacAlgorithmSpec, _message: Uint8Array): Uint8Array {
    return this.#refuse("generate a MAC");
  }

  /** VerifyMac: resolves when the tag matches. @throws KMSInvalidMacException "" otherwise */
  verifyMac(_algorithm: MacAlgorithmSpec, _message: Uint8Array, _mac: Uint8Array): void {
    this.#refuse("verify a MAC");
  }

  // Loaded keys hold private material: they print as their spec only (JSON, String(), inspector).
  toJSON(): string {
    return `[${this.keySpec} key]`;
  }

  toString(): string {
    return this.toJSON();
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toJSON();
  }
}

/** RAW messages are hashed with the algorithm's hash; DIGEST messages are the hash. */
function digestOf(keyTypes: KeyTypeProvider, plan: SigningPlan, message: Uint8Array): Uint8Array {
  return plan.messageType === "DIGEST" ? message : keyTypes.sha2.digest(plan.hash as "SHA-256" | "SHA-384" | "SHA-512", message);
}

class RsaKey extends LoadedKey {
  constructor(keySpec: KeySpec, private readonly key: RsaPrivateKey) {
    super(keySpec, key.publicKey);
  }

  override async sign(input: SigningInput, options: SignOptions = {}): Promise<Uint8Array> {
    const plan = requireSigningRequest(this.keySpec, input.SigningAlgorithm, input.MessageType, input.Message);
    return this.key.sign(plan.scheme as "RSASSA_PSS", plan.hash as "SHA-256", rsaInput(plan, input.Message), options.random ? { random: options.random } : {});
  }

  protected override async checkSignature(plan: SigningPlan, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
    return this.key.verify(plan.scheme as "RSASSA_PSS", plan.hash as "SHA-256", rsaInput(plan, message), signature);
  }

  override async encrypt(algorithm: EncryptionAlgorithmSpec | undefined, plaintext: Uint8Array): Promise<Uint8Array> {
    const hash = requireEncryptionAlgorithm(this.keySpec, algorithm, "encrypt");
    requireOaepPlaintext(this.keySpec as RsaKeySpec, algorithm as "RSAES_OAEP_SHA_1", plaintext);
    return this.key.encrypt(hash, plaintext);
  }

  override async decrypt(algorithm: EncryptionAlgorithmSpec | undefined, ciphertext: Uint8Array): Promise<Uint8Array> {
    const hash = requireEncryptionAlgorithm(this.keySpec, algorithm, "decrypt");
    const plaintext = await this.key.decrypt(hash, ciphertext);
    if (!plaintext) throw keyTypeError("ASYMMETRIC_CIPHERTEXT_INVALID");
    return plaintext;
  }
}

function rsaInput(plan: SigningPlan, message: Uint8Array): { message: Uint8Array } | { digest: Uint8Array } {
  return plan.messageType === "DIGEST" ? { digest: message } : { message };
}

class EccKey extends LoadedKey {
  private readonly curve;

  constructor(
    keySpec: keyof typeof ECC_CURVES,
    private readonly keyTypes: KeyTypeProvider,
    private readonly privateKey: Uint8Array,
    private readonly point: Uint8Array,
  ) {
    super(keySpec, ecSpki(ECC_CURVES[keySpec], point));
    this.curve = ECC_CURVES[keySpec];
  }

  override async sign(input: SigningInput, options: SignOptions = {}): Promise<Uint8Array> {
    const plan = requireSigningRequest(this.keySpec, input.SigningAlgorithm, input.MessageType, input.Message);
    return this.keyTypes.ecc.sign(this.curve, this.privateKey, digestOf(this.keyTypes, plan, input.Message), options.random?.(32));
  }

  protected override async checkSignature(plan: SigningPlan, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
    return this.keyTypes.ecc.verify(this.curve, this.point, digestOf(this.keyTypes, plan, message), signature);
  }

  override deriveSharedSecret(peerPublicKey: Uint8Array): Uint8Array {
    const peer = parseSpki(peerPublicKey);
    // AWS answers a malformed key, another curve and a point off the curve alike, with no message.
    if (peer?.kind !== "EC" || peer.curve !== this.curve || !this.keyTypes.ecc.isValidPublicKey(this.curve, peer.point)) {
      throw keyTypeError("PEER_PUBLIC_KEY_INVALID");
    }
    const secret = this.keyTypes.ecc.sharedSecret(this.curve, this.privateKey, peer.point);
    if (!secret) throw keyTypeError("PEER_PUBLIC_KEY_INVALID");
    return secret;
  }
}

class Ed25519Key extends LoadedKey {
  private readonly rawPublicKey: Uint8Array;

  constructor(private readonly keyTypes: KeyTypeProvider, private readonly privateKey: Uint8Array) {
    const publicKey = keyTypes.ed25519.publicKeyOf(privateKey);
    super("ECC_NIST_EDWARDS25519", ed25519Spki(publicKey));
    this.rawPublicKey = publicKey;
  }

  override async sign(input: SigningInput): Promise<Uint8Array> {
    const plan = requireSigningRequest(this.keySpec, input.SigningAlgorithm, input.MessageType, input.Message);
    const ed = this.keyTypes.ed25519;
    // ED25519_PH_SHA_512 signs the caller's SHA-512 digest with Ed25519ph, which hashes it again.
    return plan.scheme === "ED25519_PH" ? ed.signPrehashed(this.privateKey, input.Message) : ed.sign(this.privateKey, input.Message);
  }

  protected override async checkSignature(plan: SigningPlan, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
    const ed = this.keyTypes.ed25519;
    return plan.scheme === "ED25519_PH" ? ed.verifyPrehashed(this.rawPublicKey, message, signature) : ed.verify(this.rawPublicKey, message, signature);
  }
}

class MlDsaKey extends LoadedKey {
  private readonly set;
  private readonly pair;

  constructor(keySpec: keyof typeof ML_DSA_SETS, private readonly keyTypes: KeyTypeProvider, seed: Uint8Array) {
    const set = ML_DSA_SETS[keySpec];
    const pair = keyTypes.mlDsa.keyFromSeed(set, seed);
    super(keySpec, mlDsaSpki(set, pair.publicKey));
    this.set = set;
    this.pair = pair;
  }

  override async sign(input: SigningInput, options: SignOptions = {}): Promise<Uint8Array> {
    const plan = requireSigningRequest(this.keySpec, input.SigningAlgorithm, input.MessageType, input.Message);
    const randomness = options.random?.(32);
    return this.keyTypes.mlDsa.sign(this.set, this.pair.privateKey, input.Message, {
      externalMu: plan.messageType === "EXTERNAL_MU",
      ...(randomness ? { randomness } : {}),
    });
  }

  protected override async checkSignature(plan: SigningPlan, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
    return this.keyTypes.mlDsa.verify(this.set, this.pair.publicKey, message, signature, { externalMu: plan.messageType === "EXTERNAL_MU" });
  }
}

class HmacKey extends LoadedKey {
  /** The key's one MAC algorithm, keyed once (each HMAC key spec has exactly one algorithm). */
  private readonly mac: (message: Uint8Array) => Uint8Array;

  constructor(keySpec: keyof typeof HMAC_KEY_SPECS, private readonly keyTypes: KeyTypeProvider, key: Uint8Array) {
    super(keySpec, undefined);
    this.mac = keyTypes.sha2.hmacKeyed(MAC_ALGORITHMS[HMAC_KEY_SPECS[keySpec].algorithm].hash, key);
  }

  override generateMac(algorithm: MacAlgorithmSpec, message: Uint8Array): Uint8Array {
    requireMacAlgorithm(this.keySpec, algorithm);
    requireMessageSize(message);
    return this.mac(message);
  }

  override verifyMac(algorithm: MacAlgorithmSpec, message: Uint8Array, mac: Uint8Array): void {
    const expected = this.generateMac(algorithm, message);
    // A MAC of the wrong length fails like a wrong MAC: AWS says nothing more.
    if (mac.length !== expected.length || !this.keyTypes.sha2.equal(expected, mac)) throw keyTypeError("INVALID_MAC");
  }
}

/**
 * Loads a key from its canonical private material (key-material.ts).
 * @throws TypeError when the material is not a key of `keySpec` (a store or caller bug: imported
 *   material is validated by asymmetric-import.ts before it is kept).
 */
export async function loadKey(keyTypes: KeyTypeProvider, keySpec: KeySpec, privateMaterial: Uint8Array): Promise<LoadedKey> {
  switch (keyFamilyOf(keySpec)) {
    case "HMAC": {
      const range = HMAC_KEY_SPECS[keySpec as keyof typeof HMAC_KEY_SPECS];
      if (privateMaterial.length < range.importMinBytes || privateMaterial.length > range.importMaxBytes) break;
      return new HmacKey(keySpec as keyof typeof HMAC_KEY_SPECS, keyTypes, privateMaterial);
    }
    case "ML_DSA":
      if (privateMaterial.length !== 32) break;
      return new MlDsaKey(keySpec as keyof typeof ML_DSA_SETS, keyTypes, Uint8Array.from(privateMaterial));
    case "ED25519": {
      const parsed = parsePkcs8(privateMaterial);
      if (parsed?.kind !== "ED25519") break;
      return new Ed25519Key(keyTypes, Uint8Array.from(parsed.privateKey));
    }
    case "ECC": {
      const curve = ECC_CURVES[keySpec as keyof typeof ECC_CURVES];
      const parsed = parsePkcs8(privateMaterial);
      if (parsed?.kind !== "EC" || parsed.curve !== curve) break;
      const point = keyTypes.ecc.publicKeyOf(curve, parsed.privateKey);
      if (!point) break;
      return new EccKey(keySpec as keyof typeof ECC_CURVES, keyTypes, Uint8Array.from(parsed.privateKey), point);
    }
    case "RSA": {
      const rsa = await keyTypes.rsa.load(privateMaterial);
      if (!rsa) break;
      return new RsaKey(keySpec, rsa);
    }
    default:
  }
  throw new TypeError(`the private material is not a ${keySpec} key`);
}
