"""Creating an account and signing in as people do with a keyboard: type each field, Tab to the
next, and press the button. Leaving the password box with Tab (focus goes to its show-password
eye) used to keep what was typed from the server: a long password was refused as shorter than 12
characters, and signing in failed with the right password."""

from __future__ import annotations

import pytest

from tests.test_e2e.live_server import chromium, click, sign_up, type_in

pytestmark = pytest.mark.browser
PASSWORD = "a very long member password"


def test_sign_up_then_sign_in_typing_and_tabbing_through_the_fields(base_url: str):
    with chromium() as browser:
        page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        sign_up(page, base_url, "tab@example.com", "Tabitha Keys", PASSWORD)
        alerts = page.locator('[data-testid="stAlert"]')
        assert not page.get_by_text("at least 12 characters").count(), alerts.all_inner_texts()
        page.get_by_role("button", name="Sign out", exact=True).wait_for(timeout=30_000)

        click(page, 'button:has-text("Sign out")')
        page.locator(".st-key-signin-email input").wait_for(timeout=30_000)
        type_in(page, "signin-email", "tab@example.com")
        type_in(page, "signin-password", PASSWORD)
        click(page, ".st-key-signin-go button")
        page.get_by_role("button", name="Sign out", exact=True).wait_for(timeout=30_000)
