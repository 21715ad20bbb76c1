/**
 * Random histories for the properties of Regions: the steps of random-history.ts weighted towards
 * multi-Region families. ReplicateKey and UpdatePrimaryRegion, often in the Region the primary is
 * in; calls in every Region on the members of families (enable, disable, deletion and its
 * cancellation, rotation, cryptography, imports of the same bytes); clock moves of seconds across
 * the end of Creating and Updating; and, in some histories, a family of imported material from the
 * start. Each history also says how long Creating and Updating last (0 in some: immediate).
 */
import fc from "fast-check";
import { index, MULTI_REGION_START, START, step, type KeyOpName, type Step } from "./random-history.js";

/** The key operations that change a member's state: often, so that some land while it is Creating or Updating. */
const LIFE_CYCLE_OPS: readonly KeyOpName[] = ["enableKey", "disableKey", "scheduleKeyDeletion", "cancelKeyDeletion"];

/** The other key operations on what a family shares or what each member owns. */
const FAMILY_KEY_OPS: readonly KeyOpName[] = [
  "describeKey", "updateKeyDescription", "tagResource", "putKeyPolicy",
  "enableKeyRotation", "disableKeyRotation", "getKeyRotationStatus", "rotateKeyOnDemand", "listKeyRotations",
];

const keyOp = (names: readonly KeyOpName[]): fc.Arbitrary<Step> =>
  fc.record({ op: fc.constant("keyOp" as const), name: fc.constantFrom(...names), key: index, n: fc.integer({ min: 0, max: 40 }) });

/**
 * ReplicateKey or UpdatePrimaryRegion, mostly to the two other Regions of partition aws (the home
 * Region and cn-north-1 less often) and mostly in the Region the primary is in.
 */
const replication: fc.Arbitrary<Step> = fc.record({
  op: fc.constantFrom("replicateKey" as const, "updatePrimaryRegion" as const),
  key: index,
  region: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 1 }) }, { weight: 1, arbitrary: fc.integer({ min: 2, max: 3 }) }),
  atPrimary: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
});

const importMaterial: fc.Arbitrary<Step> = fc.record({
  op: fc.constant("importKeyMaterial" as const),
  token: fc.integer({ min: 0, max: 3 }),
  material: fc.integer({ min: 0, max: 2 }),
  expires: fc.boolean(),
  // Replicas import with ImportType omitted; NEW_KEY_MATERIAL is for the primary (and refused on replicas).
  type: fc.constantFrom("DEFAULT" as const, "DEFAULT" as const, "EXISTING" as const, "NEW" as const),
});

const multiRegionKey: fc.Arbitrary<Step> = fc.record({
  op: fc.constant("createKey" as const),
  origin: fc.constantFrom("AWS_KMS" as const, "AWS_KMS" as const, "EXTERNAL" as const),
  tagged: fc.boolean(),
  spec: fc.constant("SYMMETRIC_DEFAULT" as const),
  multiRegion: fc.constant(true),
});

/** What a call through `kms.inRegion(...)` does (its keys are mostly multi-Region keys: World.keyId). */
const familyStep: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: keyOp(LIFE_CYCLE_OPS) },
  { weight: 4, arbitrary: keyOp(FAMILY_KEY_OPS) },
  { weight: 3, arbitrary: fc.record({ op: fc.constantFrom("encrypt" as const, "generateDataKey" as const), key: index, context: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constantFrom("decrypt" as const, "reEncrypt" as const), blob: index, key: index, context: fc.boolean() }) },
  { weight: 3, arbitrary: replication },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("getParametersForImport" as const), key: index }) },
  { weight: 2, arbitrary: importMaterial },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("deleteImportedKeyMaterial" as const), key: index }) },
  { weight: 1, arbitrary: multiRegionKey },
);

/** The key of the family last replicated or moved (index 0), mostly. */
const lastFamily = fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: index });

/**
 * What a call in a member's Region does right after its family was replicated or moved: mostly
 * changes of state (ScheduleKeyDeletion with a valid window most of all, the one a key Updating
 * accepts), some of which land while the member is Creating or Updating.
 */
const memberStep: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant("keyOp" as const), name: fc.constant("scheduleKeyDeletion" as const), key: lastFamily, n: fc.integer({ min: 2, max: 25 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("keyOp" as const), name: fc.constantFrom(...LIFE_CYCLE_OPS), key: lastFamily, n: fc.integer({ min: 0, max: 40 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("keyOp" as const), name: fc.constantFrom(...FAMILY_KEY_OPS), key: lastFamily, n: fc.integer({ min: 0, max: 40 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("deleteImportedKeyMaterial" as const), key: lastFamily }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constantFrom("encrypt" as const, "generateDataKey" as const), key: lastFamily, context: fc.boolean() }) },
  { weight: 1, arbitrary: replication },
);

/** Calls in the Regions of a family's members right after it was replicated or moved. */
const burst: fc.Arbitrary<Step[]> = fc
  .tuple(replication, fc.array(fc.record({ op: fc.constant("inMember" as const), member: fc.integer({ min: 0, max: 2 }), step: memberStep }), { minLength: 1, maxLength: 3 }))
  .map(([first, rest]) => [first, ...rest]);

/**
 * One step of a Regions history. GetParametersForImport makes an RSA wrapping key pair (about
 * 0.15 s): only the calls in other Regions and the imported family's start make them here.
 */
export const regionStep: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: step.filter((s) => s.op !== "getParametersForImport") },
  { weight: 8, arbitrary: replication },
  { weight: 10, arbitrary: fc.record({ op: fc.constant("inRegion" as const), region: fc.integer({ min: 0, max: 2 }), step: familyStep }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("wait" as const), seconds: fc.integer({ min: 1, max: 8 }) }) },
  { weight: 2, arbitrary: multiRegionKey },
);

/**
 * A family of imported material: the primary made in us-east-1 with material imported, replicated
 * to eu-west-1, and the replica given the same bytes (the second EXTERNAL key, the second
 * multi-Region key, the first and second import tokens).
 */
const IMPORTED_FAMILY_START: readonly Step[] = [
  { op: "createKey", origin: "EXTERNAL", tagged: false, spec: "SYMMETRIC_DEFAULT", multiRegion: true },
  { op: "getParametersForImport", key: 1 },
  { op: "importKeyMaterial", token: 0, material: 0, expires: false, type: "DEFAULT" },
  { op: "replicateKey", key: 1, region: 0 },
  { op: "wait", seconds: 5 },
  { op: "inRegion", region: 0, step: { op: "getParametersForImport", key: 0 } },
  { op: "inRegion", region: 0, step: { op: "importKeyMaterial", token: 1, material: 0, expires: false, type: "DEFAULT" } },
];

/** A Regions history: its steps, how many of them are the fixed start, and the KMS options it runs with. */
export interface RegionHistory {
  readonly steps: readonly Step[];
  readonly start: number;
  readonly options: { readonly replicaCreationDurationMs: number; readonly primaryRegionUpdateDurationMs: number };
}

/** Histories of up to `maxLength` random steps after the start (an imported family in an eighth of them: each costs two RSA wrapping keys). */
export const regionHistory = (maxLength: number): fc.Arbitrary<RegionHistory> =>
  fc
    .record({
      // Single steps and bursts (a replication and calls in its family's Regions), as one array.
      steps: fc.array(fc.oneof({ weight: 5, arbitrary: regionStep.map((s) => [s]) }, { weight: 1, arbitrary: burst }), { minLength: 8, maxLength, size: "max" }),
      imported: fc.integer({ min: 0, max: 7 }),
      replicaCreationDurationMs: fc.constantFrom(0, 5000, 5000),
      primaryRegionUpdateDurationMs: fc.constantFrom(0, 5000, 5000),
    })
    .map(({ steps, imported, replicaCreationDurationMs, primaryRegionUpdateDurationMs }) => {
      const start = [...START, ...MULTI_REGION_START, ...(imported === 0 ? IMPORTED_FAMILY_START : [])];
      return { steps: [...start, ...steps.flat()], start: start.length, options: { replicaCreationDurationMs, primaryRegionUpdateDurationMs } };
    });
