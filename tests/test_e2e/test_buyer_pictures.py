"""In Chromium, a buyer puts their own picture on a T-shirt: chooses a front print, uploads a PNG
into the front zone, moves it, adds the shirt to the cart, checks out as a guest and sees the
picture named and drawn on the order page. A file that is not a picture is refused with the reason.
On a phone, a picture placed on the back shows on the preview's back view, beside the front."""

from __future__ import annotations

import base64
import io
import urllib.parse
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from tests.test_e2e.live_server import chromium, click, open_page, settle

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def upload(page: Any, path: Path) -> None:
    page.locator('.st-key-artwork-tshirt-front-file input[type="file"]').set_input_files(str(path))
    page.wait_for_timeout(500)
    settle(page)


def logo(path: Path, colour: tuple[int, int, int]) -> Path:
    """A 60 x 60 PNG of one colour written to `path`."""
    out = io.BytesIO()
    Image.new("RGB", (60, 60), colour).save(out, format="PNG")
    path.write_bytes(out.getvalue())
    return path


def open_front_zone(page: Any, base_url: str) -> None:
    """A T-shirt with a screen print on the front, finished: its front print zone is offered.

    Under load a tick can land while a rerun redraws the box (and is lost), or be answered late;
    so the box is ticked again only once the page has been still and it still reads unticked (a
    second click on a late answer would untick it), and the zone's uploader is what ends it."""
    open_page(page, f"{base_url}/configure?product=tshirt")
    click(page, ".st-key-opt-print_method-screen button")
    front = '[class*="st-key-chk-placement-front-"]'

    def ticked() -> bool:
        box = page.locator(f"{front} input").first
        return bool(box.count()) and box.is_checked()

    def still() -> None:
        page.wait_for_timeout(1_500)
        settle(page)

    for _ in range(5):
        if not ticked():
            click(page, f"{front} label")
        still()
        if ticked():
            still()
            if ticked():
                break
    assert ticked(), "the front placement could not be ticked"
    click(page, 'button:has-text("Finish for me")')
    page.get_by_text("Your pictures", exact=True).wait_for(timeout=30_000)
    page.locator(".st-key-artwork-tshirt-front-file").wait_for(timeout=60_000)


def drawing(image: Any) -> str:
    """The SVG an <img> shows (its data URI decoded), or its address when it is a served file."""
    src = image.get_attribute("src") or ""
    head, _, body = src.partition(",")
    if head.startswith("data:image/svg+xml"):
        return base64.b64decode(body).decode() if head.endswith(";base64") else urllib.parse.unquote(body)
    if src.startswith(("http", "/")):
        return image.page.request.get(urllib.parse.urljoin(image.page.url, src)).text()
    return src


def fill(page: Any, key: str, value: str) -> None:
    box = page.locator(f".st-key-{key} input")
    box.fill(value)
    box.press("Tab")
    settle(page)


def test_a_buyer_places_a_picture_orders_and_sees_it_on_the_order(base_url: str, tmp_path: Path) -> None:
    logo(tmp_path / "logo.png", (30, 90, 200))
    (tmp_path / "notes.png").write_bytes(b"these are words, not a picture")
    with chromium() as browser:
        page = browser.new_context(viewport={"width": 1400, "height": 1100}).new_page()
        open_front_zone(page, base_url)

        upload(page, tmp_path / "notes.png")
        page.get_by_text("This file was refused: notes.png: not an SVG, PNG or JPEG picture").wait_for(timeout=30_000)

        upload(page, tmp_path / "logo.png")
        slider = page.locator('.st-key-artwork-tshirt-front-x input[type="range"]')
        slider.wait_for(state="attached", timeout=30_000)
        before = int(slider.input_value())
        slider.focus()
        for _ in range(10):
            page.keyboard.press("ArrowLeft")
        settle(page)
        page.wait_for_timeout(500)
        settle(page)
        assert int(slider.input_value()) < before
        preview = drawing(page.locator('img[alt^="Preview of your"]').first)
        assert '<g id="zone-front">' in preview and "data:image/png;base64," in preview

        click(page, ".st-key-cart-add button")
        page.get_by_text("In your cart.").wait_for(timeout=30_000)
        click(page, '[data-testid="stSidebarNav"] a:has-text("Cart")')
        page.get_by_text("Front picture").first.wait_for(timeout=30_000)
        click(page, ".st-key-to-checkout button")
        for key, value in {
            "co-email": "pic@example.com",
            "co-name": "Pia Picture",
            "co-line1": "Rua Augusta 1",
            "co-postal": "1100-048",
            "co-city": "Lisboa",
            "co-card": "4242 4242 4242 4242",
        }.items():
            fill(page, key, value)
        click(page, ".st-key-co-place button")
        page.get_by_text("your order is placed").wait_for(timeout=30_000)
        click(page, 'a:has-text("Follow your order")')
        page.get_by_text("Your picture in Front picture: logo.png").wait_for(timeout=30_000)
        drawn = page.locator('img[alt="Preview of Custom T-shirt"]').first
        drawn.wait_for(timeout=30_000)
        assert drawn.evaluate("img => img.naturalWidth > 0")
        assert '<g id="zone-front">' in drawing(drawn)


def test_a_picture_on_the_back_shows_on_the_back_view_on_a_phone(base_url: str, tmp_path: Path) -> None:
    path = logo(tmp_path / "back.png", (200, 60, 30))
    with chromium() as browser:
        page = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True).new_page()
        open_page(page, f"{base_url}/configure?product=tshirt")
        click(page, ".st-key-opt-print_method-screen button")
        click(page, '[class*="st-key-chk-placement-back-"] label')
        click(page, 'button:visible:has-text("Finish for me")')  # a phone also draws a hidden copy
        page.get_by_text("Your pictures", exact=True).wait_for(timeout=30_000)
        page.locator('.st-key-artwork-tshirt-back-file input[type="file"]').set_input_files(str(path))
        page.wait_for_timeout(500)
        settle(page)
        page.locator('.st-key-artwork-tshirt-back-x input[type="range"]').wait_for(state="attached", timeout=30_000)
        image = page.locator('img[alt^="Preview of your"]').first
        preview = drawing(image)
        assert '<g id="view-back" transform="translate(260 0)"' in preview  # front and back side by side
        assert '<g id="zone-back" transform="translate(260 0)">' in preview and "data:image/png;base64," in preview
        box = image.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390  # on the screen, whole
        assert box["width"] >= 250  # the back zone (90 of the picture's 512 units) at least 44 px wide
        assert (image.get_attribute("alt") or "").endswith(", front and back")  # a screen reader hears both
        assert ">Front</text>" in preview and ">Back</text>" in preview  # each view named above it
        image.scroll_into_view_if_needed()
        page.screenshot(path=str(tmp_path / "back-on-a-phone.png"))  # kept under the run's basetemp to look at
