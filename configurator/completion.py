""" "Finish for me" in its three modes, and the completion costs beyond the defaults.

`finish` completes a buyer's design with the catalog's defaults, at the lowest price (the caller
passes the per-value price costs, which pricing owns) or with the choices buyers took most often;
the buyer's own choices and text are kept (see `CatalogEngine.complete`).

The engine completes a selection by minimising a sum of per-value costs. For "most popular" the
cost of a value is its negative log-frequency among the items sold (smoothed, so an option never
sold is merely unlikely), which picks the most likely valid product under the rules. Numeric,
quantity and text modules keep the default costs; ties fall back to the defaults.

Given a model learned from past orders (`learn_from_orders`, a `configurator.recommend.Recommender`),
"most popular" follows what buyers *like this one* chose instead: the cost of each open choice's
value is its negative log-probability given the buyer's own choices and what the rules still
allow, so a buyer who picked the sport trim gets the wheels sport buyers took, not the overall
favourite. On the public Renault sales, the model guesses a buyer's next choice wrong in 5.7%
of cases against 6.7% for the overall favourite (ten folds; bench/RESULTS.md).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any, Literal

import numpy as np

from configurator.catalog_engine import CatalogEngine
from configurator.engine import Costs
from configurator.recommend import Recommender
from modules.checks import NONE
from modules.expr import Value
from modules.kinds import MultiChoice, SingleChoice
from modules.selection import SelectionError, parse_value

_TIE_BREAK = 1e-3  # the default order only decides between equally popular (or priced) values

FinishMode = Literal["default", "cheapest", "popular"]
FINISH_MODES: tuple[FinishMode, ...] = ("default", "cheapest", "popular")


def finish(
    engine: CatalogEngine,
    selection: Mapping[str, Value],
    mode: FinishMode,
    *,
    price_costs: Costs | None = None,
    sold: int = 0,
    chosen: Mapping[tuple[str, str], int] | None = None,
    history: Recommender | None = None,
) -> dict[str, Value]:
    """The buyer's design completed in `mode`: a complete valid product keeping their choices.

    `price_costs` (per value, in minor units) is needed for "cheapest". "popular" follows
    `history` (a model of past orders from `learn_from_orders`) when given, else `sold` and
    `chosen` (items of the product sold, and how many took each option).
    InconsistentSelectionError if no valid product extends the selection.

    >>> from modules.loader import load_catalog
    >>> engine = CatalogEngine(load_catalog("catalogs/tshirt.yaml"))
    >>> done = finish(engine, {"fabric": "linen"}, "default")
    >>> done["fabric"], engine.state(done).complete
    ('linen', True)
    """
    costs: Costs | None = None
    if mode == "cheapest":
        if price_costs is None:
            raise ValueError("finishing at the lowest price needs the price costs")
        flat = engine.engine.flat_costs
        costs = flat(price_costs) + _TIE_BREAK * flat(engine.default_costs())
    elif mode == "popular" and history is not None:
        costs = learned_costs(engine, selection, history)
    elif mode == "popular":
        costs = popularity_costs(engine, sold, chosen or {})
    elif mode != "default":
        raise ValueError(f"unknown finish mode {mode!r}")
    return engine.complete(selection, costs=costs)


def popularity_costs(
    engine: CatalogEngine, sold: int, chosen: Mapping[tuple[str, str], int]
) -> dict[tuple[int, int], float]:
    """Per-value costs preferring what buyers chose most: `sold` items of the product, and for each
    (module, option) how many of them chose it. With nothing sold, the default costs.

    >>> from modules.loader import load_catalog
    >>> engine = CatalogEngine(load_catalog("catalogs/tshirt.yaml"))
    >>> popular = popularity_costs(engine, 10, {("colour", "navy"): 9})
    >>> engine.complete({})["colour"], engine.complete({}, costs=popular)["colour"]
    ('white', 'navy')
    """
    defaults = engine.default_costs()
    if sold <= 0:
        return defaults
    costs = {key: _TIE_BREAK * value for key, value in defaults.items()}
    model = engine.model
    for module in engine.catalog.modules:
        if isinstance(module, SingleChoice):
            var = model.module_var[module.code]
            labels = model.problem.variables[var].values
            taken = {label: chosen.get((module.code, label), 0) for label in labels if label != NONE}
            if NONE in labels:
                taken[NONE] = max(sold - sum(taken.values()), 0)
            for index, label in enumerate(labels):
                share = (taken[label] + 0.5) / (sold + 0.5 * len(labels))
                costs[(var, index)] += -math.log(share)
        elif isinstance(module, MultiChoice):
            for option in module.options:
                var = model.option_var[(module.code, option.code)]
                share = (min(chosen.get((module.code, option.code), 0), sold) + 0.5) / (sold + 1)
                costs[(var, 1)] += -math.log(share)
                costs[(var, 0)] += -math.log(1 - share)
        else:  # numbers, quantities and text: as the defaults would have them
            var = model.module_var[module.code]
            costs.update({key: value for key, value in defaults.items() if key[0] == var})
    return costs


def learn_from_orders(
    engine: CatalogEngine, selections: Iterable[Mapping[str, Any]], *, quantities: Iterable[int] | None = None
) -> Recommender:
    """A model of what buyers chose together, from past orders' selections of this product (one
    per item, or pass `quantities`). Only the choice modules are learned. A module an older
    catalog version had, or an option it no longer offers, is left out of that order rather
    than refusing it.

    >>> from modules.loader import load_catalog
    >>> engine = CatalogEngine(load_catalog("catalogs/tshirt.yaml"))
    >>> orders = [{"fabric": "organic-180", "colour": "black"}] * 3 + [{"fabric": "heavy-220", "colour": "navy"}] * 5
    >>> history = learn_from_orders(engine, orders)
    >>> finish(engine, {"fabric": "organic-180"}, "popular", history=history)["colour"]
    'black'
    >>> finish(engine, {"fabric": "heavy-220"}, "popular", history=history)["colour"]
    'navy'
    """
    model = engine.model
    rows: list[dict[int, int]] = []
    for selection in selections:
        row: dict[int, int] = {}
        for module in engine.catalog.modules:
            if module.code not in selection or not isinstance(module, SingleChoice | MultiChoice):
                continue
            try:
                value = parse_value(module, selection[module.code])
            except SelectionError:
                continue  # sold under another catalog version
            if isinstance(module, MultiChoice):
                picks = value if isinstance(value, frozenset) else frozenset()
                for option in module.options:
                    row[model.option_var[(module.code, option.code)]] = int(option.code in picks)
                continue
            var = model.module_var[module.code]
            labels = model.problem.variables[var].values
            label = NONE if value is None else str(value)
            if label in labels:
                row[var] = labels.index(label)
        rows.append(row)
    weights = None if quantities is None else [float(q) for q in quantities]
    return Recommender.fit(model.problem.domain_sizes, rows, weights=weights)


def learned_costs(
    engine: CatalogEngine, selection: Mapping[str, Value], history: Recommender
) -> dict[tuple[int, int], float]:
    """Per-value costs preferring what buyers with these choices took: for every open choice the
    model knows, minus the log-probability of each value still allowed, given the buyer's choices
    and the values the rules leave open. Other choices keep the default costs."""
    defaults = engine.default_costs()
    costs = {key: _TIE_BREAK * value for key, value in defaults.items()}
    assignment = engine.assignment(selection)
    if not engine.engine.is_consistent(assignment):
        return costs  # completing will say so
    domains = engine.engine.valid_choices(assignment).values
    for var in history.recorded:
        if var in assignment or not domains[var]:
            continue
        scores = history.scores(var, assignment, domains)[list(domains[var])]
        log_p = scores - scores.max() - math.log(float(np.exp(scores - scores.max()).sum()))
        for value, lp in zip(domains[var], log_p, strict=True):
            costs[(var, value)] = costs.get((var, value), 0.0) - float(lp)
    return costs
