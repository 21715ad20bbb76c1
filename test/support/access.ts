/** Builders for access-control tests: callers, a key resource, request contexts, compiled policies. */
import {
  callerFromArn,
  compileIdentityPolicy,
  compileKeyPolicy,
  rootCaller,
  type CompiledPolicy,
  type KeyResource,
  type RequestContext,
} from "../../src/access/index.js";

export const ACCOUNT = "111122223333";
export const OTHER_ACCOUNT = "444455556666";
export const KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
export const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/${KEY_ID}`;
/** 2026-01-01T00:00:00Z. */
export const NOW = Date.UTC(2026, 0, 1);

export const root = rootCaller(ACCOUNT);
export const alice = callerFromArn(`arn:aws:iam::${ACCOUNT}:user/alice`);
export const bob = callerFromArn(`arn:aws:iam::${ACCOUNT}:user/engineering/bob`);
export const appRoleSession = callerFromArn(`arn:aws:sts::${ACCOUNT}:assumed-role/app/session-1`, { roleArn: `arn:aws:iam::${ACCOUNT}:role/service/app` });
export const otherRoot = rootCaller(OTHER_ACCOUNT);
export const carol = callerFromArn(`arn:aws:iam::${OTHER_ACCOUNT}:user/carol`);
export const cloudTrail = callerFromArn("cloudtrail.amazonaws.com");

/** A symmetric key of ACCOUNT, with overrides. */
export function keyResource(overrides: Partial<KeyResource> = {}): KeyResource {
  return {
    kind: "key",
    arn: KEY_ARN,
    accountId: ACCOUNT,
    region: "us-east-1",
    keySpec: "SYMMETRIC_DEFAULT",
    keyUsage: "ENCRYPT_DECRYPT",
    keyOrigin: "AWS_KMS",
    tags: [],
    aliases: [],
    ...overrides,
  };
}

export function context(overrides: Partial<RequestContext> = {}): RequestContext {
  return { now: NOW, region: "us-east-1", ...overrides };
}

/** A key policy from statements (Version 2012-10-17). */
export function keyPolicy(...statements: object[]): CompiledPolicy {
  return compileKeyPolicy(JSON.stringify({ Version: "2012-10-17", Statement: statements }));
}

/** An IAM identity policy from statements. */
export function identityPolicy(...statements: object[]): CompiledPolicy {
  return compileIdentityPolicy({ Version: "2012-10-17", Statement: statements });
}

/** The statement of the default key policy: the account may use IAM policies. */
export const ENABLE_IAM = { Sid: "Enable IAM User Permissions", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" };
