// The API's answers, read into the shapes the controls use. The one place that knows the
// JSON field names of /v1/products/{code} and /v1/products/{code}/state.

const list = (value) => (Array.isArray(value) ? value : []);
const text = (value) => (typeof value === "string" ? value : value === null || value === undefined ? "" : String(value));

export function readProduct(data) {
  return {
    code: text(data.code),
    name: text(data.name),
    description: text(data.description),
    currency: text(data.currency) || "EUR",
    modules: list(data.modules).map((m) => ({
      code: text(m.code),
      name: text(m.name),
      description: text(m.description),
      kind: text(m.kind),
      required: m.kind === "multi" ? Number(m.min_picks || 0) > 0 : m.required !== false,
      minPicks: Number(m.min_picks || 0),
      maxPicks: m.max_picks ?? null,
      min: m.min ?? null,
      max: m.max ?? null,
      step: m.step ?? "1",
      unit: text(m.unit),
      maxLength: Number(m.max_length || 0) || null,
      options: list(m.options).map((o) => ({
        code: text(o.code),
        name: text(o.name),
        description: text(o.description),
        hex: /^#[0-9a-fA-F]{6}$/.test(o.hex || "") ? o.hex : null,
      })),
    })),
  };
}

function readReason(reason) {
  if (!reason) return null;
  return {
    text: text(reason.text ?? reason.message ?? reason.summary),
    repairs: list(reason.repairs).map((r) => ({
      label: text(r.label ?? r.text),
      selection: r.selection && typeof r.selection === "object" ? r.selection : null,
      clear: list(r.modules ?? r.change),
    })),
  };
}

export function readState(data, product) {
  const modules = {};
  for (const m of list(data.modules)) {
    const options = {};
    for (const o of list(m.options)) {
      options[text(o.code)] = {
        available: o.available !== false,
        selected: Boolean(o.selected),
        forced: Boolean(o.forced),
        effect: o.price_effect ?? o.effect ?? null,
        reason: readReason(o.reason),
      };
    }
    modules[text(m.code)] = {
      applicable: m.applicable !== false,
      value: m.value ?? null,
      chosen: Boolean(m.chosen ?? (data.selection && text(m.code) in data.selection)),
      forced: m.forced ?? null,
      canBeEmpty: m.can_be_empty ?? true,
      values: list(m.values).map(text),
      options,
    };
  }
  const price = data.price || {};
  return {
    selection: data.selection && typeof data.selection === "object" ? data.selection : null,
    complete: Boolean(data.complete),
    open: list(data.open_modules ?? data.open).map(text),
    currency: text(data.currency) || product.currency,
    price: { min: price.min ?? null, max: price.max ?? null, total: data.quote?.total ?? price.total ?? null },
    delivery: data.quote?.delivery ?? data.delivery ?? null,
    modules,
  };
}
