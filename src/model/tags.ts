/**
 * Tag rules AWS enforces beyond the model's lengths: at most 50 tags per key, unique keys within a
 * request, and the `aws:` prefix (any case) reserved for AWS.
 */
import { TagException } from "../errors.js";
import type { KeyTag } from "./key.js";

/** Most tags one key may carry. */
export const MAX_TAGS_PER_KEY = 50;

/**
 * Precondition: the tag keys of one request are unique and not reserved.
 * @throws {@link TagException} "Duplicate tag keys" or "Tags beginning with aws: are reserved"
 */
export function requireUsableTagKeys(keys: readonly string[]): void {
  if (new Set(keys).size !== keys.length) throw new TagException("Duplicate tag keys");
  if (keys.some((key) => key.toLowerCase().startsWith("aws:"))) {
    throw new TagException("Tags beginning with aws: are reserved");
  }
}

/**
 * The tags after adding or overwriting `added` (same key: value replaced, position kept).
 * @throws {@link TagException} "Too many tags" past {@link MAX_TAGS_PER_KEY}
 */
export function mergeTags(existing: readonly KeyTag[], added: readonly KeyTag[]): KeyTag[] {
  const merged = new Map(existing.map((tag) => [tag.key, tag.value]));
  for (const tag of added) merged.set(tag.key, tag.value);
  if (merged.size > MAX_TAGS_PER_KEY) throw new TagException("Too many tags");
  return [...merged].map(([key, value]) => ({ key, value }));
}
