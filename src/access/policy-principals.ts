/**
 * The principals of a key policy statement, checked: "Each statement in the key policy must
 * contain one or more principals. The principals in the key policy must exist and be visible to
 * KMS" (botocore model, PutKeyPolicyRequest). Anything else is "Policy contains a statement with
 * one or more invalid principals.": a group, a wildcard inside an ARN, a Federated or
 * CanonicalUser principal, an empty list, a user or role that does not exist.
 */
import type { KeyPolicyOptions, PrincipalSpec } from "./policy-document.js";
import { Fault, isObject, stringList } from "./policy-grammar.js";
import { INVALID_PRINCIPALS } from "./policy-messages.js";
import { awsPrincipalForm, isServicePrincipal } from "./principal.js";

function principalSpec(value: unknown): PrincipalSpec | undefined {
  if (value === undefined) return undefined;
  if (value === "*") return { any: true, aws: [], service: [] };
  if (!isObject(value)) throw new Fault(INVALID_PRINCIPALS);
  const aws: string[] = [];
  const service: string[] = [];
  let any = false;
  for (const [type, entries] of Object.entries(value)) {
    const list = stringList(entries) ?? [];
    // Federated and CanonicalUser principals, and empty lists, name nobody KMS can authorize.
    if (list.length === 0 || (type !== "AWS" && type !== "Service")) throw new Fault(INVALID_PRINCIPALS);
    for (const entry of list) {
      if (type === "Service") service.push(entry);
      else if (entry === "*") any = true;
      else aws.push(entry);
    }
  }
  if (!any && aws.length === 0 && service.length === 0) throw new Fault(INVALID_PRINCIPALS);
  return { any, aws, service };
}

/** A statement's `Principal` or `NotPrincipal`, validated (undefined when the statement has none). */
export function resolvePrincipals(value: unknown, options: KeyPolicyOptions): PrincipalSpec | undefined {
  const spec = principalSpec(value);
  if (!spec) return undefined;
  for (const entry of spec.aws) {
    const form = awsPrincipalForm(entry);
    if (form === "invalid") throw new Fault(INVALID_PRINCIPALS);
    if ((form === "user" || form === "role") && options.principalExists && !options.principalExists(entry)) throw new Fault(INVALID_PRINCIPALS);
  }
  for (const entry of spec.service) if (!isServicePrincipal(entry)) throw new Fault(INVALID_PRINCIPALS);
  return spec;
}

