/**
 * Typed HTML templates that escape by default: `html\`<p>${text}</p>\`` escapes every interpolated
 * value unless it is itself {@link Html} made by this module. User text (descriptions, aliases, tags,
 * policies, exception messages) can therefore only reach a page as text, never as markup.
 */

/** Markup that is safe to insert as is: made by {@link html} or vouched for by {@link trustedHtml}. */
export class Html {
  readonly #markup: string;

  /** Use {@link html} or {@link trustedHtml}; this constructor is not exported from the console entry. */
  constructor(markup: string) {
    this.#markup = markup;
  }

  toString(): string {
    return this.#markup;
  }
}

/**
 * What a template may interpolate. `false`, `null` and `undefined` render nothing, so
 * `${condition && html\`...\`}` works; arrays render each item.
 */
export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes text for an HTML text node or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] as string);
}

function render(value: HtmlValue): string {
  if (value instanceof Html) return value.toString();
  if (value === null || value === undefined || value === false || value === true) return "";
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return escapeHtml(value);
  return value.map(render).join("");
}

/**
 * The template tag: literal parts are markup, interpolated values are escaped.
 * @example
 * ```ts
 * html`<p title="${'"x"'}">${"<img src=x onerror=alert(1)>"}</p>`.toString();
 * //=> '<p title="&quot;x&quot;">&lt;img src=x onerror=alert(1)&gt;</p>'
 * ```
 */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): Html {
  let markup = strings[0] ?? "";
  for (let i = 0; i < values.length; i++) markup += render(values[i]) + (strings[i + 1] ?? "");
  return new Html(markup);
}

/**
 * Markup produced elsewhere that escapes its own text (the timeline SVG of `kms-sim/sim`). The only
 * way around escaping: keep its callers few and named.
 */
export function trustedHtml(markup: string): Html {
  return new Html(markup);
}
