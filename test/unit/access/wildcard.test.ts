import { describe, expect, it } from "vitest";
import { compileWildcard } from "../../../src/access/wildcard.js";

describe("compileWildcard", () => {
  it.each([
    ["kms:Decrypt", "kms:Decrypt", false, true],
    ["kms:Decrypt", "kms:decrypt", false, false],
    ["kms:Decrypt", "KMS:DECRYPT", true, true],
    ["kms:Decrypt", "kms:DecryptX", true, false],
    ["*", "", false, true],
    ["kms:Get*", "kms:GetKeyPolicy", false, true],
    ["kms:Get*", "kms:get", true, true],
    ["kms:Get*", "kms:Ge", false, false],
    ["a?c", "abc", false, true],
    ["a?c", "ac", false, false],
    ["a*c*e", "abcde", false, true],
    ["a*c*e", "abcd", false, false],
    ["a.c", "abc", false, false],
    ["(a)+[b]", "(a)+[b]", false, true],
    ["line*", "line\nbreak", false, true],
  ])("%j matches %j (ignoreCase %s): %s", (pattern, value, ignoreCase, expected) => {
    expect(compileWildcard(pattern, ignoreCase)(value)).toBe(expected);
  });
});
