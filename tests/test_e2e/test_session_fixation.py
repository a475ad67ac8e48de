"""Session fixation, in a real browser: the server makes every session token, sets it as an
HttpOnly cookie, changes it at sign-up and sign-in, and ends every session at sign-out."""

from __future__ import annotations

import pytest

from tests.test_e2e.live_server import chromium, click, open_page, sign_up, type_in
from ui.cookie import NAME

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery staple"


def cookie_of(context) -> dict | None:  # type: ignore[no-untyped-def]
    return next((c for c in context.cookies() if c["name"] == NAME), None)


def plant(context, base_url: str, value: str) -> None:  # type: ignore[no-untyped-def]
    context.add_cookies([{"name": NAME, "value": value, "url": base_url, "sameSite": "Strict"}])


def signed_in(page, base_url: str) -> bool:  # type: ignore[no-untyped-def]
    open_page(page, f"{base_url}/account")
    return page.get_by_role("button", name="Sign out", exact=True).count() > 0


def wait_for_new_cookie(context, old: str | None) -> dict:  # type: ignore[no-untyped-def]
    for _ in range(50):
        found = cookie_of(context)
        if found is not None and found["value"] != old:
            return found
        context.pages[0].wait_for_timeout(100)
    raise AssertionError("the server never set a new session cookie")


def test_planted_cookies_never_become_the_victims_session(base_url: str):
    with chromium() as browser:
        attacker = browser.new_context()
        a_page = attacker.new_page()
        open_page(a_page, f"{base_url}/configure?product=tshirt")
        click(a_page, 'button:has-text("Finish for me")')
        click(a_page, ".st-key-cart-add button")  # a cart: the server issues the attacker a real token
        issued = wait_for_new_cookie(attacker, None)
        assert issued["httpOnly"] and issued["sameSite"] == "Strict" and issued["path"] == "/"
        assert NAME not in a_page.evaluate("document.cookie")  # page script cannot read it

        victim = browser.new_context()
        plant(victim, base_url, issued["value"])  # the attacker's live token, planted in the victim's browser
        v_page = victim.new_page()
        sign_up(v_page, base_url, "victim@example.com", "Vic Tim", PASSWORD)
        v_page.get_by_role("button", name="Sign out", exact=True).wait_for(timeout=30_000)
        rotated = wait_for_new_cookie(victim, issued["value"])
        assert rotated["httpOnly"]

        assert not signed_in(a_page, base_url)  # a reload with the planted value: not the victim
        assert signed_in(v_page, base_url)  # the victim's own browser stays signed in

        stranger = browser.new_context()
        unknown = "A" * 43  # token-shaped, but never made by the server
        plant(stranger, base_url, unknown)
        s_page = stranger.new_page()
        open_page(s_page, f"{base_url}/account")
        type_in(s_page, "signin-email", "victim@example.com")
        type_in(s_page, "signin-password", PASSWORD)
        click(s_page, ".st-key-signin-go button")
        s_page.get_by_role("button", name="Sign out", exact=True).wait_for(timeout=30_000)
        assert wait_for_new_cookie(stranger, unknown)["value"] != unknown  # never adopted

        copy = browser.new_context()
        plant(copy, base_url, unknown)
        assert not signed_in(copy.new_page(), base_url)

        click(v_page, 'button:has-text("Sign out everywhere")')
        click(s_page, '[data-testid="stSidebarNav"] a:has-text("Shop")')  # the other live session's next clicks
        click(s_page, '[data-testid="stSidebarNav"] a:has-text("Account")')
        assert s_page.get_by_role("button", name="Sign out", exact=True).count() == 0
        assert s_page.locator('[role="tab"]:has-text("Sign in")').count() == 1
        assert not signed_in(s_page, base_url)  # and a reload with its cookie
