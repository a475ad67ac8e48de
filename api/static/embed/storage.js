// The host page's storage, under keys of our own ("product-configurator:v1:..."). Storage can be
// missing or refuse to write (private windows, sandboxed frames, full quota): the widget then
// simply forgets between visits.

const PREFIX = "product-configurator:v1";

export function storageKey(kind, ...parts) {
  return [PREFIX, kind, ...parts].join(":");
}

function area(name) {
  try {
    return window[name] || null;
  } catch {
    return null;
  }
}

export function read(name, key) {
  try {
    return area(name)?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

export function write(name, key, value) {
  try {
    const store = area(name);
    if (!store) return;
    if (value === null || value === undefined) store.removeItem(key);
    else store.setItem(key, value);
  } catch {
    // ignored: see above
  }
}

export function readJson(name, key) {
  const text = read(name, key);
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
