"""The back view: a design that uses a print zone on the back (`side: back`) is drawn front and back
side by side at the same scale, the buyer's back picture at the zone's real size on the back view,
clipped to the zone; designs and products without a zone on the back draw as they always did."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

from PIL import Image

from configurator.catalog_engine import CatalogEngine
from modules.loader import load_catalog
from render.preview.canvas import BACK_SHIFT
from render.preview.svg import preview_svg
from tests.conftest import shipped_catalog_with

SVG = "{http://www.w3.org/2000/svg}"
TSHIRT = load_catalog("catalogs/tshirt.yaml")
SHA = "e" * 64


def png(size: tuple[int, int] = (40, 20)) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", size, (200, 30, 30, 255)).save(out, format="PNG")
    return out.getvalue()


PICTURES = {SHA: ("image/png", png(), 40, 20)}


def tee(*placement: str, **choices: object) -> dict[str, object]:
    return CatalogEngine(TSHIRT).complete(
        {"cut": "tee", "colour": "navy", "print_method": "screen", "placement": frozenset(placement), **choices}
    )


def parents(root: ET.Element) -> dict[ET.Element, ET.Element]:
    return {child: parent for parent in root.iter() for child in parent}


def offset(root: ET.Element, element: ET.Element) -> tuple[float, float]:
    """Where the element's user space sits in the picture: only translations may lie on the way
    (a scale would draw the zone at another size than the front)."""
    up = parents(root)
    dx = dy = 0.0
    node: ET.Element | None = element
    while node is not None:
        transform = node.get("transform")
        if transform:
            found = re.fullmatch(r"translate\(([-\d.]+) ([-\d.]+)\)", transform)
            assert found, f"only translations place a view, got {transform}"
            dx, dy = dx + float(found.group(1)), dy + float(found.group(2))
        node = up.get(node)
    return dx, dy


def test_a_back_picture_is_drawn_at_the_zones_real_size_on_the_back_view():
    svg = preview_svg(
        TSHIRT, tee("back"), placements={"back": {"sha256": SHA, "x": 0.5, "y": 0.5, "scale": 0.5}}, pictures=PICTURES
    )
    assert svg is not None
    root = ET.fromstring(svg)
    zone = root.find(f".//{SVG}g[@id='zone-back']")
    assert zone is not None
    image = zone.find(f"{SVG}image")
    clip = zone.find(f"{SVG}clipPath/{SVG}rect")
    assert image is not None and clip is not None
    # the zone is 90 x 90 drawing units, as the front's are: the picture half its width, centred
    assert [clip.get(k) for k in ("x", "y", "width", "height")] == ["105", "70", "90", "90"]
    assert [float(image.get(k) or "nan") for k in ("x", "y", "width", "height")] == [127.5, 103.75, 45.0, 22.5]
    assert image.get("clip-path") == "url(#clip-zone-back)"
    assert offset(root, image) == (BACK_SHIFT, 0)
    # the back view is the same shirt seen from behind, beside the front, at the same scale
    back = root.find(f"{SVG}g[@id='view-back']")
    front = root.find(f"{SVG}g[@id='view-front']")
    assert back is not None and front is not None
    assert offset(root, back) == (BACK_SHIFT, 0) and offset(root, front) == (0, 0)
    area = back.find(f"{SVG}g[@id='layer-print-back']/{SVG}rect")
    assert area is not None and [area.get(k) for k in ("x", "y", "width", "height")] == ["105", "70", "90", "90"]
    assert back.find(f"{SVG}g[@id='layer-back-body']") is not None
    assert front.find(f".//{SVG}g[@id='layer-print-back']") is None  # no small inset any more
    left, _, width, _ = (float(v) for v in (root.get("viewBox") or "").split())
    assert left < 110 and left + width > BACK_SHIFT + 105 + 90  # both print areas are in the picture


def test_text_on_the_back_goes_on_the_back_view_at_the_fronts_size():
    root = ET.fromstring(preview_svg(TSHIRT, tee("back", print_text="TEAM 42")) or "")
    back = root.find(f"{SVG}g[@id='view-back']")
    assert back is not None
    text = back.find(f"{SVG}g[@id='layer-print-text']/{SVG}text")
    assert text is not None and text.text == "TEAM 42"
    assert float(text.get("font-size") or 0) >= 14  # the inset drew it at a fifth of that
    assert 105 < float(text.get("x") or 0) < 195


def test_a_hoodie_shows_its_hood_on_the_back():
    full = CatalogEngine(TSHIRT).complete(
        {"cut": "hoodie", "fabric": "fleece", "print_method": "screen", "placement": frozenset({"back", "front"})}
    )
    root = ET.fromstring(preview_svg(TSHIRT, full) or "")
    back = root.find(f"{SVG}g[@id='view-back']")
    assert back is not None and back.find(f"{SVG}g[@id='layer-back-hood']") is not None
    assert root.find(f".//{SVG}g[@id='layer-print-front']") is not None  # the front print stays on the front


def test_a_design_without_the_back_zone_draws_the_front_alone():
    svg = preview_svg(
        TSHIRT,
        tee("front"),
        placements={
            "front": {"sha256": SHA, "x": 0.5, "y": 0.5, "scale": 0.5},
            "back": {"sha256": SHA, "x": 0.5, "y": 0.5, "scale": 0.5},  # not in use: never drawn on the front
        },
        pictures=PICTURES,
    )
    assert svg is not None and svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 280"')
    assert "view-back" not in svg and "zone-back" not in svg and 'id="zone-front"' in svg


def test_products_without_a_zone_on_the_back_are_unchanged(write_catalog):
    # a catalog written before zones had sides: its back zone sits on the small inset, as it did
    old = shipped_catalog_with(
        "tshirt.yaml",
        "side: back, area: {x: 105, y: 70, width: 90, height: 90}",
        "area: {x: 255.1, y: 17.4, width: 19.8, height: 19.8}",
    )
    catalog = load_catalog(write_catalog(old, name="tshirt.yaml"))
    full = CatalogEngine(catalog).complete({"print_method": "screen", "placement": frozenset({"back"})})
    svg = preview_svg(
        catalog, full, placements={"back": {"sha256": SHA, "x": 0.5, "y": 0.5, "scale": 1.0}}, pictures=PICTURES
    )
    assert svg is not None and 'viewBox="0 0 300 280"' in svg and "view-back" not in svg
    root = ET.fromstring(svg)
    inset = root.find(f".//{SVG}g[@id='layer-print-back']/{SVG}g")
    assert inset is not None and "scale(0.22)" in (inset.get("transform") or "")
    image = root.find(f".//{SVG}g[@id='zone-back']/{SVG}image")
    assert image is not None and float(image.get("width") or 0) == 19.8 and image.get("x") == "255.100"
    sneaker = load_catalog("catalogs/sneaker.yaml")
    drawn = preview_svg(sneaker, CatalogEngine(sneaker).complete({})) or ""
    assert drawn.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 280"') and "view-" not in drawn


def test_the_views_do_not_overlap():
    root = ET.fromstring(preview_svg(TSHIRT, tee("back", cut="long-sleeve")) or "")
    numbers = lambda d: [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", d)]  # noqa: E731
    outline = root.find(f".//{SVG}g[@id='layer-back-body']/{SVG}path")
    assert outline is not None
    xs = numbers(outline.get("d") or "")[0::2]
    assert max(xs) + 2 < BACK_SHIFT + min(xs)  # the front's right sleeve ends before the back's left one


def test_front_and_back_are_captioned_in_the_buyers_language_above_their_views():
    root = ET.fromstring(preview_svg(TSHIRT, tee("back")) or "")
    front, back = root.find(f".//{SVG}text[@id='caption-front']"), root.find(f".//{SVG}text[@id='caption-back']")
    assert front is not None and back is not None
    assert (front.text, back.text) == ("Front", "Back")
    left, top, width, _ = (float(v) for v in (root.get("viewBox") or "").split())
    assert left < float(front.get("x") or 0) < 280 < float(back.get("x") or 0) < left + width  # one over each view
    assert top < float(front.get("y") or 0) < 0 and float(front.get("font-size") or 0) >= 24  # above the drawings
    spanish = ET.fromstring(preview_svg(TSHIRT, tee("back"), lang="es") or "")
    assert [t.text for t in spanish.iter(f"{SVG}text") if (t.get("id") or "").startswith("caption-")] == [
        "Delante",
        "Detrás",
    ]
    # a design that shows the front alone, and a product without a back view, have no captions
    assert "caption-" not in (preview_svg(TSHIRT, tee("front")) or "x")
    sneaker = load_catalog("catalogs/sneaker.yaml")
    assert "caption-" not in (preview_svg(sneaker, CatalogEngine(sneaker).complete({})) or "x")
