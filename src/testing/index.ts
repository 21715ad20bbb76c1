/**
 * `kms-sim/testing`: what tests and simulations need to drive kms-sim deterministically.
 *
 * @module kms-sim/testing
 */
export { ManualClock } from "./manual-clock.js";
export { seededRandom, type SeededRandom } from "./seeded-random.js";
export { wrapKeyMaterial, type WrappingAlgorithm } from "./wrap-key-material.js";
