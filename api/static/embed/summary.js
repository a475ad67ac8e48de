// The side panel: live price (a range while the design is open, the total once complete), the
// delivery window, what is left to choose, "Finish for me", quantity and "Add to cart".

import { h, setText } from "./dom.js";
import { day, listing, money } from "./format.js";

export const MODES = [
  ["default", "Recommended"],
  ["cheapest", "Cheapest"],
  ["popular", "Most popular"],
];

export function summary(ctx) {
  const label = h("span", { class: "label", text: "Price" });
  const amount = h("span", { class: "amount", part: "price", dataset: { testid: "price" } });
  const note = h("span", { class: "note" });
  const price = h("p", { class: "price", "aria-live": "polite", "aria-atomic": "true" }, label, amount, note);
  const delivery = h("p", { class: "delivery", dataset: { testid: "delivery" } });
  const todo = h("p", { class: "todo", id: ctx.id("todo") });
  const busy = h("p", { class: "busy", hidden: true, text: "Updating…" });
  const finishButtons = MODES.map(([mode, name]) =>
    h("button", { type: "button", class: "secondary", dataset: { mode }, text: name, onclick: () => ctx.finish(mode) }),
  );
  const finish = h(
    "fieldset",
    { class: "finish" },
    h("legend", { text: "Finish for me" }),
    h("div", { class: "buttons" }, finishButtons),
  );
  const qtyId = ctx.id("qty");
  const quantity = h("input", { id: qtyId, type: "number", min: 1, max: 999, step: 1, inputmode: "numeric", value: "1" });
  quantity.addEventListener("change", () => ctx.setQuantity(quantity.value));
  const add = h("button", {
    type: "button",
    class: "primary",
    part: "add-to-cart",
    text: "Add to cart",
    "aria-describedby": todo.id,
    onclick: () => ctx.addToCart(),
  });
  const cart = h("p", { class: "cart", dataset: { testid: "cart" }, "aria-live": "polite" });
  const status = h("p", { class: "status", role: "status" });
  const root = h(
    "aside",
    { class: "summary", "aria-label": "Your design" },
    price,
    delivery,
    todo,
    busy,
    finish,
    h("div", { class: "buy" }, h("label", { for: qtyId }, "Quantity", quantity), add),
    cart,
    status,
  );
  return {
    root,
    quantity,
    setBusy(on) {
      busy.hidden = !on;
      root.setAttribute("aria-busy", on ? "true" : "false");
    },
    setQuantity(value) {
      if (quantity.value !== String(value)) quantity.value = String(value);
    },
    setStatus(text) {
      setText(status, text);
    },
    setCart(count) {
      setText(cart, count ? `Your cart: ${count} ${count === 1 ? "item" : "items"}` : "");
    },
    setAdding(on) {
      add.dataset.adding = on ? "true" : "";
      setText(add, on ? "Adding…" : "Add to cart");
    },
    update(state, product) {
      const locale = ctx.locale;
      const { min, max, total } = state.price;
      if (state.complete && total !== null) {
        setText(label, "Total");
        setText(amount, money(total, state.currency, locale));
      } else if (min !== null && max !== null && money(min, state.currency, locale) !== money(max, state.currency, locale)) {
        setText(label, "Price range");
        setText(amount, `${money(min, state.currency, locale)} – ${money(max, state.currency, locale)}`);
      } else if (min !== null) {
        setText(label, "Price");
        setText(amount, money(min, state.currency, locale));
      } else {
        setText(label, "Price");
        setText(amount, "");
      }
      setText(note, state.note || "");
      const d = state.delivery;
      const first = d ? day(d.earliest ?? d.from ?? d.date, locale) : "";
      const last = d ? day(d.latest ?? d.to ?? d.date, locale) : "";
      setText(delivery, !first ? "" : first === last || !last ? `Delivery by ${first}` : `Delivery ${first} – ${last}`);
      const names = state.open.map((code) => product.modules.find((m) => m.code === code)?.name || code);
      setText(todo, state.complete ? "Your design is complete." : names.length ? `Still to choose: ${listing(names, locale)}.` : "");
      add.disabled = !state.complete || add.dataset.adding === "true";
    },
  };
}
