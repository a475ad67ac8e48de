"""The buyer's pictures drawn where they were placed: in the preview (clipped to the zone) and on
the production sheet (the stored file embedded, with its placement figures)."""

from __future__ import annotations

import base64
import datetime as dt
import io
import re

from PIL import Image

from modules.loader import load_catalog
from render.pdf import DocAddress, DocLine, DocOrder, DocPrint, production_sheet_pdf
from render.preview.svg import preview_svg
from tests.test_render.pdf_text import pdf_text

TSHIRT = load_catalog("catalogs/tshirt.yaml")
TEE = {"cut": "tee", "colour": "black", "print_method": "screen", "placement": frozenset({"front"})}


def png(size=(40, 20), colour=(200, 30, 30, 255)) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", size, colour).save(out, format="PNG")
    return out.getvalue()


def test_the_picture_is_drawn_in_its_zone_clipped_to_it():
    data = png()
    sha = "a" * 64
    svg = preview_svg(
        TSHIRT,
        TEE,
        placements={"front": {"sha256": sha, "x": 0.25, "y": 0.5, "scale": 0.5}},
        pictures={sha: ("image/png", data, 40, 20)},
    )
    assert svg is not None
    group = re.search(r'<g id="zone-front">.*?</g>', svg)
    assert group is not None
    assert '<rect x="110" y="100" width="80" height="82"/>' in group.group(0)  # the zone's clip
    image = re.search(
        r'<image clip-path="url\(#clip-zone-front\)" href="([^"]+)" x="([\d.]+)" y="([\d.]+)" '
        r'width="([\d.]+)" height="([\d.]+)"',
        group.group(0),
    )
    assert image is not None
    assert image.group(1) == "data:image/png;base64," + base64.b64encode(data).decode()
    # centre a quarter across an 80-wide zone, half its width, half as tall as wide
    assert [float(v) for v in image.groups()[1:]] == [110.0, 131.0, 40.0, 20.0]
    assert svg.endswith("</svg>") and svg.index('id="zone-front"') > svg.index('id="layer-body"')


def test_placements_without_a_picture_or_zone_draw_nothing():
    sha = "b" * 64
    plain = preview_svg(TSHIRT, TEE)
    assert (
        preview_svg(TSHIRT, TEE, placements={"front": {"sha256": sha, "x": 0.5, "y": 0.5, "scale": 0.5}}, pictures={})
        == plain
    )
    other = preview_svg(
        TSHIRT,
        TEE,
        placements={"pocket": {"sha256": sha, "x": 0.5, "y": 0.5, "scale": 0.5}},
        pictures={sha: ("image/png", png(), 40, 20)},
    )
    assert other == plain


def order(prints: tuple[DocPrint, ...]) -> DocOrder:
    return DocOrder(
        number=7,
        reference="tok",
        placed_at=dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC),
        status="paid",
        contact_name="Ana",
        contact_email="ana@example.org",
        ship_to=DocAddress("Ana", "Rua A 1", "", "1000-001", "Lisboa", "PT"),
        currency="EUR",
        lines=(DocLine(1, "Custom T-shirt", 2, 2490, 4980, ("Colour: Black",), prints),),
        subtotal_minor=4980,
        discount_minor=0,
        shipping_minor=0,
        tax_minor=0,
        total_minor=4980,
    )


def front(content: bytes | None) -> DocPrint:
    return DocPrint(
        zone="front",
        zone_name="Front picture",
        area=(110, 100, 80, 82),
        sha256="c" * 64,
        media_type="image/png",
        file_name="logo.png",
        width=40,
        height=20,
        x=0.5,
        y=0.4,
        scale=0.6,
        content=content,
    )


def test_the_production_sheet_embeds_the_picture_with_its_placement():
    pdf = production_sheet_pdf(order((front(png()),)))
    assert re.search(rb"/Subtype\s*/Image", pdf)
    text = pdf_text(pdf)
    assert "Front picture" in text and "c" * 64 in text
    assert "50.0% across, 40.0% down" in text and "60.0% of the zone" in text


def test_a_sheet_without_pictures_has_no_image():
    assert not re.search(rb"/Subtype\s*/Image", production_sheet_pdf(order(())))
    assert not re.search(rb"/Subtype\s*/Image", production_sheet_pdf(order((front(None),))))
