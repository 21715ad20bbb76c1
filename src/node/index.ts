/**
 * `kms-sim/node`: the Node-only parts of kms-sim. Import it only where `node:` modules exist.
 *
 * @module kms-sim/node
 */
export { nodeCryptoProvider } from "./crypto-provider.js";
export { nodeKeyTypeProvider } from "./key-type-provider.js";
export { MAX_BODY_BYTES, startServer, type KmsServer, type ServerOptions } from "./server.js";
export { readState, STATE_FILE_VERSION, type ServerState } from "./state-file.js";
