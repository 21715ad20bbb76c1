/**
 * `kms-sim/node`: the Node-only parts of kms-sim. Import it only where `node:` modules exist.
 *
 * @module kms-sim/node
 */
export { nodeCryptoProvider } from "./crypto-provider.js";
export { nodeKeyTypeProvider } from "./key-type-provider.js";
export { MAX_BODY_BYTES, startServer, type KmsServer, type ServerOptions } from "./server.js";
export { openStateFolder, type CompactionStep, type StateFolder, type StateFolderOptions } from "./state-folder.js";
export type { StateFolderStats } from "./live-folder.js";
export type { EventLog } from "./event-log.js";
export { JournalDamagedError } from "./journal-file.js";
export type { FsyncMode } from "./group-commit.js";
