/** Problems with a tarball's file list (see pack-contents.mjs); empty when it is right. */
export function packContentProblems(
  files: readonly string[],
  pkg: Record<string, unknown>,
  readText: (path: string) => string,
): string[];
