import { describe, expect, it } from "vitest";
import { compileArnPattern } from "../../../src/access/index.js";

const KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

describe("compileArnPattern", () => {
  it.each([
    ["*", KEY, true],
    ["*", "*", true],
    [KEY, KEY, true],
    [KEY.toUpperCase(), KEY, false],
    ["arn:aws:kms:*:111122223333:key/*", KEY, true],
    ["arn:aws:kms:us-*-1:111122223333:key/*", KEY, true],
    ["arn:aws:kms:eu-*:111122223333:key/*", KEY, false],
    ["arn:aws:kms:*:*:*", KEY, true],
    ["arn:aws:kms:*", KEY, true],
    ["arn:aws:kms:*:111122223333:alias/*", KEY, false],
    ["arn:aws:kms:*:111122223333:key/1234abcd-????-*", KEY, true],
    // A "*" does not cross a colon of the first five segments.
    ["arn:aws:*:111122223333:key/*", KEY, false],
    ["arn:aws:kms:*:111122223333:key/*", "*", false],
    ["arn:aws:logs:*:*:log-group:/aws/x:*", "arn:aws:logs:us-east-1:111122223333:log-group:/aws/x:log-stream:s", true],
  ])("%s matches %s: %s", (pattern, arn, expected) => {
    expect(compileArnPattern(pattern)(arn)).toBe(expected);
  });
});
