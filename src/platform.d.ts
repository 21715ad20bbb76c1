/**
 * The few platform globals kms-sim's core uses, declared by hand because core code compiles without
 * DOM or Node types (so neither can creep in). All exist in Node, browsers, Deno and Bun.
 */
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}
