"""The shop opens in the browser's language: a Russian browser gets the shop in Russian on its first
visit and after a reload; a German one (a language the shop does not speak) gets English."""

from __future__ import annotations

import pytest

import i18n
from tests.test_e2e.live_server import chromium, open_page

pytestmark = pytest.mark.browser


def heading(page) -> str:  # type: ignore[no-untyped-def]
    return page.locator("h1").first.inner_text().strip()


def test_a_russian_browser_gets_the_shop_in_russian_and_keeps_it_on_reload(base_url: str):
    russian = i18n.gettext("Design your own", "ru")
    assert russian != "Design your own"
    with chromium() as browser:
        page = browser.new_context(locale="ru-RU").new_page()
        open_page(page, f"{base_url}/")
        assert heading(page) == russian
        menu = page.locator('[data-testid="stSidebarNav"]').inner_text()
        for entry in ("Shop", "Cart", "Staff", "Staff sign-in"):  # "Staff sign-in" stayed English
            assert i18n.gettext(entry, "ru") in menu and i18n.gettext(entry, "ru") != entry
        page.reload()
        page.wait_for_selector("h1", timeout=60_000)
        assert heading(page) == russian


def test_a_browser_in_a_language_the_shop_does_not_speak_gets_english(base_url: str):
    with chromium() as browser:
        page = browser.new_context(locale="de-DE").new_page()
        open_page(page, f"{base_url}/")
        assert heading(page) == "Design your own"


def test_a_picked_language_outlives_a_reload(base_url: str):
    russian = i18n.gettext("Design your own", "ru")
    with chromium() as browser:
        page = browser.new_context(locale="en-GB").new_page()
        open_page(page, f"{base_url}/")
        assert heading(page) == "Design your own"
        page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').last.click()
        page.locator('[role="option"]:has-text("Русский")').click()
        page.wait_for_function(f"() => document.querySelector('h1')?.innerText.trim() === {russian!r}")
        page.wait_for_timeout(1_500)  # the browser fetches its new cookie
        page.reload()
        page.wait_for_selector("h1", timeout=60_000)
        page.wait_for_function(f"() => document.querySelector('h1')?.innerText.trim() === {russian!r}")
        assert heading(page) == russian
