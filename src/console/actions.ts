/**
 * What each console form does, as calls of the public `Kms` operations, so the same validation,
 * state rules and AWS errors apply as for the SDK and the endpoint. An action either succeeds
 * (and names the page to show next, with a notice) or throws: a `KmsError` shows as AWS's exception
 * name and message, a {@link ConsoleInputError} as the console's own message (input the KMS never
 * saw, such as a missing confirmation). Nothing is changed by a refused action.
 */
import type { KeySpec, KeyUsageType, Kms } from "../index.js";
import { KEY_KINDS } from "./pages/key-list.js";
import type { ConsoleClockControl, ConsoleDuration } from "./options.js";

/** A form value the console refuses before calling the KMS. */
export class ConsoleInputError extends Error {
  override readonly name = "ConsoleInputError";
}

/** A refused action that had already changed something (Create key then its alias). */
export class PartialSuccessError extends Error {
  override readonly name = "PartialSuccessError";
  override readonly cause: unknown;
  readonly next: string;
  readonly prefix: string;

  constructor(cause: unknown, next: string, prefix: string) {
    super(prefix);
    this.cause = cause;
    this.next = next;
    this.prefix = prefix;
  }
}

/** Where to go after a successful action, and the notice to show there. */
export interface ActionResult {
  /** A console path, optionally with a query. */
  readonly next: string;
  readonly notice: string;
}

/** What an action gets. */
export interface ActionContext {
  readonly kms: Kms;
  readonly form: URLSearchParams;
  /** The page the form was on (already checked to be a console path). */
  readonly returnTo: string;
  readonly clockControl: ConsoleClockControl | undefined;
}

const keyPath = (keyId: string): string => `/console/keys/${encodeURIComponent(keyId)}`;

/**
 * A form number as the KMS should see it: an empty field is absent (the operation's default
 * applies), digits become a number the KMS validates with AWS's rules, and anything else is refused
 * here, naming the field (the KMS's wire types cannot express "not a number").
 */
function wholeNumber(form: URLSearchParams, field: string, label: string): number | undefined {
  const value = (form.get(field) ?? "").trim();
  if (value === "") return undefined;
  if (!/^-?\d{1,9}$/.test(value)) throw new ConsoleInputError(`${label} must be a whole number.`);
  return Number(value);
}

/** Actions on one key, by the last segment(s) of `/console/keys/<key-id>/<action>`. */
const KEY_ACTIONS: Readonly<Record<string, (ctx: ActionContext, keyId: string) => Promise<ActionResult>>> = {
  async enable({ kms, returnTo }, keyId) {
    await kms.enableKey({ KeyId: keyId });
    return { next: returnTo, notice: "key-enabled" };
  },
  async disable({ kms, returnTo }, keyId) {
    await kms.disableKey({ KeyId: keyId });
    return { next: returnTo, notice: "key-disabled" };
  },
  async "schedule-deletion"({ kms, form, returnTo }, keyId) {
    if (form.get("confirm") !== "yes") {
      throw new ConsoleInputError("Confirm that you want to schedule this key for deletion after the waiting period.");
    }
    const days = wholeNumber(form, "waiting_period", "Waiting period (in days)");
    await kms.scheduleKeyDeletion({ KeyId: keyId, ...(days === undefined ? {} : { PendingWindowInDays: days }) });
    return { next: returnTo, notice: "deletion-scheduled" };
  },
  async "cancel-deletion"({ kms, returnTo }, keyId) {
    await kms.cancelKeyDeletion({ KeyId: keyId });
    return { next: returnTo, notice: "deletion-cancelled" };
  },
  async rotation({ kms, form }, keyId) {
    const choice = form.get("rotation");
    if (choice === "enable") {
      const days = wholeNumber(form, "period", "Rotation period (in days)");
      await kms.enableKeyRotation({ KeyId: keyId, ...(days === undefined ? {} : { RotationPeriodInDays: days }) });
    } else if (choice === "disable") {
      await kms.disableKeyRotation({ KeyId: keyId });
    } else {
      throw new ConsoleInputError("Choose Enable or Disable for Key rotation.");
    }
    return { next: `${keyPath(keyId)}?tab=rotations`, notice: "rotation-saved" };
  },
  async "rotate-now"({ kms }, keyId) {
    await kms.rotateKeyOnDemand({ KeyId: keyId });
    return { next: `${keyPath(keyId)}?tab=rotations`, notice: "rotated" };
  },
  async description({ kms, form, returnTo }, keyId) {
    await kms.updateKeyDescription({ KeyId: keyId, Description: form.get("description") ?? "" });
    return { next: returnTo, notice: "description-saved" };
  },
  async aliases({ kms, form }, keyId) {
    await kms.createAlias({ AliasName: aliasName(form.get("alias") ?? ""), TargetKeyId: keyId });
    return { next: `${keyPath(keyId)}?tab=aliases`, notice: "alias-created" };
  },
  async "aliases/delete"({ kms, form }, keyId) {
    await kms.deleteAlias({ AliasName: form.get("alias") ?? "" });
    return { next: `${keyPath(keyId)}?tab=aliases`, notice: "alias-deleted" };
  },
  async "grants/revoke"({ kms, form }, keyId) {
    await kms.revokeGrant({ KeyId: keyId, GrantId: form.get("grant_id") ?? "" });
    return { next: `${keyPath(keyId)}?tab=grants`, notice: "grant-revoked" };
  },
  async tags({ kms, form }, keyId) {
    await kms.tagResource({ KeyId: keyId, Tags: [{ TagKey: form.get("tag_key") ?? "", TagValue: form.get("tag_value") ?? "" }] });
    return { next: `${keyPath(keyId)}?tab=tags`, notice: "tag-added" };
  },
  async "tags/delete"({ kms, form }, keyId) {
    await kms.untagResource({ KeyId: keyId, TagKeys: [form.get("tag_key") ?? ""] });
    return { next: `${keyPath(keyId)}?tab=tags`, notice: "tag-removed" };
  },
};

/** AWS's console takes the name after `alias/`; a full name is accepted as typed. */
function aliasName(typed: string): string {
  const name = typed.trim();
  return name === "" || name.startsWith("alias/") ? name : `alias/${name}`;
}

/** The key spec and usage a form chose, from the fixed list (anything else: a symmetric key, as by default). */
function keyKind(value: string | null): { KeySpec?: KeySpec; KeyUsage?: KeyUsageType } {
  const kind = KEY_KINDS.find((k) => k.value === value);
  if (kind === undefined || kind.value.startsWith("SYMMETRIC_DEFAULT/")) return {};
  const [spec, usage] = kind.value.split("/") as [KeySpec, KeyUsageType];
  return { KeySpec: spec, KeyUsage: usage };
}

async function createKey({ kms, form }: ActionContext): Promise<ActionResult> {
  const origin = form.get("origin") === "EXTERNAL" ? "EXTERNAL" : "AWS_KMS";
  const created = await kms.createKey({ Description: form.get("description") ?? "", Origin: origin, ...keyKind(form.get("key_spec")) });
  const keyId = created.KeyMetadata?.KeyId ?? "";
  const next = `${keyPath(keyId)}?tab=rotations`;
  const alias = aliasName(form.get("alias") ?? "");
  if (alias !== "") {
    try {
      await kms.createAlias({ AliasName: alias, TargetKeyId: keyId });
    } catch (error) {
      throw new PartialSuccessError(error, next, "The key was created, but its alias was refused:");
    }
  }
  return { next, notice: "key-created" };
}

const UNITS = ["days", "months", "years"] as const;

async function moveClock({ kms, form, returnTo, clockControl }: ActionContext): Promise<ActionResult> {
  if (clockControl === undefined) {
    throw new ConsoleInputError("This console shows the system clock, which cannot be moved. Start kms-sim with --clock manual to travel in time.");
  }
  if (form.get("action") === "set") {
    const text = (form.get("instant") ?? "").trim();
    const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(:\d{2})?$/.exec(text);
    const instant = match ? new Date(`${match[1]}${match[2] ?? ":00"}Z`) : undefined;
    if (instant === undefined || Number.isNaN(instant.getTime())) {
      throw new ConsoleInputError("Give the instant as a UTC date and time (YYYY-MM-DDTHH:MM:SS).");
    }
    await clockControl.set(instant);
  } else {
    const amount = wholeNumber(form, "amount", "Amount");
    const unit = UNITS.find((u) => u === form.get("unit"));
    if (amount === undefined || amount < 1 || amount > 10_000 || unit === undefined) {
      throw new ConsoleInputError("Advance the clock by a whole number from 1 to 10000 of days, months or years.");
    }
    const duration: ConsoleDuration = { [unit]: amount };
    await clockControl.advance(duration);
  }
  // Apply what fell due at once, so the events and the pages show it (and it is persisted).
  await kms.tick();
  return { next: returnTo, notice: "clock-moved" };
}

const KEY_ACTION_PATH = /^\/console\/keys\/([^/]+)\/(.+)$/;

/**
 * Finds the action for a POST path.
 * @returns undefined when no action lives there
 */
export function actionFor(path: string): ((ctx: ActionContext) => Promise<ActionResult>) | undefined {
  if (path === "/console/keys") return createKey;
  if (path === "/console/clock") return moveClock;
  const match = KEY_ACTION_PATH.exec(path);
  if (!match) return undefined;
  const keyId = decodeURIComponent(match[1] as string);
  const action = Object.hasOwn(KEY_ACTIONS, match[2] as string) ? KEY_ACTIONS[match[2] as string] : undefined;
  return action && ((ctx) => action(ctx, keyId));
}
