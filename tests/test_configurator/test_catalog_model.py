"""The compiled catalog means exactly what `modules.selection` says, checked by brute force:
counts, and valid choices for every partial selection of one or two modules."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest

from configurator.catalog_model import compile_catalog
from configurator.engine import Engine
from modules.checks import NONE
from modules.kinds import MultiChoice, NumericModule, QuantityModule, SingleChoice, TextModule
from modules.loader import load_catalog
from modules.selection import violations
from tests.factories import BIKE_CATALOG, SMALL_CATALOG

EXTRA = """\
  - kind: constraint
    code: short-engraving-on-blue
    when: {glaze: blue}
    expr: "len(engraving) <= 4"
  - kind: requires
    code: box-needs-lid-or-large
    if: "'gift-box' in extras"
    then: "'lid' in extras or size == 'large'"
pricing:
  formulas:
    - {code: letters, label: Letters, amount: "len(engraving) * 0.5"}
  surcharges:
    - {code: blue-large, label: Blue on large, when: {glaze: blue, size: large}, amount: 1.00}
"""


def domain(module):
    if isinstance(module, SingleChoice):
        return [*module.option_codes, None]
    if isinstance(module, MultiChoice):
        codes = module.option_codes
        return [frozenset(c) for n in range(len(codes) + 1) for c in itertools.combinations(codes, n)]
    if isinstance(module, NumericModule):
        return [*module.values(), None]
    if isinstance(module, QuantityModule):
        return [Decimal(q) for q in range(module.min, module.max + 1)]
    assert isinstance(module, TextModule)
    return ["x" * n for n in range(module.max_length + 1)]


def valid_selections(catalog):
    modules = catalog.modules
    for values in itertools.product(*(domain(m) for m in modules)):
        selection = dict(zip((m.code for m in modules), values, strict=True))
        if not violations(catalog, selection):
            yield selection


@pytest.fixture(params=["mug", "bike"])
def compiled(request, write_catalog):
    text = SMALL_CATALOG + EXTRA if request.param == "mug" else BIKE_CATALOG
    catalog = load_catalog(write_catalog(text))
    model = compile_catalog(catalog)
    return catalog, model, Engine(model.problem), list(valid_selections(catalog))


def test_count_matches_brute_force(compiled):
    _, _, engine, valid = compiled
    assert engine.count() == len(valid) > 0


def test_every_valid_selection_is_a_solution_and_decodes_back(compiled):
    _, model, engine, valid = compiled
    for selection in valid:
        assignment = model.assignment(selection)
        assert len(assignment) == len([v for v in model.problem.variables if not v.name.startswith("price:")])
        assert engine.count(assignment) == 1
        assert model.selection(engine.complete(assignment)) == selection


def _matches(selection, partial):
    return all(selection.get(k) == v for k, v in partial.items())


def test_valid_choices_match_brute_force_for_partial_selections(compiled):
    catalog, model, engine, valid = compiled
    modules = [m for m in catalog.modules if not isinstance(m, TextModule)]
    partials = [{}]
    for a, b in itertools.combinations(modules, 2):
        for va, vb in itertools.product(domain(a), domain(b)):
            partials.append({a.code: va, b.code: vb})
    for partial in partials:
        extensions = [s for s in valid if _matches(s, partial)]
        if not extensions:
            with pytest.raises(Exception):  # noqa: B017 - any structured refusal
                engine.valid_choices(model.assignment(partial))
            continue
        choices = engine.valid_choices(model.assignment(partial))
        for module in catalog.modules:
            for var in model.vars_of(module):
                variable = model.problem.variables[var]
                offered = {variable.values[i] for i in choices.values[var]}
                expected = {_label_of(module, s, variable.name) for s in extensions}
                assert offered == expected, (partial, variable.name)


def _label_of(module, selection, var_name):
    value = selection.get(module.code)
    if isinstance(module, MultiChoice):
        option = var_name.split(".", 1)[1]
        return "1" if option in value else "0"
    if isinstance(module, TextModule):
        return str(len(value))
    if value is None:
        return NONE
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return value


def test_price_terms_follow_the_selection(write_catalog):
    catalog = load_catalog(write_catalog(SMALL_CATALOG + EXTRA))
    model = compile_catalog(catalog)
    engine = Engine(model.problem)
    letters = model.term_var["letters"]
    blue_large = model.term_var["blue-large"]
    for selection in valid_selections(catalog):
        full = engine.complete(model.assignment(selection))
        assert model.term_amounts["letters"][full[letters]] == Decimal("0.5") * len(selection["engraving"])
        assert full[blue_large] == int(selection["glaze"] == "blue" and selection["size"] == "large")
