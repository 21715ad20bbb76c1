/**
 * Random histories of every KMS operation, for property tests: a fast-check arbitrary of steps and
 * a runner that plays them against a KMS. Steps name keys, aliases, ciphertexts and import tokens
 * by index into what the history made so far (an index past the end names something that does not
 * exist), so every step is meaningful whatever came before it, and most fail now and then the way
 * real calls do. Other property tests (access control, Regions) extend the same step list.
 */
import fc from "fast-check";
import { KmsError, type Kms } from "../../src/index.js";
import { wrapKeyMaterial, type ManualClock } from "../../src/testing/index.js";

/** One step of a history. */
export type Step =
  | { readonly op: "advance"; readonly days: number }
  | { readonly op: "tick" }
  | { readonly op: "createKey"; readonly origin: "AWS_KMS" | "EXTERNAL"; readonly tagged: boolean; readonly spec: "SYMMETRIC_DEFAULT" | "RSA_2048" }
  | { readonly op: "createAwsManagedKey" | "describeAwsAlias"; readonly service: "s3" | "ebs" }
  | { readonly op: "keyOp"; readonly name: KeyOpName; readonly key: number; readonly n: number }
  | { readonly op: "alias"; readonly name: "createAlias" | "updateAlias" | "deleteAlias"; readonly alias: number; readonly key: number }
  | { readonly op: "list"; readonly name: "listKeys" | "listAliases"; readonly limit: number }
  | { readonly op: "encrypt" | "generateDataKey" | "generateDataKeyWithoutPlaintext"; readonly key: number; readonly context: boolean }
  | { readonly op: "decrypt" | "reEncrypt"; readonly blob: number; readonly key: number; readonly context: boolean }
  | { readonly op: "generateRandom"; readonly bytes: number }
  | { readonly op: "getParametersForImport"; readonly key: number }
  | { readonly op: "importKeyMaterial"; readonly token: number; readonly material: number; readonly expires: boolean; readonly type: "NEW" | "EXISTING" | "DEFAULT" }
  | { readonly op: "deleteImportedKeyMaterial"; readonly key: number };

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
const index = fc.integer({ min: 0, max: MISSING });
const days = fc.oneof(fc.constantFrom(1, 7, 30, 89, 90, 91, 365, 366), fc.integer({ min: 1, max: 800 }));

/** A step of any kind (weights favour the rotation life cycle and cryptography). */
export const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant("advance" as const), days }) },
  { weight: 1, arbitrary: fc.constant({ op: "tick" as const }) },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant("createKey" as const),
      origin: fc.constantFrom("AWS_KMS" as const, "AWS_KMS" as const, "EXTERNAL" as const),
      tagged: fc.boolean(),
      spec: fc.constantFrom("SYMMETRIC_DEFAULT" as const, "SYMMETRIC_DEFAULT" as const, "SYMMETRIC_DEFAULT" as const, "RSA_2048" as const),
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
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant("importKeyMaterial" as const),
      token: fc.integer({ min: 0, max: 2 }),
      material: fc.integer({ min: 0, max: 2 }),
      expires: fc.boolean(),
      type: fc.constantFrom("NEW" as const, "EXISTING" as const, "DEFAULT" as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("deleteImportedKeyMaterial" as const), key: index }) },
);

const START: readonly Step[] = [
  { op: "createKey", origin: "AWS_KMS", tagged: false, spec: "SYMMETRIC_DEFAULT" },
  { op: "createKey", origin: "AWS_KMS", tagged: true, spec: "SYMMETRIC_DEFAULT" },
  { op: "createKey", origin: "EXTERNAL", tagged: false, spec: "SYMMETRIC_DEFAULT" },
];

/** A history: a few keys first (so early steps have something to act on), then random steps. */
export const history = (maxLength = 40): fc.Arbitrary<Step[]> =>
  fc.array(step, { minLength: 1, maxLength }).map((steps) => [...START, ...steps]);

/** What a history has made so far, that later steps refer to. */
export class World {
  readonly keyIds: string[] = [];
  /** Ciphertexts made so far, each with the encryption context it was made under. */
  readonly blobs: { blob: Uint8Array; context: Record<string, string> | undefined }[] = [];
  readonly tokens: { keyId: string; token: Uint8Array; publicKey: Uint8Array }[] = [];

  /** Key `i` of those made, counting round; index 7 names a key that does not exist. */
  keyId(i: number): string {
    if (i === MISSING || this.keyIds.length === 0) return "11111111-2222-4333-8444-555555555555";
    return this.keyIds[i % this.keyIds.length] as string;
  }

  /** Ciphertext `i` of those made, counting round; index 7 is garbage. */
  blob(i: number): { blob: Uint8Array; context: Record<string, string> | undefined } {
    if (i === MISSING || this.blobs.length === 0) return { blob: new Uint8Array(90).fill(2), context: undefined };
    return this.blobs[i % this.blobs.length] as { blob: Uint8Array; context: Record<string, string> | undefined };
  }
}

const ALIASES = ["alias/a", "alias/b", "alias/c", "alias/aws/s3"];
const MATERIALS = [new Uint8Array(32).fill(1), new Uint8Array(32).fill(2), new Uint8Array(32).fill(3)];
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
    case "tick":
      return outcome(kms.tick());
    case "createKey":
      return outcome(
        kms
          .createKey({
            Origin: s.origin,
            ...(s.spec === "RSA_2048" ? { KeySpec: "RSA_2048", KeyUsage: "SIGN_VERIFY" } : {}),
            ...(s.tagged ? { Tags: [{ TagKey: "team", TagValue: "x" }], Description: "tagged" } : {}),
          })
          .then((r) => world.keyIds.push(r.KeyMetadata?.KeyId as string)),
      );
    case "createAwsManagedKey":
      return outcome(kms.createAwsManagedKey({ Service: s.service }));
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
      const keyId = world.keyId(s.key);
      return outcome(
        kms
          .getParametersForImport({ KeyId: keyId, WrappingAlgorithm: "RSAES_OAEP_SHA_256", WrappingKeySpec: "RSA_2048" })
          .then((p) => world.tokens.push({ keyId, token: p.ImportToken as Uint8Array, publicKey: p.PublicKey as Uint8Array })),
      );
    }
    case "importKeyMaterial": {
      const token = world.tokens[s.token % (world.tokens.length + 1)];
      if (!token) return outcome(kms.importKeyMaterial({ KeyId: world.keyId(2), ImportToken: new Uint8Array(33), EncryptedKeyMaterial: new Uint8Array(256), ExpirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE" }));
      const wrapped = await wrapKeyMaterial(token.publicKey, MATERIALS[s.material] as Uint8Array, "RSAES_OAEP_SHA_256");
      return outcome(
        kms.importKeyMaterial({
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
  }
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
      return kms.putKeyPolicy({ KeyId, Policy: n % 7 === 0 ? "not json" : JSON.stringify({ Version: "2012-10-17", Statement: [] }) });
    case "enableKeyRotation":
      return kms.enableKeyRotation({ KeyId, ...(n % 4 === 0 ? {} : { RotationPeriodInDays: 80 + 10 * n }) });
    case "listKeyRotations":
      return kms.listKeyRotations({ KeyId, IncludeKeyMaterial: n % 2 === 0 ? "ALL_KEY_MATERIAL" : "ROTATIONS_ONLY" });
  }
}
