"""What a shopper does with the embedded configurator, in Chromium, and what it shows.

Playwright's CSS locators reach into open shadow roots, so `product-configurator fieldset` finds
the widget's own elements. Every step that posts the design waits for the widget's answer: the
host page counts the widget's `statechange` events, and the summary stops being `aria-busy`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.test_e2e.widget_server import Rig

WIDGET = "product-configurator"
READY = f'{WIDGET} aside.summary[aria-busy="false"]'


def option(module: str, code: str) -> str:
    return f'{WIDGET} [data-module="{module}"] .choice[data-option="{code}"]'


def open_widget(browser: Any, rig: Rig, product: str, width: int = 1280) -> Any:
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.goto(f"{rig.shop}/?product={product}")
    page.wait_for_function("window.stateEvents >= 1", timeout=60_000)
    page.wait_for_selector(READY)
    return page


def act(page: Any, step: Callable[[], Any]) -> None:
    """Do `step` and wait until the widget shows the answer to it."""
    before = page.evaluate("window.stateEvents")
    step()
    page.wait_for_function("n => window.stateEvents > n", arg=before, timeout=60_000)
    page.wait_for_selector(READY)


def choose(page: Any, module: str, code: str) -> None:
    act(page, lambda: page.locator(f"{option(module, code)} label").click())


def finish(page: Any, mode: str) -> None:
    act(page, lambda: page.locator(f'{WIDGET} .finish button[data-mode="{mode}"]').click())


def selection(page: Any) -> dict[str, Any]:
    chosen: dict[str, Any] = page.evaluate(f"document.querySelector('{WIDGET}').selection")
    return chosen


def shown_price(page: Any) -> tuple[str, str]:
    """(the amount the widget's total stands for, the text it shows)."""
    price = page.locator(f"{WIDGET} [data-testid=price]")
    return str(price.get_attribute("data-amount")), price.inner_text()


def add_to_cart(page: Any) -> dict[str, Any]:
    """Press "Add to cart" and return the `cart` event's detail the host page heard."""
    before = page.evaluate("window.cartEvents.length")
    page.locator(f"{WIDGET} button.primary").click()
    page.wait_for_function("n => window.cartEvents.length > n", arg=before, timeout=60_000)
    detail: dict[str, Any] = page.evaluate("window.cartEvents[window.cartEvents.length - 1]")
    return detail


def api_state(rig: Rig, product: str, chosen: dict[str, Any], quantity: int = 1) -> dict[str, Any]:
    state: dict[str, Any] = rig.post(f"/v1/products/{product}/state", {"selection": chosen, "quantity": quantity})
    return state


def cart_key(rig: Rig) -> str:
    return f"product-configurator:v1:cart:{rig.api}/"
