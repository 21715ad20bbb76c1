/**
 * Finds the key an identifier names, with AWS's errors for every way it can fail. Cryptographic
 * operations and DescribeKey take all four forms (key id, key ARN, alias name, alias ARN);
 * management operations take key id or key ARN only; the rotation operations take all four,
 * as the seed page says (decision 2 of the reference).
 */
import { AccessDeniedException, InvalidArnException, NotFoundException } from "../errors.js";
import {
  formatAliasArn,
  formatKeyArn,
  isInScope,
  parseKeyReference,
} from "../model/identifiers.js";
import type { KmsKey } from "../model/key.js";
import type { KmsContext } from "./context.js";
import { noteKey } from "./request-trace.js";

/** Which identifier forms an operation accepts. */
export type IdentifierForms = "keyOrAlias" | "keyOnly";

/** Hook DescribeKey uses to create an AWS managed key on first use of `alias/aws/<service>`. */
export type AwsAliasFallback = (aliasName: string) => KmsKey | undefined;

/**
 * The key `input` names.
 * @throws {@link NotFoundException} "Invalid keyId '<input>'" for a malformed id (or an alias where
 *   only keys are accepted), "Key '<arn>' does not exist" for an unknown key, "Alias <arn> is not
 *   found." for an unknown alias, "Invalid arn <region>" for an ARN of another region
 * @throws {@link InvalidArnException} for a syntactically invalid ARN
 */
export function resolveKey(
  ctx: KmsContext,
  input: string,
  forms: IdentifierForms,
  fallback?: AwsAliasFallback,
): KmsKey {
  const ref = parseKeyReference(input);
  switch (ref.kind) {
    case "malformedKeyId":
      throw new NotFoundException(`Invalid keyId '${input}'`);
    case "malformedArn":
      throw new InvalidArnException(`Invalid arn ${input}`);
    case "keyId":
    case "keyArn": {
      if (ref.kind === "keyArn") requireScope(ctx, ref, input);
      const key = ctx.store.getKey(ref.keyId);
      if (!key) throw new NotFoundException(`Key '${formatKeyArn(ctx.scope, ref.keyId)}' does not exist`);
      noteKey(ctx, key);
      return key;
    }
    case "aliasName":
    case "aliasArn": {
      if (forms === "keyOnly") throw new NotFoundException(`Invalid keyId '${input}'`);
      if (ref.kind === "aliasArn") requireScope(ctx, ref, input);
      const alias = ctx.store.getAlias(ref.aliasName);
      const key = alias ? ctx.store.getKey(alias.targetKeyId) : fallback?.(ref.aliasName);
      if (!key) throw new NotFoundException(`Alias ${formatAliasArn(ctx.scope, ref.aliasName)} is not found.`);
      noteKey(ctx, key);
      return key;
    }
  }
}

function requireScope(ctx: KmsContext, ref: { region: string; accountId: string }, input: string): void {
  if (isInScope(ref, ctx.scope)) return;
  if (ref.region !== ctx.scope.region) throw new NotFoundException(`Invalid arn ${ref.region}`);
  throw new NotFoundException(`Key '${input}' does not exist`);
}

/**
 * Precondition: the key is customer managed. AWS managed keys' policies let no user manage them.
 * @throws {@link AccessDeniedException} in AWS's form for an AWS managed key
 */
export function requireCustomerManaged(ctx: KmsContext, key: KmsKey, action: string): void {
  if (key.keyManager === "CUSTOMER") return;
  throw new AccessDeniedException(
    `User: arn:aws:iam::${ctx.scope.accountId}:root is not authorized to perform: kms:${action} on resource: ${key.arn} because no resource-based policy allows the kms:${action} action`,
  );
}
