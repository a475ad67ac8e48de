// The example shop's page script: no inline code (the page's CSP allows only its own files).
const configurator = document.querySelector("product-configurator");
const cart = document.getElementById("cart");
const log = document.getElementById("log");

configurator.addEventListener("cart", (event) => {
  const { token, line, count } = event.detail;
  cart.textContent = `Cart: ${count} ${count === 1 ? "item" : "items"}`;
  const entry = document.createElement("li");
  const name = line?.name ?? line?.product_name ?? line?.product ?? "item";
  entry.textContent = `Added ${name} to cart ${token.slice(0, 6)}…`;
  log.append(entry);
});

// Without ?product=..., list the products the API sells.
if (!configurator.getAttribute("product")) {
  configurator.hidden = true;
  const nav = document.getElementById("products");
  fetch("/v1/products")
    .then((r) => r.json())
    .then((data) => {
      for (const product of Array.isArray(data) ? data : data.items ?? data.products ?? []) {
        const link = document.createElement("a");
        link.href = `?product=${encodeURIComponent(product.code)}`;
        link.textContent = product.name;
        nav.append(link);
      }
    });
}
