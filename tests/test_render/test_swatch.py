"""Swatches of colour and material options: colour and texture shown, state drawn, not colour alone."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from modules.loader import load_catalog
from render.preview.paints import Paint
from render.preview.swatch import module_swatches, option_paint, swatch_svg
from tests.conftest import ROOT


def test_every_colour_and_material_module_of_the_samples_has_swatches():
    sneaker = load_catalog(ROOT / "catalogs" / "sneaker.yaml")
    swatches = module_swatches(sneaker.module("upper_colour"))
    assert swatches is not None and swatches["navy"] == Paint(colour="#1E2B46")
    materials = module_swatches(sneaker.module("upper_material"))
    assert materials is not None and materials["suede"].texture == "suede"
    assert module_swatches(sneaker.module("size")) is None


def test_an_option_with_neither_colour_nor_texture_has_no_swatch():
    tshirt = load_catalog(ROOT / "catalogs" / "tshirt.yaml")
    assert option_paint(tshirt.module("size").option("m")) is None


def test_the_state_is_drawn_as_shapes():
    plain = ET.fromstring(swatch_svg(Paint(colour="#FFFFFF"), selected=False, available=True))
    chosen = swatch_svg(Paint(colour="#FFFFFF"), selected=True, available=True)
    struck = swatch_svg(Paint(texture="walnut"), selected=False, available=False)
    assert plain.find(".//{http://www.w3.org/2000/svg}g[@id='selected']") is None
    assert 'id="selected"' in chosen and 'id="unavailable"' in struck and "tex-wood" in struck
