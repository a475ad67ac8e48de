"""The "why?" explanation appears where the buyer is: asked about an option far down the car's
page (a greyed wheel, a pack's "why?" box), the panel is inside the browser's viewport."""

from __future__ import annotations

import pytest

from tests.test_e2e.live_server import chromium, click, open_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PANEL = '[data-testid="stMarkdownContainer"]:has-text("is not available")'


def in_viewport(page, selector: str) -> bool:  # type: ignore[no-untyped-def]
    """Whether the first element matching `selector` is wholly inside the visible window."""
    return bool(
        page.locator(selector).first.evaluate(
            "e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }"
        )
    )


@pytest.mark.parametrize(
    ("asked", "name"),
    [(".st-key-opt-wheels-18-diamond button", "wheels"), (".st-key-why-packs-tech button", "packs")],
)
def test_the_why_panel_opens_in_view(base_url: str, asked: str, name: str):
    with chromium() as browser:
        page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
        open_page(page, f"{base_url}/configure?product=car")
        click(page, ".st-key-opt-trim-life button")  # Life: no diamond-cut wheels, no tech pack
        assert not in_viewport(page, asked)  # below the first screenful
        page.locator(asked).first.scroll_into_view_if_needed()
        click(page, asked)
        page.locator(PANEL).first.wait_for(timeout=30_000)
        page.wait_for_timeout(300)  # let the layout settle
        page.screenshot(path=f"/tmp/why-{name}.png")
        assert in_viewport(page, PANEL)
        assert in_viewport(page, ".st-key-repair-0 button")
