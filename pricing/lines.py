"""The price lines of one configured item: base, chosen options, text, quantity modules,
formulas, surcharges, setup fees and the quantity (tier) discount.

Rounding: amounts are exact until a line is made; a line's amount (unit price x quantity) is
rounded half-up once, and the tier discount is allocated per line (each line's share rounded
once), so that every figure of a quote is a sum of rounded lines and adds up to the cent. The
same per-line amounts are the per-value costs of `pricing.bounds`, which keeps price bounds
equal to the totals a quote shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from modules.catalog import Catalog
from modules.expr import Attributes, EvaluationError, Value
from modules.fields import compile_expression
from modules.kinds import MultiChoice, QuantityModule, SingleChoice, TextModule
from modules.options import Option
from modules.price_rules import Formula, PriceList, Surcharge
from modules.selection import ConditionData, holds, visible
from pricing.money import Money


class LineKind(StrEnum):
    BASE = "base"
    OPTION = "option"
    TEXT = "text"
    QUANTITY = "quantity"
    FORMULA = "formula"
    SURCHARGE = "surcharge"
    SETUP_FEE = "setup-fee"
    TIER = "tier-discount"


@dataclass(frozen=True, slots=True)
class Line:
    """One priced line of an item. `amount` = `unit` x `quantity`, rounded once."""

    item: int  # index of the item in the cart (0 for a single quote)
    kind: LineKind
    code: str  # "base", "module.option", a module code, a price rule code, or "tier"
    label: str
    unit: Money  # exact price per item (per order line for setup fees)
    quantity: int
    amount: Money  # rounded
    tier_discount: Money  # this line's rounded share of the quantity discount (>= 0)
    module: str | None = None
    value: Decimal | None = None  # the characters of a text line, the amount of a quantity line

    @property
    def net(self) -> Money:
        return self.amount - self.tier_discount


@dataclass(frozen=True, slots=True)
class Prices:
    """The base and option prices in force on a date (a price list replaces the catalog's)."""

    base: Decimal
    options: Mapping[tuple[str, str], Decimal]
    price_list: PriceList | None


def active_price_list(catalog: Catalog, date: dt.date) -> PriceList | None:
    for price_list in catalog.pricing.price_lists:
        if price_list.valid_from <= date and (price_list.valid_until is None or date <= price_list.valid_until):
            return price_list
    return None


def prices_on(catalog: Catalog, date: dt.date) -> Prices:
    price_list = active_price_list(catalog, date)
    if price_list is None:
        return Prices(catalog.base.price, {}, None)
    options = {tuple(key.split(".", 1)): amount for key, amount in price_list.options.items()}
    base = price_list.base_price if price_list.base_price is not None else catalog.base.price
    return Prices(base, {(k[0], k[1]): v for k, v in options.items()}, price_list)


def option_price(prices: Prices, module: str, option: Option) -> Decimal:
    """A price list amount, else a percentage of the base price in force, else the fixed price."""
    listed = prices.options.get((module, option.code))
    if listed is not None:
        return listed
    if option.price_percent is not None:
        return prices.base * option.price_percent / 100
    return option.price


def text_price(module: TextModule, length: int) -> Decimal:
    if length <= 0:
        return Decimal(0)
    return module.price_if_present + module.price_per_character * length


def surcharge_price(surcharge: Surcharge, prices: Prices) -> Decimal:
    if surcharge.percent is not None:
        return prices.base * surcharge.percent / 100
    return surcharge.amount


def formula_price(formula: Formula, env: Mapping[str, Value], attributes: Attributes) -> Decimal:
    """Same meaning as the engine's price terms: 0 when `when` fails or the value is not a number."""
    if formula.when is not None and not holds(formula.when, env, attributes):
        return Decimal(0)
    try:
        value = compile_expression(formula.amount).evaluate(env, attributes)
    except EvaluationError:
        return Decimal(0)
    return value if isinstance(value, Decimal) and not isinstance(value, bool) else Decimal(0)


def tier_percent(catalog: Catalog, quantity: int) -> Decimal:
    reached = [t for t in catalog.pricing.tiers if quantity >= t.min_quantity]
    return max((t.discount_percent for t in reached), default=Decimal(0))


def rounded_parts(unit: Decimal, quantity: int, tier: Decimal, currency: str) -> tuple[Money, Money]:
    """(amount, tier share) of a line, each rounded once."""
    amount = (Money(unit, currency) * quantity).rounded()
    share = amount.percent(tier).rounded() if tier else Money.zero(currency)
    return amount, share


def full_env(catalog: Catalog, selection: Mapping[str, Value]) -> dict[str, Value]:
    """Every module with a value: absent multi-choice -> no picks, absent text -> ''."""
    env: dict[str, Value] = {}
    for module in catalog.modules:
        value = selection.get(module.code)
        if value is None and isinstance(module, MultiChoice):
            value = frozenset()
        elif value is None and isinstance(module, TextModule):
            value = ""
        env[module.code] = value
    return env


def _condition(when: ConditionData | None, env: Mapping[str, Value], attributes: Attributes) -> bool:
    return when is None or holds(when, env, attributes)


def item_lines(
    catalog: Catalog,
    env: Mapping[str, Value],
    attributes: Attributes,
    *,
    quantity: int,
    date: dt.date,
    item: int = 0,
    currency: str | None = None,
    convert: Callable[[Decimal], Decimal] | None = None,
) -> list[Line]:
    """The lines of one valid, complete selection (`env` from `full_env`), in the catalog currency
    or in `currency`, each unit amount converted by `convert` (`ShopSettings.converter`)."""
    currency = currency or catalog.currency
    prices = prices_on(catalog, date)
    tier = tier_percent(catalog, quantity)
    lines: list[Line] = []

    def add(
        kind: LineKind,
        code: str,
        label: str,
        unit: Decimal,
        module: str | None = None,
        once: bool = False,
        value: Decimal | None = None,
    ) -> None:
        count = 1 if once else quantity
        if convert is not None:
            unit = convert(unit)
        amount, share = rounded_parts(unit, count, Decimal(0) if once else tier, currency)
        lines.append(Line(item, kind, code, label, Money(unit, currency), count, amount, share, module, value))

    add(LineKind.BASE, "base", catalog.base.name, prices.base)
    for module in catalog.modules:
        value = env.get(module.code)
        if not visible(module, env, attributes):
            continue
        if isinstance(module, SingleChoice | MultiChoice):
            picks = [value] if isinstance(value, str) else sorted(value) if isinstance(value, frozenset) else []
            for option in module.options:  # catalog order, whatever the order of the picks
                if option.code in picks:
                    price = option_price(prices, module.code, option)
                    add(
                        LineKind.OPTION,
                        f"{module.code}.{option.code}",
                        f"{module.name}: {option.name}",
                        price,
                        module.code,
                    )
        elif isinstance(module, TextModule) and isinstance(value, str) and value:
            label = f"{module.name}: {len(value)} character{'s' if len(value) != 1 else ''}"
            add(
                LineKind.TEXT,
                module.code,
                label,
                text_price(module, len(value)),
                module.code,
                value=Decimal(len(value)),
            )
        elif isinstance(module, QuantityModule) and isinstance(value, Decimal) and value > 0:
            add(
                LineKind.QUANTITY,
                module.code,
                f"{module.name} x {value}",
                module.unit_price * value,
                module.code,
                value=value,
            )
    for formula in catalog.pricing.formulas:
        amount = formula_price(formula, env, attributes)
        if amount:
            add(LineKind.FORMULA, formula.code, formula.label, amount)
    for surcharge in catalog.pricing.surcharges:
        if _condition(surcharge.when, env, attributes):
            add(LineKind.SURCHARGE, surcharge.code, surcharge.label, surcharge_price(surcharge, prices))
    for fee in catalog.pricing.setup_fees:
        if _condition(fee.when, env, attributes):
            add(LineKind.SETUP_FEE, fee.code, fee.label, fee.amount, once=True)
    if tier:
        share = Money.total((line.tier_discount for line in lines), currency)
        least = max(t.min_quantity for t in catalog.pricing.tiers if quantity >= t.min_quantity)
        label = f"Quantity discount {format(tier.normalize(), 'f')}% (from {least} items)"
        zero = Money.zero(currency)
        lines.append(Line(item, LineKind.TIER, "tier", label, zero, quantity, -share, zero))
    return lines


def item_weight(catalog: Catalog, env: Mapping[str, Value], attributes: Attributes) -> Decimal:
    """Shipping weight of one item in kg: base, chosen options and quantity modules."""
    weight = catalog.base.weight_kg
    for module in catalog.modules:
        value = env.get(module.code)
        if not visible(module, env, attributes):
            continue
        if isinstance(module, SingleChoice | MultiChoice):
            picks = {value} if isinstance(value, str) else value if isinstance(value, frozenset) else set()
            weight += sum((o.weight_kg for o in module.options if o.code in picks), Decimal(0))
        elif isinstance(module, QuantityModule) and isinstance(value, Decimal):
            weight += module.weight_kg * value
    return weight
