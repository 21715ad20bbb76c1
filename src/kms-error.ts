/**
 * The base class of every AWS exception kms-sim raises.
 *
 * Mirrors the shape of `@aws-sdk/client-kms` service exceptions: `name` is the AWS error code
 * (`"NotFoundException"`), `$fault` says whether the caller (`"client"`) or the service (`"server"`)
 * is at fault, and `code` repeats `name` for code written against older SDKs. Messages name keys by
 * ARN or alias and never carry key material, plaintext or encryption-context values.
 *
 * @example Telling AWS errors from bugs
 * ```ts
 * import { createKms, KmsError, NotFoundException } from "kms-sim";
 * const kms = createKms();
 * try {
 *   await kms.describeKey({ KeyId: "alias/missing" });
 * } catch (error) {
 *   error instanceof KmsError;          //=> true
 *   error instanceof NotFoundException; //=> true
 * }
 * ```
 */
export abstract class KmsError extends Error {
  /** The AWS error code, e.g. `"NotFoundException"`: what the SDK's `error.name` would be. */
  abstract override readonly name: string;
  /** `"client"` when the request was at fault (HTTP 400), `"server"` when the service was (HTTP 500). */
  abstract readonly $fault: "client" | "server";

  constructor(message: string) {
    super(message);
  }

  /** The AWS error code, the same as `name`. */
  get code(): string {
    return this.name;
  }
}

/** True when `value` is an AWS exception raised by kms-sim. */
export function isKmsError(value: unknown): value is KmsError {
  return value instanceof KmsError;
}
