/**
 * Tags and key policies: TagResource, UntagResource, ListResourceTags, GetKeyPolicy,
 * PutKeyPolicy, ListKeyPolicies.
 */
import { NotFoundException } from "../../errors.js";
import { requireKeyState } from "../../model/key-state.js";
import { DEFAULT_POLICY_NAME } from "../../model/policy.js";
import { mergeTags, requireUsableTagKeys } from "../../model/tags.js";
import type { KmsContext } from "../context.js";
import { page, pagingMembers } from "../paging.js";
import { resolveKey } from "../resolve.js";
import { compileKeyPolicy, requireLockoutSafe } from "../../access/index.js";
import { keyResourceOf, lockoutCheckOf } from "../authorization.js";
import type {
  GetKeyPolicyRequest,
  GetKeyPolicyResponse,
  ListKeyPoliciesRequest,
  ListKeyPoliciesResponse,
  ListResourceTagsRequest,
  ListResourceTagsResponse,
  PutKeyPolicyRequest,
  TagResourceRequest,
  UntagResourceRequest,
} from "../../model/aws-shapes.generated.js";
import { constraintError, type Validated } from "../validate.js";

/** ListResourceTags' documented Limit range is 1..50 (the model's LimitType admits 1000). */
const MAX_TAGS_PAGE = 50;

/** TagResource: adds tags or overwrites the values of existing tag keys. */
export function tagResource(ctx: KmsContext, request: Validated<TagResourceRequest>): void {
  const key = resolveKey(ctx, request.KeyId, "keyOnly");
  requireKeyState(key, "notPendingDeletion");
  const added = request.Tags.map((tag) => ({ key: tag.TagKey, value: tag.TagValue }));
  requireUsableTagKeys(added.map((tag) => tag.key));
  ctx.store.putKey({ ...key, tags: mergeTags(key.tags, added) });
}

/** UntagResource: removes tags by key; keys the key does not carry are ignored. */
export function untagResource(ctx: KmsContext, request: Validated<UntagResourceRequest>): void {
  const key = resolveKey(ctx, request.KeyId, "keyOnly");
  requireKeyState(key, "notPendingDeletion");
  const removed = new Set(request.TagKeys);
  const tags = key.tags.filter((tag) => !removed.has(tag.key));
  // Nothing to remove is nothing to store (and nothing for the journal to write).
  if (tags.length !== key.tags.length) ctx.store.putKey({ ...key, tags });
}

/** ListResourceTags: the key's tags in the order they were first added, in any key state. */
export function listResourceTags(ctx: KmsContext, request: Validated<ListResourceTagsRequest>): ListResourceTagsResponse {
  const limit = request.Limit ?? MAX_TAGS_PAGE;
  if (limit > MAX_TAGS_PAGE) {
    throw constraintError(`Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to ${MAX_TAGS_PAGE}`);
  }
  const key = resolveKey(ctx, request.KeyId, "keyOnly");
  const indexed = key.tags.map((tag, index) => ({ tag, index }));
  const result = page("tags", indexed, (item) => item.index, limit, request.Marker);
  return {
    Tags: result.items.map(({ tag }) => ({ TagKey: tag.key, TagValue: tag.value })),
    ...pagingMembers(result),
  };
}

/**
 * Precondition: the policy name is "default", the only key policy name.
 * @throws {@link NotFoundException} for any other name
 */
function requirePolicyName(name: string | undefined): void {
  if (name !== undefined && name !== DEFAULT_POLICY_NAME) {
    throw new NotFoundException(`No such policy exists: ${name}. The only key policy name is "default".`);
  }
}

/** GetKeyPolicy: the stored policy document, in any key state. */
export function getKeyPolicy(ctx: KmsContext, request: Validated<GetKeyPolicyRequest>): GetKeyPolicyResponse {
  const key = resolveKey(ctx, request.KeyId, "keyOnly");
  requirePolicyName(request.PolicyName);
  return { Policy: key.policy, PolicyName: DEFAULT_POLICY_NAME };
}

/**
 * PutKeyPolicy: replaces the policy document, in any key state. The document is validated
 * (size, JSON, grammar, principals, conditions) and compiled once here; unless
 * BypassPolicyLockoutSafetyCheck, it must let the caller put a policy again.
 */
export function putKeyPolicy(ctx: KmsContext, request: Validated<PutKeyPolicyRequest>): void {
  const key = resolveKey(ctx, request.KeyId, "keyOnly");
  requirePolicyName(request.PolicyName);
  const compiled = compileKeyPolicy(request.Policy);
  if (request.BypassPolicyLockoutSafetyCheck !== true) requireLockoutSafe(lockoutCheckOf(ctx, keyResourceOf(ctx, key), compiled));
  ctx.store.putKey({ ...key, policy: request.Policy });
  ctx.keyPolicies.remember(request.Policy, compiled);
}

/** ListKeyPolicies: always the one name "default". */
export function listKeyPolicies(ctx: KmsContext, request: Validated<ListKeyPoliciesRequest>): ListKeyPoliciesResponse {
  resolveKey(ctx, request.KeyId, "keyOnly");
  return { PolicyNames: [DEFAULT_POLICY_NAME], Truncated: false };
}
