/**
 * The AWS exceptions kms-sim raises: one class per AWS error code, all extending {@link KmsError}.
 * The classes are generated from botocore's model of KMS (scripts/generate-aws-model.py) so that
 * their names cannot drift from AWS's.
 */
export { KmsError, isKmsError } from "./kms-error.js";
export * from "./errors.generated.js";
