"""The memoised "why not?" answers (`store.configuration_checks.unavailable_choices`) are exactly
what the engine says for the buyer's own selection: the same reason and the same first working
repair, its repaired design in the same order, however the memos were filled by earlier clicks
(an option's answer is shared by every selection that differs only in that option's module)."""

from __future__ import annotations

import random

import pytest

from configurator.catalog_engine import CatalogEngine
from configurator.errors import ConfiguratorError
from modules.expr import Value
from modules.loader import load_catalog
from modules.selection import SelectionError
from store import configuration_checks as checks
from store.configuration import compiled_engine, selection_key, selection_of
from tests.conftest import ROOT


@pytest.fixture(autouse=True)
def _empty_memos():
    checks._REASONS.clear()
    checks._OPTIONS.clear()


def _engine_answer(engine: CatalogEngine, selection: dict[str, Value]) -> dict[tuple[str, str], checks.Unavailable]:
    """Every unavailable option's reason and first working repair, straight from the engine."""
    found: dict[tuple[str, str], checks.Unavailable] = {}
    for module in engine.state(selection).modules:
        if not module.applicable:
            continue
        for option in module.options:
            if option.available or option.selected:
                continue
            reason = engine.explain(selection, module.code, option.code)
            repair = None
            for change in reason.repairs:
                try:
                    repair = checks.Repair(change, engine.apply_repair(selection, module.code, option.code, change))
                    break
                except (ConfiguratorError, SelectionError):
                    continue
            found[(module.code, option.code)] = checks.Unavailable(module.code, option.code, reason, repair)
    return found


def _clicks(engine: CatalogEngine, rng: random.Random, count: int) -> list[dict[str, Value]]:
    """A buyer's selections, one available single-choice click (or a change of mind) at a time."""
    selection: dict[str, Value] = {}
    seen = [selection]
    for _ in range(count):
        state = engine.state(selection)
        offered = [
            (m.code, o.code)
            for m in state.modules
            if m.applicable and m.kind == "single"
            for o in m.options
            if o.available and not o.selected
        ]
        if not offered:
            break
        module, option = rng.choice(offered)
        selection = engine.choose(selection, module, option)
        seen.append(selection)
    return seen


@pytest.mark.parametrize("name", ["tshirt", "bicycle", "car", "pc"])
def test_memoised_answers_equal_the_engines_for_every_click(name):
    catalog = load_catalog(ROOT / "catalogs" / f"{name}.yaml")
    fingerprint = catalog.fingerprint()
    engine = compiled_engine(catalog=catalog, fingerprint=fingerprint)
    rng = random.Random(11)
    compared = shared = 0
    for _journey in range(4):
        for selection in _clicks(engine, rng, 8):
            # in key order, as the API and the page hand selections over
            chosen = selection_of(selection_key(selection))
            got = checks.unavailable_choices(catalog=catalog, fingerprint=fingerprint, selection=chosen)
            want = _engine_answer(engine, chosen)
            assert got == want
            for key, why in want.items():  # the repaired design in the same order too
                if why.repair is not None:
                    assert list(got[key].repair.selection) == list(why.repair.selection)  # type: ignore[union-attr]
            compared += len(want)
            shared += sum(1 for k in want if k[0] in chosen)
    assert compared > 0 and shared > 0  # options of chosen modules (the shared answers) were compared


def test_a_state_given_by_the_caller_gives_the_same_answer():
    catalog = load_catalog(ROOT / "catalogs" / "bicycle.yaml")
    fingerprint = catalog.fingerprint()
    engine = compiled_engine(catalog=catalog, fingerprint=fingerprint)
    selection = _clicks(engine, random.Random(5), 3)[-1]
    given = checks.unavailable_choices(
        catalog=catalog, fingerprint=fingerprint, selection=selection, state=engine.state(selection)
    )
    assert given == _engine_answer(engine, selection_of(selection_key(selection)))
