// The shopper's cart on the API: made on the first "Add to cart", its token kept in the host
// page's localStorage under a key of ours (one per API), so every page of the shop shares it.

import { path } from "./client.js";
import { read, write } from "./storage.js";

export class CartKeeper {
  constructor(client, key) {
    this.client = client;
    this.key = key;
  }

  get token() {
    const token = read("localStorage", this.key);
    return token && /^[A-Za-z0-9_-]{8,128}$/.test(token) ? token : null;
  }

  forget() {
    write("localStorage", this.key, null);
  }

  async #create() {
    const cart = await this.client.post("v1/carts", {});
    write("localStorage", this.key, cart.token);
    return cart.token;
  }

  static countOf(cart) {
    const lines = Array.isArray(cart?.lines) ? cart.lines : [];
    return lines.reduce((sum, line) => sum + (Number(line?.quantity) || 0), 0);
  }

  async count() {
    const token = this.token;
    if (!token) return 0;
    try {
      const cart = await this.client.get(path`v1/carts/${token}`);
      if (cart?.status && cart.status !== "open") {
        this.forget();
        return 0;
      }
      return CartKeeper.countOf(cart);
    } catch (error) {
      if (error.status === 404) this.forget();
      throw error;
    }
  }

  // Adds one configured item; a cart that is gone or already ordered is replaced by a new one.
  async add(item) {
    let token = this.token || (await this.#create());
    let cart;
    try {
      cart = await this.client.post(path`v1/carts/${token}/items`, item);
    } catch (error) {
      if (error.status !== 404 && error.code !== "cart-closed") throw error;
      token = await this.#create();
      cart = await this.client.post(path`v1/carts/${token}/items`, item);
    }
    const lines = Array.isArray(cart?.lines) ? cart.lines : [];
    const line = lines.find((l) => l?.id === cart.line_id) ?? lines[lines.length - 1] ?? null;
    return { token, line, count: CartKeeper.countOf(cart), cart };
  }
}
