/**
 * Aliases: friendly names (`alias/Name`) that point at one key and can be re-pointed, which is how
 * the seed page's manual rotation works. The name rules here are AWS's.
 */

/** An alias as kms-sim holds it. */
export interface KmsAlias {
  /** `alias/...`, unique per account and region, case-sensitive. */
  readonly name: string;
  /** The bare key id of the target. */
  readonly targetKeyId: string;
  /** Epoch ms when the alias was created. */
  readonly createdAt: number;
  /** Epoch ms when the alias was last associated with a key (CreateAlias or UpdateAlias). */
  readonly updatedAt: number;
  /** Creation order, for listings. */
  readonly seq: number;
}

const ALIAS_CHARSET = /^alias\/[a-zA-Z0-9/_-]+$/;

/** The AWS message for an alias name without the `alias/` prefix. */
export const ALIAS_PREFIX_MESSAGE =
  'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html';

/** True for names under `alias/aws/`, reserved for AWS managed keys. */
export function isReservedAliasName(name: string): boolean {
  return name.startsWith("alias/aws/");
}

/**
 * Checks the service-side alias name rules the AWS model does not express.
 * @returns the reason the name is invalid, or undefined when it is valid.
 */
export function aliasNameProblem(name: string): "prefix" | "charset" | undefined {
  if (!name.startsWith("alias/")) return "prefix";
  if (!ALIAS_CHARSET.test(name)) return "charset";
  return undefined;
}
