/**
 * The small AWS enums kms-sim's model works with, as a `const` object plus a same-named union
 * of the AWS values. The full AWS unions live in model/aws-shapes.generated.ts.
 */

/** Where a key's material comes from. kms-sim models AWS-generated and imported material. */
export const KeyOrigin = {
  /** AWS KMS generated the key material (CreateKey's default). */
  AWS_KMS: "AWS_KMS",
  /** The customer imports the key material with ImportKeyMaterial; until then the key is `PendingImport`. */
  EXTERNAL: "EXTERNAL",
} as const;
export type KeyOrigin = (typeof KeyOrigin)[keyof typeof KeyOrigin];

/** Who manages a key: the customer, or AWS on behalf of a service (`alias/aws/<service>`). */
export const KeyManager = {
  /** A customer managed key: made by CreateKey; the account manages its state, rotation and deletion. */
  CUSTOMER: "CUSTOMER",
  /** An AWS managed key (`kms.createAwsManagedKey`): it rotates on AWS's schedule and refuses management calls. */
  AWS: "AWS",
} as const;
export type KeyManager = (typeof KeyManager)[keyof typeof KeyManager];

/** The key states kms-sim's keys can be in (single-Region keys in the AWS KMS key store). */
export const KeyState = {
  /** Usable in cryptographic operations; rotates on its schedule when rotation is on. */
  Enabled: "Enabled",
  /** Refuses cryptographic operations (`DisabledException`) and does not rotate until EnableKey. */
  Disabled: "Disabled",
  /** Waiting for deletion after ScheduleKeyDeletion; usable again only after CancelKeyDeletion. */
  PendingDeletion: "PendingDeletion",
  /** An `EXTERNAL` key without usable key material: never imported, expired, or deleted. */
  PendingImport: "PendingImport",
} as const;
export type KeyState = (typeof KeyState)[keyof typeof KeyState];

/** How a key material became current. */
export const RotationType = {
  /** On the schedule that EnableKeyRotation set (every `RotationPeriodInDays`), or AWS's for AWS managed keys. */
  AUTOMATIC: "AUTOMATIC",
  /** Asked for with RotateKeyOnDemand; leaves the automatic schedule as it was. */
  ON_DEMAND: "ON_DEMAND",
} as const;
export type RotationType = (typeof RotationType)[keyof typeof RotationType];

/**
 * What a key is for, and so which operations it serves. kms-sim gives every usage AWS's metadata;
 * docs/key-types.md says which operations each key type supports so far.
 */
export const KeyUsage = {
  /** Encrypt, Decrypt, ReEncrypt and data keys: symmetric keys (the default) and RSA keys. */
  ENCRYPT_DECRYPT: "ENCRYPT_DECRYPT",
  /** Sign and Verify: RSA, elliptic-curve, ML-DSA and SM2 keys. */
  SIGN_VERIFY: "SIGN_VERIFY",
  /** GenerateMac and VerifyMac: HMAC keys. */
  GENERATE_VERIFY_MAC: "GENERATE_VERIFY_MAC",
  /** DeriveSharedSecret: elliptic-curve and SM2 keys. */
  KEY_AGREEMENT: "KEY_AGREEMENT",
} as const;
export type KeyUsage = (typeof KeyUsage)[keyof typeof KeyUsage];
