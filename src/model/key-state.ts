/**
 * Which operation may run in which key state, and the AWS error it raises otherwise (the key-state
 * table of the AWS docs, §2.4 of the reference). One table, so every operation answers the same way.
 */
import { DisabledException, KMSInvalidStateException } from "../errors.js";
import type { KmsKey } from "./key.js";
import type { KeyState } from "./shapes.js";

/** The AWS error templates of the key-state table. */
type Refusal = "D1" | "I3" | "I4" | "I5";

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

const TABLE: Readonly<Record<StateRule, Partial<Record<KeyState, Refusal>>>> = {
  anyState: {},
  notPendingDeletion: { PendingDeletion: "I3" },
  enableDisableKey: { PendingDeletion: "I3", PendingImport: "I5" },
  cancelDeletion: { Enabled: "I4", Disabled: "I4", PendingImport: "I4" },
  // EnableKeyRotation, DisableKeyRotation: PendingImport keys are EXTERNAL and
  // are refused by the origin check after this one.
  rotationSetting: { Disabled: "D1", PendingDeletion: "I3" },
  onDemandRotation: { Disabled: "D1", PendingDeletion: "I3", PendingImport: "I5" },
  cryptographic: { Disabled: "D1", PendingDeletion: "I3", PendingImport: "I5" },
  // GetPublicKey: AWS answers for a Disabled key although its key-state table says otherwise.
  publicKey: { PendingDeletion: "I3", PendingImport: "I5" },
  importMaterial: { PendingDeletion: "I3" },
  // CreateGrant (AWS KMS Developer Guide, "Key states of AWS KMS keys"); ListGrants, RetireGrant
  // and RevokeGrant run in every state.
  createGrant: { Disabled: "D1", PendingDeletion: "I3", PendingImport: "I5" },
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
  }
}
