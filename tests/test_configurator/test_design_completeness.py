"""When a design is complete, and what "finish for me" gives: the semantics buyers rely on.

A multi-choice module is a set (unticked means not chosen; a box the rules force is ticked); an
optional module left alone, an optional text left empty and a module that does not apply are
"none"; a complete design is exactly one valid product.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from configurator.catalog_engine import CatalogEngine
from configurator.completion import FINISH_MODES, finish
from modules.loader import load_catalog
from modules.selection import dump_selection, parse_selection, violations
from pricing.bounds import PriceBounds

ROOT = Path(__file__).resolve().parents[2]

BOXES = """
    format: 1
    code: lamp
    name: Lamp
    category: lighting
    base: {name: Lamp, price: 50.00}
    modules:
      - code: shade
        name: Shade
        kind: single
        options:
          - {code: linen, name: Linen, default: true}
          - {code: glass, name: Glass, price: 20.00}
      - code: extras
        name: Extras
        kind: multi
        options:
          - {code: dimmer, name: Dimmer, price: 15.00}
          - {code: bulb, name: Spare bulb, price: 4.00, default: true}
          - {code: hook, name: Ceiling hook, price: 3.00}
      - code: tag
        name: Name tag
        kind: text
        max_length: 6
        charset: upper
        uppercase: true
      - code: cord
        name: Cord colour
        kind: single
        required: false
        options:
          - {code: red, name: Red, price: 2.00}
          - {code: black, name: Black}
    rules:
      - kind: requires
        code: glass-hook
        message: A glass shade hangs from a ceiling hook.
        if: {shade: glass}
        then: {extras: hook}
"""


def _price_costs(engine: CatalogEngine):  # type: ignore[no-untyped-def]
    return PriceBounds(engine.model, engine.engine, date=dt.date.today()).costs


@pytest.fixture
def lamp(write_catalog) -> CatalogEngine:
    return CatalogEngine(load_catalog(write_catalog(BOXES)))


def test_required_choices_made_and_boxes_left_alone_is_one_product(lamp: CatalogEngine) -> None:
    # given the buyer chose the only required module and touched nothing else
    state = lamp.state({"shade": "linen"})
    # then the design is complete: no extras, no tag, no cord colour
    assert state.complete and state.count == 1 and state.open_modules == ()
    assert lamp.closed_selection({"shade": "linen"}) == {
        "shade": "linen",
        "extras": frozenset(),
        "tag": "",
        "cord": None,
    }


def test_ticking_one_box_keeps_the_design_complete_and_unticked_boxes_are_not_chosen(lamp: CatalogEngine) -> None:
    selection = lamp.choose({"shade": "linen"}, "extras", ["dimmer"])
    state = lamp.state(selection)
    assert state.complete
    assert lamp.closed_selection(selection)["extras"] == frozenset({"dimmer"})
    # the other boxes can still be ticked
    assert [o.code for o in state.module("extras").options if o.available] == ["dimmer", "bulb", "hook"]


def test_a_box_the_rules_force_is_shown_included_and_goes_with_the_product(lamp: CatalogEngine) -> None:
    state = lamp.state({"shade": "glass"})
    hook = next(o for o in state.module("extras").options if o.code == "hook")
    assert hook.forced and not hook.selected
    assert state.complete
    product = lamp.closed_selection({"shade": "glass"})
    assert product is not None and product["extras"] == frozenset({"hook"})
    assert violations(lamp.catalog, product) == []


def test_nothing_chosen_is_incomplete_and_names_what_is_still_open(lamp: CatalogEngine) -> None:
    state = lamp.state({})
    assert not state.complete and state.open_modules == ("shade",)
    assert lamp.closed_selection({}) is None


def test_an_optional_module_offers_none_and_shows_none_chosen(lamp: CatalogEngine) -> None:
    assert lamp.state({"shade": "linen"}).module("cord").can_be_empty
    chosen = lamp.state({"shade": "linen", "cord": None})
    assert chosen.module("cord").can_be_empty and chosen.complete


@pytest.mark.parametrize("mode", FINISH_MODES)
def test_finish_keeps_the_buyers_boxes_and_text_and_adds_no_box_to_a_touched_module(
    lamp: CatalogEngine, mode: str
) -> None:
    # given the buyer ticked the dimmer (leaving the default spare bulb unticked) and typed a tag
    selection = lamp.choose(lamp.choose({}, "extras", ["dimmer"]), "tag", "ana")
    # when they press "Finish for me"
    done = finish(lamp, selection, mode, price_costs=_price_costs(lamp))
    # then the design is complete with exactly their boxes and text
    assert lamp.state(done).complete
    assert done["extras"] == frozenset({"dimmer"}) and done["tag"] == "ANA"


def test_finish_ticks_the_default_box_of_an_untouched_module(lamp: CatalogEngine) -> None:
    assert finish(lamp, {}, "default")["extras"] == frozenset({"bulb"})


def test_pc_storage_needs_a_pick_before_the_design_is_complete() -> None:
    pc = CatalogEngine(load_catalog(ROOT / "catalogs" / "pc.yaml"))
    done = finish(pc, {}, "default")
    without_storage = {k: v for k, v in done.items() if k != "storage"}
    state = pc.state(without_storage)
    assert not state.complete and "storage" in state.open_modules
    assert pc.state({**without_storage, "storage": frozenset({"nvme-2tb"})}).complete


def test_an_empty_optional_monogram_does_not_block_the_sneaker() -> None:
    sneaker = CatalogEngine(load_catalog(ROOT / "catalogs" / "sneaker.yaml"))
    done = finish(sneaker, {}, "default")
    assert done["monogram"] == "" and done["monogram_finish"] is None
    assert sneaker.state(done).complete
    assert sneaker.state({k: v for k, v in done.items() if k not in {"monogram", "monogram_finish"}}).complete


@pytest.mark.parametrize("mode", FINISH_MODES)
def test_a_finished_table_reads_back_without_a_missing_lacquer_colour(mode: str) -> None:
    table = CatalogEngine(load_catalog(ROOT / "catalogs" / "table.yaml"))
    done = finish(table, {"finish": "hardwax-oil"}, mode, price_costs=_price_costs(table))
    # what the page keeps in the session is parsed again on the next run: no "needs a choice"
    again = parse_selection(table.catalog, dump_selection(done))
    assert again["lacquer_colour"] is None and table.state(again).complete
