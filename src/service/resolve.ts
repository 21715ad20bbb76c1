/**
 * Finds the key an identifier names, with AWS's errors for every way it can fail, and authorizes
 * the request on it. Cryptographic operations and DescribeKey take all four forms (key id, key ARN,
 * alias name, alias ARN); management operations take key id or key ARN only; the rotation
 * operations take all four, as the seed page says (decision 2 of the reference).
 *
 * Resolution is where authorization happens: the operation in progress (`run` knows it) decides
 * its permission checks on the key found, before the operation looks at the key's state, so every
 * operation, including ones added later, is authorized by the same path. A key id or alias name
 * names a key of the caller's own account; another account's key is named by its ARN.
 */
import type { PermissionTarget } from "../access/index.js";
import { InvalidArnException, NotFoundException } from "../errors.js";
import {
  formatAliasArn,
  formatKeyArn,
  isInScope,
  parseKeyReference,
  type Scope,
} from "../model/identifiers.js";
import type { KmsKey } from "../model/key.js";
import { authorizeKey, currentCall } from "./authorization.js";
import type { KmsContext } from "./context.js";
import { noteKey } from "./request-trace.js";

/** Which identifier forms an operation accepts. */
export type IdentifierForms = "keyOrAlias" | "keyOnly";

/** Hook DescribeKey uses to create an AWS managed key on first use of `alias/aws/<service>`. */
export type AwsAliasFallback = (aliasName: string) => KmsKey | undefined;

/** How {@link resolveKey} authorizes. */
export interface ResolveOptions {
  /** The permission target the key is for (default `key`); `false` only finds it (the caller authorizes). */
  readonly authorize?: PermissionTarget | false;
  readonly fallback?: AwsAliasFallback;
}

/**
 * Where a key id or alias name points: the caller's own account. kms-sim holds the keys and aliases
 * of one account; for a caller of another account, a bare id or alias name names something of its
 * own account, which holds nothing here (the returned scope is then not `ctx.scope`).
 */
export function callerScope(ctx: KmsContext): Scope {
  const account = currentCall(ctx).acting.caller.accountId;
  return account === undefined || account === ctx.scope.accountId ? ctx.scope : { region: ctx.scope.region, accountId: account };
}

/**
 * The key `input` names, authorized for the operation in progress.
 * @param options the permission target (or `false` to authorize later), and DescribeKey's hook
 *   that creates an AWS managed key on first use; a function is taken as that hook
 * @throws {@link NotFoundException} "Invalid keyId '<input>'" for a malformed id (or an alias where
 *   only keys are accepted), "Key '<arn>' does not exist" for an unknown key, "Alias <arn> is not
 *   found." for an unknown alias, "Invalid arn <region>" for an ARN of another region
 * @throws {@link InvalidArnException} for a syntactically invalid ARN
 * @throws {@link AccessDeniedException} when the caller may not perform the operation on the key
 */
export function resolveKey(
  ctx: KmsContext,
  input: string,
  forms: IdentifierForms,
  options: ResolveOptions | AwsAliasFallback = {},
): KmsKey {
  const { authorize = "key", fallback } = typeof options === "function" ? { fallback: options } : options;
  const key = findKey(ctx, input, forms, fallback);
  if (authorize !== false) authorizeKey(ctx, key, authorize);
  return key;
}

function findKey(ctx: KmsContext, input: string, forms: IdentifierForms, fallback: AwsAliasFallback | undefined): KmsKey {
  const ref = parseKeyReference(input);
  switch (ref.kind) {
    case "malformedKeyId":
      throw new NotFoundException(`Invalid keyId '${input}'`);
    case "malformedArn":
      throw new InvalidArnException(`Invalid arn ${input}`);
    case "keyId":
    case "keyArn": {
      const scope = ref.kind === "keyArn" ? requireScope(ctx, ref, input) : callerScope(ctx);
      const key = scope === ctx.scope ? ctx.store.getKey(ref.keyId) : undefined;
      if (!key) throw new NotFoundException(`Key '${formatKeyArn(scope, ref.keyId)}' does not exist`);
      noteKey(ctx, key);
      return key;
    }
    case "aliasName":
    case "aliasArn": {
      if (forms === "keyOnly") throw new NotFoundException(`Invalid keyId '${input}'`);
      const scope = ref.kind === "aliasArn" ? requireScope(ctx, ref, input) : callerScope(ctx);
      const own = scope === ctx.scope;
      const alias = own ? ctx.store.getAlias(ref.aliasName) : undefined;
      const key = alias ? ctx.store.getKey(alias.targetKeyId) : own ? fallback?.(ref.aliasName) : undefined;
      if (!key) throw new NotFoundException(`Alias ${formatAliasArn(scope, ref.aliasName)} is not found.`);
      noteKey(ctx, key);
      return key;
    }
  }
}

/** The scope of an ARN, which must be this KMS's (another account's keys do not exist here). */
function requireScope(ctx: KmsContext, ref: { region: string; accountId: string }, input: string): Scope {
  if (isInScope(ref, ctx.scope)) return ctx.scope;
  if (ref.region !== ctx.scope.region) throw new NotFoundException(`Invalid arn ${ref.region}`);
  throw new NotFoundException(`Key '${input}' does not exist`);
}
