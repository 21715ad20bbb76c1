/**
 * node-forge ships no types and @types/node-forge pulls Node's types into every file that sees it,
 * which core code must not. crypto/forge-rsa.ts describes the small part it uses itself.
 */
declare module "node-forge" {
  const forge: unknown;
  export default forge;
}
