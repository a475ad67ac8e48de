// Two small pieces around the options: the alert that says what went wrong (and may offer to
// try again), and the phone's price bar.

import { h, setText } from "./dom.js";

export function alertBox() {
  const root = h("div", { class: "error", role: "alert", hidden: true });
  return {
    root,
    show(message, retry = null) {
      root.hidden = !message;
      root.replaceChildren();
      if (!message) return;
      root.append(h("p", { text: message }));
      if (retry) root.append(h("button", { type: "button", class: "secondary", text: "Try again", onclick: retry }));
    },
  };
}

// On a narrow screen the summary comes after every option: this bar keeps the price in sight at
// the bottom of the screen until the summary itself scrolls into view.
export function priceBar(summary) {
  const price = h("span", { class: "bar-price", "aria-hidden": "true" });
  const go = h("button", {
    type: "button",
    class: "secondary",
    text: "Review and buy",
    onclick: () => {
      summary.scrollIntoView({ block: "start" });
      summary.focus({ preventScroll: true });
    },
  });
  const root = h("div", { class: "bar" }, price, go);
  let observer = null;
  if ("IntersectionObserver" in window) {
    observer = new IntersectionObserver((entries) => {
      for (const entry of entries) root.classList.toggle("away", entry.isIntersecting);
    });
    observer.observe(summary);
  }
  return {
    root,
    set(text) {
      setText(price, text);
    },
    disconnect() {
      observer?.disconnect();
    },
  };
}
