"""What Chromium renders of `ui.safe`: escaped buyer text holding bare addresses ("https://...",
"www....", "a@b.c") is no link, and a staff data editor's toolbar offers no "Download as CSV" (its
cells are stored values a spreadsheet could run as formulas) while a staff table's still does."""

from __future__ import annotations

import pytest

from tests.test_e2e.live_server import ROOT, chromium, live_script, missing_browser, open_page
from tests.test_e2e.safe_probe import BARE

pytestmark = pytest.mark.browser
DOWNLOAD = '[data-testid="stElementToolbarButton"] button[aria-label^="Download as CSV"]'


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    reason = missing_browser()
    if reason:
        pytest.skip(f"browser tests skipped: {reason}")
    probe = ROOT / "tests" / "test_e2e" / "safe_probe.py"
    with live_script(probe, tmp_path_factory.mktemp("safe")) as url, chromium() as browser:
        page = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
        open_page(page, url, ready='[class*="st-key-probe-table"] [data-testid="stDataFrame"]')
        yield page


def test_bare_addresses_in_escaped_text_are_no_links(page):
    for n, text in enumerate(BARE):
        shown = page.locator(f".st-key-probe-md-{n}")
        assert shown.inner_text().replace("\u2060", "") == text  # readable as typed
        assert shown.locator("a").count() == 0, text


def test_a_staff_editor_offers_no_csv_download_and_a_staff_table_still_does(page):
    table = page.locator('[class*="st-key-probe-table"] [data-testid="stDataFrame"]')
    table.hover()
    page.locator(f'[class*="st-key-probe-table"] {DOWNLOAD}').wait_for(state="visible", timeout=10_000)
    editor = page.locator('[class*="st-key-staff-editor-probe"] [data-testid="stDataFrame"]')
    editor.hover()
    search = page.locator('[class*="st-key-staff-editor-probe"] [data-testid="stElementToolbarButton"]')
    search.first.wait_for(state="visible", timeout=10_000)  # the editor's toolbar is open...
    assert page.locator(f'[class*="st-key-staff-editor-probe"] {DOWNLOAD}').is_visible() is False  # ...without it
