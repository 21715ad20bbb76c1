/**
 * **Edit automatic key rotation** (`/console/keys/<key-id>/rotation`): **Key rotation** Enable /
 * Disable and **Rotation period (in days)**, 90 to 2560, default 365, then **Save**. The KMS decides
 * what is allowed: a refused save shows AWS's exception on this page and changes nothing.
 */
import type { RotationTimeline } from "../../sim/index.js";
import { html, type Html } from "../html.js";
import { formGuard, type ShellContext } from "../layout.js";

/** The default period of EnableKeyRotation. */
export const DEFAULT_ROTATION_PERIOD_DAYS = 365;

/** The edit page's content. */
export function rotationEditPage(t: RotationTimeline, ctx: ShellContext): Html {
  const keyPath = `/console/keys/${encodeURIComponent(t.KeyId)}`;
  const enabled = t.AutomaticRotation?.Enabled === true;
  const period = t.AutomaticRotation?.RotationPeriodInDays ?? DEFAULT_ROTATION_PERIOD_DAYS;
  const name = t.Aliases[0] ?? t.KeyId;
  return html`<nav class="crumbs" aria-label="Breadcrumbs"><ol>
  <li><a href="/console/keys">Customer managed keys</a></li>
  <li><a href="${keyPath}?tab=rotations">${name}</a></li>
  <li><a href="${keyPath}/rotation" aria-current="page">Edit automatic key rotation</a></li>
</ol></nav>
<h1>Edit automatic key rotation</h1>
<form method="post" action="${keyPath}/rotation" class="stack panel">${formGuard(ctx, ctx.here)}
  <fieldset><legend>Key rotation</legend>
    <input type="radio" id="rotation-enable" name="rotation" value="enable"${enabled ? html` checked` : ""}><label for="rotation-enable">Enable</label>
    <input type="radio" id="rotation-disable" name="rotation" value="disable"${enabled ? "" : html` checked`}><label for="rotation-disable">Disable</label>
  </fieldset>
  <div><label for="rotation-period">Rotation period (in days)</label><br>
  <input type="number" id="rotation-period" name="period" min="90" max="2560" step="1" value="${period}" required aria-describedby="rotation-period-hint">
  <p class="hint" id="rotation-period-hint">A whole number from 90 to 2560; the default is ${DEFAULT_ROTATION_PERIOD_DAYS}. KMS rotates the key this many days after you enable rotation, then every period.</p></div>
  <div class="actions"><a href="${keyPath}?tab=rotations">Cancel</a><button type="submit" class="primary">Save</button></div>
</form>`;
}
