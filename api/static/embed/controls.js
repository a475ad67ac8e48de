// One control per module kind, built once per product and then updated from each state:
// updating in place (instead of redrawing) keeps keyboard focus and what the shopper is typing.
//
// ctx: { locale, currency, choose(module, value), repair(module, option, repair), id(...parts) }

import { h, replaceChildren, setText } from "./dom.js";
import { isZero, money, number } from "./format.js";

const SELECT_LIMIT = 40; // up to this many values on a number grid: a list; more: a number field

export function control(module, ctx) {
  if (module.kind === "single" || module.kind === "multi") return choiceControl(module, ctx);
  if (module.kind === "text") return textControl(module, ctx);
  return numberControl(module, ctx);
}

function help(module, ctx) {
  return module.description ? h("p", { class: "help", id: ctx.id("help", module.code), text: module.description }) : null;
}

// A group of options is a fieldset named by its legend; a single field is a box named by its label.
function frame(module, ctx, ...body) {
  const about = help(module, ctx);
  const legend = h("legend", {}, module.name, module.required ? null : h("span", { class: "required", text: " (optional)" }));
  return h("fieldset", { dataset: { module: module.code }, "aria-describedby": about?.id }, legend, about, ...body);
}

function box(module, ctx, id, label, ...body) {
  const about = help(module, ctx);
  const name = h("label", { for: id, class: "title" }, label);
  return h("div", { class: "box", dataset: { module: module.code } }, name, about, h("div", { class: "field" }, ...body));
}

function whyPanel(module, option, ctx) {
  const reason = h("p", { id: ctx.id("why", module.code, option.code) });
  const repairs = h("div", { class: "repairs" });
  const panel = h("div", { class: "why", hidden: true }, reason, repairs);
  return {
    panel,
    reasonId: reason.id,
    update(state) {
      const show = Boolean(state && !state.available && !state.selected);
      panel.hidden = !show;
      if (!show) {
        setText(reason, ""); // a described-by target is read even when hidden: no stale reason
        repairs.replaceChildren();
        return;
      }
      setText(reason, state.reason?.text || "Not available with your other choices.");
      replaceChildren(
        repairs,
        (state.reason?.repairs || []).map((repair) =>
          h("button", {
            type: "button",
            class: "repair",
            text: repair.label,
            "aria-label": `${repair.label} (to allow ${option.name})`,
            onclick: () => ctx.repair(module.code, option.code, repair),
          }),
        ),
      );
    },
  };
}

function choiceControl(module, ctx) {
  const multi = module.kind === "multi";
  const choices = h("div", { class: "choices" });
  // Short names (sizes) sit several to a row even on a phone; long ones get the width they need.
  const longest = Math.max(4, ...module.options.map((o) => [...o.name].length));
  if (longest <= 7) choices.style.setProperty("--column", "7.5rem");
  else if (longest <= 15) choices.style.setProperty("--column", "11rem");
  const rows = new Map();
  const name = ctx.id("m", module.code);
  const optional = !multi && !module.required;
  const options = optional ? [{ code: "", name: "None", description: "" }, ...module.options] : module.options;
  for (const option of options) {
    const input = h("input", { type: multi ? "checkbox" : "radio", name, value: option.code });
    const tag = h("span", { class: "tag" });
    const effect = h("span", { class: "effect" });
    const swatch = option.hex ? h("span", { class: "swatch", "aria-hidden": "true" }) : null;
    if (swatch) swatch.style.backgroundColor = option.hex;
    const about = option.description ? h("span", { class: "desc", text: option.description }) : null;
    const meta = h("span", { class: "meta", hidden: true }, effect, tag);
    const words = h("span", { class: "words" }, h("span", { class: "name", text: option.name }), about, meta);
    const label = h("label", {}, input, swatch, words);
    const why = whyPanel(module, option, ctx);
    input.setAttribute("aria-describedby", why.reasonId);
    const row = h("div", { class: "choice", dataset: { option: option.code || "none" } }, label, why.panel);
    choices.append(row);
    rows.set(option.code, { input, tag, effect, meta, row, why });
    input.addEventListener("change", () => {
      if (!multi) {
        ctx.choose(module.code, option.code || null);
        return;
      }
      const picks = [...rows.entries()]
        .filter(([, r]) => r.input.checked && !r.forced)
        .map(([code]) => code);
      ctx.choose(module.code, picks);
    });
  }
  const limits = multi ? pickLimits(module) : null;
  const fieldset = frame(module, ctx, limits ? h("p", { class: "help", text: limits }) : null, choices);
  return {
    root: fieldset,
    focus(option) {
      rows.get(option)?.input.focus();
    },
    update(ms) {
      fieldset.hidden = !ms.applicable;
      for (const [code, r] of rows) {
        const os = code === "" ? noneState(ms) : ms.options[code] || { available: false };
        const forced = Boolean(os.forced && !os.selected);
        r.forced = multi && forced;
        r.input.checked = Boolean(os.selected || forced);
        r.input.disabled = (!os.available && !os.selected) || (multi && forced);
        r.row.classList.toggle("unavailable", !os.available && !os.selected);
        r.row.classList.toggle("selected", r.input.checked);
        setText(r.tag, forced ? (multi ? "Included" : "Only choice") : !os.available && !os.selected ? "Unavailable" : "");
        const effect = os.selected || forced || isZero(os.effect) ? "" : money(os.effect, ctx.currency, ctx.locale, { signed: true });
        setText(r.effect, effect);
        r.effect.hidden = !r.effect.textContent;
        r.tag.hidden = !r.tag.textContent;
        r.meta.hidden = r.effect.hidden && r.tag.hidden;
        r.why.update(os);
      }
    },
  };
}

function noneState(ms) {
  return { available: ms.canBeEmpty !== false, selected: ms.value === null && ms.chosen, forced: false, effect: null };
}

function pickLimits(module) {
  const { minPicks: low = 0, maxPicks: high = null } = module;
  if (high === 1) return low ? "Choose one." : "Choose at most one.";
  if (low && high) return low === high ? `Choose ${low}.` : `Choose ${low} to ${high}.`;
  if (low) return `Choose at least ${low}.`;
  if (high) return `Choose up to ${high}.`;
  return null;
}

function grid(module) {
  const { min, max, step = "1" } = module;
  const count = Math.floor((Number(max) - Number(min)) / Number(step)) + 1;
  if (!Number.isFinite(count) || count > SELECT_LIMIT || count < 1) return null;
  const decimals = Math.max(...[min, step].map((v) => (String(v).split(".")[1] || "").length));
  return Array.from({ length: count }, (_, i) => (Number(min) + i * Number(step)).toFixed(decimals));
}

const same = (a, b) => a !== null && a !== undefined && b !== null && b !== undefined && Number(a) === Number(b);

function numberControl(module, ctx) {
  const id = ctx.id("f", module.code);
  const unit = module.unit || "";
  const values = grid(module);
  const hint = h("span", { class: "hint", id: ctx.id("hint", module.code) });
  const error = h("p", { class: "field-error", role: "alert", hidden: true });
  const shown = (v) => (unit ? `${number(v, ctx.locale)} ${unit}` : number(v, ctx.locale));
  let field;
  if (values) {
    field = h(
      "select",
      { id, "aria-describedby": hint.id },
      h("option", { value: "", text: "Choose…" }),
      values.map((v) => h("option", { value: v, text: shown(v) })),
    );
  } else {
    field = h("input", {
      id,
      type: "number",
      inputmode: "decimal",
      min: module.min,
      max: module.max,
      step: module.step || 1,
      "aria-describedby": hint.id,
    });
  }
  field.addEventListener("change", () => {
    error.hidden = true;
    ctx.choose(module.code, field.value === "" ? undefined : field.value);
  });
  const root = box(module, ctx, id, unit && !values ? `${module.name} (${unit})` : module.name, field, hint, error);
  return {
    root,
    focus() {
      field.focus();
    },
    showError(message) {
      setText(error, message);
      error.hidden = !message;
    },
    update(ms) {
      root.hidden = !ms.applicable;
      const feasible = ms.values || [];
      const current = ms.value ?? ms.forced ?? null;
      if (values) {
        for (const option of field.options) {
          if (option.value === "") continue;
          const ok = feasible.length === 0 || feasible.some((v) => same(v, option.value));
          const effect = ms.effects?.[feasible.find((v) => same(v, option.value))];
          const extra = !ok ? " (unavailable)" : effect && !isZero(effect) && !same(option.value, current)
            ? ` (${money(effect, ctx.currency, ctx.locale, { signed: true })})`
            : "";
          option.disabled = !ok;
          setText(option, shown(option.value) + extra);
        }
        field.value = values.find((v) => same(v, current)) ?? "";
      } else if (!ctx.hasFocus(field)) {
        field.value = current === null ? "" : String(current);
      }
      if (!feasible.length) setText(hint, "");
      else {
        const low = shown(feasible[0]);
        const high = shown(feasible[feasible.length - 1]);
        setText(hint, low === high ? `Only ${low} is possible with your choices.` : `From ${low} to ${high}.`);
      }
    },
  };
}

function textControl(module, ctx) {
  const id = ctx.id("f", module.code);
  const counter = h("span", { class: "counter", id: ctx.id("count", module.code), "aria-live": "polite" });
  const error = h("p", { class: "field-error", role: "alert", hidden: true });
  const field = h("input", {
    id,
    type: "text",
    maxLength: module.maxLength || 500,
    autocomplete: "off",
    spellcheck: false,
    autocapitalize: module.uppercase ? "characters" : "off",
    "aria-describedby": counter.id,
  });
  let timer = 0;
  let sent = null;
  const send = () => {
    clearTimeout(timer);
    if (field.value === sent) return;
    sent = field.value;
    ctx.choose(module.code, field.value === "" ? undefined : field.value);
  };
  const limit = module.maxLength || 500;
  const count = () => setText(counter, `${[...field.value].length} of ${limit} characters${module.uppercase ? ", set in capitals" : ""}`);
  field.addEventListener("input", () => {
    count();
    error.hidden = true;
    clearTimeout(timer);
    timer = setTimeout(send, 450);
  });
  field.addEventListener("change", send);
  const title = [module.name, module.required ? null : h("span", { class: "required", text: " (optional)" })];
  const root = box(module, ctx, id, title, field, counter, error);
  count();
  return {
    root,
    focus() {
      field.focus();
    },
    showError(message) {
      setText(error, message);
      error.hidden = !message;
    },
    update(ms) {
      root.hidden = !ms.applicable;
      if (!ctx.hasFocus(field) && error.hidden) {
        field.value = typeof ms.value === "string" ? ms.value : "";
        sent = field.value;
        count();
      }
    },
  };
}
