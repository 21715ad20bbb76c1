/** Every key id of a Region, from ListKeys alone (the console and the simulation kit walk it). */
import type { Kms } from "../index.js";

/** Every key id ListKeys returns, in creation order: pages of 1,000, ListKeys's largest. */
export async function allKeyIds(kms: Kms): Promise<string[]> {
  const ids: string[] = [];
  let marker: string | undefined;
  do {
    const page = await kms.listKeys({ Limit: 1000, ...(marker === undefined ? {} : { Marker: marker }) });
    for (const key of page.Keys ?? []) if (key.KeyId !== undefined) ids.push(key.KeyId);
    marker = page.Truncated ? page.NextMarker : undefined;
  } while (marker !== undefined);
  return ids;
}
