"""Every buyer page passes axe-core with no serious or critical violation, in Chromium: the shop, the
configure page of every shipped product (fresh, after a click, with the "why not?" panel, finished
and in the cart), the cart, checkout, the confirmation, the order page, finding an order and the
account's sign-in and sign-up. Framework markup that cannot be fixed is excused rule by rule and
element by element in tests/test_e2e/a11y.py."""

from __future__ import annotations

import random

import pytest

from tests.test_e2e.a11y import blocking_violations
from tests.test_e2e.journey import checkout_as_guest, design, shipped_products
from tests.test_e2e.live_server import chromium, click, open_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_every_buyer_page_has_no_serious_or_critical_violation(base_url: str):
    found: dict[str, list[str]] = {}

    def check(page, where: str) -> None:  # type: ignore[no-untyped-def]
        found[where] = blocking_violations(page)

    with chromium() as browser:
        page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        open_page(page, f"{base_url}/")
        check(page, "shop")
        for _, product in shipped_products():
            open_page(page, f"{base_url}/configure?product={product}")
            check(page, f"configure {product}")
            buttons = page.locator('[data-testid="stMain"] [class*="st-key-opt-"] button')
            if buttons.count():  # a click greys some options out and shows price effects
                click(page, f'[data-testid="stMain"] [class*="st-key-opt-"] >> nth={buttons.count() // 2} >> button')
                check(page, f"configure {product} after a click")

        open_page(page, f"{base_url}/configure?product=tshirt")
        click(page, ".st-key-opt-fabric-linen button")
        click(page, ".st-key-opt-colour-black button")  # not dyed black in linen: the why-panel opens
        page.get_by_text("is not available").first.wait_for()
        check(page, "configure: why not?")

        design(page, base_url, "tshirt", random.Random(4), "default")
        check(page, "configure: finished, in the cart")
        open_page(page, f"{base_url}/cart")
        check(page, "cart")
        checkout_as_guest(page, check=check)

        fresh = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        open_page(fresh, f"{base_url}/order")
        check(fresh, "find an order")
        open_page(fresh, f"{base_url}/account")
        check(fresh, "account: sign in")
        click(fresh, '[role="tab"]:has-text("Create an account")')
        check(fresh, "account: create an account")

    assert {where: problems for where, problems in found.items() if problems} == {}
    assert len(found) >= 2 * len(shipped_products()) + 9  # every page above was checked
