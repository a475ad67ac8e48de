"""The whole buyer journey on a 390 x 844 phone screen, for every shipped product, in Chromium: the
configure page (random available options, "Finish for me", add to the cart), the cart, checkout as
a guest and the order page. At every step nothing is wider than the screen: the page never scrolls
sideways (document.scrollingElement.scrollWidth <= innerWidth, and the same for Streamlit's main
element, which is what scrolls) and no element sticks out past the screen's edges, so nothing is
cut off or pushed out of view horizontally."""

from __future__ import annotations

import random

import pytest

from tests.test_e2e.journey import checkout_as_guest, design, shipped_products, wait_drawn
from tests.test_e2e.live_server import chromium, open_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PHONE = {"width": 390, "height": 844}
GUEST = {
    "co-email": "phone@example.com",
    "co-name": "Pat Phone",
    "co-line1": "Rua Augusta 1",
    "co-postal": "1100-048",
    "co-city": "Lisboa",
    "co-card": "4242 4242 4242 4242",
}
# Streamlit scrolls the page inside its main element, not the document: both must fit the screen,
# and no element the buyer can see may stick out past either edge (where the main element would clip it).
# What counts is the part of an element that can be seen: a box that clips its content (a code block
# scrolling a long link sideways, or the 1 px box hiding a slider's screen-reader input) shows only
# what lies inside it.
WIDER = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const seen = e => {
    const r = e.getBoundingClientRect();
    let left = r.left, right = r.right;
    for (let a = e.parentElement; a && a !== main; a = a.parentElement) {
      if (getComputedStyle(a).overflowX === 'visible') continue;
      const b = a.getBoundingClientRect();
      left = Math.max(left, b.left); right = Math.min(right, b.right);
    }
    return [left, right];
  };
  const out = [...main.querySelectorAll('*')].filter(e => {
    const r = e.getBoundingClientRect();
    if (!(r.width > 0 && r.height > 0)) return false;
    const [left, right] = seen(e);
    return right > left && (right > innerWidth + 1 || left < -1)
      && e.checkVisibility({opacityProperty: true, visibilityProperty: true});
  }).slice(0, 5).map(e => (e.getAttribute('data-testid') || e.tagName) + ': ' + (e.innerText || '').slice(0, 40));
  return [Math.max(document.scrollingElement.scrollWidth, main.scrollWidth), innerWidth, out];
}"""


def too_wide(page) -> str | None:  # type: ignore[no-untyped-def]
    width, screen, out = page.evaluate(WIDER)
    return None if width <= screen and not out else f"{width} px wide on a {screen} px screen, sticking out: {out}"


@pytest.mark.parametrize(("product", "seed"), [(code, n) for n, (_, code) in enumerate(shipped_products())])
def test_the_whole_journey_fits_a_390_px_screen(base_url: str, product: str, seed: int):
    wide: dict[str, str] = {}

    def check(page, step: str) -> None:  # type: ignore[no-untyped-def]
        problem = too_wide(page)
        if problem:
            wide[step] = problem

    with chromium() as browser:
        page = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
        open_page(page, f"{base_url}/")
        check(page, "shop")
        design(page, base_url, product, random.Random(seed), "default")
        check(page, "configure, finished")
        open_page(page, f"{base_url}/cart")
        check(page, "cart")
        checkout_as_guest(page, GUEST, check)
    assert wide == {}


def test_the_width_check_sees_what_sticks_out_and_not_what_is_clipped():
    """The check itself, on a page made for it: a box wider than the phone is caught; a wide box
    inside a sideways scroller, or a slider's screen-reader input inside its 1 px hiding box, is not."""
    hidden = (
        '<div style="position:absolute;left:360px;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)">'
        '<input type="range" style="width:129px"></div>'
    )
    scroller = '<div style="overflow-x:auto;width:300px"><div style="width:900px">wide table</div></div>'
    with chromium() as browser:
        page = browser.new_context(viewport=PHONE).new_page()
        page.set_content(
            f'<body style="margin:0"><div data-testid="stMain" style="width:390px">{hidden}{scroller}</div>'
        )
        assert too_wide(page) is None
        page.set_content('<body style="margin:0"><div data-testid="stMain"><div style="width:600px">too wide</div>')
        assert too_wide(page) is not None


def bar(page) -> tuple[bool, list[float], str]:  # type: ignore[no-untyped-def]
    """The phone price bar: can it be seen, its [top, bottom] on the screen, its text."""
    return page.evaluate(  # type: ignore[no-any-return]
        """() => {
      const b = document.querySelector('.st-key-phone-bar');
      if (!b) return [false, [], ''];
      const r = b.getBoundingClientRect();
      return [b.checkVisibility({opacityProperty: true, visibilityProperty: true}), [r.top, r.bottom], b.innerText];
    }"""
    )


def test_the_price_stays_in_view_on_a_phone_and_only_there(base_url: str):
    with chromium() as browser:
        page = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
        open_page(page, f"{base_url}/configure?product=sneaker")
        wait_drawn(page)
        seen, (top, bottom), text = bar(page)
        metric = page.locator('[data-testid="stMetricValue"]').first.inner_text()
        assert seen and top >= PHONE["height"] - 120 and bottom <= PHONE["height"] + 1, (top, bottom)
        assert text.startswith(f"{metric}"), (text, metric)  # "from €…" as the panel says it
        assert "choices left" in text and text.endswith("Your design ↓")
        page.locator(".st-key-phone-bar a").click()  # to the panel with "Finish for me" and "Add to cart"
        page.wait_for_function(
            """() => { const r = document.querySelector('.st-key-cart-add').getBoundingClientRect();
                       return r.top >= 0 && r.bottom <= innerHeight; }""",
            timeout=10_000,
        )
        design(page, base_url, "sneaker", random.Random(7), "default", opened=True)
        seen, _, text = bar(page)
        total = page.locator('[data-testid="stMetricValue"]').first.inner_text()
        assert seen and text.startswith(f"{total} · complete"), (text, total)
        wide = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        open_page(wide, f"{base_url}/configure?product=sneaker")
        wait_drawn(wide)
        assert bar(wide)[0] is False  # beside the choices, the panel itself is in view


# The labels of money rows whose amount is not beside them (a phone stacks columns by default).
STACKED = """labels => labels.filter(label => {
  const cell = [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stColumn"]')]
    .find(c => c.innerText.trim() === label);
  if (!cell) return true;
  const row = cell.closest('[data-testid="stHorizontalBlock"]');
  const [first, last] = [row.firstElementChild, row.lastElementChild].map(c => c.getBoundingClientRect());
  return Math.abs(first.top - last.top) > 2 || last.left < first.right - 1;
})"""


def test_cart_checkout_and_order_keep_each_amount_beside_its_label_on_a_phone(base_url: str):
    stacked: dict[str, list[str]] = {}

    def check(page, step: str) -> None:  # type: ignore[no-untyped-def]
        stacked[step] = page.evaluate(STACKED, ["Items", "Total"] if step == "order" else ["Items"])

    with chromium() as browser:
        page = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
        design(page, base_url, "tshirt", random.Random(3), "default")
        open_page(page, f"{base_url}/cart")
        check(page, "cart")
        checkout_as_guest(page, GUEST, check)
    assert stacked == {"cart": [], "checkout": [], "confirmation": [], "order": []}
