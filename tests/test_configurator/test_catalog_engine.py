"""The engine in catalog terms, on the shipped catalogs: valid choices, refusals with reasons,
one-click repairs, completion and validation."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from configurator.catalog_engine import (
    CatalogEngine,
    InconsistentSelectionError,
    InvalidConfiguration,
    UnavailableChoiceError,
    ValidConfiguration,
)
from modules.kinds import ChoiceModule, MultiChoice, NumericModule, QuantityModule
from modules.loader import load_catalog
from modules.selection import SelectionError
from tests.conftest import ROOT

SAMPLES = sorted((ROOT / "catalogs").glob("*.yaml"))


@pytest.fixture(scope="module")
def tshirt():
    return CatalogEngine(load_catalog(ROOT / "catalogs" / "tshirt.yaml"))


def test_unavailable_options_stay_listed_with_their_state(tshirt):
    colour = tshirt.state({"fabric": "linen"}).module("colour")
    assert [o.code for o in colour.options] == ["white", "black", "heather", "navy", "forest", "sand", "burgundy"]
    assert {o.code for o in colour.options if not o.available} == {"black", "navy", "burgundy"}


def test_choosing_an_unavailable_option_is_refused_with_reason_and_repair(tshirt):
    selection = {"fabric": "linen", "size": "m"}
    with pytest.raises(UnavailableChoiceError) as caught:
        tshirt.choose(selection, "colour", "black")
    reason = caught.value.reason
    assert [c.module for c in reason.conflicts] == ["fabric"]
    assert reason.rules[0].message == "Not every fabric is dyed in every colour."
    assert reason.repairs == (("fabric",),)
    assert selection == {"fabric": "linen", "size": "m"}  # unchanged


def test_a_repair_frees_the_option_in_one_step(tshirt):
    repaired = tshirt.apply_repair({"fabric": "linen", "size": "m"}, "colour", "black", ("fabric",))
    assert repaired == {"size": "m", "colour": "black"}
    assert tshirt.state(repaired).module("colour").options[1].selected


def test_chained_rules_are_explained_by_the_buyers_own_choice(tshirt):
    # fleece -> hoodie or zip hoodie (fleece-hoodies-only); hoodies start at S (no-xs-hoodie)
    size = tshirt.state({"fabric": "fleece"}).module("size")
    assert not next(o for o in size.options if o.code == "xs").available
    reason = tshirt.explain({"fabric": "fleece"}, "size", "xs")
    assert [c.module for c in reason.conflicts] == ["fabric"]
    assert {r.code for r in reason.rules} >= {"fleece-hoodies-only", "no-xs-hoodie"}


def test_forced_choices_are_reported(tshirt):
    # zip hoodies come in fleece or heavy cotton; fleece is not dyed sand
    fabric = tshirt.state({"cut": "zip-hoodie", "colour": "sand"}).module("fabric")
    assert fabric.forced == "heavy-220"
    assert [o.code for o in fabric.options if o.forced] == ["heavy-220"]
    assert tshirt.state({"cut": "zip-hoodie"}).module("fabric").forced is None


def test_an_impossible_selection_is_refused_without_changing_anything(tshirt):
    with pytest.raises(InconsistentSelectionError):
        tshirt.state({"fabric": "linen", "print_method": "screen"})


def test_unknown_values_are_selection_errors(tshirt):
    with pytest.raises(SelectionError):
        tshirt.choose({}, "colour", "plaid")
    with pytest.raises(SelectionError):
        tshirt.choose({}, "colours", "black")


def test_hidden_modules_are_not_applicable(tshirt):
    state = tshirt.state({"print_method": None})
    assert not state.module("placement").applicable
    assert not state.module("print_text").applicable


def test_default_completion_uses_defaults_and_adds_nothing_optional(tshirt):
    full = tshirt.complete({})
    assert full["cut"] == "tee" and full["colour"] == "white" and full["size"] == "m"
    assert full["print_method"] is None and full["placement"] == frozenset() and full["print_text"] == ""
    assert isinstance(tshirt.validate(full), ValidConfiguration)


def test_completion_keeps_choices_and_text(tshirt):
    full = tshirt.complete({"print_method": "embroidery", "print_text": "Ana"})
    assert full["print_method"] == "embroidery" and full["print_text"] == "Ana"
    assert isinstance(tshirt.validate(full), ValidConfiguration)


def test_validate_lists_every_violation(tshirt):
    bad = {**tshirt.complete({}), "fabric": "linen", "colour": "black", "size": "xxxl"}
    result = tshirt.validate(bad)
    assert isinstance(result, InvalidConfiguration)
    assert {v.rule for v in result.violations} == {"colour-by-fabric", "no-3xl-linen"}


def _random_walk(engine, rng):
    """Click still-available values until every module is decided: never a dead end."""
    selection: dict = {}
    for _ in range(60):
        state = engine.state(selection)
        if state.complete:
            return selection
        open_modules = [m for m in state.modules if m.applicable and m.code not in selection]
        if not open_modules:
            return selection
        module_state = rng.choice(open_modules)
        module = engine.catalog.module(module_state.code)
        if isinstance(module, MultiChoice):
            picks = [o.code for o in module_state.options if o.available and not o.selected]
            value = sorted(rng.sample(picks, k=min(len(picks), 1)))
        elif isinstance(module, ChoiceModule):
            value = rng.choice([o.code for o in module_state.options if o.available])
        elif isinstance(module, NumericModule | QuantityModule):
            value = str(rng.choice(module_state.values))
        else:
            low, high = module_state.lengths
            value = "A" * rng.randint(low, min(high, 3))
        selection = engine.choose(selection, module.code, value)
    return selection


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_random_buyers_never_reach_a_dead_end(path):
    engine = CatalogEngine(load_catalog(path))
    rng = random.Random(path.stem)
    for _ in range(15):
        selection = _random_walk(engine, rng)
        full = engine.complete(selection)
        text_ok = {k: v for k, v in selection.items() if isinstance(v, str)}
        assert isinstance(engine.validate({**full, **text_ok}), ValidConfiguration), (selection, full)


def test_numeric_modules_report_feasible_values():
    engine = CatalogEngine(load_catalog(ROOT / "catalogs" / "bicycle.yaml"))
    module = next(m for m in engine.catalog.modules if isinstance(m, NumericModule))
    state = engine.state({}).module(module.code)
    assert state.values[0] == module.min and state.values[-1] == module.max
    assert all(isinstance(v, Decimal) for v in state.values)


def test_a_chosen_module_offers_what_it_can_switch_to(tshirt):
    full = tshirt.complete({})
    state = tshirt.state(full)
    colour = state.module("colour")
    assert next(o for o in colour.options if o.code == "white").selected
    assert {o.code for o in colour.options if o.available} == {
        "white",
        "black",
        "heather",
        "navy",
        "forest",
        "sand",
        "burgundy",
    }
    switched = tshirt.choose(full, "colour", "navy")
    assert switched["colour"] == "navy"
    # the choice of the other modules still limits it: linen is never dyed navy
    assert not next(o for o in tshirt.state(switched).module("fabric").options if o.code == "linen").available
