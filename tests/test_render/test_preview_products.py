"""Each product family is drawn as itself and follows every visible choice: cut (hood, sleeves),
print placements, legible text on any colour, frame outline on white, car paint / wheels / roof,
PC case form, table legs; artwork uploaded per option is laid in as a picture layer."""

from __future__ import annotations

import base64
import xml.etree.ElementTree as ET
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from configurator.catalog_engine import CatalogEngine
from modules.loader import load_catalog
from render.preview.colours import contrast
from render.preview.paints import Paint, Scene
from render.preview.svg import drawing, preview_svg
from render.preview.text import text_style
from tests.conftest import ROOT

SVG = "{http://www.w3.org/2000/svg}"
hexes = st.integers(0, 0xFFFFFF).map(lambda n: f"#{n:06X}")


def catalog(name):
    return load_catalog(ROOT / "catalogs" / f"{name}.yaml")


def draw(name, choices):
    cat = catalog(name)
    return ET.fromstring(preview_svg(cat, CatalogEngine(cat).complete(choices)))


def layer(root, name):
    return root.find(f".//{SVG}g[@id='layer-{name}']")


def test_a_hoodie_has_a_hood_and_long_sleeves_a_tee_has_neither():
    hoodie, tee = draw("tshirt", {"cut": "hoodie"}), draw("tshirt", {"cut": "tee"})
    assert layer(hoodie, "hood") is not None and layer(tee, "hood") is None
    body = lambda root: layer(root, "body").find(f"{SVG}path").get("d")  # noqa: E731
    assert body(hoodie) != body(tee)
    assert body(draw("tshirt", {"cut": "long-sleeve"})) == body(hoodie)  # both sleeves reach the wrist


def test_each_chosen_placement_shows_its_print_area():
    root = draw("tshirt", {"print_method": "screen", "placement": frozenset({"front", "back", "sleeve"})})
    assert all(layer(root, f"print-{p}") is not None for p in ("front", "back", "sleeve"))
    assert layer(root, "print-chest-left") is None


def test_black_text_on_a_black_shirt_gets_a_white_outline():
    style = text_style("#1B1B1B", ink="#111111")
    assert style.outline == "#FFFFFF"
    root = draw("tshirt", {"colour": "black", "print_method": "screen", "print_text": "HELLO"})
    text = root.find(f".//{SVG}text")
    assert text.text == "HELLO" and contrast(text.get("fill"), "#1B1B1B") >= 4.5


@given(garment=hexes, ink=st.none() | hexes)
def test_text_reads_on_any_garment_with_any_ink(garment, ink):
    style = text_style(garment, ink)
    assert max(contrast(style.fill, garment), contrast(style.outline, garment)) >= 3
    assert style.fill == (ink or style.fill)


def test_a_white_frame_is_outlined_so_it_shows_on_white():
    frame = layer(draw("bicycle", {"colour": "white"}), "frame")
    colours = [p.get("stroke") for p in frame.iter(f"{SVG}path")]
    assert "#F5F5F2" in colours and any(contrast(c, "#FFFFFF") >= 3 for c in colours)


def test_car_follows_paint_roof_and_wheels():
    plain = draw("car", {})
    red = draw("car", {"paint": "flame-red", "roof": "black", "wheels": "18-diamond"})
    assert layer(red, "body").find(f"{SVG}path").get("fill") == "#B0121B"
    assert layer(red, "roof").find(f"{SVG}path").get("fill") == "#141416"
    assert layer(plain, "roof").find(f"{SVG}path").get("fill") == layer(plain, "body").find(f"{SVG}path").get("fill")
    spokes = lambda root: len(layer(root, "wheels").findall(f"{SVG}path"))  # noqa: E731
    assert spokes(red) > spokes(plain)


def test_pc_case_form_changes_the_drawing():
    tall = layer(draw("pc", {"case": "full-tower"}), "case").find(f"{SVG}path").get("d")
    slim = layer(draw("pc", {"case": "sff-slim"}), "case").find(f"{SVG}path").get("d")
    assert tall != slim


def test_table_legs_follow_the_choice():
    legs = {v: ET.tostring(layer(draw("table", {"legs": v}), "legs")) for v in ("hairpin", "pedestal", "u-frame")}
    assert len(set(legs.values())) == 3


def test_the_same_design_draws_the_same_bytes():
    cat = catalog("bicycle")
    full = CatalogEngine(cat).complete({"accessories": frozenset({"rack", "mudguards"})})
    assert preview_svg(cat, full) == preview_svg(cat, dict(full))


def test_artwork_is_laid_in_its_layer_as_a_picture():
    png = b"\x89PNG\r\n\x1a\n-not-checked-here"
    scene = Scene(paints={"body": Paint(artwork="a" * 64)}, artwork={"a" * 64: ("image/png", png)})
    image = layer(ET.fromstring(drawing("tshirt", scene)), "body").find(f"{SVG}image")
    assert image.get("href") == "data:image/png;base64," + base64.b64encode(png).decode()
    odd = Scene(paints={"body": Paint(artwork="a" * 64)}, artwork={"a" * 64: ("text/html", b"<script>")})
    assert "<image" not in drawing("tshirt", odd)


def test_the_table_drawing_follows_its_dimensions():
    def scale(choices):
        return draw("table", choices).find(f"{SVG}g").get("transform")

    small = scale({"width": Decimal(80), "height": Decimal(65)})
    large = scale({"width": Decimal(200), "height": Decimal(75)})
    assert small != large and "scale(1.000 " in large


def test_long_text_shrinks_to_fit_its_print_area():
    short = draw("tshirt", {"print_method": "screen", "placement": frozenset({"chest-left"}), "print_text": "Hi"})
    long = draw("tshirt", {"print_method": "screen", "placement": frozenset({"chest-left"}), "print_text": "X" * 24})
    size = lambda root: float(root.find(f".//{SVG}text").get("font-size"))  # noqa: E731
    assert size(short) == 10 and 4 <= size(long) < 10
    lines = [t.text for t in long.iter(f"{SVG}text")]
    assert lines == ["X" * 12, "X" * 12]  # two lines rather than unreadably small
    assert size(long) * 0.62 * 12 <= 40  # within the 40-unit chest area
