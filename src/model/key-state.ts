/**
 * Which operation may run in which key state, and the AWS error it raises otherwise (the key-state
 * table of the AWS docs, §2.4 of the reference). One table, so every operation answers the same way.
 */
import { DisabledException, KMSInvalidStateException } from "../errors.js";
import type { KmsKey } from "./key.js";
import type { KeyState } from "./shapes.js";

/** The AWS error templates of the key-state table. */
type Refusal = "D1" | "I3" | "I4" | "I5" | "CREATING" | "UPDATING" | "REPLICA_DELETION";

/** Groups of operations that share a row of the key-state table. */
export type StateRule =
  | "anyState"
  | "notPendingDeletion"
  | "enableDisableKey"
  | "cancelDeletion"
  | "rotationSetting"
  | "onDemandRotation"
  | "cryptographic"
  | "publicKey"
  | "importMaterial"
  | "createGrant";

// Multi-Region states (AWS KMS Developer Guide, "Key states of AWS KMS keys"): Creating refuses
// every use and change of the key; Updating refuses EnableKey/DisableKey (and ReplicateKey,
// checked there) but not cryptography; PendingReplicaDeletion refuses what PendingDeletion does,
// in its own words, and PutKeyPolicy still works (observed).
const TABLE: Readonly<Record<StateRule, Partial<Record<KeyState, Refusal>>>> = {
  anyState: {},
  notPendingDeletion: { PendingDeletion: "I3", PendingReplicaDeletion: "REPLICA_DELETION", Creating: "CREATING" },
  enableDisableKey: { PendingDeletion: "I3", PendingImport: "I5", PendingReplicaDeletion: "REPLICA_DELETION", Creating: "CREATING", Updating: "UPDATING" },
  cancelDeletion: { Enabled: "I4", Disabled: "I4", PendingImport: "I4", Creating: "I4", Updating: "I4" },
  // EnableKeyRotation, DisableKeyRotation: PendingImport keys are EXTERNAL and
  // are refused by the origin check after this one.
  rotationSetting: { Disabled: "D1", PendingDeletion: "I3", PendingReplicaDeletion: "REPLICA_DELETION", Creating: "CREATING" },
  onDemandRotation: { Disabled: "D1", PendingDeletion: "I3", PendingImport: "I5", PendingReplicaDeletion: "REPLICA_DELETION", Creating: "CREATING", Updating: "UPDATING" },
  cryptographic: { Disabled: "D1", PendingDeletion: "I3", PendingImport: "I5", PendingReplicaDeletion: "REPLICA_DELETION", Creating: "CREATING" },
  // GetPublicKey: AWS answers for a Disabled key although its key-state table says otherwise.
  publicKey: { PendingDeletion: "I3", PendingImport: "I5", PendingReplicaDeletion: "REPLICA_DELETION", Creating: "CREATING" },
  importMaterial: { PendingDeletion: "I3", PendingReplicaDeletion: "REPLICA_DELETION", Creating: "CREATING", Updating: "UPDATING" },
  // CreateGrant (AWS KMS Developer Guide, "Key states of AWS KMS keys"); ListGrants, RetireGrant
  // and RevokeGrant run in every state.
  createGrant: { Disabled: "D1", PendingDeletion: "I3", PendingImport: "I5", PendingReplicaDeletion: "REPLICA_DELETION", Creating: "CREATING" },
};

/**
 * Precondition: the key's state allows the operation.
 * @throws {@link DisabledException} "<arn> is disabled." for D1
 * @throws {@link KMSInvalidStateException} "<arn> is pending deletion." (I3), "<arn> is not pending
 *   deletion." (I4) or "<arn> is pending import." (I5)
 */
export function requireKeyState(key: KmsKey, rule: StateRule): void {
  const refusal = TABLE[rule][key.state];
  if (refusal === undefined) return;
  throw stateError(key, refusal);
}

/**
 * True for the states of a key scheduled for deletion (a primary waiting for its replicas too):
 * losing imported material leaves them as they are (the reference's transition table: "from
 * PendingDeletion the state does not change"), so the deletion still happens.
 */
export function isScheduledForDeletion(state: KeyState): boolean {
  return state === "PendingDeletion" || state === "PendingReplicaDeletion";
}

/** The error of one key-state template for `key`. */
function stateError(key: KmsKey, refusal: Refusal): Error {
  switch (refusal) {
    case "D1":
      return new DisabledException(`${key.arn} is disabled.`);
    case "I3":
      return new KMSInvalidStateException(`${key.arn} is pending deletion.`);
    case "I4":
      return new KMSInvalidStateException(`${key.arn} is not pending deletion.`);
    case "I5":
      return new KMSInvalidStateException(`${key.arn} is pending import.`);
    case "CREATING":
      return new KMSInvalidStateException(`${key.arn} is creating.`);
    case "UPDATING":
      return new KMSInvalidStateException(`${key.arn} is updating.`);
    case "REPLICA_DELETION":
      return new KMSInvalidStateException(`${key.arn} is pending replica deletion.`);
  }
}
