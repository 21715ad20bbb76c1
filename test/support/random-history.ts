/**
 * Random histories of every KMS operation, for property tests: a fast-check arbitrary of steps and
 * a runner that plays them against a KMS. Steps name keys, aliases, ciphertexts and import tokens
 * by index into what the history made so far (an index past the end names something that does not
 * exist), so every step is meaningful whatever came before it, and most fail now and then the way
 * real calls do. Other property tests (access control, Regions) extend the same step list.
 *
 * Access control adds principals (`putPrincipal`), grants (create, retire, revoke, list) and calls
 * through `kms.as(...)` by callers of this account and of another, by key id or by key ARN. The
 * simulation kit adds GetKeyLastUsage (every cryptographic step records usage).
 *
 * Regions add multi-Region keys, ReplicateKey, UpdatePrimaryRegion and calls through
 * `kms.inRegion(...)`: the keys a step names are those of every Region (a key made in eu-west-1
 * named in us-east-1 does not exist there, a replicated one does). ReplicateKey, UpdatePrimaryRegion
 * and the calls through `kms.inRegion(...)` name mostly multi-Region keys (indexes 0..5 count round
 * those), so that families grow, move and change in every Region; `wait` moves the clock by seconds,
 * across the end of Creating and Updating; `inMember` calls in the Region of a member of the family
 * last replicated or moved (random-region-history.ts weights histories towards all of these).
 */
import { createPrivateKey } from "node:crypto";
import { p256 } from "@noble/curves/nist.js";
import fc from "fast-check";
import { KmsError, type Kms, type KeySpec, type KeyUsageType, type SigningAlgorithmSpec } from "../../src/index.js";
import { wrapKeyMaterial, type ManualClock } from "../../src/testing/index.js";

/** One step of a history. */
export type Step =
  | { readonly op: "advance"; readonly days: number }
  | { readonly op: "wait"; readonly seconds: number }
  | { readonly op: "tick" }
  | { readonly op: "createKey"; readonly origin: "AWS_KMS" | "EXTERNAL"; readonly tagged: boolean; readonly spec: KeyKind; readonly multiRegion?: boolean }
  | { readonly op: "createAwsManagedKey" | "describeAwsAlias"; readonly service: "s3" | "ebs" }
  | { readonly op: "keyOp"; readonly name: KeyOpName; readonly key: number; readonly n: number }
  | { readonly op: "alias"; readonly name: "createAlias" | "updateAlias" | "deleteAlias"; readonly alias: number; readonly key: number }
  | { readonly op: "list"; readonly name: "listKeys" | "listAliases"; readonly limit: number }
  | { readonly op: "encrypt" | "generateDataKey" | "generateDataKeyWithoutPlaintext"; readonly key: number; readonly context: boolean }
  | { readonly op: "decrypt" | "reEncrypt"; readonly blob: number; readonly key: number; readonly context: boolean }
  | { readonly op: "generateRandom"; readonly bytes: number }
  | { readonly op: "getParametersForImport"; readonly key: number }
  | { readonly op: "importKeyMaterial"; readonly token: number; readonly material: number; readonly expires: boolean; readonly type: "NEW" | "EXISTING" | "DEFAULT" }
  | { readonly op: "deleteImportedKeyMaterial"; readonly key: number }
  | { readonly op: "sign"; readonly key: number; readonly dryRun: boolean }
  | { readonly op: "verify"; readonly signature: number; readonly key: number }
  | { readonly op: "getPublicKey"; readonly key: number }
  | { readonly op: "generateMac"; readonly key: number }
  | { readonly op: "verifyMac"; readonly mac: number; readonly key: number }
  | { readonly op: "deriveSharedSecret"; readonly key: number; readonly peer: number }
  | { readonly op: "generateDataKeyPair"; readonly key: number; readonly spec: "ECC_NIST_P256" | "ECC_NIST_EDWARDS25519"; readonly plaintext: boolean }
  | { readonly op: "encryptAsymmetric"; readonly key: number; readonly size: number }
  | { readonly op: "decryptAsymmetric"; readonly blob: number; readonly key: number }
  | { readonly op: "putPrincipal"; readonly principal: number; readonly policy: number; readonly accessKey: boolean }
  | { readonly op: "createGrant"; readonly key: number; readonly grantee: number; readonly operations: number; readonly constraint: number; readonly name: number; readonly retiring: boolean }
  | { readonly op: "retireGrant"; readonly grant: number; readonly byToken: boolean }
  | { readonly op: "revokeGrant"; readonly grant: number }
  | { readonly op: "listGrants"; readonly key: number; readonly limit: number }
  | { readonly op: "listRetirableGrants"; readonly principal: number }
  | { readonly op: "getKeyLastUsage"; readonly key: number }
  | { readonly op: "as"; readonly caller: number; readonly byArn: boolean; readonly step: Step }
  | { readonly op: "replicateKey" | "updatePrimaryRegion"; readonly key: number; readonly region: number; readonly atPrimary?: boolean }
  | { readonly op: "inRegion"; readonly region: number; readonly step: Step }
  | { readonly op: "inMember"; readonly member: number; readonly step: Step };

/**
 * Regions steps name by index: two other Regions of partition aws, the home Region (ReplicateKey
 * refuses it) and one of another partition (refused everywhere).
 */
export const REGIONS = ["eu-west-1", "ap-southeast-2", "us-east-1", "cn-north-1"] as const;

/** The kinds of key a history creates: a key spec, with its usage for the specs that have several. */
export type KeyKind = "SYMMETRIC_DEFAULT" | "RSA_2048" | "RSA_2048_ENCRYPT" | "ECC_NIST_P256" | "ECC_NIST_P256_AGREEMENT" | "HMAC_256";

const KIND_SPEC: Readonly<Record<KeyKind, { KeySpec?: KeySpec; KeyUsage?: KeyUsageType }>> = {
  SYMMETRIC_DEFAULT: {},
  RSA_2048: { KeySpec: "RSA_2048", KeyUsage: "SIGN_VERIFY" },
  RSA_2048_ENCRYPT: { KeySpec: "RSA_2048", KeyUsage: "ENCRYPT_DECRYPT" },
  ECC_NIST_P256: { KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY" },
  ECC_NIST_P256_AGREEMENT: { KeySpec: "ECC_NIST_P256", KeyUsage: "KEY_AGREEMENT" },
  HMAC_256: { KeySpec: "HMAC_256", KeyUsage: "GENERATE_VERIFY_MAC" },
};

/** Operations that take one key and a small number. */
export type KeyOpName =
  | "describeKey" | "enableKey" | "disableKey" | "updateKeyDescription" | "scheduleKeyDeletion" | "cancelKeyDeletion"
  | "tagResource" | "untagResource" | "listResourceTags" | "getKeyPolicy" | "putKeyPolicy" | "listKeyPolicies"
  | "enableKeyRotation" | "disableKeyRotation" | "getKeyRotationStatus" | "rotateKeyOnDemand" | "listKeyRotations";

const KEY_OPS: readonly KeyOpName[] = [
  "describeKey", "enableKey", "disableKey", "updateKeyDescription", "scheduleKeyDeletion", "cancelKeyDeletion",
  "tagResource", "untagResource", "listResourceTags", "getKeyPolicy", "putKeyPolicy", "listKeyPolicies",
  "enableKeyRotation", "disableKeyRotation", "getKeyRotationStatus", "rotateKeyOnDemand", "listKeyRotations",
];

/** Indexes name things a history made; this one names something that does not exist. */
const MISSING = 7;
export const index = fc.integer({ min: 0, max: MISSING });
const days = fc.oneof(fc.constantFrom(1, 7, 30, 89, 90, 91, 365, 366), fc.integer({ min: 1, max: 800 }));

/** The steps of asymmetric and HMAC keys. */
const keyTypeSteps = {
  sign: fc.record({ op: fc.constant("sign" as const), key: index, dryRun: fc.boolean() }),
  verify: fc.record({ op: fc.constant("verify" as const), signature: index, key: index }),
  getPublicKey: fc.record({ op: fc.constant("getPublicKey" as const), key: index }),
  generateMac: fc.record({ op: fc.constant("generateMac" as const), key: index }),
  verifyMac: fc.record({ op: fc.constant("verifyMac" as const), mac: index, key: index }),
  deriveSharedSecret: fc.record({ op: fc.constant("deriveSharedSecret" as const), key: index, peer: index }),
  generateDataKeyPair: fc.record({
    op: fc.constant("generateDataKeyPair" as const),
    key: index,
    spec: fc.constantFrom("ECC_NIST_P256" as const, "ECC_NIST_EDWARDS25519" as const),
    plaintext: fc.boolean(),
  }),
  encryptAsymmetric: fc.record({ op: fc.constant("encryptAsymmetric" as const), key: index, size: fc.constantFrom(16, 190, 191) }),
  decryptAsymmetric: fc.record({ op: fc.constant("decryptAsymmetric" as const), blob: index, key: index }),
};

const ACCOUNT = "111122223333";
/** Principals a history registers, and the grantees and retiring principals of its grants. */
export const PRINCIPALS = [
  `arn:aws:iam::${ACCOUNT}:user/alice`,
  `arn:aws:iam::${ACCOUNT}:role/app`,
  `arn:aws:iam::${ACCOUNT}:user/bob`,
  "arn:aws:iam::444455556666:user/carol",
] as const;
/** Callers of `as` steps: the principals, a session of the role, and another account's root. */
const CALLERS = [...PRINCIPALS, `arn:aws:sts::${ACCOUNT}:assumed-role/app/job`, "444455556666"] as const;
/** IAM policies a principal may get: everything; cryptography on this account's keys; nothing. */
const IAM_POLICIES = [
  [{ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "kms:*", Resource: "*" }] }],
  [{ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*", "kms:DescribeKey"], Resource: `arn:aws:kms:*:${ACCOUNT}:key/*` }] }],
  [],
] as const;
/** Grant operations: for symmetric keys, then for signing, HMAC and key agreement keys (refused for the others). */
const GRANT_OPERATIONS = [
  ["Decrypt"], ["Encrypt", "Decrypt", "DescribeKey"], ["GenerateDataKey", "CreateGrant", "RetireGrant"], ["CreateGrant"],
  ["Sign", "Verify", "GetPublicKey"], ["GenerateMac", "VerifyMac"], ["DeriveSharedSecret", "GetPublicKey"],
] as const;
const CONSTRAINTS = [undefined, { EncryptionContextSubset: { tenant: "t-1" } }, { EncryptionContextEquals: { tenant: "t-1" } }] as const;

const accessSteps: fc.Arbitrary<Step>[] = [
  fc.record({ op: fc.constant("putPrincipal" as const), principal: fc.integer({ min: 0, max: 3 }), policy: fc.integer({ min: 0, max: 2 }), accessKey: fc.boolean() }),
  fc.record({
    op: fc.constant("createGrant" as const),
    key: index,
    grantee: fc.integer({ min: 0, max: 3 }),
    operations: fc.integer({ min: 0, max: GRANT_OPERATIONS.length - 1 }),
    constraint: fc.integer({ min: 0, max: 2 }),
    name: fc.integer({ min: 0, max: 2 }),
    retiring: fc.boolean(),
  }),
  fc.record({ op: fc.constant("retireGrant" as const), grant: index, byToken: fc.boolean() }),
  fc.record({ op: fc.constant("revokeGrant" as const), grant: index }),
  fc.record({ op: fc.constant("listGrants" as const), key: index, limit: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ op: fc.constant("listRetirableGrants" as const), principal: fc.integer({ min: 0, max: 3 }) }),
];

const getKeyLastUsageStep = fc.record({ op: fc.constant("getKeyLastUsage" as const), key: index });

/** A call made through `kms.as(caller)`. */
const asStep: fc.Arbitrary<Step> = fc.record({
  op: fc.constant("as" as const),
  caller: fc.integer({ min: 0, max: CALLERS.length - 1 }),
  byArn: fc.boolean(),
  step: fc.oneof(
    fc.record({ op: fc.constant("keyOp" as const), name: fc.constantFrom(...KEY_OPS), key: index, n: fc.integer({ min: 0, max: 40 }) }),
    fc.record({ op: fc.constantFrom("encrypt" as const, "generateDataKey" as const), key: index, context: fc.boolean() }),
    fc.record({ op: fc.constantFrom("decrypt" as const, "reEncrypt" as const), blob: index, key: index, context: fc.boolean() }),
    // Asymmetric and HMAC keys' operations, as one choice among the others.
    fc.oneof(...Object.values(keyTypeSteps)),
    ...accessSteps.slice(1),
  ),
});

/** A step of any kind (weights favour the rotation life cycle and cryptography). */
/** Steps that a call in another Region makes (the inner step of `inRegion`). */
const regionalSteps: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constant("keyOp" as const), name: fc.constantFrom(...KEY_OPS), key: index, n: fc.integer({ min: 0, max: 40 }) }),
  fc.record({ op: fc.constantFrom("encrypt" as const, "generateDataKey" as const), key: index, context: fc.boolean() }),
  fc.record({ op: fc.constantFrom("decrypt" as const, "reEncrypt" as const), blob: index, key: index, context: fc.boolean() }),
  fc.record({ op: fc.constant("alias" as const), name: fc.constantFrom("createAlias" as const, "updateAlias" as const, "deleteAlias" as const), alias: fc.integer({ min: 0, max: 2 }), key: index }),
  fc.record({ op: fc.constant("createKey" as const), origin: fc.constant("AWS_KMS" as const), tagged: fc.boolean(), spec: fc.constant<KeyKind>("SYMMETRIC_DEFAULT"), multiRegion: fc.boolean() }),
  fc.record({ op: fc.constantFrom("replicateKey" as const, "updatePrimaryRegion" as const), key: index, region: fc.integer({ min: 0, max: 3 }) }),
  getKeyLastUsageStep,
  fc.record({ op: fc.constant("list" as const), name: fc.constantFrom("listKeys" as const, "listAliases" as const), limit: fc.integer({ min: 1, max: 3 }) }),
);

/** The steps of Regions and multi-Region keys. */
export const regionSteps = [
  fc.record({ op: fc.constantFrom("replicateKey" as const, "updatePrimaryRegion" as const), key: index, region: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ op: fc.constant("inRegion" as const), region: fc.integer({ min: 0, max: 2 }), step: regionalSteps }),
];

export const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant("advance" as const), days }) },
  { weight: 1, arbitrary: fc.constant({ op: "tick" as const }) },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant("createKey" as const),
      origin: fc.constantFrom("AWS_KMS" as const, "AWS_KMS" as const, "EXTERNAL" as const),
      tagged: fc.boolean(),
      // RSA keys are rare: each one's first use makes its pair (a fraction of a second).
      spec: fc.oneof(
        { weight: 12, arbitrary: fc.constant<KeyKind>("SYMMETRIC_DEFAULT") },
        { weight: 5, arbitrary: fc.constantFrom<KeyKind>("ECC_NIST_P256", "HMAC_256") },
        { weight: 2, arbitrary: fc.constant<KeyKind>("ECC_NIST_P256_AGREEMENT") },
        { weight: 2, arbitrary: fc.constantFrom<KeyKind>("RSA_2048", "RSA_2048_ENCRYPT") },
      ),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constantFrom("createAwsManagedKey" as const, "describeAwsAlias" as const), service: fc.constantFrom("s3" as const, "ebs" as const) }) },
  { weight: 14, arbitrary: fc.record({ op: fc.constant("keyOp" as const), name: fc.constantFrom(...KEY_OPS), key: index, n: fc.integer({ min: 0, max: 40 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("alias" as const), name: fc.constantFrom("createAlias" as const, "updateAlias" as const, "deleteAlias" as const), alias: fc.integer({ min: 0, max: 3 }), key: index }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("list" as const), name: fc.constantFrom("listKeys" as const, "listAliases" as const), limit: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 7, arbitrary: fc.record({ op: fc.constantFrom("encrypt" as const, "generateDataKey" as const, "generateDataKeyWithoutPlaintext" as const), key: index, context: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constantFrom("decrypt" as const, "reEncrypt" as const), blob: index, key: index, context: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("generateRandom" as const), bytes: fc.integer({ min: 1, max: 64 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("getParametersForImport" as const), key: index }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant("importKeyMaterial" as const),
      token: fc.integer({ min: 0, max: 2 }),
      material: fc.integer({ min: 0, max: 2 }),
      expires: fc.boolean(),
      type: fc.constantFrom("NEW" as const, "EXISTING" as const, "DEFAULT" as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("deleteImportedKeyMaterial" as const), key: index }) },
  { weight: 3, arbitrary: keyTypeSteps.sign },
  { weight: 2, arbitrary: keyTypeSteps.verify },
  { weight: 1, arbitrary: keyTypeSteps.getPublicKey },
  { weight: 2, arbitrary: keyTypeSteps.generateMac },
  { weight: 1, arbitrary: keyTypeSteps.verifyMac },
  { weight: 1, arbitrary: keyTypeSteps.deriveSharedSecret },
  { weight: 1, arbitrary: keyTypeSteps.generateDataKeyPair },
  { weight: 1, arbitrary: keyTypeSteps.encryptAsymmetric },
  { weight: 1, arbitrary: keyTypeSteps.decryptAsymmetric },
  ...accessSteps.map((arbitrary) => ({ weight: 1, arbitrary })),
  { weight: 1, arbitrary: getKeyLastUsageStep },
  // GetKeyLastUsage as another caller (kms:GetKeyLastUsage is authorized like every operation).
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant("as" as const),
      caller: fc.integer({ min: 0, max: CALLERS.length - 1 }),
      byArn: fc.boolean(),
      step: getKeyLastUsageStep,
    }),
  },
  { weight: 4, arbitrary: asStep },
);

/** Every step, Regions included: what `history` draws from unless told otherwise. */
export const stepWithRegions: fc.Arbitrary<Step> = fc.oneof(
  { weight: 12, arbitrary: step },
  { weight: 1, arbitrary: regionSteps[0] as fc.Arbitrary<Step> },
  { weight: 2, arbitrary: regionSteps[1] as fc.Arbitrary<Step> },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("createKey" as const), origin: fc.constantFrom("AWS_KMS" as const, "EXTERNAL" as const), tagged: fc.boolean(), spec: fc.constant<KeyKind>("SYMMETRIC_DEFAULT"), multiRegion: fc.constant(true) }) },
);

/** Steps of access control only (principals, grants, calls as other callers), for access properties. */
export const accessStep: fc.Arbitrary<Step> = fc.oneof(...accessSteps, asStep, asStep);

export const START: readonly Step[] = [
  { op: "createKey", origin: "AWS_KMS", tagged: false, spec: "SYMMETRIC_DEFAULT" },
  { op: "createKey", origin: "AWS_KMS", tagged: true, spec: "SYMMETRIC_DEFAULT" },
  { op: "createKey", origin: "EXTERNAL", tagged: false, spec: "SYMMETRIC_DEFAULT" },
  { op: "createKey", origin: "AWS_KMS", tagged: false, spec: "ECC_NIST_P256" },
  { op: "createKey", origin: "AWS_KMS", tagged: false, spec: "HMAC_256" },
  { op: "createKey", origin: "AWS_KMS", tagged: false, spec: "ECC_NIST_P256_AGREEMENT" },
  // Alice may do everything, the app role cryptography; Bob and Carol only what grants give them.
  { op: "putPrincipal", principal: 0, policy: 0, accessKey: false },
  { op: "putPrincipal", principal: 1, policy: 1, accessKey: true },
];

/** Histories with Regions start with a multi-Region key (the seventh key: index 6) replicated to eu-west-1. */
export const MULTI_REGION_START: readonly Step[] = [
  { op: "createKey", origin: "AWS_KMS", tagged: false, spec: "SYMMETRIC_DEFAULT", multiRegion: true },
  { op: "replicateKey", key: 6, region: 0 },
];

/** RSA keys, made in a quarter of the histories: the first use of each makes its pair (slow-ish). */
const RSA_START: readonly Step[] = [
  { op: "createKey", origin: "AWS_KMS", tagged: false, spec: "RSA_2048" },
  { op: "createKey", origin: "AWS_KMS", tagged: false, spec: "RSA_2048_ENCRYPT" },
];

/** A history: a few keys first (so early steps have something to act on), then random steps. */
export const history = (maxLength = 40, options: { minLength?: number; steps?: fc.Arbitrary<Step> } = {}): fc.Arbitrary<Step[]> =>
  fc
    .tuple(fc.array(options.steps ?? stepWithRegions, { minLength: options.minLength ?? 1, maxLength }), fc.integer({ min: 0, max: 3 }))
    .map(([steps, rsa]) => [...START, ...(options.steps === undefined ? MULTI_REGION_START : []), ...(rsa === 0 ? RSA_START : []), ...steps]);

/** What a history has made so far, that later steps refer to. */
export class World {
  readonly keyIds: string[] = [];
  /** The multi-Region keys made (bare ids), and the Region each one's primary is in as far as the history knows. */
  readonly multiRegion: string[] = [];
  readonly primaries = new Map<string, string>();
  /** True while a step plays through `kms.inRegion(...)`: its keys are then mostly multi-Region keys. */
  inFamily = false;
  /** Grants made so far (some since retired or revoked), with a token of each. */
  readonly grants: { keyId: string; grantId: string; token: string }[] = [];
  /** Whether key references are key ARNs (another account's callers must use them). */
  byArn = false;
  /** Ciphertexts made so far, each with the encryption context it was made under. */
  readonly blobs: { blob: Uint8Array; context: Record<string, string> | undefined }[] = [];
  /** Import tokens, each with the Region that issued it (a token is good in its own Region only). */
  readonly tokens: { keyId: string; token: Uint8Array; publicKey: Uint8Array; region?: string }[] = [];
  /** The kind of each key made (by id). */
  readonly kinds = new Map<string, KeyKind>();
  /** Keys of origin EXTERNAL. */
  readonly external = new Set<string>();
  readonly signatures: { signature: Uint8Array; algorithm: SigningAlgorithmSpec }[] = [];
  readonly macs: Uint8Array[] = [];
  readonly publicKeys: Uint8Array[] = [];
  readonly rsaBlobs: Uint8Array[] = [];

  /**
   * A key for a key-type step: index 6 names any key (so usage errors happen), 7 none; the rest
   * name, counting round, the keys of the kinds the step is for (any key when there are none).
   */
  keyFor(i: number, kinds: readonly KeyKind[]): string {
    const suitable = this.keyIds.filter((id) => kinds.includes(this.kinds.get(id) as KeyKind));
    if (i === MISSING || i === MISSING - 1 || suitable.length === 0) return this.keyId(i);
    return this.reference(suitable[i % suitable.length] as string);
  }

  /** The kind of the key a reference (id or ARN) names. */
  kindOf(reference: string): KeyKind | undefined {
    return this.kinds.get(reference.slice(reference.lastIndexOf("/") + 1));
  }

  /** How steps name key `id`: its id, or its ARN while `byArn`. */
  reference(id: string): string {
    return this.byArn ? `arn:aws:kms:us-east-1:${ACCOUNT}:key/${id}` : id;
  }

  /** Item `i` of `items`, counting round; index 7 (or an empty list) gives `missing`. */
  pick<T>(items: readonly T[], i: number, missing: T): T {
    return i === MISSING || items.length === 0 ? missing : (items[i % items.length] as T);
  }

  /**
   * Key `i` of those made, counting round; index 7 names a key that does not exist. Through
   * `kms.inRegion(...)`, indexes 0..5 name the multi-Region keys instead (when there are some).
   */
  keyId(i: number): string {
    if (this.inFamily && i < MISSING - 1 && this.multiRegion.length > 0) return this.familyKey(i);
    return this.reference(i === MISSING || this.keyIds.length === 0 ? "11111111-2222-4333-8444-555555555555" : (this.keyIds[i % this.keyIds.length] as string));
  }

  /**
   * A family just replicated or moved: its key becomes the first multi-Region key, so the next
   * steps name it more often (while its members may still be Creating or Updating).
   */
  touched(keyId: string): void {
    const at = this.multiRegion.indexOf(keyId);
    if (at > 0) this.multiRegion.unshift(...this.multiRegion.splice(at, 1));
  }

  /** Multi-Region key `i` of those made, counting round; index 6 names any key (as `keyId`), 7 none. */
  familyKey(i: number): string {
    if (i >= MISSING - 1 || this.multiRegion.length === 0) return this.reference(i === MISSING || this.keyIds.length === 0 ? "11111111-2222-4333-8444-555555555555" : (this.keyIds[i % this.keyIds.length] as string));
    return this.reference(this.multiRegion[i % this.multiRegion.length] as string);
  }

  /** Grant `i` of those made, counting round; index 7 names one that does not exist. */
  grant(i: number): { keyId: string; grantId: string; token: string } | undefined {
    if (i === MISSING || this.grants.length === 0) return undefined;
    return this.grants[i % this.grants.length];
  }

  /** Ciphertext `i` of those made, counting round; index 7 is garbage. */
  blob(i: number): { blob: Uint8Array; context: Record<string, string> | undefined } {
    if (i === MISSING || this.blobs.length === 0) return { blob: new Uint8Array(90).fill(2), context: undefined };
    return this.blobs[i % this.blobs.length] as { blob: Uint8Array; context: Record<string, string> | undefined };
  }
}

const ALIASES = ["alias/a", "alias/b", "alias/c", "alias/aws/s3"];
const MATERIALS = [new Uint8Array(32).fill(1), new Uint8Array(32).fill(2), new Uint8Array(32).fill(3)];

/** A fixed P-256 private key as PKCS #8 (OpenSSL's encoding), for EXTERNAL ECC keys. */
function ecPkcs8(byte: number): Uint8Array {
  const d = new Uint8Array(32).fill(byte);
  const point = p256.getPublicKey(d, false);
  const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url");
  const jwk = { kty: "EC", crv: "P-256", d: b64(d), x: b64(point.subarray(1, 33)), y: b64(point.subarray(33)) };
  return new Uint8Array(createPrivateKey({ key: jwk, format: "jwk" }).export({ format: "der", type: "pkcs8" }));
}
const EC_MATERIALS = [ecPkcs8(1), ecPkcs8(2), ecPkcs8(3)];
const MESSAGE = new Uint8Array([7, 7, 7]);

const SIGNING: readonly KeyKind[] = ["ECC_NIST_P256", "RSA_2048"];

/** The signing algorithm a key of this kind uses (ECDSA for the rest: they then fail on usage). */
function algorithmFor(kind: KeyKind | undefined): SigningAlgorithmSpec {
  return kind === "RSA_2048" ? "RSASSA_PKCS1_V1_5_SHA_256" : "ECDSA_SHA_256";
}
const CONTEXT = { tenant: "t-1" };

/** The error name a promise rejects with (a KMS error), or null when it resolves. */
export async function outcome(call: Promise<unknown>): Promise<string | null> {
  try {
    await call;
    return null;
  } catch (error) {
    if (error instanceof KmsError) return error.name;
    throw error;
  }
}

/** Plays one step. @returns the KMS error name it failed with, or null. */
export async function play(kms: Kms, clock: ManualClock, world: World, s: Step): Promise<string | null> {
  const now = clock.now().getTime();
  switch (s.op) {
    case "advance":
      clock.advance(s.days * 86_400_000);
      return null;
    case "wait":
      clock.advance(s.seconds * 1000);
      return null;
    case "tick":
      return outcome(kms.tick());
    case "createKey":
      return outcome(
        kms
          .createKey({
            Origin: s.origin,
            ...KIND_SPEC[s.spec],
            ...(s.multiRegion === true ? { MultiRegion: true } : {}),
            ...(s.tagged ? { Tags: [{ TagKey: "team", TagValue: "x" }], Description: "tagged" } : {}),
          })
          .then((r) => {
            const keyId = r.KeyMetadata?.KeyId as string;
            world.keyIds.push(keyId);
            world.kinds.set(keyId, s.spec);
            if (s.origin === "EXTERNAL") world.external.add(keyId);
            if (s.multiRegion === true) {
              world.multiRegion.push(keyId);
              world.primaries.set(keyId, kms.region);
            }
          }),
      );
    case "createAwsManagedKey":
      return outcome(kms.createAwsManagedKey({ Service: s.service }));
    case "replicateKey":
    case "updatePrimaryRegion": {
      const KeyId = world.familyKey(s.key);
      const id = KeyId.slice(KeyId.lastIndexOf("/") + 1);
      // `atPrimary`: called in the Region the history last saw the key's primary in, and
      // UpdatePrimaryRegion then mostly to a Region that has a replica (DescribeKey, a read, says which).
      const at = s.atPrimary === true ? kms.inRegion(world.primaries.get(id) ?? kms.region) : kms;
      let region = REGIONS[s.region] as string;
      if (s.op === "updatePrimaryRegion" && s.atPrimary === true && s.region < 2) {
        const replicas = (await at.describeKey({ KeyId }).catch(() => undefined))?.KeyMetadata?.MultiRegionConfiguration?.ReplicaKeys ?? [];
        region = replicas[s.region % Math.max(replicas.length, 1)]?.Region ?? region;
      }
      if (s.op === "replicateKey") return outcome(at.replicateKey({ KeyId, ReplicaRegion: region }).then(() => world.touched(id)));
      return outcome(
        at.updatePrimaryRegion({ KeyId, PrimaryRegion: region }).then(() => {
          world.primaries.set(id, region);
          world.touched(id);
        }),
      );
    }
    case "inMember": {
      // Through the Region of member `member` of the family last replicated or moved (its primary
      // first), which DescribeKey in the primary's Region tells (a read: it changes nothing).
      const id = world.multiRegion[0];
      const home = id === undefined ? undefined : world.primaries.get(id);
      const described = id === undefined || home === undefined ? undefined : await kms.inRegion(home).describeKey({ KeyId: id }).catch(() => undefined);
      const configuration = described?.KeyMetadata?.MultiRegionConfiguration;
      const regions = [configuration?.PrimaryKey?.Region, ...(configuration?.ReplicaKeys ?? []).map((replica) => replica.Region)].filter((r) => r !== undefined);
      const region = regions.length === 0 ? 0 : REGIONS.indexOf(regions[s.member % regions.length] as (typeof REGIONS)[number]);
      return play(kms, clock, world, { op: "inRegion", region: Math.max(region, 0), step: s.step });
    }
    case "inRegion": {
      const outer = world.inFamily;
      world.inFamily = true;
      try {
        return await play(kms.inRegion(REGIONS[s.region] as string), clock, world, s.step);
      } finally {
        world.inFamily = outer;
      }
    }
    case "describeAwsAlias":
      return outcome(kms.describeKey({ KeyId: `alias/aws/${s.service}` }));
    case "keyOp":
      return outcome(keyOp(kms, s.name, world.keyId(s.key), s.n));
    case "alias": {
      const name = ALIASES[s.alias] as string;
      if (s.name === "deleteAlias") return outcome(kms.deleteAlias({ AliasName: name }));
      return outcome(kms[s.name]({ AliasName: name, TargetKeyId: world.keyId(s.key) }));
    }
    case "list":
      return outcome(s.name === "listKeys" ? kms.listKeys({ Limit: s.limit }) : kms.listAliases({ Limit: s.limit }));
    case "encrypt":
    case "generateDataKey":
    case "generateDataKeyWithoutPlaintext": {
      const context = s.context ? CONTEXT : undefined;
      const base = { KeyId: world.keyId(s.key), ...(context ? { EncryptionContext: context } : {}) };
      const call =
        s.op === "encrypt"
          ? kms.encrypt({ ...base, Plaintext: new Uint8Array([1, 2, 3]) })
          : kms[s.op]({ ...base, KeySpec: "AES_256" });
      return outcome(call.then((r) => world.blobs.push({ blob: r.CiphertextBlob as Uint8Array, context })));
    }
    case "decrypt":
    case "reEncrypt": {
      // `context` false: the wrong context (none), which fails for ciphertexts made under one.
      const { blob, context } = world.blob(s.blob);
      const given = s.context ? context : undefined;
      if (s.op === "decrypt") return outcome(kms.decrypt({ CiphertextBlob: blob, ...(given ? { EncryptionContext: given } : {}) }));
      return outcome(
        kms
          .reEncrypt({ CiphertextBlob: blob, DestinationKeyId: world.keyId(s.key), ...(given ? { SourceEncryptionContext: given, DestinationEncryptionContext: given } : {}) })
          .then((r) => world.blobs.push({ blob: r.CiphertextBlob as Uint8Array, context: given })),
      );
    }
    case "generateRandom":
      return outcome(kms.generateRandom({ NumberOfBytes: s.bytes }));
    case "getParametersForImport": {
      // Mostly EXTERNAL keys (index 6: any key, 7: none), so that imports happen; through
      // `kms.inRegion(...)` mostly imported multi-Region keys, so that replicas get their material.
      const external = world.keyIds.filter((id) => world.external.has(id));
      const family = world.inFamily ? external.filter((id) => world.multiRegion.includes(id)) : [];
      const pool = family.length > 0 ? family : external;
      const keyId = s.key < 6 && pool.length > 0 ? world.reference(pool[s.key % pool.length] as string) : world.keyId(s.key);
      return outcome(
        kms
          .getParametersForImport({ KeyId: keyId, WrappingAlgorithm: "RSAES_OAEP_SHA_256", WrappingKeySpec: "RSA_2048" })
          .then((p) => world.tokens.push({ keyId, token: p.ImportToken as Uint8Array, publicKey: p.PublicKey as Uint8Array, region: kms.region })),
      );
    }
    case "importKeyMaterial": {
      const token = world.tokens.length === 0 ? undefined : world.tokens[s.token % world.tokens.length];
      if (!token) return outcome(kms.importKeyMaterial({ KeyId: world.keyId(2), ImportToken: new Uint8Array(33), EncryptedKeyMaterial: new Uint8Array(256), ExpirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE" }));
      const materials = world.kindOf(token.keyId) === "ECC_NIST_P256" ? EC_MATERIALS : MATERIALS;
      const wrapped = await wrapKeyMaterial(token.publicKey, materials[s.material] as Uint8Array, "RSAES_OAEP_SHA_256");
      // A token is good in the Region that issued it: a step elsewhere imports there.
      const target = token.region === undefined || token.region === kms.region ? kms : kms.inRegion(token.region);
      return outcome(
        target.importKeyMaterial({
          KeyId: token.keyId,
          ImportToken: token.token,
          EncryptedKeyMaterial: wrapped,
          ...(s.type === "DEFAULT" ? {} : { ImportType: s.type === "NEW" ? "NEW_KEY_MATERIAL" : "EXISTING_KEY_MATERIAL" }),
          ...(s.expires
            ? { ExpirationModel: "KEY_MATERIAL_EXPIRES", ValidTo: new Date(now + 100 * 86_400_000) }
            : { ExpirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE" }),
        }),
      );
    }
    case "deleteImportedKeyMaterial":
      return outcome(kms.deleteImportedKeyMaterial({ KeyId: world.keyId(s.key) }));
    case "putPrincipal":
      return outcome(
        Promise.resolve().then(() =>
          kms.putPrincipal(PRINCIPALS[s.principal] as string, {
            Policies: [...(IAM_POLICIES[s.policy] ?? [])],
            ...(s.accessKey ? { AccessKeyId: `AKIAHISTORY00000${s.principal}`, SecretAccessKey: `secret-${s.principal}` } : {}),
          }),
        ),
      );
    case "createGrant": {
      const KeyId = world.keyId(s.key);
      const constraints = CONSTRAINTS[s.constraint];
      return outcome(
        kms
          .createGrant({
            KeyId,
            GranteePrincipal: PRINCIPALS[s.grantee] as string,
            Operations: [...(GRANT_OPERATIONS[s.operations] ?? [])],
            ...(constraints ? { Constraints: constraints } : {}),
            ...(s.name > 0 ? { Name: `g${s.name}` } : {}),
            ...(s.retiring ? { RetiringPrincipal: PRINCIPALS[(s.grantee + 1) % PRINCIPALS.length] as string } : {}),
          })
          .then((r) => world.grants.push({ keyId: KeyId, grantId: r.GrantId as string, token: r.GrantToken as string })),
      );
    }
    case "retireGrant": {
      const grant = world.grant(s.grant);
      if (!grant) return outcome(kms.retireGrant({ KeyId: world.keyId(0), GrantId: "0".repeat(64) }));
      return outcome(s.byToken ? kms.retireGrant({ GrantToken: grant.token }) : kms.retireGrant({ KeyId: grant.keyId, GrantId: grant.grantId }));
    }
    case "revokeGrant": {
      const grant = world.grant(s.grant);
      return outcome(kms.revokeGrant(grant ? { KeyId: grant.keyId, GrantId: grant.grantId } : { KeyId: world.keyId(0), GrantId: "0".repeat(64) }));
    }
    case "listGrants":
      return outcome(kms.listGrants({ KeyId: world.keyId(s.key), Limit: s.limit }));
    case "listRetirableGrants":
      return outcome(kms.listRetirableGrants({ RetiringPrincipal: PRINCIPALS[s.principal] as string }));
    case "as": {
      world.byArn = s.byArn;
      try {
        return await play(kms.as(CALLERS[s.caller] as string), clock, world, s.step);
      } finally {
        world.byArn = false;
      }
    }
    default:
      return playKeyTypeStep(kms, world, s);
  }
}

/** The steps of asymmetric and HMAC keys. */
function playKeyTypeStep(kms: Kms, world: World, s: Step): Promise<string | null> {
  switch (s.op) {
    case "sign": {
      const KeyId = world.keyFor(s.key, SIGNING);
      const algorithm = algorithmFor(world.kindOf(KeyId));
      return outcome(
        kms
          .sign({ KeyId, Message: MESSAGE, SigningAlgorithm: algorithm, DryRun: s.dryRun })
          .then((r) => world.signatures.push({ signature: r.Signature as Uint8Array, algorithm })),
      );
    }
    case "verify": {
      const { signature, algorithm } = world.pick(world.signatures, s.signature, { signature: new Uint8Array(64).fill(1), algorithm: "ECDSA_SHA_256" });
      return outcome(kms.verify({ KeyId: world.keyFor(s.key, SIGNING), Message: MESSAGE, Signature: signature, SigningAlgorithm: algorithm }));
    }
    case "getKeyLastUsage":
      return outcome(kms.getKeyLastUsage({ KeyId: world.keyId(s.key) }));
    case "getPublicKey":
      return outcome(kms.getPublicKey({ KeyId: world.keyFor(s.key, [...SIGNING, "ECC_NIST_P256_AGREEMENT", "RSA_2048_ENCRYPT"]) }).then((r) => world.publicKeys.push(r.PublicKey as Uint8Array)));
    case "generateMac":
      return outcome(
        kms.generateMac({ KeyId: world.keyFor(s.key, ["HMAC_256"]), Message: MESSAGE, MacAlgorithm: "HMAC_SHA_256" }).then((r) => world.macs.push(r.Mac as Uint8Array)),
      );
    case "verifyMac":
      return outcome(
        kms.verifyMac({ KeyId: world.keyFor(s.key, ["HMAC_256"]), Message: MESSAGE, MacAlgorithm: "HMAC_SHA_256", Mac: world.pick(world.macs, s.mac, new Uint8Array(32)) }),
      );
    case "deriveSharedSecret":
      return outcome(
        kms.deriveSharedSecret({ KeyId: world.keyFor(s.key, ["ECC_NIST_P256_AGREEMENT"]), KeyAgreementAlgorithm: "ECDH", PublicKey: world.pick(world.publicKeys, s.peer, new Uint8Array(91)) }),
      );
    case "generateDataKeyPair": {
      const request = { KeyId: world.keyId(s.key), KeyPairSpec: s.spec };
      const call = s.plaintext ? kms.generateDataKeyPair(request) : kms.generateDataKeyPairWithoutPlaintext(request);
      return outcome(call.then((r) => world.blobs.push({ blob: r.PrivateKeyCiphertextBlob as Uint8Array, context: undefined })));
    }
    case "encryptAsymmetric":
      return outcome(
        kms
          .encrypt({ KeyId: world.keyFor(s.key, ["RSA_2048_ENCRYPT"]), Plaintext: new Uint8Array(s.size).fill(5), EncryptionAlgorithm: "RSAES_OAEP_SHA_256" })
          .then((r) => world.rsaBlobs.push(r.CiphertextBlob as Uint8Array)),
      );
    case "decryptAsymmetric":
      return outcome(
        kms.decrypt({ KeyId: world.keyFor(s.key, ["RSA_2048_ENCRYPT"]), CiphertextBlob: world.pick(world.rsaBlobs, s.blob, new Uint8Array(256)), EncryptionAlgorithm: "RSAES_OAEP_SHA_256" }),
      );
    default:
      throw new TypeError(`unknown step ${JSON.stringify(s)}`);
  }
}

/**
 * Key policies a history puts: not JSON; one that would lock the caller out (refused); the account
 * delegating to IAM, alone or with the app role allowed to decrypt under an encryption context,
 * or with a Deny of data keys made without a tenant in their encryption context.
 */
function keyPolicy(n: number): string {
  if (n % 7 === 0) return "not json";
  const account = { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" };
  const statements: object[][] = [
    [{ Effect: "Allow", Principal: { AWS: PRINCIPALS[2] }, Action: "kms:*", Resource: "*" }],
    [account],
    [account, { Effect: "Allow", Principal: { AWS: PRINCIPALS[1] }, Action: "kms:Decrypt", Resource: "*", Condition: { StringEquals: { "kms:EncryptionContext:tenant": "t-1" } } }],
    [account, { Effect: "Deny", Principal: "*", Action: "kms:GenerateDataKey*", Resource: "*", Condition: { Null: { "kms:EncryptionContext:tenant": "true" } } }],
  ];
  return JSON.stringify({ Version: "2012-10-17", Statement: statements[n % statements.length] });
}

function keyOp(kms: Kms, name: KeyOpName, KeyId: string, n: number): Promise<unknown> {
  switch (name) {
    case "describeKey":
    case "enableKey":
    case "disableKey":
    case "cancelKeyDeletion":
    case "listResourceTags":
    case "listKeyPolicies":
    case "disableKeyRotation":
    case "getKeyRotationStatus":
    case "rotateKeyOnDemand":
      return kms[name]({ KeyId });
    case "updateKeyDescription":
      return kms.updateKeyDescription({ KeyId, Description: `d${n}` });
    case "scheduleKeyDeletion":
      return kms.scheduleKeyDeletion({ KeyId, PendingWindowInDays: 5 + n });
    case "tagResource":
      return kms.tagResource({ KeyId, Tags: [{ TagKey: `k${n % 3}`, TagValue: `v${n}` }] });
    case "untagResource":
      return kms.untagResource({ KeyId, TagKeys: [`k${n % 3}`] });
    case "getKeyPolicy":
      return kms.getKeyPolicy({ KeyId, PolicyName: n % 5 === 0 ? "other" : "default" });
    case "putKeyPolicy":
      return kms.putKeyPolicy({ KeyId, Policy: keyPolicy(n) });
    case "enableKeyRotation":
      return kms.enableKeyRotation({ KeyId, ...(n % 4 === 0 ? {} : { RotationPeriodInDays: 80 + 10 * n }) });
    case "listKeyRotations":
      return kms.listKeyRotations({ KeyId, IncludeKeyMaterial: n % 2 === 0 ? "ALL_KEY_MATERIAL" : "ROTATIONS_ONLY" });
  }
}
