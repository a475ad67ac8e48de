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

  async #get(token) {
    return this.client.get(path`v1/carts/${token}`);
  }

  static countOf(cart) {
    const lines = Array.isArray(cart?.lines) ? cart.lines : Array.isArray(cart?.items) ? cart.items : [];
    return lines.reduce((sum, line) => sum + (Number(line.quantity) || 1), 0);
  }

  async count() {
    const token = this.token;
    if (!token) return 0;
    try {
      return CartKeeper.countOf(await this.#get(token));
    } catch (error) {
      if (error.status === 404) this.forget();
      throw error;
    }
  }

  // Adds one configured item; a cart that is gone (ordered, expired) is replaced by a new one.
  async add(item) {
    let token = this.token || (await this.#create());
    let line;
    try {
      line = await this.client.post(path`v1/carts/${token}/items`, item);
    } catch (error) {
      if (error.status !== 404 && error.code !== "cart-closed") throw error;
      token = await this.#create();
      line = await this.client.post(path`v1/carts/${token}/items`, item);
    }
    const cart = await this.#get(token);
    return { token, line, count: CartKeeper.countOf(cart), cart };
  }
}
