/**
 * Random bytes from the platform CSPRNG (WebCrypto `getRandomValues`, through @noble's
 * `randomBytes`): the default `RandomSource`. Works in Node, browsers, Deno and Bun.
 */
import { randomBytes } from "@noble/ciphers/utils.js";
import type { RandomSource } from "../ports.js";

/** The default random source: fresh CSPRNG bytes on every call. */
export const webRandom: RandomSource = (length) => randomBytes(length);
