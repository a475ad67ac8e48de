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
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from modules.catalog import Catalog
from modules.expr import Attributes, EvaluationError, Value
from modules.fields import compile_expression
from modules.kinds import MultiChoice, QuantityModule, SingleChoice, TextModule
from modules.options import Option
from modules.price_rules import Formula, PriceList, SetupFee, Surcharge
from modules.print_zones import PrintZone
from modules.selection import ConditionData, holds, visible
from pricing.currencies import SaleCurrency
from pricing.money import Money


class LineKind(StrEnum):
    BASE = "base"
    OPTION = "option"
    TEXT = "text"
    QUANTITY = "quantity"
    FORMULA = "formula"
    SURCHARGE = "surcharge"
    SETUP_FEE = "setup-fee"
    PRINT_ZONE = "print-zone"
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
    """The prices in force on a date in one sale currency. A price list in that currency names
    its own amounts; every other amount is the catalog-currency price in force (a dated price
    list over the catalog's own) converted by the shop's rate and rounding rule."""

    sale: SaleCurrency
    base: Decimal  # in the sale currency
    catalog_base: Decimal  # the base price in force in the catalog currency
    options: Mapping[tuple[str, str], Decimal]  # listed option prices, in the sale currency
    surcharges: Mapping[str, Decimal]  # listed surcharge amounts, in the sale currency
    setup_fees: Mapping[str, Decimal]  # listed setup fees, in the sale currency
    price_list: PriceList | None  # the catalog-currency list in force
    currency_list: PriceList | None = None  # the sale currency's own list in force
    base_listed: bool = False  # the sale currency's list names the base price

    @property
    def currency(self) -> str:
        return self.sale.code

    @property
    def list_code(self) -> str | None:
        """The list the item was priced from (the sale currency's own first)."""
        found = self.currency_list or self.price_list
        return found.code if found else None

    def convert(self, amount: Decimal) -> Decimal:
        """A catalog-currency amount in the sale currency."""
        return self.sale.convert(amount)

    def percent_of_base(self, percent: Decimal) -> Decimal:
        """`percent` of the base price in force, in the sale currency (a listed base is rounded by
        the shop's rule for its currency; otherwise the catalog amount is converted)."""
        if self.base_listed:
            return self.sale.round(self.base * percent / 100)
        return self.convert(self.catalog_base * percent / 100)


def list_currency(catalog: Catalog, price_list: PriceList) -> str:
    return price_list.currency or catalog.currency


def active_price_list(catalog: Catalog, date: dt.date, currency: str | None = None) -> PriceList | None:
    """The price list of `currency` (default: the catalog's) in force on `date`."""
    wanted = currency or catalog.currency
    for price_list in catalog.pricing.price_lists:
        if list_currency(catalog, price_list) != wanted:
            continue
        if price_list.valid_from <= date and (price_list.valid_until is None or date <= price_list.valid_until):
            return price_list
    return None


def _option_keys(price_list: PriceList | None) -> dict[tuple[str, str], Decimal]:
    if price_list is None:
        return {}
    keys = ((key.split(".", 1), amount) for key, amount in price_list.options.items())
    return {(k[0], k[1]): amount for k, amount in keys}


def prices_on(catalog: Catalog, date: dt.date, sale: SaleCurrency | None = None) -> Prices:
    """The prices in force on `date` in `sale` (default: the catalog currency, unconverted)."""
    sale = sale or SaleCurrency.same(catalog.currency)
    price_list = active_price_list(catalog, date)
    catalog_base = catalog.base.price
    if price_list is not None and price_list.base_price is not None:
        catalog_base = price_list.base_price
    own = active_price_list(catalog, date, sale.code) if sale.code != catalog.currency else None
    options = {key: sale.convert(amount) for key, amount in _option_keys(price_list).items()}
    surcharges = {code: sale.convert(a) for code, a in (price_list.surcharges if price_list else {}).items()}
    setup_fees = {code: sale.convert(a) for code, a in (price_list.setup_fees if price_list else {}).items()}
    base = sale.convert(catalog_base)
    base_listed = False
    if own is not None:
        options.update(_option_keys(own))
        surcharges.update(own.surcharges)
        setup_fees.update(own.setup_fees)
        if own.base_price is not None:
            base, base_listed = own.base_price, True
    return Prices(sale, base, catalog_base, options, surcharges, setup_fees, price_list, own, base_listed)


def option_price(prices: Prices, module: str, option: Option) -> Decimal:
    """A price list amount, else a percentage of the base price in force, else the fixed price
    (converted to the sale currency)."""
    listed = prices.options.get((module, option.code))
    if listed is not None:
        return listed
    if option.price_percent is not None:
        return prices.percent_of_base(option.price_percent)
    return prices.convert(option.price)


def text_price(module: TextModule, length: int, prices: Prices | None = None) -> Decimal:
    if length <= 0:
        return Decimal(0)
    amount = module.price_if_present + module.price_per_character * length
    return prices.convert(amount) if prices is not None else amount


def surcharge_price(surcharge: Surcharge, prices: Prices) -> Decimal:
    listed = prices.surcharges.get(surcharge.code)
    if listed is not None:
        return listed
    if surcharge.percent is not None:
        return prices.percent_of_base(surcharge.percent)
    return prices.convert(surcharge.amount)


def setup_fee_price(fee: SetupFee, prices: Prices) -> Decimal:
    listed = prices.setup_fees.get(fee.code)
    return listed if listed is not None else prices.convert(fee.amount)


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
    sale: SaleCurrency | None = None,
    zones: Collection[str] = (),
) -> list[Line]:
    """The lines of one valid, complete selection (`env` from `full_env`), in the catalog currency
    or in `sale` (`ShopSettings.sale_currency`): that currency's price list first, the rest converted.

    `zones` are the print zones the buyer placed a picture in (checked by `zone_problems`): each
    is a line of its own at the zone's price, in catalog order."""
    prices = prices_on(catalog, date, sale)
    currency = prices.currency
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
                text_price(module, len(value), prices),
                module.code,
                value=Decimal(len(value)),
            )
        elif isinstance(module, QuantityModule) and isinstance(value, Decimal) and value > 0:
            add(
                LineKind.QUANTITY,
                module.code,
                f"{module.name} x {value}",
                prices.convert(module.unit_price * value),
                module.code,
                value=value,
            )
    for zone in catalog.print_zones:
        if zone.code in zones:
            add(LineKind.PRINT_ZONE, f"zone.{zone.code}", zone.name, prices.convert(zone.price))
    for formula in catalog.pricing.formulas:
        amount = formula_price(formula, env, attributes)
        if amount:
            add(LineKind.FORMULA, formula.code, formula.label, prices.convert(amount))
    for surcharge in catalog.pricing.surcharges:
        if _condition(surcharge.when, env, attributes):
            add(LineKind.SURCHARGE, surcharge.code, surcharge.label, surcharge_price(surcharge, prices))
    for fee in catalog.pricing.setup_fees:
        if _condition(fee.when, env, attributes):
            add(LineKind.SETUP_FEE, fee.code, fee.label, setup_fee_price(fee, prices), once=True)
    if tier:
        share = Money.total((line.tier_discount for line in lines), currency)
        least = max(t.min_quantity for t in catalog.pricing.tiers if quantity >= t.min_quantity)
        label = f"Quantity discount {format(tier.normalize(), 'f')}% (from {least} items)"
        zero = Money.zero(currency)
        lines.append(Line(item, LineKind.TIER, "tier", label, zero, quantity, -share, zero))
    return lines


def zone_applies(zone: PrintZone, env: Mapping[str, Value], attributes: Attributes) -> bool:
    return _condition(zone.visible_if, env, attributes)


def zone_problems(
    catalog: Catalog, env: Mapping[str, Value], attributes: Attributes, zones: Collection[str]
) -> list[tuple[str, str]]:
    """(zone code, why) for each used zone the catalog lacks or that does not apply to this selection."""
    found = []
    for code in sorted(zones):
        zone = catalog.print_zone(code)
        if zone is None:
            found.append((code, f"{catalog.name} has no print zone '{code[:64]}'"))
        elif not zone_applies(zone, env, attributes):
            found.append((code, f"'{zone.name}' does not apply to this design: choose its placement first"))
    return found


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
