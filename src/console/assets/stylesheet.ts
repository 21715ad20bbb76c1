/**
 * The console's only stylesheet, served from the package at /console/assets/style.css (a string
 * module, so the build and every runtime carry it; the CSP allows nothing else). Colours keep
 * text at WCAG AA contrast or better.
 */
export const STYLESHEET = `
:root { --ink: #0f141a; --muted: #535f6d; --line: #c6c6cd; --soft: #f3f4f6; --link: #0757a5; --accent: #c45500;
  --danger: #b40f0f; --ok: #0a6c2c; --header: #0f1b2a; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--ink); background: #ffffff; line-height: 1.45; }
* { box-sizing: border-box; }
body { margin: 0; font-size: 15px; }
a { color: var(--link); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, [role="tab"]:focus-visible, pre:focus-visible
  { outline: 3px solid #0972d3; outline-offset: 2px; }
.skip { position: absolute; left: -9999px; }
.skip:focus { left: 8px; top: 8px; background: #fff; padding: 6px 10px; z-index: 10; }
.top { background: var(--header); color: #ffffff; display: flex; flex-wrap: wrap; gap: 8px 24px; align-items: center; padding: 10px 20px; }
.top a, .top strong { color: #ffffff; }
.brand { font-weight: 700; font-size: 17px; margin: 0; }
.brand span { font-weight: 400; color: #d1d5db; margin-left: 6px; }
.region { margin: 0; display: flex; gap: .4em; align-items: center; }
.clock { display: flex; flex-wrap: wrap; gap: 6px 14px; align-items: center; margin-left: auto; }
.clock p { margin: 0; }
.clock form { display: flex; gap: 6px; align-items: center; margin: 0; }
.clock label { font-size: 13px; color: #e5e7eb; }
.clock input, .clock select { padding: 3px 6px; border-radius: 4px; border: 1px solid #8d99a8; }
.clock input[type="number"] { width: 5em; }
.shell { display: flex; min-height: calc(100vh - 56px); }
.side { width: 230px; flex: none; border-right: 1px solid var(--line); padding: 18px 0; background: var(--soft); }
.side ul { list-style: none; margin: 0; padding: 0; }
.side a { display: block; padding: 7px 20px; text-decoration: none; color: var(--ink); }
.side a[aria-current="page"] { font-weight: 700; color: var(--link); border-left: 4px solid var(--link); padding-left: 16px; }
main { flex: 1; padding: 18px 28px 40px; min-width: 0; }
h1 { font-size: 24px; margin: 6px 0 14px; }
h2 { font-size: 18px; margin: 22px 0 10px; }
h3 { font-size: 16px; margin: 0 0 8px; }
.panel > h2:first-child, .panel > h3:first-child { margin-top: 0; }
.crumbs ol { list-style: none; display: flex; gap: 6px; padding: 0; margin: 0; font-size: 14px; }
.crumbs li + li::before { content: "›"; margin-right: 6px; color: var(--muted); }
.panel { border: 1px solid var(--line); border-radius: 8px; padding: 14px 18px; margin: 0 0 16px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 6px 18px; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
caption { text-align: left; font-weight: 600; padding: 6px 0; }
th, td { text-align: left; padding: 7px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--soft); }
td.id { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 13px; overflow-wrap: anywhere; }
td.nowrap { white-space: nowrap; }
.none { color: var(--muted); }
ul.plain { list-style: none; margin: 0; padding: 0; }
.badge { display: inline-block; font-size: 12px; font-weight: 600; padding: 1px 8px; border-radius: 10px; background: #fef3e6; color: #8a3c00; border: 1px solid #c45500; margin-left: 6px; vertical-align: middle; }
button, .button { font: inherit; display: inline-block; padding: 5px 14px; border-radius: 18px; border: 2px solid var(--link);
  background: #ffffff; color: var(--link); font-weight: 600; cursor: pointer; text-decoration: none; }
button.primary, .button.primary { background: #ff9900; border-color: #ff9900; color: #0f141a; }
button.danger { border-color: var(--danger); color: var(--danger); }
button:disabled { border-color: #9ba7b6; color: #59636e; background: var(--soft); cursor: not-allowed; }
.actions { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
.actions form { margin: 0; }
form.stack { display: grid; gap: 10px; max-width: 560px; }
form.inline { display: flex; flex-wrap: wrap; gap: 8px; align-items: end; }
label { font-weight: 600; }
input[type="text"], input[type="search"], input[type="number"], input[type="datetime-local"], select, textarea {
  font: inherit; padding: 5px 8px; border: 1px solid #7d8998; border-radius: 6px; }
fieldset { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; }
legend { font-weight: 600; padding: 0 4px; }
fieldset label { font-weight: 400; margin-right: 14px; }
.hint { color: var(--muted); font-size: 13px; margin: 0; }
.flash { border-radius: 6px; padding: 10px 14px; margin: 0 0 14px; border: 2px solid; }
.flash.error { border-color: var(--danger); background: #fff5f5; }
.flash.ok { border-color: var(--ok); background: #f2fbf4; }
.flash strong { margin-right: 6px; }
.note { border-left: 4px solid var(--accent); background: #fff8f0; padding: 8px 12px; margin: 0 0 14px; }
[role="tablist"] { display: flex; gap: 2px; border-bottom: 2px solid var(--line); margin: 22px 0 14px; flex-wrap: wrap; }
[role="tab"] { padding: 8px 14px; text-decoration: none; color: var(--ink); border-bottom: 3px solid transparent; margin-bottom: -2px; }
[role="tab"][aria-selected="true"] { color: var(--link); border-bottom-color: var(--link); font-weight: 700; }
[role="tabpanel"][hidden] { display: none; }
pre { background: var(--soft); border: 1px solid var(--line); border-radius: 6px; padding: 12px; overflow: auto; font-size: 13px; max-height: 420px; }
figure { margin: 0; }
figure svg { max-width: 100%; height: auto; border: 1px solid var(--line); border-radius: 6px; }
figcaption { font-weight: 600; margin-bottom: 6px; }
dialog { border: 1px solid var(--line); border-radius: 10px; padding: 20px 24px; max-width: 520px; }
dialog::backdrop { background: rgba(15, 20, 26, 0.45); }
dialog h2 { margin-top: 0; }
.pager { display: flex; gap: 14px; align-items: center; margin: 10px 0; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

/** The console's icon (browsers ask for one; without it they log a 404). */
export const ICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0f1b2a"/><circle cx="12" cy="16" r="6" fill="none" stroke="#ff9900" stroke-width="3"/><path d="M18 16h10M24 16v5M28 16v4" stroke="#ff9900" stroke-width="3" fill="none"/></svg>`;
