// The API's answers, read into the shapes the controls use: the one place that knows the JSON
// field names of GET /v1/products/{code} and POST /v1/products/{code}/state (and .../finish).
// Anything missing or of the wrong type reads as empty, never as markup or code.

const list = (value) => (Array.isArray(value) ? value : []);
const text = (value) => (typeof value === "string" ? value : value === null || value === undefined ? "" : String(value));
const object = (value) => (value && typeof value === "object" && !Array.isArray(value) ? value : null);

export function readProduct(data) {
  return {
    code: text(data.code),
    name: text(data.name),
    description: text(data.description),
    currency: text(data.currency) || "EUR",
    modules: list(data.modules).map((m) => {
      const numbers = object(m.numbers) || {};
      const limits = object(m.text) || {};
      return {
        code: text(m.code),
        name: text(m.name),
        description: text(m.description),
        kind: text(m.kind),
        group: text(m.group),
        required: Boolean(m.required),
        minPicks: Number(m.min_picks || 0),
        maxPicks: m.max_picks ?? null,
        min: numbers.min ?? null,
        max: numbers.max ?? null,
        step: numbers.step ?? "1",
        unit: text(numbers.unit),
        minLength: Number(limits.min_length || 0),
        maxLength: Number(limits.max_length || 0) || null,
        uppercase: Boolean(limits.uppercase),
        options: list(m.options).map((o) => ({
          code: text(o.code),
          name: text(o.name),
          description: text(o.description),
          hex: /^#[0-9a-fA-F]{6}$/.test(text(o.hex)) ? o.hex : null,
        })),
      };
    }),
  };
}

function readUnavailable(why) {
  const found = object(why);
  if (!found) return null;
  const repair = object(found.repair);
  return {
    text: text(found.message),
    repairs: repair ? [{ label: text(repair.label), selection: object(repair.selection), clear: list(repair.change).map(text) }] : [],
  };
}

export function readState(data) {
  const selection = object(data.selection) || {};
  const modules = {};
  for (const m of list(data.modules)) {
    const code = text(m.code);
    const options = {};
    for (const o of list(m.options)) {
      options[text(o.code)] = {
        available: o.available !== false,
        selected: Boolean(o.selected),
        forced: Boolean(o.forced),
        effect: object(o.effect),
        reason: readUnavailable(o.unavailable),
      };
    }
    const values = list(m.values).map((v) => ({ value: text(v.value), effect: object(v.effect) }));
    const lengths = object(m.lengths);
    modules[code] = {
      applicable: m.applicable !== false,
      value: m.chosen ?? null,
      chosen: code in selection,
      forced: m.forced ?? null,
      canBeEmpty: m.can_be_empty !== false,
      values: values.map((v) => v.value),
      effects: Object.fromEntries(values.map((v) => [v.value, v.effect])),
      lengths: lengths ? [Number(lengths.min), Number(lengths.max)] : null,
      options,
    };
  }
  const price = object(data.price) || {};
  const quote = object(data.quote);
  const shipping = quote && object(quote.shipping);
  const tax = quote && object(quote.tax);
  return {
    selection,
    complete: Boolean(data.complete),
    open: list(data.still_to_choose).map((m) => text(object(m)?.name ?? m)),
    price: {
      min: object(price.cheapest),
      max: object(price.dearest),
      total: quote ? object(quote.total) : null,
      items: quote ? object(quote.subtotal) : null,
      discount: quote ? object(quote.discount_total) : null,
      shipping: shipping ? object(shipping.amount) : null,
      shippingLabel: shipping ? text(shipping.free_reason || shipping.label) : "",
      taxIncluded: tax ? Boolean(tax.included) : null,
      tax: tax ? object(tax.amount) : null,
    },
    delivery: object(data.delivery),
    modules,
  };
}
