"""The whole buyer journey by keyboard only, in Chromium, for the T-shirt: from the shop to the
configure page, options (Enter), a print placement box (Space), the print text (typed, Enter),
"Finish for me", the cart, checkout as a guest and the order page. No mouse click: focus moves
with Tab only, and every control the buyer lands on shows where the focus is."""

from __future__ import annotations

import pytest

from tests.test_e2e.journey import COMPLETE, wait_drawn
from tests.test_e2e.live_server import chromium, open_page, settle

pytestmark = [pytest.mark.browser, pytest.mark.slow]
TABS = 400  # more than the configure page's focusable controls: a full round of the page
GUEST = {
    "co-email": "keys@example.com",
    "co-name": "Kay Board",
    "co-line1": "Rua Augusta 1",
    "co-postal": "1100-048",
    "co-city": "Lisboa",
    "co-card": "4242 4242 4242 4242",
}
# Does the focused control show a focus ring (an outline or a box shadow)? A checkbox's own input
# is clipped out of sight: the ring must be on the label the buyer sees.
FOCUS_SHOWN = """() => {
  const a = document.activeElement;
  const seen = ['checkbox', 'radio'].includes(a.type) ? a.closest('label') : a;
  const s = getComputedStyle(seen);
  return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
}"""


def tab_to(page, focused: str) -> None:  # type: ignore[no-untyped-def]
    """Press Tab until the focused element `a` satisfies the JavaScript condition `focused`."""
    test = f"() => {{ const a = document.activeElement; return !!a && ({focused}); }}"
    for _ in range(TABS):
        page.keyboard.press("Tab")
        if page.evaluate(test):
            assert page.evaluate(FOCUS_SHOWN), f"the focus on ({focused}) is not visible"
            return
    raise AssertionError(f"Tab never reaches an element where {focused}")


def press(page, focused: str, key: str = "Enter") -> None:  # type: ignore[no-untyped-def]
    tab_to(page, focused)
    page.keyboard.press(key)
    settle(page)


def button(text: str) -> str:
    return f"a.tagName === 'BUTTON' && a.innerText.includes({text!r})"


def test_a_buyer_designs_and_orders_by_keyboard_only(base_url: str):
    with chromium() as browser:
        page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        open_page(page, f"{base_url}/")
        press(page, "a.matches('.st-key-configure-tshirt button')")
        wait_drawn(page)
        assert "product=tshirt" in page.url

        press(page, "a.matches('.st-key-opt-fabric-heavy-220 button')")
        page.wait_for_selector('.st-key-opt-fabric-heavy-220 [data-testid="stBaseButton-primary"]')
        press(page, "a.matches('.st-key-opt-print_method-screen button')")
        page.wait_for_selector('.st-key-opt-print_method-screen [data-testid="stBaseButton-primary"]')
        press(page, "a.type === 'checkbox' && !a.checked && !!a.closest('[class*=\"st-key-chk-placement-\"]')", "Space")
        page.wait_for_selector('[class*="st-key-chk-placement-"] input:checked')
        tab_to(page, "a.matches('.st-key-txt-print_text input')")
        page.keyboard.type("KEYS")
        page.keyboard.press("Enter")
        settle(page)
        page.get_by_text("Preview of your text:").wait_for()

        if page.get_by_text(COMPLETE).count() == 0:
            press(page, button("Finish for me"))
        page.get_by_text(COMPLETE).wait_for()
        press(page, "a.matches('.st-key-cart-add button')")
        page.get_by_text("In your cart.").wait_for()
        press(page, "a.tagName === 'A' && a.innerText.includes('Go to your cart')")
        page.wait_for_selector(".st-key-to-checkout button")

        press(page, "a.matches('.st-key-to-checkout button')")
        for key, value in GUEST.items():
            tab_to(page, f"a.matches('.st-key-{key} input')")
            page.keyboard.type(value)
            page.keyboard.press("Enter")
            settle(page)
        press(page, "a.matches('.st-key-co-place button')")
        page.get_by_text("your order is placed").wait_for(timeout=30_000)

        press(page, "a.tagName === 'A' && a.innerText.includes('Follow your order')")
        page.get_by_text("Timeline").wait_for(timeout=30_000)
        assert page.get_by_text("Payment received").count() >= 1
        assert page.get_by_text("KEYS").count() >= 1  # the order holds what was typed
