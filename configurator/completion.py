""" "Finish for me" in its three modes, and the completion costs beyond the defaults.

`finish` completes a buyer's design with the catalog's defaults, at the lowest price (the caller
passes the per-value price costs, which pricing owns) or with the choices buyers took most often;
the buyer's own choices and text are kept (see `CatalogEngine.complete`).

The engine completes a selection by minimising a sum of per-value costs. For "most popular" the
cost of a value is its negative log-frequency among the items sold (smoothed, so an option never
sold is merely unlikely), which picks the most likely valid product under the rules. Numeric,
quantity and text modules keep the default costs; ties fall back to the defaults.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Literal

from configurator.catalog_engine import CatalogEngine
from configurator.engine import Costs
from modules.checks import NONE
from modules.expr import Value
from modules.kinds import MultiChoice, SingleChoice

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
) -> dict[str, Value]:
    """The buyer's design completed in `mode`: a complete valid product keeping their choices.

    `price_costs` (per value, in minor units) is needed for "cheapest"; `sold` and `chosen`
    (items of the product sold, and how many took each option) steer "popular".
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
