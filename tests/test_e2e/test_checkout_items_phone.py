"""Checkout's list of items on a 390 px phone, in Russian (long names): each item's picture, name
and total share one row, the name wrapping rather than the total dropping under it; the list sits
above the totals and ends with a link back to the cart."""

from __future__ import annotations

import random

import pytest

from tests.test_e2e.journey import design
from tests.test_e2e.live_server import chromium, click, open_page, settle

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PHONE = {"width": 390, "height": 844}
# For each item's row: the tops and bottoms of what it holds (picture, name, total).
ROWS = """() => [...document.querySelectorAll('[class*="st-key-co-row-"]')].map(row =>
  [...row.children].map(c => { const r = c.getBoundingClientRect(); return [r.top, r.bottom, r.right]; }))"""


def test_each_item_keeps_its_name_and_total_on_one_row_on_a_phone(base_url: str):
    with chromium() as browser:
        page = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="ru-RU").new_page()
        open_page(page, f"{base_url}/")
        for n, product in enumerate(("bicycle", "tshirt")):
            design(page, base_url, product, random.Random(n), "default", lang="ru")
        open_page(page, f"{base_url}/cart")
        box = page.locator('[class*="st-key-qty-"] input').last
        box.fill("3")
        box.press("Tab")
        settle(page)
        click(page, ".st-key-to-checkout button")
        page.locator(".st-key-co-items").wait_for(timeout=30_000)
        settle(page)
        rows = page.evaluate(ROWS)
        assert len(rows) == 2
        for row in rows:
            assert len(row) == 3  # picture, name, total
            assert max(top for top, _, _ in row) < min(bottom for _, bottom, _ in row), f"not one row: {row}"
            assert max(right for _, _, right in row) <= PHONE["width"]
        items = page.locator(".st-key-co-items")
        assert items.get_by_text("× Велосипед").count() == 1
        assert items.locator("a", has_text="Изменить в корзине").count() == 1
        total = page.locator('[data-testid="stMetric"]').first
        assert items.bounding_box()["y"] < total.bounding_box()["y"]
