// Numbers, money and dates in the shopper's language. Amounts stay decimal strings from the API
// to the screen (Intl formats a string exactly; no binary floating point on the way).

export function pickLocale(element) {
  const own = element.getAttribute("locale") || element.closest("[lang]")?.getAttribute("lang");
  const wanted = [own, navigator.language, "en"].filter(Boolean);
  for (const tag of wanted) {
    try {
      return Intl.getCanonicalLocales(tag)[0];
    } catch {
      // not a valid language tag: try the next
    }
  }
  return "en";
}

export function amountOf(value) {
  if (value === null || value === undefined) return null;
  if (typeof value === "object") return amountOf(value.amount ?? value.value ?? null);
  const text = String(value).trim();
  return /^-?\d+(\.\d+)?$/.test(text) ? text : null;
}

export function currencyOf(value, fallback) {
  return value && typeof value === "object" && typeof value.currency === "string" ? value.currency : fallback;
}

export function money(value, currency, locale, { signed = false } = {}) {
  const amount = amountOf(value);
  if (amount === null) return "";
  const code = currencyOf(value, currency) || "EUR";
  try {
    return new Intl.NumberFormat(locale, {
      style: "currency",
      currency: code,
      signDisplay: signed ? "exceptZero" : "auto",
    }).format(amount);
  } catch {
    return `${signed && !amount.startsWith("-") ? "+" : ""}${amount} ${code}`;
  }
}

export function isZero(value) {
  const amount = amountOf(value);
  return amount !== null && Number(amount) === 0;
}

export function day(iso, locale) {
  if (typeof iso !== "string" || !/^\d{4}-\d{2}-\d{2}/.test(iso)) return "";
  const date = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  return new Intl.DateTimeFormat(locale, { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" }).format(
    date,
  );
}

export function listing(items, locale) {
  try {
    return new Intl.ListFormat(locale, { style: "long", type: "conjunction" }).format(items);
  } catch {
    return items.join(", ");
  }
}

export function number(value, locale) {
  const text = amountOf(value);
  if (text === null) return String(value ?? "");
  try {
    return new Intl.NumberFormat(locale, { maximumFractionDigits: 6 }).format(text);
  } catch {
    return text;
  }
}
