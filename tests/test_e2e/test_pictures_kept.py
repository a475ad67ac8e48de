"""In Chromium, a buyer's placed picture is kept: after a reload the design in progress comes back
with the picture where it was put; a shared link opened in another browser shows the design with
its picture."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.test_e2e.live_server import chromium, click, open_page, settle
from tests.test_e2e.test_buyer_pictures import drawing, logo, open_front_zone, upload

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SLIDER = '.st-key-artwork-tshirt-front-{} input[type="range"]'


def placed(page: Any) -> tuple[int, int, int]:
    """The sliders' (size, across, down) in percent."""
    out = []
    for name in ("scale", "x", "y"):
        slider = page.locator(SLIDER.format(name))
        slider.wait_for(state="attached", timeout=30_000)
        out.append(int(slider.input_value()))
    return out[0], out[1], out[2]


def steady(page: Any) -> tuple[int, int, int]:
    """`placed` once the sliders stop moving: under load a rerun still on its way may draw them
    at a value the keys had passed, and the last key's value follows it."""
    seen = placed(page)
    for _ in range(10):
        page.wait_for_timeout(700)
        settle(page)
        now = placed(page)
        if now == seen:
            return now
        seen = now
    return seen


def press(page: Any, name: str, key: str, times: int) -> None:
    """Press `key` on the slider `times` times, as a person does: each press answered before the
    next (a burst of presses under load can leave the slider drawn at a value it had passed)."""
    for _ in range(times):
        page.locator(SLIDER.format(name)).focus()
        page.keyboard.press(key)
        settle(page)
    page.wait_for_timeout(500)
    settle(page)


def picture_drawn(page: Any) -> bool:
    preview = drawing(page.locator('img[alt^="Preview of your"]').first)
    return '<g id="zone-front">' in preview and "data:image/png;base64," in preview


def test_a_placed_picture_outlives_a_reload_and_travels_with_a_shared_link(base_url: str, tmp_path: Path) -> None:
    logo(tmp_path / "logo.png", (200, 90, 30))
    with chromium() as browser:
        page = browser.new_context(viewport={"width": 1400, "height": 1100}).new_page()
        open_front_zone(page, base_url)
        page.locator(".st-key-artwork-tshirt-front-file").wait_for(timeout=60_000)
        upload(page, tmp_path / "logo.png")
        before = placed(page)
        press(page, "scale", "ArrowLeft", 30)  # smaller, so that it can move across
        press(page, "x", "ArrowLeft", 3)  # still inside: the sliders show the placement itself
        moved = steady(page)
        assert moved[0] < before[0] and moved[1] < before[1]

        page.reload()  # a new session on the server: the browser's cookie brings the design back
        page.wait_for_selector("h1", timeout=60_000)
        settle(page, 60_000)
        assert placed(page) == moved
        assert picture_drawn(page)

        click(page, ".st-key-design-share button")
        link = page.locator('[data-testid="stCode"]').first
        link.wait_for(timeout=30_000)
        url = link.inner_text().strip()
        assert "design=" in url

        stranger = browser.new_context(viewport={"width": 1400, "height": 1100}).new_page()
        open_page(stranger, url)
        stranger.get_by_text("Your pictures", exact=True).wait_for(timeout=30_000)
        assert placed(stranger) == moved
        assert picture_drawn(stranger)
