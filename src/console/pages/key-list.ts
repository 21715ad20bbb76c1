/**
 * The **Customer managed keys** and **AWS managed keys** pages: a filter box, a paged table with
 * AWS's columns, and (customer managed) the **Create key** form.
 */
import { html, type Html } from "../html.js";
import { keyStateLabel, time } from "../format.js";
import { formGuard, type ShellContext } from "../layout.js";
import type { KeyPage, KeyQuery, KeyRow } from "../directory.js";

/** Page sizes the tables offer. */
export const PAGE_SIZES: readonly number[] = [10, 25, 50, 100];

function keyLink(keyId: string, text: string): Html {
  return html`<a href="/console/keys/${encodeURIComponent(keyId)}">${text}</a>`;
}

function rotationCell(row: KeyRow): Html {
  if (row.rotation === undefined) return html`<span class="none">Not available</span>`;
  if (!row.rotation.enabled) return html`Disabled`;
  return html`Enabled${row.rotation.periodDays === undefined ? "" : html` (every ${row.rotation.periodDays} days)`}`;
}

function rowMarkup(row: KeyRow, aws: boolean): Html {
  const m = row.metadata;
  return html`<tr>
  <td>${row.aliases.length === 0 ? html`<span class="none">-</span>` : row.aliases.map((name, i) => html`${i > 0 ? html`<br>` : ""}${keyLink(m.KeyId, name)}`)}</td>
  <td class="id">${keyLink(m.KeyId, m.KeyId)}${aws ? html`<span class="badge">AWS managed</span>` : ""}</td>
  <td>${keyStateLabel(m.KeyState)}</td>
  <td>${m.KeySpec ?? "-"}</td>
  <td>${m.KeyUsage ?? "-"}</td>
  <td>${m.Origin ?? "-"}</td>
  <td>${rotationCell(row)}</td>
  <td>${time(row.rotation?.next)}</td>
</tr>`;
}

function pager(base: string, query: KeyQuery, result: KeyPage): Html {
  const at = (n: number) => {
    const params = new URLSearchParams();
    if (query.filter !== "") params.set("filter", query.filter);
    if (n > 1) params.set("page", String(n));
    if (query.size !== 25) params.set("size", String(query.size));
    const search = params.toString();
    return search === "" ? base : `${base}?${search}`;
  };
  return html`<nav class="pager" aria-label="Pages">
  ${result.page > 1 ? html`<a href="${at(result.page - 1)}" rel="prev">Previous page</a>` : ""}
  <span>Page ${result.page}</span>
  ${result.hasNext ? html`<a href="${at(result.page + 1)}" rel="next">Next page</a>` : ""}
</nav>`;
}

function filterForm(base: string, query: KeyQuery): Html {
  return html`<form method="get" action="${base}" role="search" class="inline">
  <div><label for="filter">Filter keys</label><br>
  <input type="search" id="filter" name="filter" value="${query.filter}" aria-describedby="filter-hint"></div>
  <div><label for="size">Keys per page</label><br>
  <select id="size" name="size">${PAGE_SIZES.map((n) => html`<option value="${n}"${n === query.size ? html` selected` : ""}>${n}</option>`)}</select></div>
  <button type="submit">Filter</button>
  <p class="hint" id="filter-hint">Matches alias names and key IDs (case-insensitive).</p>
</form>`;
}

function table(caption: string, result: KeyPage, aws: boolean): Html {
  return html`<table>
  <caption>${caption}, page ${result.page}</caption>
  <thead><tr>
    <th scope="col">Aliases</th><th scope="col">Key ID</th><th scope="col">Status</th><th scope="col">Key spec</th>
    <th scope="col">Key usage</th><th scope="col">Origin</th><th scope="col">Automatic rotation</th><th scope="col">Next rotation</th>
  </tr></thead>
  <tbody>
  ${result.rows.length === 0 ? html`<tr><td colspan="8">No keys${result.page > 1 ? " on this page" : ""}.</td></tr>` : result.rows.map((row) => rowMarkup(row, aws))}
  </tbody>
</table>`;
}

/** The key spec and usage pairings CreateKey accepts (SM2: China Regions only), in AWS's console order. */
export const KEY_KINDS: readonly { readonly value: string; readonly label: string; readonly group: string }[] = [
  { value: "SYMMETRIC_DEFAULT/ENCRYPT_DECRYPT", label: "Symmetric, encrypt and decrypt (SYMMETRIC_DEFAULT)", group: "Symmetric" },
  ...["RSA_2048", "RSA_3072", "RSA_4096"].flatMap((spec) => [
    { value: `${spec}/ENCRYPT_DECRYPT`, label: `${spec}, encrypt and decrypt`, group: "Asymmetric" },
    { value: `${spec}/SIGN_VERIFY`, label: `${spec}, sign and verify`, group: "Asymmetric" },
  ]),
  ...["ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521"].flatMap((spec) => [
    { value: `${spec}/SIGN_VERIFY`, label: `${spec}, sign and verify`, group: "Asymmetric" },
    { value: `${spec}/KEY_AGREEMENT`, label: `${spec}, key agreement`, group: "Asymmetric" },
  ]),
  ...["ECC_SECG_P256K1", "ECC_NIST_EDWARDS25519", "ML_DSA_44", "ML_DSA_65", "ML_DSA_87"].map((spec) => ({
    value: `${spec}/SIGN_VERIFY`, label: `${spec}, sign and verify`, group: "Asymmetric",
  })),
  ...["HMAC_224", "HMAC_256", "HMAC_384", "HMAC_512"].map((spec) => ({
    value: `${spec}/GENERATE_VERIFY_MAC`, label: `${spec}, generate and verify MAC`, group: "HMAC",
  })),
];

function keyKindSelect(): Html {
  const groups = ["Symmetric", "Asymmetric", "HMAC"].map(
    (group) => html`<optgroup label="${group}">${KEY_KINDS.filter((kind) => kind.group === group).map(
      (kind) => html`<option value="${kind.value}">${kind.label}</option>`,
    )}</optgroup>`,
  );
  return html`<div><label for="create-key-spec">Key type, spec and usage</label><br>
  <select id="create-key-spec" name="key_spec">${groups}</select></div>`;
}

function createKeyForm(ctx: ShellContext): Html {
  return html`<section aria-labelledby="create-key-heading" class="panel">
<h2 id="create-key-heading">Create key</h2>
<form method="post" action="/console/keys" class="stack">${formGuard(ctx, ctx.here)}
  <div><label for="create-description">Description</label><br>
  <input type="text" id="create-description" name="description" maxlength="8192" size="50"></div>
  <div><label for="create-alias">Alias</label><br>
  <input type="text" id="create-alias" name="alias" maxlength="256" size="40" aria-describedby="create-alias-hint">
  <p class="hint" id="create-alias-hint">Optional. The name after <code>alias/</code>, e.g. orders; kms-sim adds the prefix if you leave it out.</p></div>
  ${keyKindSelect()}
  <fieldset><legend>Key material origin</legend>
    <input type="radio" id="origin-kms" name="origin" value="AWS_KMS" checked><label for="origin-kms">KMS</label>
    <input type="radio" id="origin-external" name="origin" value="EXTERNAL"><label for="origin-external">External (Import key material)</label>
  </fieldset>
  <div><button type="submit" class="primary">Create key</button></div>
</form>
</section>`;
}

/** The Customer managed keys page. */
export function customerKeysPage(ctx: ShellContext, query: KeyQuery, result: KeyPage): Html {
  return html`<h1>Customer managed keys</h1>
${filterForm("/console/keys", query)}
${table("Customer managed keys", result, false)}
${pager("/console/keys", query, result)}
${createKeyForm(ctx)}`;
}

/** The AWS managed keys page. */
export function awsKeysPage(query: KeyQuery, result: KeyPage): Html {
  return html`<h1>AWS managed keys</h1>
<p class="note">AWS services create these keys in your account, rotate them and manage their policies. You cannot edit AWS managed CMKs.</p>
${filterForm("/console/aws-managed-keys", query)}
${table("AWS managed keys", result, true)}
${pager("/console/aws-managed-keys", query, result)}`;
}
