"""Live price information for the configure page, from the engine's compiled model.

Every price component of an item is a cost on one variable value of the compiled problem:
an option's line on its module (or its 0/1 option) variable, a text line on the text-length
variable, a quantity module's line on its count, and formulas, conditional surcharges and
setup fees on their derived price-term variables. The base price and unconditional setup
fees are a constant. Costs are the rounded line amounts of `pricing.lines`, net of their tier
share, in integer minor units (held in float64, exact below 2**53), so the total of a complete
assignment is exactly the item subtotal a quote shows. `Engine.bounds` then gives, per value,
the cheapest and dearest total of a valid completion that includes it; an open text module
counts as its cheapest length for the low bound and its longest for the high one.

Amounts are item subtotals (gross or net as the catalog's prices), before coupons, shipping
and tax. Price bounds need the decision-diagram backend (the SAT fallback refuses them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

import numpy as np
import numpy.typing as npt

from configurator.catalog_model import CatalogProblem
from configurator.engine import Engine
from modules.checks import NONE
from modules.expr import Value
from modules.kinds import MultiChoice, QuantityModule, SingleChoice, TextModule
from pricing.currencies import SaleCurrency
from pricing.lines import (
    option_price,
    prices_on,
    rounded_parts,
    setup_fee_price,
    surcharge_price,
    text_price,
    tier_percent,
)
from pricing.money import Money

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class ValueBound:
    """A still-available value: the cheapest / dearest item total of a valid completion with it,
    and its price effect against the current cheapest completion."""

    module: str
    value: str  # option code, or the number / text length / count as text
    low: Money
    high: Money
    effect: Money  # low - cheapest total of the current selection (>= 0)


@dataclass(frozen=True, slots=True)
class PriceInfo:
    cheapest: Money  # cheapest valid completion of the current selection
    dearest: Money
    values: dict[tuple[str, str], ValueBound]  # (module, value) for every still-available value


def _filler(module: TextModule) -> str:
    char = next((c for c in module.allowed_characters if not c.isspace()), "x")
    return char.upper() if module.uppercase else char


def concrete_selection(cp: CatalogProblem, assignment: Mapping[int, int]) -> dict[str, Value]:
    """The selection of a complete assignment, with allowed filler letters for text lengths."""
    selection = cp.selection(assignment)
    for module in cp.catalog.modules:
        value = selection.get(module.code)
        if isinstance(module, TextModule) and isinstance(value, str):
            selection[module.code] = _filler(module) * len(value)
    return selection


class PriceBounds:
    """Per-value costs of one catalog on one date for one quantity; build once, query per click."""

    def __init__(
        self, cp: CatalogProblem, engine: Engine, *, date: dt.date, quantity: int = 1, sale: SaleCurrency | None = None
    ) -> None:
        self.cp = cp
        self.engine = engine
        self.currency = sale.code if sale else cp.catalog.currency
        self.quantity = quantity
        self.costs, self.constant = price_costs(cp, date=date, quantity=quantity, sale=sale)

    def money(self, minor: float) -> Money:
        return Money.from_minor(round(minor), self.currency)

    def total_of(self, assignment: Mapping[int, int]) -> Money:
        """The item subtotal of a complete assignment (what `quote` shows as its subtotal)."""
        off = self.engine.val_off
        minor = self.constant + sum(float(self.costs[int(off[v]) + x]) for v, x in assignment.items())
        return self.money(minor)

    def info(self, selection: Mapping[str, Value]) -> PriceInfo:
        """Bounds and price effects for a partial (parsed) selection."""
        return self.info_at(self.cp.assignment(selection))

    def info_at(self, assignment: Mapping[int, int]) -> PriceInfo:
        """The same for a partial assignment of the compiled problem's variables."""
        bounds = self.engine.bounds(assignment, self.costs)
        cheapest = min(float(np.min(low)) for low in bounds.low)
        dearest = max(float(np.max(high)) for high in bounds.high)
        if not np.isfinite(cheapest):
            raise ValueError("no valid configuration extends this selection")
        values: dict[tuple[str, str], ValueBound] = {}

        def add(module: str, value: str, var: int, index: int) -> None:
            low, high = float(bounds.low[var][index]), float(bounds.high[var][index])
            if np.isfinite(low):
                values[(module, value)] = ValueBound(
                    module,
                    value,
                    self.money(low + self.constant),
                    self.money(high + self.constant),
                    self.money(low - cheapest),
                )

        for module in self.cp.catalog.modules:
            if isinstance(module, MultiChoice):
                for option in module.options:
                    add(module.code, option.code, self.cp.option_var[(module.code, option.code)], 1)
                continue
            var = self.cp.module_var[module.code]
            for index, label in enumerate(self.cp.problem.variables[var].values):
                if label != NONE or isinstance(module, SingleChoice):
                    add(module.code, label, var, index)
        return PriceInfo(self.money(cheapest + self.constant), self.money(dearest + self.constant), values)

    def effects(self, assignment: Mapping[int, int], current: PriceInfo | None = None) -> dict[tuple[str, str], Money]:
        """The price effect of each still-possible value against the current design: the cheapest
        total with that value minus the cheapest total of the current choices (the buyer's *other*
        choices kept when the value replaces one they made), so negative when cheaper. Once the
        design is complete this is exactly the difference a switch makes to its price."""
        current = current or self.info_at(assignment)
        effects = {key: bound.effect for key, bound in current.values.items()}
        for var, chosen in assignment.items():
            others = {k: v for k, v in assignment.items() if k != var}
            low = self.engine.bounds(others, self.costs).low[var]
            for index, value in enumerate(low):
                key = self._keys.get((var, index))
                if key is not None and index != chosen and np.isfinite(value):
                    effects[key] = self.money(float(value) + self.constant) - current.cheapest
        return effects

    @cached_property
    def _keys(self) -> dict[tuple[int, int], tuple[str, str]]:
        """(variable, value index) -> (module, value) for the values `info_at` reports."""
        keys: dict[tuple[int, int], tuple[str, str]] = {}
        for module in self.cp.catalog.modules:
            if isinstance(module, MultiChoice):
                for option in module.options:
                    keys[(self.cp.option_var[(module.code, option.code)], 1)] = (module.code, option.code)
                continue
            var = self.cp.module_var[module.code]
            for index, label in enumerate(self.cp.problem.variables[var].values):
                if label != NONE or isinstance(module, SingleChoice):
                    keys[(var, index)] = (module.code, label)
        return keys

    def cheapest(self, selection: Mapping[str, Value] | None = None) -> tuple[Money, dict[str, Value]] | None:
        """The cheapest valid completion ("from" price with no selection) and its selection."""
        found = self.engine.complete(self.cp.assignment(selection or {}), self.costs)
        if found is None:
            return None
        return self.total_of(found), concrete_selection(self.cp, found)


def price_costs(
    cp: CatalogProblem, *, date: dt.date, quantity: int = 1, sale: SaleCurrency | None = None
) -> tuple[FloatArray, int]:
    """Flat per-value costs in minor units (the engine's `val_off` layout) and the constant part,
    in the catalog currency or in `sale` (its price list first, the rest converted)."""
    catalog = cp.catalog
    prices = prices_on(catalog, date, sale)
    currency = prices.currency
    tier = tier_percent(catalog, quantity)
    problem = cp.problem
    sizes = [v.size for v in problem.variables]
    off = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    costs = np.zeros(int(off[-1]))

    def minor(unit: Decimal, *, once: bool = False) -> int:
        amount, share = rounded_parts(unit, 1 if once else quantity, Decimal(0) if once else tier, currency)
        return amount.to_minor() - share.to_minor()

    def put(var: int, index: int, value: int) -> None:
        costs[int(off[var]) + index] = float(value)

    for module in catalog.modules:
        if isinstance(module, MultiChoice):
            for option in module.options:
                put(cp.option_var[(module.code, option.code)], 1, minor(option_price(prices, module.code, option)))
            continue
        var = cp.module_var[module.code]
        labels = problem.variables[var].values
        for index, label in enumerate(labels):
            if label == NONE:
                continue
            if isinstance(module, SingleChoice):
                chosen = module.option(label)
                if chosen is not None:
                    put(var, index, minor(option_price(prices, module.code, chosen)))
            elif isinstance(module, TextModule):
                put(var, index, minor(text_price(module, int(label), prices)))
            elif isinstance(module, QuantityModule):
                put(var, index, minor(prices.convert(module.unit_price * int(label))))
    for formula in catalog.pricing.formulas:
        var = cp.term_var[formula.code]
        for index, amount in enumerate(cp.term_amounts[formula.code]):
            put(var, index, minor(prices.convert(amount)))
    constant = minor(prices.base)
    for surcharge in catalog.pricing.surcharges:
        put(cp.term_var[surcharge.code], 1, minor(surcharge_price(surcharge, prices)))
    for fee in catalog.pricing.setup_fees:
        if fee.when is None:
            constant += minor(setup_fee_price(fee, prices), once=True)
        else:
            put(cp.term_var[fee.code], 1, minor(setup_fee_price(fee, prices), once=True))
    return costs, constant
