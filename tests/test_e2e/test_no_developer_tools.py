"""What a buyer's browser shows of the server: no "Deploy" button, no developer options in the
menu, and for a page that fails unexpectedly an apology with an incident id, never a traceback or
a server path (.streamlit/config.toml and ui/error_boundary.py)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import create_engine, text

from tests.test_e2e.live_server import ROOT, app_or_skip, chromium, open_page

pytestmark = pytest.mark.browser

DEVELOPER_OPTIONS = ("Deploy", "Clear cache", "Rerun", "Developer", "Auto rerun")


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("guard")
    with app_or_skip(workdir) as url:
        # A genuine failure for the second test, made before any page has cached the catalog:
        # the stored bicycle catalog is no catalog any more.
        database = create_engine(f"sqlite:///{workdir / 'e2e.sqlite3'}")
        with database.begin() as conn:
            conn.execute(text("UPDATE catalog_version SET content = '{}' WHERE product_code = 'bicycle'"))
        database.dispose()
        yield url, workdir


def test_the_shop_shows_no_deploy_button_nor_developer_menu(live):
    url, _ = live
    with chromium() as browser:
        page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        open_page(page, f"{url}/cart")
        assert page.locator('[data-testid="stAppDeployButton"]').count() == 0
        assert page.get_by_role("button", name="Deploy").count() == 0
        menu = page.locator('[data-testid="stMainMenuButton"]')
        if menu.count():  # the viewer's menu may be there: it holds no developer option
            menu.first.click()
            page.wait_for_timeout(500)
            items = " ".join(page.locator('[data-testid="stMainMenuList"]').all_inner_texts())
            for option in DEVELOPER_OPTIONS:
                assert option not in items, items


def test_a_failing_page_shows_an_apology_without_server_details(live):
    url, workdir = live
    with chromium() as browser:
        page = browser.new_context().new_page()
        open_page(page, f"{url}/configure?product=bicycle", ready='[data-testid="stAlert"]')
        shown = page.locator('[data-testid="stApp"]').inner_text()
    assert "Sorry, something went wrong on our side" in shown
    assert re.search(r"incident [0-9A-F]{4}-[0-9A-F]{4}", shown)
    for leak in ("Traceback", "ValidationError", str(ROOT), "site-packages", ".py"):
        assert leak not in shown
    assert '"incident"' in (workdir / "server.log").read_text(encoding="utf-8")
