// The widget's own styles, inside its shadow root: nothing leaks into the shop's page and the
// shop's CSS does not reach in, except these inherited custom properties (docs/embed.md):
// --pc-accent, --pc-accent-text, --pc-font, --pc-radius, --pc-surface, --pc-text, --pc-muted.
export const CSS = `
:host {
  --accent: var(--pc-accent, #2346b8);
  --accent-text: var(--pc-accent-text, #ffffff);
  --radius: var(--pc-radius, 10px);
  --surface: var(--pc-surface, #ffffff);
  --text: var(--pc-text, #1c1e21);
  --muted: var(--pc-muted, #5c6370);
  --line: #d3d7de;
  --tint: color-mix(in srgb, var(--accent) 8%, var(--surface));
  --bad: #a3261d;
  --good: #1d6b34;
  display: block;
  container-type: inline-size;
  color: var(--text);
  background: var(--surface);
  font: 400 1rem/1.45 var(--pc-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
  -webkit-text-size-adjust: 100%;
}
:host([hidden]) { display: none; }
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
.layout { display: grid; gap: 1.25rem; }
@container (min-width: 760px) {
  .layout { grid-template-columns: minmax(0, 1fr) 19rem; align-items: start; }
  .layout > .summary { position: sticky; top: 1rem; }
}
.bar { display: none; }
@container (max-width: 759.98px) {
  .bar {
    display: flex; position: sticky; bottom: 0; z-index: 1; margin-top: 1rem;
    align-items: center; justify-content: space-between; gap: .75rem;
    padding: .6rem .9rem; border: 1px solid var(--line); border-radius: var(--radius);
    background: var(--surface); box-shadow: 0 -2px 10px rgb(0 0 0 / .08);
  }
  .bar.away { display: none; }
  /* typing: the field (and what is said under it) must not sit under the bar */
  .layout:has(input[type="text"]:focus, input[type="number"]:focus, select:focus) .bar { display: none; }
  .bar-price { font-weight: 650; font-variant-numeric: tabular-nums; min-width: 0; }
  .bar button { white-space: nowrap; flex: none; }
}
h2 { font-size: 1.35rem; line-height: 1.25; margin: 0 0 .25rem; }
.intro { color: var(--muted); margin: 0 0 1rem; }
form { display: grid; gap: 1rem; margin: 0; }
fieldset, .box {
  border: 1px solid var(--line); border-radius: var(--radius);
  padding: .75rem .9rem .9rem; margin: 0; min-width: 0;
}
legend { font-weight: 650; padding: 0 .35rem; margin-left: -.35rem; }
.box { display: grid; gap: .4rem; }
.box > .title { font-weight: 650; }
.box > .help { margin: 0; }
.required { color: var(--muted); font-weight: 400; font-size: .875rem; }
.help { color: var(--muted); font-size: .875rem; margin: 0 0 .5rem; }
.choices { display: grid; gap: .5rem; grid-template-columns: repeat(auto-fill, minmax(min(100%, var(--column, 15rem)), 1fr)); }
.choice { display: grid; gap: .25rem; align-content: start; }
.choice > label {
  display: flex; align-items: center; gap: .55rem; min-height: 2.75rem;
  padding: .5rem .7rem; border: 1px solid var(--line); border-radius: calc(var(--radius) - 2px);
  cursor: pointer; background: var(--surface);
}
.choice > label:hover { border-color: var(--accent); }
.choice > label:has(input:checked) { border-color: var(--accent); background: var(--tint); box-shadow: inset 0 0 0 1px var(--accent); }
.choice.unavailable > label { cursor: not-allowed; border-style: dashed; color: var(--muted); background: #f6f7f9; }
.choice.unavailable > label:hover { border-color: var(--line); }
.choice input { accent-color: var(--accent); width: 1.1rem; height: 1.1rem; margin: 0; flex: none; }
.words { flex: 1; min-width: 0; display: grid; gap: .1rem; }
.name, .desc { overflow-wrap: break-word; }
.desc { font-size: .875rem; color: var(--muted); }
.meta { display: flex; flex-wrap: wrap; gap: .25rem .6rem; align-items: baseline; }
h3.group { font-size: 1.05rem; margin: .5rem 0 -.25rem; }
.effect { font-size: .875rem; color: var(--muted); white-space: nowrap; font-variant-numeric: tabular-nums; }
.tag { font-size: .75rem; font-weight: 600; color: var(--muted); text-transform: uppercase; letter-spacing: .03em; }
.swatch { width: 1.15rem; height: 1.15rem; border-radius: 50%; flex: none; box-shadow: inset 0 0 0 1px rgb(0 0 0 / .25); }
.why { font-size: .875rem; color: var(--muted); margin: 0 .2rem; display: grid; gap: .3rem; justify-items: start; }
.why p { margin: 0; }
.repair {
  font: inherit; font-size: .875rem; font-weight: 600; color: var(--accent); background: none; cursor: pointer;
  border: 1px solid currentColor; border-radius: 999px; padding: .3rem .75rem; min-height: 2rem;
}
.repair:hover { background: var(--tint); }
.field { display: grid; gap: .35rem; max-width: 26rem; }
input[type="text"], input[type="number"], select {
  font: inherit; color: inherit; background: var(--surface); width: 100%; min-height: 2.75rem;
  border: 1px solid #8a919c; border-radius: calc(var(--radius) - 4px); padding: .45rem .65rem;
}
.counter, .hint { font-size: .875rem; color: var(--muted); }
.field-error { font-size: .875rem; color: var(--bad); margin: 0; }
.summary {
  position: relative; border: 1px solid var(--line); border-radius: var(--radius); padding: 1rem; display: grid; gap: .85rem;
  background: var(--surface);
}
.price { margin: 0; }
.price .label { display: block; font-size: .875rem; color: var(--muted); }
.price .amount { display: block; font-size: 1.6rem; font-weight: 700; line-height: 1.2; font-variant-numeric: tabular-nums; }
.price .note { display: block; font-size: .875rem; color: var(--muted); }
.delivery, .todo { margin: 0; font-size: .9375rem; }
.todo { color: var(--muted); }
.finish { border: 0; padding: 0; display: grid; gap: .4rem; }
.finish legend { font-weight: 600; font-size: .9375rem; padding: 0; margin: 0 0 .4rem; }
.finish .buttons { display: flex; flex-wrap: wrap; gap: .4rem; }
button { font: inherit; }
.secondary {
  min-height: 2.5rem; padding: .4rem .8rem; border-radius: 999px; cursor: pointer;
  border: 1px solid var(--line); background: var(--surface); color: var(--text);
}
.secondary:hover { border-color: var(--accent); }
.buy { display: grid; grid-template-columns: 5.5rem 1fr; gap: .5rem; align-items: end; }
.buy label { font-size: .875rem; color: var(--muted); display: grid; gap: .2rem; }
.primary {
  min-height: 2.9rem; padding: .5rem 1rem; border: 0; border-radius: calc(var(--radius) - 2px); cursor: pointer;
  background: var(--accent); color: var(--accent-text); font-weight: 650;
}
.primary[disabled] { background: #c9cdd4; color: #3d424a; cursor: not-allowed; }
.cart { margin: 0; font-size: .9375rem; }
.status { margin: 0; font-size: .9375rem; color: var(--good); }
.status:empty { margin-top: -.85rem; }
.error {
  margin: 0; padding: .6rem .8rem; border-radius: calc(var(--radius) - 2px); background: #fdeceb;
  color: var(--bad); border: 1px solid #f1b8b3; display: grid; gap: .4rem; justify-items: start;
}
.error p { margin: 0; }
.busy { font-size: .875rem; color: var(--muted); margin: 0; }
.summary .busy { position: absolute; top: .9rem; right: 1rem; }
.summary .busy.idle { visibility: hidden; }
:focus { outline: none; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.choice > label:has(input:focus-visible) { outline: 3px solid var(--accent); outline-offset: 2px; }
.choice input:focus-visible { outline: none; }
.sr-only {
  position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
@media (prefers-reduced-motion: no-preference) {
  .choice > label, .primary, .secondary, .repair { transition: border-color .12s, background-color .12s; }
}
@media (forced-colors: active) {
  .choice.unavailable > label { border-style: dashed; }
  .primary[disabled] { border: 1px solid GrayText; }
}
`;

export function adopt(root) {
  // Constructable style sheets are not inline styles: a strict CSP on the shop's page allows them.
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
  } catch {
    const style = document.createElement("style");
    style.textContent = CSS;
    root.append(style);
  }
}
