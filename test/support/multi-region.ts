/**
 * Multi-Region scenarios share one starting point: an account whose us-east-1 primary has replicas
 * in eu-west-1 and ap-southeast-2, all Enabled; key ARNs per Region; the rotation events a test compares.
 */
import type { KmsEvent } from "../../src/index.js";
import { createTestKms, newKeyId } from "./create-test-kms.js";

export const ACCOUNT = "111122223333";

/** The ARN of key `keyId` in `region` of the test account. */
export const arnIn = (region: string, keyId: string): string => `arn:aws:kms:${region}:${ACCOUNT}:key/${keyId}`;

export const text = new TextEncoder();

/**
 * A us-east-1 primary ("orders") with replicas in eu-west-1 and ap-southeast-2, made at T0 and
 * Enabled at T0 + 5 s (the default replica creation time), the clock at that instant.
 */
export async function family(options: Parameters<typeof createTestKms>[0] = {}) {
  const test = createTestKms(options);
  const east = test.kms;
  const keyId = await newKeyId(east, { MultiRegion: true, Description: "orders" });
  await east.replicateKey({ KeyId: keyId, ReplicaRegion: "eu-west-1" });
  await east.replicateKey({ KeyId: keyId, ReplicaRegion: "ap-southeast-2" });
  test.clock.advance({ seconds: 5 });
  return { ...test, east, west: east.inRegion("eu-west-1"), sydney: east.inRegion("ap-southeast-2"), keyId };
}

/** The rotation events among `events`, reduced to what a multi-Region test compares. */
export function rotationEvents(events: readonly KmsEvent[]) {
  return events
    .filter((event) => event["detail-type"] === "KMS CMK Rotation")
    .map((event) => ({ time: event.time, region: event.region, resource: event.resources[0], detail: event.detail }));
}

