"""In Chromium, a merchandiser uploads artwork for an option in the catalog editor: a clean SVG is
stored with the draft and shown; a hostile one is refused with the reason, the draft unchanged."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session

from store.customers import register
from store.db import make_engine
from store.tables import CustomerCreate
from tests.test_e2e.live_server import app_or_skip, chromium, click, open_page, settle
from tests.test_e2e.test_merchandiser_journey import choose, css_key, fill

pytestmark = [pytest.mark.browser, pytest.mark.slow]
EMAIL, PASSWORD = "art@example.org", "a-long-artwork-password"
LOGO = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 280">'
    b'<circle cx="150" cy="140" r="30" fill="#e53935"/></svg>'
)
EVIL = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 280"><script>alert(1)</script></svg>'


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    workdir = tmp_path_factory.mktemp("e2e-artwork")
    with app_or_skip(workdir) as url:
        engine = make_engine(f"sqlite:///{workdir / 'e2e.sqlite3'}")
        with Session(engine) as session:
            register(
                session=session,
                data=CustomerCreate(email=EMAIL, name="Ana Art", password=PASSWORD),
                role="merchandiser",
            )
        engine.dispose()
        yield url


def upload(page: Any, key: str, path: Path) -> None:
    page.locator(f'{css_key(key)} input[type="file"]').set_input_files(str(path))
    page.wait_for_timeout(500)
    settle(page)
    click(page, f"{css_key('draft:artwork-upload:placement')} button")


def test_artwork_is_uploaded_for_an_option_and_a_hostile_file_is_refused(base_url: str, tmp_path: Path) -> None:
    (tmp_path / "evil.svg").write_bytes(EVIL)
    (tmp_path / "logo.svg").write_bytes(LOGO)
    with chromium() as browser:
        page = browser.new_context(viewport={"width": 1400, "height": 1100}).new_page()
        open_page(page, f"{base_url}/staff-sign-in")
        fill(page, "staff:email", EMAIL)
        page.locator(f"{css_key('staff:password')} input").fill(PASSWORD)
        click(page, '[data-testid="stFormSubmitButton"] button')
        page.get_by_text("Signed in as").wait_for(timeout=30_000)
        click(page, '[data-testid="stSidebarNav"] a:has-text("Catalogs")')
        page.locator("h1:has-text('Catalogs')").wait_for(timeout=30_000)
        choose(page, "catalogs:product", "Custom T-shirt")
        click(page, f"{css_key('draft:open')} button")
        page.get_by_text("Draft version 1, last saved").wait_for(timeout=30_000)
        choose(page, "draft:module", "Placement")
        choose(page, "draft:artwork-option:placement:tshirt:1", "Full front")

        upload(page, "draft:artwork-file:placement:front:tshirt:1", tmp_path / "evil.svg")
        page.get_by_text("Nothing was stored: evil.svg: element <script> is not allowed").wait_for(timeout=30_000)
        assert page.get_by_text("Draft version 1, last saved").count() == 1

        upload(page, "draft:artwork-file:placement:front:tshirt:1", tmp_path / "logo.svg")
        page.get_by_text("Draft version 2, last saved").wait_for(timeout=30_000)
        choose(page, "draft:artwork-option:placement:tshirt:2", "Full front")
        page.get_by_text("Current artwork of Full front (layer print-front)").wait_for(timeout=30_000)
        picture = page.locator('img[alt="Artwork of Full front"]')
        picture.wait_for(timeout=30_000)
        assert picture.evaluate("img => img.naturalWidth > 0")
