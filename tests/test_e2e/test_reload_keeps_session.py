"""A reload (a new Streamlit session) keeps the buyer's cart and sign-in, through the browser's
cookie; another browser gets neither."""

from __future__ import annotations

import pytest

from tests.test_e2e.live_server import chromium, click, open_page, settle, sign_up

pytestmark = pytest.mark.browser


def test_a_reload_keeps_the_cart_and_the_sign_in(base_url: str):
    with chromium() as browser:
        page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        open_page(page, f"{base_url}/configure?product=tshirt")
        click(page, 'button:has-text("Finish for me")')
        click(page, ".st-key-cart-add button")
        sign_up(page, base_url, "reload@example.com", "Rita Reload", "long-enough-1")
        page.get_by_role("button", name="Sign out", exact=True).wait_for(timeout=30_000)

        page.reload()  # a new session on the server
        page.wait_for_selector("h1", timeout=60_000)
        settle(page, 60_000)
        page.get_by_role("button", name="Sign out", exact=True).wait_for(timeout=30_000)
        open_page(page, f"{base_url}/cart")
        assert page.locator('[class*="st-key-line-"]').count() == 1

        stranger = browser.new_context().new_page()  # another browser: no cookie, nothing shared
        open_page(stranger, f"{base_url}/cart")
        assert stranger.locator('[class*="st-key-line-"]').count() == 0
        open_page(stranger, f"{base_url}/account")
        assert stranger.get_by_role("button", name="Sign out", exact=True).count() == 0
