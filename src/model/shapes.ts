/**
 * The small AWS enums kms-sim's model works with, as a `const` object plus a same-named union
 * of the AWS values. The full AWS unions live in model/aws-shapes.generated.ts.
 */

/** Where a key's material comes from. kms-sim models AWS-generated and imported material. */
export const KeyOrigin = { AWS_KMS: "AWS_KMS", EXTERNAL: "EXTERNAL" } as const;
export type KeyOrigin = (typeof KeyOrigin)[keyof typeof KeyOrigin];

/** Who manages a key: the customer, or AWS on behalf of a service (`alias/aws/<service>`). */
export const KeyManager = { CUSTOMER: "CUSTOMER", AWS: "AWS" } as const;
export type KeyManager = (typeof KeyManager)[keyof typeof KeyManager];

/** The key states kms-sim's keys can be in (single-Region keys in the AWS KMS key store). */
export const KeyState = {
  Enabled: "Enabled",
  Disabled: "Disabled",
  PendingDeletion: "PendingDeletion",
  PendingImport: "PendingImport",
} as const;
export type KeyState = (typeof KeyState)[keyof typeof KeyState];

/** How a key material became current. */
export const RotationType = { AUTOMATIC: "AUTOMATIC", ON_DEMAND: "ON_DEMAND" } as const;
export type RotationType = (typeof RotationType)[keyof typeof RotationType];

/** What a key is for. */
export const KeyUsage = {
  ENCRYPT_DECRYPT: "ENCRYPT_DECRYPT",
  SIGN_VERIFY: "SIGN_VERIFY",
  GENERATE_VERIFY_MAC: "GENERATE_VERIFY_MAC",
  KEY_AGREEMENT: "KEY_AGREEMENT",
} as const;
export type KeyUsage = (typeof KeyUsage)[keyof typeof KeyUsage];
