/**
 * `kms-sim/node`: the Node-only parts of kms-sim. Import it only where `node:` modules exist.
 */
export { nodeCryptoProvider } from "./crypto-provider.js";
