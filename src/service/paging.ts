/**
 * Marker-based paging shared by the List operations. A marker names the position of the next item
 * in a listing's stable order; markers kms-sim did not issue for that listing are refused.
 */
import { InvalidMarkerException } from "../errors.js";

/** One page of a listing. */
export interface Page<T> {
  readonly items: T[];
  /** The marker of the next page, when the listing is truncated. */
  readonly nextMarker: string | undefined;
}

/**
 * Cuts one page out of `items`, each with a stable ascending position.
 * @throws {@link InvalidMarkerException} for a marker not issued by this kind of listing
 */
export function page<T>(
  listing: string,
  items: readonly T[],
  positionOf: (item: T) => number,
  limit: number,
  marker: string | undefined,
): Page<T> {
  const fetch = (from: number, count: number): T[] => {
    let start = items.findIndex((item) => positionOf(item) >= from);
    if (start < 0) start = items.length;
    return items.slice(start, start + count);
  };
  return pageFrom(listing, marker, limit, fetch, positionOf);
}

/**
 * Cuts one page from a source that can seek: `fetch(from, count)` returns up to `count` items whose
 * position is `from` or later, in order. The page costs its size, not the listing's.
 * @throws {@link InvalidMarkerException} for a marker not issued by this kind of listing
 */
export function pageFrom<T>(
  listing: string,
  marker: string | undefined,
  limit: number,
  fetch: (from: number, count: number) => T[],
  positionOf: (item: T) => number,
): Page<T> {
  let from = 0;
  if (marker !== undefined) {
    const match = new RegExp(`^${listing}:(\\d{1,15})$`).exec(marker);
    if (!match) throw new InvalidMarkerException("The request was rejected because the marker that specifies where pagination should next begin is not valid.");
    from = Number(match[1]);
  }
  const items = fetch(from, limit + 1);
  const next = items[limit];
  return { items: items.slice(0, limit), nextMarker: next === undefined ? undefined : `${listing}:${positionOf(next)}` };
}

/** The Truncated/NextMarker members of a List response. */
export function pagingMembers(result: Page<unknown>): { Truncated: boolean; NextMarker?: string } {
  return result.nextMarker === undefined ? { Truncated: false } : { Truncated: true, NextMarker: result.nextMarker };
}
