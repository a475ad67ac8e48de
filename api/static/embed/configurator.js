// <product-configurator product="tshirt" api="https://api.example"> — a product's configurator
// in any page, talking only to the configurator API. See docs/embed.md.
//
// Attributes: product (required), api (default: where this script came from), quantity (1),
// locale (default: the page's lang), hide-title. Events (bubbling, composed): "cart" after an
// item was added, detail { token, line, count, cart }; "statechange" after every answer, detail
// { product, selection, complete, price }.

import { Client, path, sentence } from "./client.js";
import { control } from "./controls.js";
import { h } from "./dom.js";
import { pickLocale } from "./format.js";
import { readProduct, readState } from "./model.js";
import { alertBox, priceBar } from "./panels.js";
import { readJson, storageKey, write } from "./storage.js";
import { CartKeeper } from "./cart.js";
import { adopt } from "./styles.js";
import { summary } from "./summary.js";

const DEFAULT_API = new URL("../../../", import.meta.url).href;

export class ProductConfigurator extends HTMLElement {
  static observedAttributes = ["product", "api", "locale"];

  #root;
  #client;
  #product = null;
  #state = null;
  #selection = {}; // what the shopper asked for, ahead of the answer
  #confirmed = {}; // what the last answer confirmed
  #seq = 0; // answers to older requests than the latest are ignored
  #controls = new Map();
  #summary = null;
  #alert;
  #cart;
  #quantity = 1;
  #started = "";
  #bar = null;
  #groups = [];
  #adding = false;
  #locale = "en";

  connectedCallback() {
    if (!this.#root) {
      this.#root = this.attachShadow({ mode: "open" });
      adopt(this.#root);
    }
    this.#start();
  }

  attributeChangedCallback() {
    if (this.isConnected && this.#root) this.#start();
  }

  get selection() {
    return structuredClone(this.#confirmed);
  }

  get complete() {
    return Boolean(this.#state?.complete);
  }

  get apiBase() {
    const given = (this.getAttribute("api") || "").trim();
    try {
      return given ? new URL(given.endsWith("/") ? given : `${given}/`, document.baseURI).href : DEFAULT_API;
    } catch {
      return DEFAULT_API;
    }
  }

  id(...parts) {
    return ["pc", ...parts].join("-").replace(/[^A-Za-z0-9_-]/g, "_");
  }

  #start() {
    const product = (this.getAttribute("product") || "").trim();
    const key = `${this.apiBase}|${product}|${this.getAttribute("locale") || ""}`;
    if (key === this.#started) return;
    this.#started = key;
    this.#seq += 1;
    this.#client = new Client(this.apiBase);
    this.#cart = new CartKeeper(this.#client, storageKey("cart", this.#client.base));
    this.#locale = pickLocale(this);
    this.#quantity = Math.max(1, Number.parseInt(this.getAttribute("quantity") || "1", 10) || 1);
    this.#alert = alertBox();
    this.#root.replaceChildren(h("p", { class: "busy", text: "Loading the configurator…" }), this.#alert.root);
    if (!product) {
      this.#fail("No product was given to the configurator (the product attribute is empty).");
      return;
    }
    this.#load(product);
  }

  get #designKey() {
    return storageKey("design", this.#client.base, this.#product?.code || "");
  }

  async #load(code) {
    const seq = this.#seq;
    try {
      const data = await this.#client.get(path`v1/products/${code}`);
      if (seq !== this.#seq) return;
      this.#product = readProduct(data);
    } catch (error) {
      if (seq !== this.#seq) return;
      this.#fail(error.status === 404 ? "This product is not available at the moment." : error.message);
      return;
    }
    this.#build();
    const saved = readJson("sessionStorage", this.#designKey);
    this.#selection = saved && typeof saved === "object" && !Array.isArray(saved) ? saved : {};
    this.#confirmed = {};
    const restored = await this.#ask("state", this.#selection);
    if (!restored && Object.keys(this.#selection).length) {
      write("sessionStorage", this.#designKey, null); // a design the catalog no longer takes
      this.#selection = {};
      await this.#ask("state", {});
    }
    this.#refreshCartCount();
  }

  #fail(message) {
    this.#root.replaceChildren(this.#alert.root);
    this.#showError(message);
  }

  #build() {
    const product = this.#product;
    const ctx = {
      locale: this.#locale,
      currency: product.currency,
      id: (...parts) => this.id(...parts),
      hasFocus: (node) => this.#root.activeElement === node,
      choose: (module, value) => this.#choose(module, value),
      repair: (module, option, repair) => this.#repair(module, option, repair),
      finish: (mode) => this.#finish(mode),
      setQuantity: (value) => this.#setQuantity(value),
      addToCart: () => this.#addToCart(),
    };
    this.#controls = new Map(product.modules.map((m) => [m.code, control(m, ctx)]));
    this.#summary = summary(ctx);
    this.#summary.setQuantity(this.#quantity);
    this.#bar?.disconnect();
    this.#bar = priceBar(this.#summary.root);
    const title = this.hasAttribute("hide-title")
      ? null
      : h("header", {}, h("h2", { text: product.name }), product.description ? h("p", { class: "intro", text: product.description }) : null);
    const parts = [];
    let group = "";
    this.#groups = [];
    for (const module of product.modules) {
      if (module.group && module.group !== group) {
        const heading = h("h3", { class: "group", text: module.group });
        this.#groups.push({ heading, roots: [] });
        parts.push(heading);
      }
      group = module.group || group;
      const { root } = this.#controls.get(module.code);
      this.#groups.at(-1)?.roots.push(root);
      parts.push(root);
    }
    const form = h("form", { "aria-label": `Design your ${product.name}`, onsubmit: (e) => e.preventDefault() }, parts);
    this.#root.replaceChildren(
      h("div", { class: "layout" }, h("div", { class: "main" }, title, this.#alert.root, form, this.#bar.root), this.#summary.root),
    );
  }

  disconnectedCallback() {
    this.#bar?.disconnect();
    this.#started = "";
  }

  #choose(module, value) {
    const next = { ...this.#selection };
    if (value === undefined) delete next[module];
    else next[module] = value;
    this.#ask("state", next);
  }

  #repair(module, option, repair) {
    let next;
    if (repair.selection) next = { ...repair.selection };
    else {
      next = { ...this.#selection };
      for (const code of repair.clear) delete next[code];
      const kind = this.#product.modules.find((m) => m.code === module)?.kind;
      next[module] = kind === "multi" ? [...new Set([...(Array.isArray(next[module]) ? next[module] : []), option])] : option;
    }
    this.#ask("state", next).then((ok) => ok && this.#controls.get(module)?.focus(option));
  }

  #finish(mode) {
    this.#ask("finish", this.#selection, { mode });
  }

  #setQuantity(raw) {
    const value = Number.parseInt(raw, 10);
    this.#quantity = Number.isFinite(value) && value >= 1 ? Math.min(value, 999) : 1;
    this.#summary.setQuantity(this.#quantity);
    this.#ask("state", this.#selection);
  }

  // Posts the selection; true once its answer is shown. An answer to an older request than the
  // latest is dropped, so a slow answer never overwrites a newer one.
  async #ask(kind, selection, extra = {}) {
    const seq = ++this.#seq;
    this.#selection = selection;
    this.#summary.setBusy(true);
    const code = this.#product.code;
    const body = { selection, quantity: this.#quantity, ...extra };
    try {
      const data = await this.#client.post(kind === "finish" ? path`v1/products/${code}/finish` : path`v1/products/${code}/state`, body);
      if (seq !== this.#seq) return false;
      this.#apply(readState(kind === "finish" ? data.state : data));
      this.#showError("");
      return true;
    } catch (error) {
      if (seq !== this.#seq) return false;
      this.#selection = this.#confirmed;
      const fields = this.#fieldErrors(error);
      if (this.#state) this.#render(this.#state);
      const again = error.status === 0 || error.status === 429 || error.status >= 500;
      this.#showError(fields || error.message, again ? () => this.#ask(kind, selection, extra) : null);
      return false;
    } finally {
      if (seq === this.#seq) this.#summary.setBusy(false);
    }
  }

  #apply(state) {
    this.#state = state;
    this.#selection = this.#confirmed = state.selection;
    write("sessionStorage", this.#designKey, JSON.stringify(this.#confirmed));
    for (const c of this.#controls.values()) c.showError?.("");
    this.#render(state);
    this.dispatchEvent(
      new CustomEvent("statechange", {
        bubbles: true,
        composed: true,
        detail: { product: this.#product.code, selection: this.selection, complete: state.complete, price: state.price },
      }),
    );
  }

  // A refused value (422 with `errors[].loc` naming a module) is said under its field too, and
  // at the top in the module's own name: "Print text: ...".
  #fieldErrors(error) {
    const found = [];
    for (const item of Array.isArray(error.problem?.errors) ? error.problem.errors : []) {
      const loc = Array.isArray(item?.loc) ? item.loc.map(String) : [];
      const at = loc.indexOf("selection");
      const module = at >= 0 ? this.#product.modules.find((m) => m.code === loc[at + 1]) : null;
      if (!module || typeof item.msg !== "string") continue;
      this.#controls.get(module.code)?.showError?.(sentence(item.msg));
      found.push(`${module.name}: ${sentence(item.msg)}`);
    }
    return found.length ? found.join(" ") : "";
  }

  #render(state) {
    for (const [code, c] of this.#controls) {
      const ms = state.modules[code];
      if (ms) c.update(ms);
    }
    for (const { heading, roots } of this.#groups) heading.hidden = roots.every((root) => root.hidden);
    this.#summary.update(state);
    this.#bar?.set(this.#summary.priceText());
  }

  #showError(message, retry = null) {
    this.#alert.show(message, retry);
  }

  async #refreshCartCount() {
    const count = await this.#cart.count().catch(() => 0);
    this.#summary?.setCart(count);
  }

  async #addToCart() {
    // One add at a time: a double click must not add twice (or make two carts).
    if (!this.#state?.complete || !this.#summary || this.#adding) return;
    this.#adding = true;
    this.#summary.setAdding(true);
    this.#summary.setStatus("");
    try {
      const added = await this.#cart.add({ product: this.#product.code, selection: this.#confirmed, quantity: this.#quantity });
      this.#summary.setCart(added.count);
      this.#summary.setStatus(`Added to your cart: ${this.#quantity} × ${this.#product.name}.`);
      this.#showError("");
      this.dispatchEvent(new CustomEvent("cart", { bubbles: true, composed: true, detail: added }));
    } catch (error) {
      this.#showError(error.message);
    } finally {
      this.#adding = false;
      this.#summary.setAdding(false);
      if (this.#state) this.#summary.update(this.#state);
    }
  }
}

if (!customElements.get("product-configurator")) customElements.define("product-configurator", ProductConfigurator);
