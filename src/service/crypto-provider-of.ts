/**
 * Which cryptographic provider a KMS was created with, for helpers that work beside it (the
 * envelope helpers encrypt payloads locally): a user who chose `nodeCryptoProvider()` for the KMS
 * gets it everywhere, without passing it twice. A registry keyed by the KMS object, so the `Kms`
 * interface stays exactly the AWS operations and the simulation extras.
 */
import type { CryptoProvider } from "../ports.js";
import type { Kms } from "./kms.js";

const providers = new WeakMap<Kms, CryptoProvider>();

/** Records `kms`'s provider (createKms does, for every KMS it makes). */
export function registerCryptoProvider(kms: Kms, provider: CryptoProvider): Kms {
  providers.set(kms, provider);
  return kms;
}

/** The provider `kms` was created with, if it was made by createKms. */
export function cryptoProviderOf(kms: Kms): CryptoProvider | undefined {
  return providers.get(kms);
}
