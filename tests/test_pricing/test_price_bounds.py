"""Price bounds per option against brute-force enumeration of every valid configuration."""

from __future__ import annotations

import datetime as dt
from functools import cache

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pricing_factories import DAY, all_assignments, catalog_named, compiled, context

from modules.checks import NONE
from modules.kinds import MultiChoice
from modules.selection import violations
from pricing.bounds import PriceBounds, concrete_selection
from pricing.quote import quote

QUANTITIES = [1, 7, 24]
DATES = [DAY, dt.date(2027, 6, 1)]


@cache
def valid_priced(name: str, quantity: int, date: dt.date) -> list[tuple[dict[int, int], int]]:
    """Every valid configuration (as module-variable values) with its quoted item subtotal in cents."""
    cp, _ = compiled(name)
    catalog = catalog_named(name)
    out = []
    for assignment in all_assignments(cp):
        selection = concrete_selection(cp, assignment)
        if violations(catalog, selection):
            continue
        q = quote(catalog=catalog, selection=selection, quantity=quantity, context=context(date=date))
        out.append((assignment, q.subtotal.to_minor()))
    return out


@cache
def bounds_of(name: str, quantity: int, date: dt.date) -> PriceBounds:
    cp, engine = compiled(name)
    return PriceBounds(cp, engine, date=date, quantity=quantity)


def key_of(name: str, module: str, value: str) -> tuple[int, int]:
    cp, _ = compiled(name)
    if isinstance(catalog_named(name).module(module), MultiChoice):
        return cp.option_var[(module, value)], 1
    var = cp.module_var[module]
    return var, cp.problem.variables[var].values.index(value)


def test_the_small_catalog_has_enough_valid_configurations():
    assert len(valid_priced("mug", 1, DAY)) > 300


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["mug", "net-mug"]), st.sampled_from(QUANTITIES), st.sampled_from(DATES), st.data())
def test_bounds_are_the_brute_force_min_and_max(name, quantity, date, data):
    cp, engine = compiled(name)
    configs = valid_priced(name, quantity, date)
    seed_config = data.draw(st.sampled_from(configs))[0]
    chosen = data.draw(st.sets(st.sampled_from(sorted(seed_config)), max_size=len(seed_config)))
    partial = {v: seed_config[v] for v in chosen}
    extending = [(a, total) for a, total in configs if all(a[v] == x for v, x in partial.items())]
    pb = bounds_of(name, quantity, date)
    info = pb.info_at(partial)
    assert info.cheapest.to_minor() == min(t for _, t in extending)
    assert info.dearest.to_minor() == max(t for _, t in extending)
    seen = set()
    for (module, value), bound in info.values.items():
        var, index = key_of(name, module, value)
        seen.add((var, index))
        totals = [t for a, t in extending if a[var] == index]
        assert totals, (module, value)
        assert bound.low.to_minor() == min(totals) and bound.high.to_minor() == max(totals)
        assert bound.effect == bound.low - info.cheapest
        # attained: the engine's cheapest / dearest completion with this value costs exactly the bound
        for maximize, expected in ((False, bound.low), (True, bound.high)):
            found = engine.complete({**partial, var: index}, pb.costs, maximize=maximize)
            assert found is not None and pb.total_of(found) == expected
    possible = {(v, a[v]) for a, _ in extending for v in a if v not in partial}
    offered = {k for k in possible if not (k[1] == 0 and k[0] in cp.option_var.values())}
    offered = {(v, x) for v, x in offered if cp.problem.variables[v].values[x] != NONE or v in _single_vars(name)}
    assert offered <= seen


@cache
def _single_vars(name: str) -> frozenset[int]:
    cp, _ = compiled(name)
    return frozenset(cp.module_var[m.code] for m in catalog_named(name).modules if m.kind == "single")


@pytest.mark.parametrize("name", ["mug", "tshirt.yaml", "table.yaml"])
def test_from_price_is_the_cheapest_quote(name):
    pb = bounds_of(name, 1, DAY)
    found = pb.cheapest()
    assert found is not None
    price, selection = found
    assert quote(catalog=catalog_named(name), selection=selection, quantity=1, context=context()).subtotal == price
    if name == "mug":
        assert price.to_minor() == min(t for _, t in valid_priced("mug", 1, DAY))


def test_costs_are_whole_minor_units():
    for name in ["mug", "table.yaml", "tshirt.yaml"]:
        pb = bounds_of(name, 7, DAY)
        assert np.all(pb.costs == np.round(pb.costs))


def test_live_price_info_for_a_buyer_selection():
    pb = bounds_of("mug", 1, DAY)
    info = pb.info({"size": "small"})
    assert ("extras", "lid") not in info.values  # a small mug takes no lid
    assert info.cheapest.text() == "13.99"  # base + handling
    assert info.values[("extras", "saucer")].effect.text() == "5.00"
    assert info.values[("handle", "8")].effect.text() == "1.50"  # the long-handle formula
    large = pb.info({})
    assert large.values[("size", "large")].effect.text() == "3.00"
    assert large.values[("engraving", "4")].low.text() == "27.39"  # 12 + 3 + 1.99 + 1.00 + 4 x 0.35 + 8.00 set-up


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["mug", "net-mug"]), st.sampled_from(QUANTITIES), st.data())
def test_effects_of_a_complete_design_are_the_price_differences_of_each_switch(name, quantity, data):
    """Once a design is complete, each other value's effect is the quoted subtotal of the design
    with that one value switched minus the design's own (negative when cheaper); values that make
    no valid product with the rest of the design have no effect shown."""
    priced = valid_priced(name, quantity, DAY)
    by_assignment = {tuple(sorted(a.items())): total for a, total in priced}
    design, total = data.draw(st.sampled_from(priced))
    effects = bounds_of(name, quantity, DAY).effects(design)
    cp, _ = compiled(name)
    expected = {}
    for var, chosen in design.items():
        for index in range(len(cp.problem.variables[var].values)):
            switched = by_assignment.get(tuple(sorted({**design, var: index}.items())))
            key = bounds_of(name, quantity, DAY)._keys.get((var, index))
            if index != chosen and switched is not None and key is not None:
                expected[key] = switched - total
    shown = {k: v.to_minor() for k, v in effects.items() if k in expected}
    assert shown == expected
