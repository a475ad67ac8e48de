"""The live preview's pure builders: layered SVG recoloured by choices, text escaped, 3D table."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from configurator.catalog_engine import CatalogEngine
from modules.loader import load_catalog
from render.preview.paints import Paint, Scene, layer_paints
from render.preview.svg import DRAWINGS, drawing, preview_svg
from render.preview.table3d import table_figure, table_of
from tests.conftest import ROOT

SVG = "{http://www.w3.org/2000/svg}"


def catalog(name):
    return load_catalog(ROOT / "catalogs" / f"{name}.yaml")


def layer(svg, name):
    return ET.fromstring(svg).find(f".//{SVG}g[@id='layer-{name}']")


@pytest.mark.parametrize("name", ["tshirt", "sneaker", "pc", "bicycle", "car", "table"])
def test_every_sample_catalog_has_a_drawing_that_parses(name):
    cat = catalog(name)
    assert cat.preview is not None and cat.preview.template in DRAWINGS
    svg = preview_svg(cat, CatalogEngine(cat).complete({}))
    assert ET.fromstring(svg).tag == f"{SVG}svg"


def test_the_chosen_colour_paints_its_layer():
    cat = catalog("sneaker")
    svg = preview_svg(cat, {"upper_colour": "navy", "upper_material": "suede"})
    assert 'fill="#1E2B46"' in ET.tostring(layer(svg, "upper"), encoding="unicode")


def test_a_texture_without_colour_uses_the_material_tone():
    paints = layer_paints(catalog("table"), {"top": "walnut"})
    assert paints["top"] == Paint(colour=None, texture="walnut")
    assert paints["top"].fill("#000000") == "#5C4033"


def test_optional_layers_appear_only_when_chosen():
    cat = catalog("bicycle")
    assert layer(preview_svg(cat, {}), "rack") is None
    assert layer(preview_svg(cat, {"accessories": frozenset({"rack"})}), "rack") is not None


def test_buyer_text_is_escaped_and_placed():
    payload = '</text><script>alert(1)</script><text x="0" onload="x">'
    svg = preview_svg(catalog("tshirt"), {"print_text": payload})
    root = ET.fromstring(svg)  # still well-formed: the payload stayed text
    assert root.find(f".//{SVG}script") is None
    assert "".join(t.text for t in root.iter(f"{SVG}text")) == payload[:24]  # 24 characters, maybe on two lines


def test_a_bad_colour_never_reaches_the_markup():
    svg = drawing("table", Scene(paints={"top": Paint(colour='red" onload="alert(1)')}))
    assert "onload" not in svg and 'fill="#C8A165"' in svg


def test_table_follows_its_dimensions_and_top_colour():
    figure = table_of(catalog("table"), {"width": Decimal(200), "depth": Decimal(90), "height": Decimal(75)})
    top = figure.data[0]
    assert max(top.x) == 200 and max(top.y) == 90 and max(top.z) == 75
    assert table_of(catalog("tshirt"), {}) is None
    assert len(table_figure(100, 60, 70, "#ffffff", "#000000").data) == 5


def test_the_3d_axes_are_named_in_centimetres_from_zero():
    scene = table_figure(160, 80, 75, "#ffffff", "#000000").layout.scene
    assert scene.xaxis.title.text == "width (cm)" and scene.zaxis.ticksuffix == " cm"
    assert scene.yaxis.range == (0, 84.0)


def test_the_table_drawing_gives_width_depth_and_height_with_units():
    def sizes(**dims):
        svg = preview_svg(catalog("table"), {k: Decimal(v) for k, v in dims.items()})
        return [t.text for t in layer(svg, "dimensions").iter(f"{SVG}text")]

    assert sizes(width=160, depth=80, height=75) == ["160 cm", "75 cm", "80 cm"]  # width, height, depth
    assert sizes(width=240, depth=110, height=110) == ["240 cm", "110 cm", "110 cm"]
    assert sizes(width=80, depth=55, height=65) == ["80 cm", "65 cm", "55 cm"]
    assert layer(preview_svg(catalog("pc"), {}), "dimensions") is None  # only a dimensioned product


def view_box(svg):
    return [float(v) for v in ET.fromstring(svg).get("viewBox").split()]


def test_a_small_table_is_cut_to_its_size_where_it_is_to_show_large():
    """A cart line or a shop card of an 80 cm table was a small table in a corner of an empty
    picture, its dimension labels too small to read: `fit` cuts the picture to the table."""
    small = {"width": Decimal(80), "depth": Decimal(55), "height": Decimal(65)}
    table = catalog("table")
    assert view_box(preview_svg(table, small)) == [0, 0, 300, 280]  # the configure page: in proportion
    x, y, wide, high = view_box(preview_svg(table, small, fit=True))
    assert wide < 180 and high < 200 and x >= 0 and y + high <= 290  # about half the canvas each way
    big = view_box(preview_svg(table, {"width": Decimal(240), "depth": Decimal(110), "height": Decimal(110)}, fit=True))
    assert big[2] > 250  # a large table fills the canvas anyway
    # everything drawn is inside the picture: the corners of the dimension lines and the labels' anchors
    svg = preview_svg(table, small, fit=True)
    for path in layer(svg, "dimensions").iter(f"{SVG}path"):
        numbers = [
            float(n)
            for n in path.get("d").replace("M", " ").replace("H", " ").replace("V", " ").replace("L", " ").split()
        ]
        assert all(x <= n <= x + wide or y <= n <= y + high for n in numbers)
    assert view_box(preview_svg(catalog("pc"), {}, fit=True)) == [0, 0, 300, 280]  # drawings that fill it


def test_the_depth_line_runs_beside_the_top_not_across_its_side_face():
    """The depth line ran 6 units right of the top's right edge, over the side face under it."""
    full_size = {"width": Decimal(200), "depth": Decimal(80), "height": Decimal(110)}  # drawn unscaled
    svg = preview_svg(catalog("table"), full_size)
    *_, depth_line = layer(svg, "dimensions").iter(f"{SVG}path")
    (x0, y0), (x1, y1) = (tuple(map(float, part.split())) for part in depth_line.get("d")[1:].split(" L"))
    # the top's left edge runs from its front corner (40, 120) to its back corner (100, 85); the
    # line is parallel to it, outside it, on the left
    assert (x1 - x0) / (y0 - y1) == pytest.approx((100 - 40) / (120 - 85), rel=0.05)
    assert x0 < 40 and y1 < 120
