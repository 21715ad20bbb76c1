/**
 * The key details tabs of asymmetric and HMAC keys: **Cryptographic configuration** (key type, key
 * spec, key usage, the algorithms AWS lists for it, origin and expiry of imported material) and, for
 * asymmetric keys, **Public key** (PEM, as AWS's console shows it, with the DER size). The public
 * key is read only when its tab is shown: the first GetPublicKey of an RSA key makes its pair.
 */
import type { KeyMetadata, Kms } from "../../index.js";
import { html, type Html } from "../html.js";
import { time } from "../format.js";

/** AWS's console words for a key's type. */
export function keyTypeLabel(spec: string | undefined): string {
  if (spec === undefined || spec === "SYMMETRIC_DEFAULT") return "Symmetric";
  return spec.startsWith("HMAC_") ? "HMAC" : "Asymmetric";
}

/** True for key specs with a public key. */
export function hasPublicKey(spec: string | undefined): boolean {
  return keyTypeLabel(spec) === "Asymmetric";
}

const USAGES: Readonly<Record<string, string>> = {
  ENCRYPT_DECRYPT: "Encrypt and decrypt",
  SIGN_VERIFY: "Sign and verify",
  GENERATE_VERIFY_MAC: "Generate and verify MAC",
  KEY_AGREEMENT: "Key agreement",
};

/** AWS's console words for a key usage. */
export function keyUsageLabel(usage: string | undefined): string {
  return usage === undefined ? "-" : (USAGES[usage] ?? usage);
}

/** A list of algorithm names, or a dash. */
function algorithms(list: readonly string[] | undefined): Html {
  return list === undefined || list.length === 0 ? html`<span class="none">-</span>` : html`${list.join(", ")}`;
}

/** The Cryptographic configuration panel. */
export function configurationPanel(metadata: KeyMetadata): Html {
  const external = metadata.Origin === "EXTERNAL";
  return html`<section class="panel" aria-labelledby="configuration-heading">
<h3 id="configuration-heading">Cryptographic configuration</h3>
<dl class="facts">
  <dt>Key type</dt><dd>${keyTypeLabel(metadata.KeySpec)}</dd>
  <dt>Key spec</dt><dd>${metadata.KeySpec ?? "-"}</dd>
  <dt>Key usage</dt><dd>${keyUsageLabel(metadata.KeyUsage)}</dd>
  ${metadata.EncryptionAlgorithms && html`<dt>Encryption algorithms</dt><dd>${algorithms(metadata.EncryptionAlgorithms)}</dd>`}
  ${metadata.SigningAlgorithms && html`<dt>Signing algorithms</dt><dd>${algorithms(metadata.SigningAlgorithms)}</dd>`}
  ${metadata.MacAlgorithms && html`<dt>MAC algorithms</dt><dd>${algorithms(metadata.MacAlgorithms)}</dd>`}
  ${metadata.KeyAgreementAlgorithms && html`<dt>Key agreement algorithms</dt><dd>${algorithms(metadata.KeyAgreementAlgorithms)}</dd>`}
  <dt>Origin</dt><dd>${external ? "External (imported key material)" : "KMS"}</dd>
  ${external && html`<dt>Key material expiration</dt><dd>${
    metadata.ExpirationModel === "KEY_MATERIAL_DOES_NOT_EXPIRE" ? "Does not expire" : time(metadata.ValidTo)
  }</dd>`}
</dl>
<p class="hint">${
    keyTypeLabel(metadata.KeySpec) === "HMAC"
      ? "An HMAC key has one secret for life: it cannot be rotated. Rotate it manually: create a new key and move the alias with UpdateAlias."
      : "An asymmetric key has one key pair for life: it cannot be rotated. Rotate it manually: create a new key and move the alias with UpdateAlias."
  }</p>
</section>`;
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Standard padded base64 (the console stands on the public API only, so it has its own). */
function base64(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += BASE64.charAt(n >> 18) + BASE64.charAt((n >> 12) & 63);
    out += i + 1 < bytes.length ? BASE64.charAt((n >> 6) & 63) : "=";
    out += i + 2 < bytes.length ? BASE64.charAt(n & 63) : "=";
  }
  return out;
}

/** The DER SubjectPublicKeyInfo as PEM, 64 base64 characters a line. */
export function toPem(der: Uint8Array): string {
  const lines = base64(der).match(/.{1,64}/g) ?? [];
  return ["-----BEGIN PUBLIC KEY-----", ...lines, "-----END PUBLIC KEY-----"].join("\n");
}

/** Reads the public key of an asymmetric key (GetPublicKey). */
export async function loadPublicKey(kms: Kms, keyId: string): Promise<Uint8Array> {
  return (await kms.getPublicKey({ KeyId: keyId })).PublicKey ?? new Uint8Array(0);
}

/** The Public key panel. */
export function publicKeyPanel(publicKey: Uint8Array): Html {
  return html`<section class="panel" aria-labelledby="public-key-heading">
<h3 id="public-key-heading">Public key</h3>
<p class="hint">DER SubjectPublicKeyInfo (${publicKey.length} bytes), shown as PEM. Anyone may hold it: use it to verify signatures or encrypt outside KMS.</p>
<pre tabindex="0" role="region" aria-label="Public key (PEM)">${toPem(publicKey)}</pre>
</section>`;
}
