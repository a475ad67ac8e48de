"""No label is cut at 1280 px: on the shop and on every shipped product's configure page (after a
click that greys some options out), no text in the page body is clipped with an ellipsis."""

from __future__ import annotations

import pytest

from tests.test_e2e.live_server import ROOT, chromium, click, open_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PRODUCTS = sorted(p.stem for p in (ROOT / "catalogs").glob("*.yaml"))
CUT = """() => [...document.querySelectorAll('[data-testid="stMain"] *')]
  .filter(e => e.children.length === 0 || e.tagName === 'P')
  .filter(e => (e.innerText || '').trim() !== '')  // no text, nothing to cut (a file box's hidden input)
  .filter(e => {
    const box = e.closest('.stMarkdownEllipsis') || e;
    return getComputedStyle(box).textOverflow === 'ellipsis' && box.scrollWidth > box.clientWidth + 1;
  })
  .map(e => e.innerText.slice(0, 80))"""


def test_no_label_is_cut_at_1280_px(base_url: str):
    with chromium() as browser:
        page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        cut: dict[str, list[str]] = {}
        open_page(page, f"{base_url}/")
        cut["shop"] = page.evaluate(CUT)
        for product in PRODUCTS:
            open_page(page, f"{base_url}/configure?product={product}")
            buttons = page.locator('[data-testid="stMain"] [class*="st-key-opt-"] button')
            if buttons.count():
                click(page, f'[data-testid="stMain"] [class*="st-key-opt-"] >> nth={buttons.count() // 2} >> button')
            cut[product] = page.evaluate(CUT)
        assert {where: texts for where, texts in cut.items() if texts} == {}
