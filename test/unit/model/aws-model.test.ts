import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";

describe("generated AWS model", () => {
  it("matches botocore's KMS service model (scripts/generate-aws-model.py --check)", () => {
    // Throws with the list of stale files when the installed botocore model differs.
    expect(() => execFileSync("python3", ["scripts/generate-aws-model.py", "--check"], { stdio: "pipe" })).not.toThrow();
  });
});
