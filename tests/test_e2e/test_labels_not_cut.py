"""No label is cut at 1280 px: on the shop and on every shipped product's configure page (after a
click that greys some options out), no text in the page body is clipped with an ellipsis. And a size
slider shows its smallest and largest size without a pointer over it (a phone has none)."""

from __future__ import annotations

import contextlib

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

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


# Each size slider of the page: its label and the texts at the ends of its track that can be seen.
SLIDER_ENDS = """() => [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stSlider"]')].map(s => {
  const bar = s.querySelector('[data-testid="stSliderTickBar"]');
  const seen = bar && bar.checkVisibility({opacityProperty: true, visibilityProperty: true});
  return [(s.querySelector('label') || {}).innerText || '', seen ? bar.innerText.split('\\n').filter(Boolean) : []];
})"""


def test_a_size_slider_shows_its_range_on_a_phone(base_url: str):
    with chromium() as browser:
        page = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True).new_page()
        open_page(page, f"{base_url}/configure?product=table")
        page.wait_for_selector('[data-testid="stSlider"]', timeout=60_000)
        with contextlib.suppress(PlaywrightTimeout):  # the page may still be laying its sliders out
            page.wait_for_function(
                f"() => ({SLIDER_ENDS})().every(([label, shown]) => shown.length === 2)", timeout=15_000
            )
        ends = page.evaluate(SLIDER_ENDS)
    assert ends, "the table's configure page draws no size slider"
    assert {label: shown for label, shown in ends if len(shown) != 2} == {}
    assert ["80 cm", "240 cm"] in [shown for label, shown in ends if label.startswith("Width")]
