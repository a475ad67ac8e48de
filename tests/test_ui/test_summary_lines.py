"""The configure page's summary of the design ('Module: choice' lines) in the buyer's language."""

from __future__ import annotations

from configurator.catalog_engine import CatalogEngine
from modules.loader import load_catalog
from modules.translations import translated
from tests.conftest import ROOT
from ui.shown_names import ShownNames


def test_ticked_boxes_are_named_in_the_buyers_language():
    """The engine's state names options in the catalog's own words; the summary takes the names
    of the translated catalog, for ticked boxes as for single choices."""
    car = load_catalog(ROOT / "catalogs" / "car.yaml")
    engine = CatalogEngine(car)
    selection = {"trim": "intens", "gearbox": "edc", "packs": frozenset({"safety"})}
    state = engine.state(selection)
    lines = ShownNames(car, translated(car, "es"), "es").summary(state, selection)
    assert (
        "Packs: Pack Seguridad: control de crucero adaptativo con stop and go, centrado de carril, cámara 360°" in lines
    )
    assert "Acabado: Intens" in lines
    assert not [line for line in lines if "Safety pack" in line]
