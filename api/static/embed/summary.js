// The side panel: live price (a range while the design is open, the total once complete), the
// delivery window, what is left to choose, "Finish for me", quantity and "Add to cart".

import { h, setText } from "./dom.js";
import { day, listing, money } from "./format.js";

export const MODES = [
  ["default", "Recommended"],
  ["cheapest", "Cheapest"],
  ["popular", "Most popular"],
];

function breakdown(price, show) {
  const parts = [];
  if (price.items) parts.push(`Items ${show(price.items)}`);
  if (price.discount && Number(price.discount.amount) !== 0) parts.push(`discount −${show(price.discount).replace(/^[-−]/, "")}`);
  if (price.shipping) parts.push(Number(price.shipping.amount) === 0 ? "free shipping" : `shipping ${show(price.shipping)}`);
  let text = parts.join(", ");
  if (price.taxIncluded === true) text += text ? "; VAT included." : "VAT included.";
  else if (price.taxIncluded === false && price.tax) text += `; VAT ${show(price.tax)} added.`;
  return text;
}

export function summary(ctx) {
  const label = h("span", { class: "label", text: "Price" });
  const amount = h("span", { class: "amount", part: "price", dataset: { testid: "price" } });
  const note = h("span", { class: "note" });
  const price = h("p", { class: "price", "aria-live": "polite", "aria-atomic": "true" }, label, amount, note);
  const delivery = h("p", { class: "delivery", dataset: { testid: "delivery" } });
  const todo = h("p", { class: "todo", id: ctx.id("todo") });
  const busy = h("p", { class: "busy idle", text: "Updating…" });
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
  const cart = h("p", { class: "cart", dataset: { testid: "cart" }, hidden: true });
  const status = h("p", { class: "status", role: "status" });
  let complete = false;
  let busyNow = false;
  const root = h(
    "aside",
    { class: "summary", "aria-label": "Your design", tabindex: "-1" },
    price,
    busy,
    delivery,
    todo,
    finish,
    h("div", { class: "buy" }, h("label", { for: qtyId }, "Quantity", quantity), add),
    cart,
    status,
  );
  return {
    root,
    quantity,
    priceText() {
      return amount.textContent ? `${label.textContent}: ${amount.textContent}` : "";
    },
    setBusy(on) {
      // An answer is on its way: adding now would add the design before the latest change.
      busyNow = on;
      add.disabled = on || !complete || add.dataset.adding === "true";
      busy.classList.toggle("idle", !on); // keeps its place: nothing below jumps
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
      cart.hidden = !count;
    },
    setAdding(on) {
      add.dataset.adding = on ? "true" : "";
      if (on) add.disabled = true;
      setText(add, on ? "Adding…" : "Add to cart");
    },
    update(state) {
      const locale = ctx.locale;
      const show = (value) => money(value, ctx.currency, locale);
      const { min, max, total } = state.price;
      amount.dataset.amount = "";
      if (state.complete && total) {
        setText(label, "Total");
        setText(amount, show(total));
        amount.dataset.amount = total.amount;
        setText(note, breakdown(state.price, show));
      } else if (min && max && show(min) !== show(max)) {
        setText(label, "Price range");
        setText(amount, `${show(min)} – ${show(max)}`);
        setText(note, "Depends on what you choose next; shipping is added once the design is complete.");
      } else if (min) {
        setText(label, "Price");
        setText(amount, show(min));
        setText(note, "Shipping is added once the design is complete.");
      } else {
        setText(label, "Price");
        setText(amount, "");
        setText(note, "");
      }
      const d = state.delivery;
      const first = d ? day(d.earliest, locale) : "";
      const last = d ? day(d.latest, locale) : "";
      const window = first === last || !last ? first : `${first} – ${last}`;
      setText(delivery, !first ? "" : d.final === false ? `Delivery about ${window}` : `Delivery ${window}`);
      setText(
        todo,
        state.complete ? "Your design is complete." : state.open.length ? `Still to choose: ${listing(state.open, locale)}.` : "",
      );
      complete = state.complete;
      add.disabled = !complete || busyNow || add.dataset.adding === "true";
    },
  };
}
