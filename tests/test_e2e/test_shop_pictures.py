"""In Chromium, the shop shows one loaded picture per product card (its standard design), named in
the picture's alternative text, and the configure page shows the live preview and swatches."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.test_e2e.journey import shipped_products
from tests.test_e2e.live_server import chromium, open_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def page(base_url: str) -> Iterator[Any]:
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        yield page


def test_the_shop_shows_a_picture_per_product(base_url: str, page: Any) -> None:
    open_page(page, f"{base_url}/")
    cards = page.locator("h3").all_inner_texts()
    assert len(cards) == len(shipped_products())
    pictures = page.locator('[data-testid="stImage"] img')
    assert pictures.count() == len(cards)
    for index in range(pictures.count()):
        picture = pictures.nth(index)
        picture.scroll_into_view_if_needed()
        assert picture.evaluate("img => img.complete && img.naturalWidth > 0")  # drawn, not a broken icon
        assert picture.get_attribute("src").startswith("data:image/svg+xml")
    assert page.locator('img[alt="Custom T-shirt, standard design"]').count() == 1


def test_the_configure_page_shows_the_preview_and_named_swatches(base_url: str, page: Any) -> None:
    open_page(page, f"{base_url}/configure?product=tshirt")
    assert page.get_by_text("Live preview").count() == 1
    black = page.locator(".st-key-swatch-colour .st-key-opt-colour-black button")  # named "Black"
    assert black.count() == 1 and black.inner_text().strip() == "Black"
    swatch = black.evaluate("b => getComputedStyle(b, '::before').backgroundImage")
    assert swatch.startswith('url("data:image/svg+xml;base64,')
    assert black.evaluate("b => getComputedStyle(b, '::before').height") != "0px"


def test_swatches_stay_chips_on_a_phone(base_url: str) -> None:
    """At 390 px the columns stack and a full-width 120 x 22 swatch would be a 60 px bar in each
    colour's button, doubling the list: swatches keep to at most 30 px high at any width."""
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        open_page(page, f"{base_url}/configure?product=tshirt")
        buttons = '[class*="st-key-swatch-"] [class*="st-key-opt-"] button'
        page.locator(buttons).first.wait_for(timeout=30_000)
        swatches = page.evaluate(
            f"""() => [...document.querySelectorAll('{buttons}')].map(b => getComputedStyle(b, '::before'))
                   .filter(s => s.backgroundImage.startsWith('url("data:image/svg+xml'))
                   .map(s => parseFloat(s.height))"""
        )
        assert len(swatches) >= 5
        assert all(0 < height <= 30.5 for height in swatches), swatches
