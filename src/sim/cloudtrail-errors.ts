/**
 * The CloudTrail exceptions `lookupEvents` raises, named exactly like AWS's (botocore's
 * cloudtrail/2013-11-01 model). They extend kms-sim's common base, so `isKmsError` tells them from bugs.
 */
import { KmsError } from "../index.js";

/** A lookup attribute that is not valid: unknown key, empty value, or more than one attribute. */
export class InvalidLookupAttributesException extends KmsError {
  override readonly name = "InvalidLookupAttributesException";
  readonly $fault = "client";
}

/** The start time is after the end time, or a time is not a valid Date. */
export class InvalidTimeRangeException extends KmsError {
  override readonly name = "InvalidTimeRangeException";
  readonly $fault = "client";
}

/** MaxResults outside 1..50. */
export class InvalidMaxResultsException extends KmsError {
  override readonly name = "InvalidMaxResultsException";
  readonly $fault = "client";
}

/** A NextToken that is not one lookupEvents gave, or was given for other parameters. */
export class InvalidNextTokenException extends KmsError {
  override readonly name = "InvalidNextTokenException";
  readonly $fault = "client";
}
