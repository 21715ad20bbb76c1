/**
 * The key details page (`/console/keys/<key-id>`): **General configuration**, **Key actions**, and
 * the tabs **Key material and rotations** (Automatic key rotation, On-demand rotation, Key
 * materials, the rotation timeline), **Aliases**, **Grants**, **Tags** and **Key policy**. Asymmetric
 * and HMAC keys, which never rotate, have **Cryptographic configuration** instead of the rotation tab,
 * and asymmetric keys a **Public key** tab (key-configuration.ts). AWS managed keys show every control
 * that would change them disabled, with AWS's reason.
 */
import type { AliasListEntry, GrantListEntry, KeyMetadata, Kms, Tag } from "../../index.js";
import { renderTimelineSvg, rotationTimeline, type RotationTimeline, type TimelineKeyMaterial } from "../../sim/index.js";
import { html, trustedHtml, type Html } from "../html.js";
import { importStateLabel, keyStateLabel, materialStateLabel, rotationTypeLabel, time } from "../format.js";
import { formGuard, type ShellContext } from "../layout.js";
import { configurationPanel, hasPublicKey, keyTypeLabel, keyUsageLabel, loadPublicKey, publicKeyPanel } from "./key-configuration.js";

/** The tabs, in AWS's console words. */
export const TABS = [
  { id: "rotations", label: "Key material and rotations" },
  { id: "configuration", label: "Cryptographic configuration" },
  { id: "public-key", label: "Public key" },
  { id: "aliases", label: "Aliases" },
  { id: "grants", label: "Grants" },
  { id: "tags", label: "Tags" },
  { id: "policy", label: "Key policy" },
] as const;
export type TabId = (typeof TABS)[number]["id"];
type Tab = (typeof TABS)[number];

/**
 * The tabs a key has, the default first: symmetric keys rotate; asymmetric and HMAC keys do not,
 * and show their cryptographic configuration instead (and asymmetric keys their public key).
 */
export function tabsFor(keySpec: string | undefined): readonly Tab[] {
  const type = keyTypeLabel(keySpec);
  const shown = new Set<TabId>(type === "Symmetric" ? ["rotations", "aliases", "grants", "tags", "policy"] : ["configuration", "aliases", "grants", "tags", "policy"]);
  if (type === "Asymmetric") shown.add("public-key");
  return TABS.filter((tab) => shown.has(tab.id));
}

/** AWS's reason, from the seed page. */
export const AWS_MANAGED_REASON = "You cannot edit AWS managed CMKs.";

/** Everything the page shows, read through the public API. */
export interface KeyDetails {
  readonly timeline: RotationTimeline;
  readonly metadata: KeyMetadata;
  /** Read only for the Public key tab (see key-configuration.ts). */
  readonly publicKey?: Uint8Array;
  readonly aliases: readonly AliasListEntry[];
  readonly tags: readonly Tag[];
  readonly grants: readonly GrantListEntry[];
  readonly policy: string | undefined;
}

/** Reads a key's details; NotFoundException and friends propagate to the caller. */
export async function loadKeyDetails(kms: Kms, keyId: string, tab?: string | null): Promise<KeyDetails> {
  const timeline = await rotationTimeline(kms, keyId);
  const id = timeline.KeyId;
  const metadata = (await kms.describeKey({ KeyId: id })).KeyMetadata as KeyMetadata;
  const publicKey = tab === "public-key" && hasPublicKey(metadata.KeySpec) ? await loadPublicKey(kms, id) : undefined;
  const aliases: AliasListEntry[] = [];
  let marker: string | undefined;
  do {
    const listing = await kms.listAliases({ KeyId: id, Limit: 100, ...(marker === undefined ? {} : { Marker: marker }) });
    aliases.push(...(listing.Aliases ?? []));
    marker = listing.Truncated ? listing.NextMarker : undefined;
  } while (marker !== undefined);
  const tags: Tag[] = [];
  marker = undefined;
  do {
    const listing = await kms.listResourceTags({ KeyId: id, Limit: 50, ...(marker === undefined ? {} : { Marker: marker }) });
    tags.push(...(listing.Tags ?? []));
    marker = listing.Truncated ? listing.NextMarker : undefined;
  } while (marker !== undefined);
  const grants: GrantListEntry[] = [];
  marker = undefined;
  do {
    const listing = await kms.listGrants({ KeyId: id, Limit: 100, ...(marker === undefined ? {} : { Marker: marker }) });
    grants.push(...(listing.Grants ?? []));
    marker = listing.Truncated ? listing.NextMarker : undefined;
  } while (marker !== undefined);
  const policy = (await kms.getKeyPolicy({ KeyId: id, PolicyName: "default" })).Policy;
  return { timeline, metadata, aliases, tags, grants, policy, ...(publicKey === undefined ? {} : { publicKey }) };
}

/** What the page is asked to show. */
export interface KeyDetailsView {
  readonly tab: TabId;
  /** A dialog rendered open (the no-script path of **Rotate now** and **Schedule key deletion**). */
  readonly dialog: "rotate-now" | "schedule-deletion" | undefined;
  readonly onDemandRotationLimit: number;
}

const keyPath = (keyId: string): string => `/console/keys/${encodeURIComponent(keyId)}`;
const tabPath = (keyId: string, tab: TabId): string => `${keyPath(keyId)}?tab=${tab}`;


function postForm(ctx: ShellContext, action: string, returnTo: string, body: Html, className = ""): Html {
  return html`<form method="post" action="${action}"${className === "" ? "" : html` class="${className}"`}>${formGuard(ctx, returnTo)}${body}</form>`;
}

/** A one-button form; on AWS managed keys only the button, disabled, with AWS's reason as its description. */
function actionForm(ctx: ShellContext, action: string, returnTo: string, label: string, awsManaged: boolean): Html {
  return awsManaged
    ? html`<button type="button" disabled aria-describedby="aws-managed-reason">${label}</button>`
    : postForm(ctx, action, returnTo, html`<button type="submit">${label}</button>`);
}

function general(d: KeyDetails, ctx: ShellContext): Html {
  const t = d.timeline;
  const current = t.KeyMaterials.find((m) => m.KeyMaterialState === "CURRENT");
  const aws = t.KeyManager === "AWS";
  return html`<section class="panel" aria-labelledby="general-heading">
<h2 id="general-heading">General configuration</h2>
<dl class="facts">
  <dt>ARN</dt><dd class="id">${t.Arn}</dd>
  <dt>Description</dt><dd>${t.Description === "" ? html`<span class="none">-</span>` : t.Description}</dd>
  <dt>Creation date</dt><dd>${time(t.CreationDate)}</dd>
  <dt>Status</dt><dd>${keyStateLabel(t.KeyState)}</dd>
  ${t.DeletionDate && html`<dt>Deletion date</dt><dd>${time(t.DeletionDate)}</dd>`}
  <dt>Origin</dt><dd>${t.Origin}</dd>
  <dt>Key spec</dt><dd>${t.KeySpec}</dd>
  ${t.KeySpec !== "SYMMETRIC_DEFAULT" && html`<dt>Key usage</dt><dd>${keyUsageLabel(d.metadata.KeyUsage)}</dd>`}
  <dt>Key manager</dt><dd>${aws ? "AWS" : "Customer"}</dd>
  <dt>Current key material</dt><dd class="id">${current ? current.KeyMaterialId : html`<span class="none">-</span>`}</dd>
</dl>
${
  !aws &&
  postForm(
    ctx,
    `${keyPath(t.KeyId)}/description`,
    ctx.here,
    html`<label for="new-description">New description</label>
  <input type="text" id="new-description" name="description" maxlength="8192" size="40" value="${t.Description}">
  <button type="submit">Save description</button>`,
    "inline",
  )
}
</section>`;
}

function keyActions(d: KeyDetails, ctx: ShellContext, view: KeyDetailsView): Html {
  const t = d.timeline;
  const aws = t.KeyManager === "AWS";
  const base = keyPath(t.KeyId);
  const back = tabPath(t.KeyId, view.tab);
  const deletionOpener = aws
    ? html`<button type="button" disabled aria-describedby="aws-managed-reason">Schedule key deletion</button>`
    : html`<a class="button" href="${back}&amp;dialog=schedule-deletion" data-dialog="schedule-deletion-dialog">Schedule key deletion</a>`;
  return html`<section class="panel" aria-labelledby="actions-heading">
<h2 id="actions-heading">Key actions</h2>
<div class="actions">
  ${actionForm(ctx, `${base}/enable`, back, "Enable", aws)}
  ${actionForm(ctx, `${base}/disable`, back, "Disable", aws)}
  ${deletionOpener}
  ${actionForm(ctx, `${base}/cancel-deletion`, back, "Cancel key deletion", aws)}
</div>
${
  !aws &&
  html`<dialog id="schedule-deletion-dialog" aria-labelledby="schedule-deletion-title"${view.dialog === "schedule-deletion" ? html` open` : ""}>
${postForm(
  ctx,
  `${base}/schedule-deletion`,
  back,
  html`<h2 id="schedule-deletion-title">Schedule key deletion</h2>
  <p>After the waiting period ends, KMS deletes the key and every backing key it has. Data encrypted under the key can then never be decrypted.</p>
  <p><label for="waiting-period">Waiting period (in days)</label><br>
  <input type="number" id="waiting-period" name="waiting_period" min="7" max="30" step="1" value="30" required aria-describedby="waiting-period-hint"></p>
  <p class="hint" id="waiting-period-hint">Enter a whole number from 7 to 30.</p>
  <p><input type="checkbox" id="confirm-deletion" name="confirm" value="yes" required>
  <label for="confirm-deletion">Confirm that you want to schedule this key for deletion after the waiting period.</label></p>
  <div class="actions"><button type="submit" formmethod="dialog" formnovalidate>Cancel</button><button type="submit" class="primary">Schedule deletion</button></div>`,
  "stack",
)}
</dialog>`
}
</section>`;
}

function automaticPanel(d: KeyDetails, aws: boolean): Html {
  const t = d.timeline;
  const rotation = t.AutomaticRotation;
  const body =
    rotation === undefined
      ? html`<p>${
          t.Origin === "EXTERNAL"
            ? "Automatic rotation is not available for keys with imported key material (origin EXTERNAL). Import new key material, then rotate on demand."
            : "Automatic rotation is available only for symmetric encryption keys with key material from KMS."
        }</p>`
      : html`<dl class="facts">
  <dt>Key rotation</dt><dd id="rotation-status">${rotation.Enabled ? "Enabled" : "Disabled"}</dd>
  <dt>Rotation period</dt><dd id="rotation-period">${rotation.RotationPeriodInDays === undefined ? html`<span class="none">-</span>` : `${rotation.RotationPeriodInDays} days`}</dd>
  <dt>Next rotation date</dt><dd id="next-rotation">${time(rotation.NextRotationDate)}</dd>
</dl>
<p>${
          aws
            ? html`<button type="button" disabled aria-describedby="aws-managed-reason">Edit</button>`
            : html`<a class="button" href="${keyPath(t.KeyId)}/rotation">Edit</a>`
        }</p>`;
  return html`<section class="panel" aria-labelledby="automatic-heading"><h3 id="automatic-heading">Automatic key rotation</h3>${body}</section>`;
}

function onDemandPanel(d: KeyDetails, ctx: ShellContext, view: KeyDetailsView): Html {
  const t = d.timeline;
  const aws = t.KeyManager === "AWS";
  const rotatable = t.KeyMaterials.length > 0 || t.Origin === "EXTERNAL";
  const used = t.KeyMaterials.filter((m) => m.Began === "ON_DEMAND").length;
  const remaining = Math.max(0, view.onDemandRotationLimit - used);
  const inProgress = t.AutomaticRotation?.OnDemandRotationStartDate;
  if (!rotatable) {
    return html`<section class="panel" aria-labelledby="on-demand-heading"><h3 id="on-demand-heading">On-demand rotation</h3><p>This key type cannot be rotated.</p></section>`;
  }
  const back = tabPath(t.KeyId, "rotations");
  return html`<section class="panel" aria-labelledby="on-demand-heading">
<h3 id="on-demand-heading">On-demand rotation</h3>
<p>On-demand rotations used: ${used} of ${view.onDemandRotationLimit}.${inProgress ? html` An on-demand rotation started ${time(inProgress)} is in progress.` : ""}</p>
<p>${
    aws
      ? html`<button type="button" disabled aria-describedby="aws-managed-reason">Rotate now</button>`
      : html`<a class="button" href="${back}&amp;dialog=rotate-now" data-dialog="rotate-now-dialog">Rotate now</a>`
  }</p>
${
  !aws &&
  html`<dialog id="rotate-now-dialog" aria-labelledby="rotate-now-title"${view.dialog === "rotate-now" ? html` open` : ""}>
${postForm(
  ctx,
  `${keyPath(t.KeyId)}/rotate-now`,
  back,
  html`<h2 id="rotate-now-title">Rotate key material now</h2>
  <p>KMS creates new key material and makes it current; earlier key material keeps decrypting what it encrypted. The automatic rotation schedule does not change.</p>
  <p id="rotations-remaining">You can rotate this key on demand ${remaining} more ${remaining === 1 ? "time" : "times"}.</p>
  <div class="actions"><button type="submit" formmethod="dialog" formnovalidate>Cancel</button><button type="submit" class="primary">Rotate key</button></div>`,
  "stack",
)}
</dialog>`
}
</section>`;
}

function materialRow(m: TimelineKeyMaterial, external: boolean): Html {
  const rotated = m.Began === "AUTOMATIC" || m.Began === "ON_DEMAND";
  const rotationDate = time(rotated ? m.StartDate : undefined);
  if (external) {
    return html`<tr><td class="id">${m.KeyMaterialId}</td><td>${rotationDate}</td><td>${materialStateLabel(m.KeyMaterialState)}</td>
  <td>${importStateLabel(m.ImportState)}</td><td>${m.KeyMaterialDescription ?? html`<span class="none">-</span>`}</td>
  <td>${m.ValidTo ? time(m.ValidTo) : m.ExpirationModel === "KEY_MATERIAL_DOES_NOT_EXPIRE" ? "Does not expire" : html`<span class="none">-</span>`}</td></tr>`;
  }
  return html`<tr><td class="id">${m.KeyMaterialId}</td><td>${rotationDate}</td><td>${rotated ? rotationTypeLabel(m.Began) : html`<span class="none">-</span>`}</td><td>${materialStateLabel(m.KeyMaterialState)}</td></tr>`;
}

function materialsPanel(d: KeyDetails): Html {
  const t = d.timeline;
  const external = t.Origin === "EXTERNAL";
  const head = external
    ? html`<th scope="col">Key material ID</th><th scope="col">Rotation date</th><th scope="col">Key material state</th><th scope="col">Import state</th><th scope="col">Description</th><th scope="col">Expiration</th>`
    : html`<th scope="col">Key material ID</th><th scope="col">Rotation date</th><th scope="col">Rotation type</th><th scope="col">Key material state</th>`;
  return html`<section class="panel" aria-labelledby="materials-heading">
<h3 id="materials-heading">Key materials</h3>
<table aria-labelledby="materials-heading">
<thead><tr>${head}</tr></thead>
<tbody>${
    t.KeyMaterials.length === 0
      ? html`<tr><td colspan="${external ? 6 : 4}">No key material.</td></tr>`
      : t.KeyMaterials.map((m) => materialRow(m, external))
  }</tbody>
</table>
<p class="hint">The first key material and key material pending rotation have no rotation date.</p>
</section>`;
}

function timelineFigure(d: KeyDetails, ctx: ShellContext): Html {
  const t = d.timeline;
  const svg = renderTimelineSvg(t, { now: ctx.now, title: `Rotation timeline of ${t.Aliases[0] ?? t.KeyId}` });
  return html`<figure class="panel"><figcaption>Rotation timeline</figcaption>${trustedHtml(svg)}
<p class="hint"><a href="${keyPath(t.KeyId)}/timeline.svg">Download the timeline (SVG)</a></p></figure>`;
}

function aliasesPanel(d: KeyDetails, ctx: ShellContext): Html {
  const t = d.timeline;
  const aws = t.KeyManager === "AWS";
  const back = tabPath(t.KeyId, "aliases");
  return html`<table>
<caption>Aliases</caption>
<thead><tr><th scope="col">Alias name</th><th scope="col">Alias ARN</th><th scope="col">Creation date</th>${!aws && html`<th scope="col">Actions</th>`}</tr></thead>
<tbody>${
    d.aliases.length === 0
      ? html`<tr><td colspan="${aws ? 3 : 4}">This key has no aliases.</td></tr>`
      : d.aliases.map(
          (a) => html`<tr><td>${a.AliasName ?? ""}</td><td class="id">${a.AliasArn ?? ""}</td><td>${time(a.CreationDate)}</td>${
            !aws &&
            html`<td>${postForm(
              ctx,
              `${keyPath(t.KeyId)}/aliases/delete`,
              back,
              html`<input type="hidden" name="alias" value="${a.AliasName ?? ""}"><button type="submit" class="danger">Delete<span class="visually-hidden"> ${a.AliasName ?? ""}</span></button>`,
            )}</td>`
          }</tr>`,
        )
  }</tbody>
</table>
${
  aws
    ? html`<p class="hint">AWS manages the aliases of AWS managed keys.</p>`
    : postForm(
        ctx,
        `${keyPath(t.KeyId)}/aliases`,
        back,
        html`<h3>Create alias</h3><label for="new-alias">Alias name</label>
  <input type="text" id="new-alias" name="alias" maxlength="256" size="36" required>
  <button type="submit">Create alias</button>`,
        "inline",
      )
}`;
}

function tagsPanel(d: KeyDetails, ctx: ShellContext): Html {
  const t = d.timeline;
  const aws = t.KeyManager === "AWS";
  const back = tabPath(t.KeyId, "tags");
  return html`<table>
<caption>Tags</caption>
<thead><tr><th scope="col">Tag key</th><th scope="col">Tag value</th>${!aws && html`<th scope="col">Actions</th>`}</tr></thead>
<tbody>${
    d.tags.length === 0
      ? html`<tr><td colspan="${aws ? 2 : 3}">This key has no tags.</td></tr>`
      : d.tags.map(
          (tag) => html`<tr><td>${tag.TagKey}</td><td>${tag.TagValue}</td>${
            !aws &&
            html`<td>${postForm(
              ctx,
              `${keyPath(t.KeyId)}/tags/delete`,
              back,
              html`<input type="hidden" name="tag_key" value="${tag.TagKey}"><button type="submit" class="danger">Remove<span class="visually-hidden"> tag ${tag.TagKey}</span></button>`,
            )}</td>`
          }</tr>`,
        )
  }</tbody>
</table>
${
  !aws &&
  postForm(
    ctx,
    `${keyPath(t.KeyId)}/tags`,
    back,
    html`<h3>Add tag</h3><label for="tag-key">Tag key</label>
  <input type="text" id="tag-key" name="tag_key" maxlength="128" required>
  <label for="tag-value">Tag value</label>
  <input type="text" id="tag-value" name="tag_value" maxlength="256">
  <button type="submit">Add tag</button>`,
    "inline",
  )
}`;
}

function constraintsCell(grant: GrantListEntry): Html {
  const constraints = grant.Constraints;
  const rows = [
    ...Object.entries(constraints?.EncryptionContextEquals ?? {}).map(([k, v]) => html`<li>Equals <code>${k}</code> = <code>${v}</code></li>`),
    ...Object.entries(constraints?.EncryptionContextSubset ?? {}).map(([k, v]) => html`<li>Includes <code>${k}</code> = <code>${v}</code></li>`),
  ];
  return rows.length === 0 ? html`<span class="none">-</span>` : html`<ul class="plain">${rows}</ul>`;
}

function grantsPanel(d: KeyDetails, ctx: ShellContext): Html {
  const t = d.timeline;
  const aws = t.KeyManager === "AWS";
  const back = tabPath(t.KeyId, "grants");
  return html`<table>
<caption>Grants</caption>
<thead><tr><th scope="col">Grant ID</th><th scope="col">Name</th><th scope="col">Grantee principal</th><th scope="col">Operations</th><th scope="col">Encryption context constraints</th><th scope="col">Retiring principal</th><th scope="col">Creation date</th><th scope="col">Actions</th></tr></thead>
<tbody>${
    d.grants.length === 0
      ? html`<tr><td colspan="8">This key has no grants.</td></tr>`
      : d.grants.map(
          (g) => html`<tr><td class="id">${g.GrantId ?? ""}</td><td>${g.Name ?? html`<span class="none">-</span>`}</td><td class="id">${g.GranteePrincipal ?? ""}</td>
  <td>${(g.Operations ?? []).join(", ")}</td><td>${constraintsCell(g)}</td><td class="id">${g.RetiringPrincipal ?? html`<span class="none">-</span>`}</td><td>${time(g.CreationDate)}</td>
  <td>${
    aws
      ? html`<button type="button" disabled aria-describedby="aws-managed-reason">Revoke<span class="visually-hidden"> grant ${g.GrantId ?? ""}</span></button>`
      : postForm(
          ctx,
          `${keyPath(t.KeyId)}/grants/revoke`,
          back,
          html`<input type="hidden" name="grant_id" value="${g.GrantId ?? ""}"><button type="submit" class="danger">Revoke<span class="visually-hidden"> grant ${g.GrantId ?? ""}</span></button>`,
        )
  }</td></tr>`,
        )
  }</tbody>
</table>
<p class="hint">Grants allow their grantee the listed operations on this key; they are created with the CreateGrant API.</p>`;
}

function policyPanel(d: KeyDetails): Html {
  let text = d.policy ?? "";
  try {
    text = JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    // Shown as stored.
  }
  return html`<p class="hint">The key policy, read-only.</p>
<pre tabindex="0" role="region" aria-label="Key policy document">${text}</pre>`;
}

/** The key details page's content. */
export function keyDetailsPage(d: KeyDetails, ctx: ShellContext, view: KeyDetailsView): Html {
  const t = d.timeline;
  const aws = t.KeyManager === "AWS";
  const name = t.Aliases[0] ?? t.KeyId;
  const tabs = tabsFor(t.KeySpec);
  const panels: Record<TabId, () => Html> = {
    rotations: () => html`${automaticPanel(d, aws)}${onDemandPanel(d, ctx, view)}${materialsPanel(d)}${timelineFigure(d, ctx)}`,
    configuration: () => configurationPanel(d.metadata),
    "public-key": () => (d.publicKey === undefined ? html`<p><a href="${tabPath(t.KeyId, "public-key")}">Show the public key</a></p>` : publicKeyPanel(d.publicKey)),
    aliases: () => aliasesPanel(d, ctx),
    grants: () => grantsPanel(d, ctx),
    tags: () => tagsPanel(d, ctx),
    policy: () => policyPanel(d),
  };
  return html`<nav class="crumbs" aria-label="Breadcrumbs"><ol>
  <li><a href="${aws ? "/console/aws-managed-keys" : "/console/keys"}">${aws ? "AWS managed keys" : "Customer managed keys"}</a></li>
  <li><a href="${keyPath(t.KeyId)}" aria-current="page">${name}</a></li>
</ol></nav>
<h1>${name}${aws ? html`<span class="badge">AWS managed</span>` : ""}</h1>
${aws && html`<p class="note" id="aws-managed-reason">${AWS_MANAGED_REASON} AWS creates, rotates and manages this key for an AWS service.</p>`}
${general(d, ctx)}
${keyActions(d, ctx, view)}
<div role="tablist" aria-label="Key details">
${tabs.map(
  (tab) =>
    html`<a role="tab" id="tab-${tab.id}" href="${tabPath(t.KeyId, tab.id)}" aria-controls="panel-${tab.id}" aria-selected="${tab.id === view.tab ? "true" : "false"}">${tab.label}</a>`,
)}
</div>
${tabs.map(
  (tab) =>
    html`<section role="tabpanel" id="panel-${tab.id}" aria-labelledby="tab-${tab.id}"${tab.id === view.tab ? "" : html` hidden`}>${panels[tab.id]()}</section>`,
)}`;
}
