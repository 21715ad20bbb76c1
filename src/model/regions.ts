/**
 * AWS Regions: which names kms-sim accepts and which partition each belongs to. kms-sim models
 * the `aws` partition (ARNs `arn:aws:kms:...`); the Regions of the `aws-cn` and `aws-us-gov`
 * partitions are known by name only, so ReplicateKey can refuse them with AWS's "same partition"
 * message, and are otherwise refused like an unknown Region (docs/multi-region.md says why).
 *
 * The list is botocore 1.43.11's `endpoints.json`, partition `aws`, every Region KMS serves there.
 */

/** The Regions of partition `aws`, all of which offer KMS and multi-Region keys. */
export const AWS_REGIONS: readonly string[] = [
  "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1",
  "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5",
  "ap-southeast-6", "ap-southeast-7", "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2", "eu-north-1",
  "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3", "il-central-1", "me-central-1", "me-south-1",
  "mx-central-1", "sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2",
];

/** Regions of the partitions kms-sim does not model (botocore's `endpoints.json`). */
const OTHER_PARTITIONS: Readonly<Record<string, readonly string[]>> = {
  "aws-cn": ["cn-north-1", "cn-northwest-1"],
  "aws-us-gov": ["us-gov-east-1", "us-gov-west-1"],
};

const MODELLED = new Set(AWS_REGIONS);

/** True for a Region of partition `aws`, the one kms-sim models. */
export function isModelledRegion(region: string): boolean {
  return MODELLED.has(region);
}

/** The partition of a known Region of another partition (`aws-cn`, `aws-us-gov`), else undefined. */
export function otherPartitionOf(region: string): string | undefined {
  for (const [partition, regions] of Object.entries(OTHER_PARTITIONS)) if (regions.includes(region)) return partition;
  return undefined;
}

/**
 * Precondition (for options and `kms.inRegion`): `region` is a Region of partition `aws`.
 * @throws {RangeError} naming the partition for `aws-cn`/`aws-us-gov` Regions, else the value
 */
export function requireModelledRegion(region: unknown): string {
  if (typeof region === "string" && MODELLED.has(region)) return region;
  const partition = typeof region === "string" ? otherPartitionOf(region) : undefined;
  if (partition !== undefined) {
    throw new RangeError(`kms-sim models the Regions of partition aws only; ${region} is in partition ${partition}`);
  }
  throw new RangeError(`region must be an AWS Region of partition aws (such as us-east-1), got ${JSON.stringify(region)}`);
}
