"""Completion with the most popular choices: the likeliest valid product, never an invalid one."""

from __future__ import annotations

from configurator.catalog_engine import CatalogEngine
from configurator.completion import popularity_costs
from modules.loader import load_catalog
from modules.selection import violations
from tests.conftest import ROOT


def tee() -> CatalogEngine:
    return CatalogEngine(load_catalog(ROOT / "catalogs" / "tshirt.yaml"))


def test_nothing_sold_means_the_defaults():
    engine = tee()
    assert engine.complete({}, costs=popularity_costs(engine, 0, {})) == engine.complete({})


def test_the_most_chosen_options_win_where_the_buyer_has_not_chosen():
    engine = tee()
    chosen = {("colour", "navy"): 7, ("colour", "white"): 2, ("size", "xl"): 6, ("size", "m"): 3}
    full = engine.complete({}, costs=popularity_costs(engine, 9, chosen))
    assert full["colour"] == "navy" and full["size"] == "xl"
    kept = engine.complete({"size": "s"}, costs=popularity_costs(engine, 9, chosen))
    assert kept["size"] == "s" and kept["colour"] == "navy"


def test_a_popular_option_the_rules_forbid_gives_way_to_a_valid_product():
    engine = tee()
    # linen cannot be dyed black (the configure page test relies on the same rule)
    chosen = {("colour", "black"): 9, ("colour", "navy"): 5}
    full = engine.complete({"fabric": "linen"}, costs=popularity_costs(engine, 10, chosen))
    assert full["colour"] != "black"
    assert not violations(engine.catalog, full)
    assert engine.complete({}, costs=popularity_costs(engine, 10, chosen))["colour"] == "black"


def test_a_default_size_out_of_reach_gives_way_to_the_nearest_allowed_one():
    """A pedestal carries at most a 120 cm top: "finish for me" (and the preview, drawn from the
    same completion) takes the allowed width nearest the catalog's 160 cm, the one the slider
    suggests, not the smallest."""
    engine = CatalogEngine(load_catalog(ROOT / "catalogs" / "table.yaml"))
    default = engine.catalog.module("width").default  # type: ignore[union-attr]
    allowed = engine.state({"legs": "pedestal"}).module("width").values
    assert default not in allowed and len(allowed) > 1
    nearest = min(allowed, key=lambda v: (abs(v - default), v))
    assert nearest != min(allowed)
    assert engine.complete({"legs": "pedestal"})["width"] == nearest
    assert engine.complete({})["width"] == default
