/**
 * Envelope encryption helpers for payloads of any size: a data key from GenerateDataKey encrypts
 * the payload locally (AES-256-GCM, in frames), and the message carries the data key wrapped by
 * KMS. Decrypting asks KMS to unwrap the data key, so rotation, key states and encryption context
 * all apply exactly as for Decrypt. The message format is in crypto/envelope-format.ts and
 * docs/encryption.md.
 */
import { decodeEncryptionContext, encodeEncryptionContext } from "../crypto/encryption-context.js";
import { EnvelopeFormatError, openEnvelope, readEnvelopeHeader, sealEnvelope } from "../crypto/envelope-format.js";
import { nobleCryptoProvider } from "../crypto/noble-provider.js";
import { InvalidCiphertextException } from "../errors.js";
import type { CryptoProvider } from "../ports.js";
import { cryptoProviderOf } from "../service/crypto-provider-of.js";
import type { Kms } from "../service/kms.js";
import { INVALID_CIPHERTEXT_MESSAGE } from "../service/operations/cryptography.js";

/** What {@link encryptEnvelope} encrypts. */
export interface EncryptEnvelopeRequest {
  /** The KMS key: key id, key ARN, alias name or alias ARN. */
  readonly KeyId: string;
  /** The payload, any size. */
  readonly Plaintext: Uint8Array;
  /** Bound to the data key and to every frame; stored (in clear) in the message. */
  readonly EncryptionContext?: Record<string, string> | undefined;
}

/** Options of the envelope helpers. */
export interface EnvelopeOptions {
  /**
   * Primitives for the payload (default: the provider the KMS was created with, else @noble).
   * Messages are the same bytes whichever is used.
   */
  readonly crypto?: CryptoProvider;
  /** Plaintext bytes per frame (default 1 MiB). */
  readonly frameBytes?: number;
}

/** What {@link decryptEnvelope} returns. */
export interface DecryptEnvelopeResponse {
  /** The payload, after every frame was authenticated. */
  readonly Plaintext: Uint8Array;
  /** ARN of the KMS key that wrapped the data key. */
  readonly KeyId: string;
  /** The backing key that wrapped the data key. */
  readonly KeyMaterialId: string;
  /** The encryption context stored in (and authenticated by) the message. */
  readonly EncryptionContext: Record<string, string>;
}

/**
 * Encrypts a payload of any size under a fresh data key wrapped by `kms`.
 * @returns one self-describing message.
 * @throws the errors of GenerateDataKey (NotFoundException, DisabledException, ...)
 * @example Encrypt a large payload
 * ```ts
 * import { createKms, encryptEnvelope, decryptEnvelope } from "kms-sim";
 * const kms = createKms();
 * const { KeyMetadata } = await kms.createKey();
 * const message = await encryptEnvelope(kms, { KeyId: KeyMetadata!.KeyId, Plaintext: new Uint8Array(10_000_000) });
 * (await decryptEnvelope(kms, message)).Plaintext.length; //=> 10000000
 * ```
 */
export async function encryptEnvelope(kms: Kms, request: EncryptEnvelopeRequest, options: EnvelopeOptions = {}): Promise<Uint8Array> {
  const context = request.EncryptionContext;
  const dataKey = await kms.generateDataKey({ KeyId: request.KeyId, KeySpec: "AES_256", EncryptionContext: context });
  const plaintextKey = dataKey.Plaintext as Uint8Array;
  try {
    const messageId = (await kms.generateRandom({ NumberOfBytes: 16 })).Plaintext as Uint8Array;
    return sealEnvelope(
      providerFor(kms, options),
      plaintextKey,
      dataKey.CiphertextBlob as Uint8Array,
      messageId,
      context,
      request.Plaintext,
      options.frameBytes,
    );
  } finally {
    plaintextKey.fill(0);
  }
}

/** The provider for the payload: the option, else the KMS's own, else noble. */
function providerFor(kms: Kms, options: EnvelopeOptions): CryptoProvider {
  return options.crypto ?? cryptoProviderOf(kms) ?? nobleCryptoProvider;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/**
 * Decrypts a message made by {@link encryptEnvelope}.
 * @param options.EncryptionContext when given, must equal the context in the message.
 * @throws {@link InvalidCiphertextException} for a tampered, truncated, reordered or foreign
 *   message, or another encryption context; and the errors of Decrypt for the data key
 */
export async function decryptEnvelope(
  kms: Kms,
  message: Uint8Array,
  options: EnvelopeOptions & { readonly EncryptionContext?: Record<string, string> | undefined } = {},
): Promise<DecryptEnvelopeResponse> {
  let header;
  let context: Record<string, string>;
  try {
    header = readEnvelopeHeader(message);
    context = decodeEncryptionContext(header.context);
  } catch {
    throw new InvalidCiphertextException(INVALID_CIPHERTEXT_MESSAGE);
  }
  if (options.EncryptionContext !== undefined && !sameBytes(encodeEncryptionContext(options.EncryptionContext), header.context)) {
    throw new InvalidCiphertextException(INVALID_CIPHERTEXT_MESSAGE);
  }
  const unwrapped = await kms.decrypt({ CiphertextBlob: header.wrappedKey, EncryptionContext: context });
  const dataKey = unwrapped.Plaintext as Uint8Array;
  try {
    const plaintext = openEnvelope(providerFor(kms, options), dataKey, message, header);
    return {
      Plaintext: plaintext,
      KeyId: unwrapped.KeyId as string,
      KeyMaterialId: unwrapped.KeyMaterialId as string,
      EncryptionContext: context,
    };
  } catch (error) {
    if (error instanceof EnvelopeFormatError) throw new InvalidCiphertextException(INVALID_CIPHERTEXT_MESSAGE);
    throw error;
  } finally {
    dataKey.fill(0);
  }
}
