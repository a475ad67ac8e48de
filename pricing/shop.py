"""Shop-wide settings: delivery modes, VAT by destination, loyalty, coupons and offers.

Defaults live in `pricing/shop.yaml`; `load_shop(path)` reads a file with the catalog loader's
YAML reader and reports every problem at file:line:column (`CatalogError` of `Problem`s).

>>> shop = load_shop()
>>> shop.vat_rate("DE"), shop.delivery_mode("express").transit_days_max
(Decimal('19'), 2)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, ValidationError, ValidationInfo, field_validator, model_validator

from i18n import DEFAULT_LANGUAGE, LANGUAGES
from modules.base import Frozen
from modules.currency_codes import MINOR_UNITS
from modules.errors import CatalogError, Problem, ProblemCode
from modules.fields import Amount, Code, Name, Percent
from modules.yaml_source import SourceMap, parse_yaml
from pricing.closing_days import ClosingDays, known_country
from pricing.currencies import CurrencyCode, CurrencyRate, Exchange, SaleCurrency
from pricing.money import Money

DEFAULT_SHOP = Path(__file__).with_name("shop.yaml")
Country = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
CouponCode = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9][A-Z0-9_-]{1,31}$")]
Days = Annotated[int, Field(ge=0, le=60)]
# The languages a coupon or an offer may be named in besides English (its `label`).
NAMED_LANGUAGES = tuple(code for code in LANGUAGES if code != DEFAULT_LANGUAGE)
Labels = dict[str, Name]


def known_languages(labels: Labels, what: str) -> Labels:
    """`labels` if every key is a buyer language other than English; ValueError naming `what` and
    the first unknown code otherwise."""
    for code in labels:
        if code not in NAMED_LANGUAGES:
            english = " (the English name is `label`)" if code == DEFAULT_LANGUAGE else ""
            known = ", ".join(NAMED_LANGUAGES)
            raise ValueError(f"{what}: unknown language code '{code}'{english} (languages: {known})")
    return labels


class DeliveryMode(Frozen):
    """How a shipment travels: fees per shipment, per item and per kg, and transit days."""

    code: Code
    label: Name
    fee_per_shipment: Amount = Decimal(0)
    fee_per_item: Amount = Decimal(0)
    fee_per_kg: Amount = Decimal(0)
    free_from: Amount | None = Field(default=None, description="goods after discounts from which shipping is free")
    transit_days_min: Days
    transit_days_max: Days

    @model_validator(mode="after")
    def _days(self) -> DeliveryMode:
        if self.transit_days_min > self.transit_days_max:
            raise ValueError(f"transit_days_min {self.transit_days_min} is more than max {self.transit_days_max}")
        return self


class Loyalty(Frozen):
    points_per_euro: Decimal = Field(default=Decimal(1), ge=0, le=100, description="points per currency unit spent")
    point_value: Amount = Field(default=Decimal("0.01"), description="what one redeemed point is worth")
    member_price_percent: Percent = Field(default=Decimal(0), description="off all goods for signed-in members")


class Coupon(Frozen):
    """A code the buyer types in. `products` / `modules` restrict what it discounts.

    `label` is its English name; `labels` its names in other buyer languages (a buyer reading a
    language without one reads a name worded from its terms, `pricing.labels.discount_label`)."""

    code: CouponCode
    label: Name
    labels: Labels = Field(default_factory=dict, description="its name by language code (es, pt, ru, zh_Hans)")
    kind: Literal["percent", "fixed", "free-shipping"]
    percent: Percent | None = None
    amount: Amount | None = None
    minimum_spend: Amount = Decimal(0)
    products: tuple[Code, ...] = ()
    modules: tuple[Code, ...] = ()
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    max_uses: int | None = Field(default=None, ge=0)
    max_uses_per_customer: int | None = Field(default=None, ge=0)
    members_only: bool = False

    @model_validator(mode="after")
    def _amounts(self) -> Coupon:
        if self.kind == "percent" and (self.percent is None or self.amount is not None):
            raise ValueError("a percent coupon gives percent (and no amount)")
        if self.kind == "fixed" and (self.amount is None or self.percent is not None):
            raise ValueError("a fixed coupon gives amount (and no percent)")
        if self.kind == "free-shipping" and (self.amount is not None or self.percent is not None):
            raise ValueError("a free-shipping coupon gives neither amount nor percent")
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValueError(f"valid_until {self.valid_until} is before valid_from {self.valid_from}")
        return self

    @field_validator("labels")
    @classmethod
    def _languages(cls, labels: Labels, info: ValidationInfo) -> Labels:
        return known_languages(labels, f"coupon '{info.data.get('code', '?')}'")


class SpendAndSave(Frozen):
    """An automatic offer: `amount` off once the goods reach `threshold` (€20 off orders from €200),
    named `label` in English and `labels` in other buyer languages, like a coupon."""

    code: Code
    label: Name
    labels: Labels = Field(default_factory=dict, description="its name by language code (es, pt, ru, zh_Hans)")
    threshold: Amount
    amount: Amount
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None

    @field_validator("labels")
    @classmethod
    def _languages(cls, labels: Labels, info: ValidationInfo) -> Labels:
        return known_languages(labels, f"offer '{info.data.get('code', '?')}'")


class ShopSettings(Frozen):
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = "EUR"
    home_country: Country
    vat_rates: dict[Country, Percent] = Field(description="VAT percent by destination country")
    delivery_modes: tuple[DeliveryMode, ...] = Field(min_length=1)
    default_delivery: Code
    public_holidays: bool = Field(
        default=True, description="skip the public holidays of the home country (production) and destination (transit)"
    )
    closing_days: tuple[dt.date, ...] = Field(
        default=(), description="the shop's own days without production or transit, besides public holidays"
    )
    loyalty: Loyalty = Loyalty()
    coupons: tuple[Coupon, ...] = ()
    offers: tuple[SpendAndSave, ...] = ()
    quote_validity_days: int = Field(default=30, ge=1, le=365, description="how long a PDF quote's price holds")
    currencies: dict[CurrencyCode, CurrencyRate] = Field(
        default_factory=dict, description="other currencies buyers may pay in: rate per shop currency unit, rounding"
    )
    country_currencies: dict[Country, CurrencyCode] = Field(
        default_factory=dict, description="the currency a delivery country pays in unless the buyer chooses"
    )

    def delivery_mode(self, code: str) -> DeliveryMode | None:
        return next((m for m in self.delivery_modes if m.code == code), None)

    def vat_rate(self, country: str) -> Decimal | None:
        return self.vat_rates.get(country)

    def closing_days_in(self, country: str) -> ClosingDays:
        """The days without work in `country`: its public holidays and the shop's closing days."""
        known = self.public_holidays and known_country(country)
        return ClosingDays(country if known else None, frozenset(self.closing_days))

    @property
    def sale_currencies(self) -> tuple[str, ...]:
        """The shop currency first, then the others buyers may choose."""
        return (self.currency, *sorted(self.currencies))

    def currency_for(self, country: str | None) -> str:
        """The currency a delivery country pays in (the shop currency unless `country_currencies` says)."""
        return self.country_currencies.get((country or self.home_country).upper(), self.currency)

    def converter(self, currency: str) -> Callable[[Decimal], Decimal]:
        """Shop-currency amounts to `currency`, rounded by its rule; ValueError if the shop does not sell in it."""
        if currency == self.currency:
            return lambda amount: amount
        rule = self.currencies.get(currency)
        if rule is None:
            raise ValueError(f"the shop does not sell in {currency} (it sells in {', '.join(self.sale_currencies)})")
        return rule.convert

    def exchange(self, currency: str) -> Exchange:
        """The rate a sale in `currency` is made at today; ValueError if the shop does not sell in it.

        >>> load_shop().exchange("RUB"), load_shop().exchange("EUR")
        (Exchange(shop_currency='EUR', rate=Decimal('98.5')), Exchange(shop_currency='EUR', rate=Decimal('1')))
        """
        if currency == self.currency:
            return Exchange(self.currency, Decimal(1))
        self.converter(currency)  # refuses a currency the shop does not sell in
        return Exchange(self.currency, self.currencies[currency].rate)

    def in_shop_minor(self, minor: int, currency: str, sold_at: Exchange | None = None) -> int:
        """An amount sold in `currency` (in its minor units) as minor units of the shop currency:
        reports add up sales made in several currencies this way. A sale counts at the rate it was
        made at (`sold_at`, kept on the order), so changing a rate later leaves past revenue as it
        was; a sale without one (placed before orders kept it, or when the shop had another
        currency) counts at today's rate, or is kept as it is if the shop no longer sells in its
        currency (there is no rate to read).

        >>> shop = load_shop()
        >>> shop.in_shop_minor(1_234_50, "EUR"), shop.in_shop_minor(3_149_000, "RUB"), shop.in_shop_minor(108_00, "USD")
        (123450, 31970, 10000)
        >>> shop.in_shop_minor(3_149_000, "RUB", Exchange("EUR", Decimal("100")))
        31490
        """
        if currency == self.currency:
            return minor
        rule = self.currencies.get(currency)
        if sold_at is not None and sold_at.shop_currency == self.currency:
            rate = sold_at.rate
        elif rule is not None:
            rate = rule.rate
        else:
            return minor
        amount = Money.from_minor(minor, currency).amount / rate
        return Money(amount, self.currency).rounded().to_minor()

    def sale_currency(self, currency: str) -> SaleCurrency:
        """What pricing needs to sell in `currency`; ValueError if the shop does not sell in it."""
        if currency == self.currency:
            return SaleCurrency.same(currency)
        convert = self.converter(currency)
        return SaleCurrency(currency, convert, self.currencies[currency].round)

    def in_currency(self, currency: str) -> ShopSettings:
        """These settings with every amount (fees, thresholds, coupons, offers, point value) in `currency`."""
        if currency == self.currency:
            return self
        convert = self.converter(currency)
        rule = self.currencies[currency]

        def maybe(amount: Decimal | None) -> Decimal | None:
            return None if amount is None else convert(amount)

        modes = tuple(
            m.model_copy(
                update={
                    "fee_per_shipment": convert(m.fee_per_shipment),
                    "fee_per_item": convert(m.fee_per_item),
                    "fee_per_kg": convert(m.fee_per_kg),
                    "free_from": maybe(m.free_from),
                }
            )
            for m in self.delivery_modes
        )
        coupons = tuple(
            c.model_copy(update={"amount": maybe(c.amount), "minimum_spend": convert(c.minimum_spend)})
            for c in self.coupons
        )
        offers = tuple(
            o.model_copy(update={"threshold": convert(o.threshold), "amount": convert(o.amount)}) for o in self.offers
        )
        loyalty = self.loyalty.model_copy(
            update={
                "point_value": rule.exact(self.loyalty.point_value),
                "points_per_euro": self.loyalty.points_per_euro / rule.rate,
            }
        )
        return self.model_copy(
            update={
                "currency": currency,
                "delivery_modes": modes,
                "coupons": coupons,
                "offers": offers,
                "loyalty": loyalty,
                "currencies": {},
                "country_currencies": {},
            }
        )

    def coupon(self, code: str) -> Coupon | None:
        wanted = code.strip().upper()
        return next((c for c in self.coupons if c.code == wanted), None)


def _references(shop: ShopSettings, source: SourceMap) -> list[Problem]:
    problems: list[Problem] = []
    if shop.delivery_mode(shop.default_delivery) is None:
        known = ", ".join(m.code for m in shop.delivery_modes)
        problems.append(
            source.problem(
                ("default_delivery",),
                ProblemCode.UNKNOWN_REFERENCE,
                f"default_delivery '{shop.default_delivery}' is not a delivery mode ({known})",
            )
        )
    if shop.home_country not in shop.vat_rates:
        problems.append(
            source.problem(
                ("home_country",), ProblemCode.UNKNOWN_REFERENCE, f"home_country {shop.home_country} has no VAT rate"
            )
        )
    if shop.public_holidays:
        for country in sorted({shop.home_country, *shop.vat_rates}):
            if not known_country(country):
                where = ("home_country",) if country == shop.home_country else ("vat_rates", country)
                problems.append(
                    source.problem(
                        where,
                        ProblemCode.UNKNOWN_REFERENCE,
                        f"no public holidays are known for country {country}; set public_holidays: false",
                    )
                )
    for code, rule in shop.currencies.items():
        where = ("currencies", code)
        if code == shop.currency or code not in MINOR_UNITS:
            why = "is the shop currency" if code == shop.currency else "is not a known currency"
            problems.append(source.problem(where, ProblemCode.UNKNOWN_REFERENCE, f"currency {code} {why}", key=True))
        elif rule.round_to < Decimal(1).scaleb(-MINOR_UNITS[code]):
            problems.append(
                source.problem(
                    (*where, "round_to"),
                    ProblemCode.TYPE,
                    f"round_to {rule.round_to} is finer than the minor unit of {code}",
                )
            )
    for country, code in shop.country_currencies.items():
        if code not in shop.sale_currencies:
            problems.append(
                source.problem(
                    ("country_currencies", country),
                    ProblemCode.UNKNOWN_REFERENCE,
                    f"{country} pays in {code}, which is not in currencies ({', '.join(shop.sale_currencies)})",
                )
            )
    lists: dict[str, list[str]] = {
        "delivery_modes": [m.code for m in shop.delivery_modes],
        "coupons": [c.code for c in shop.coupons],
        "offers": [o.code for o in shop.offers],
    }
    for key, codes in lists.items():
        seen: set[str] = set()
        for index, code in enumerate(codes):
            if code in seen:
                problems.append(
                    source.problem((key, index, "code"), ProblemCode.DUPLICATE_CODE, f"duplicate code '{code}'")
                )
            seen.add(code)
    return problems


def _schema_problems(exc: ValidationError, source: SourceMap) -> list[Problem]:
    problems: list[Problem] = []
    errors = exc.errors(include_url=False)
    for error in errors:
        loc = tuple(error["loc"])
        if error["type"] == "too_short" and any(
            len(e["loc"]) > len(loc) and e["loc"][: len(loc)] == loc for e in errors
        ):
            continue  # a list whose items failed is also "too short": the items' errors say why
        field = str(loc[-1]) if loc else "shop"
        message = str(error["msg"]).removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            problems.append(source.problem(loc, ProblemCode.UNKNOWN_KEY, f"unknown key '{field}'", key=True))
        elif error["type"] == "missing":
            problems.append(source.problem(loc, ProblemCode.MISSING_KEY, f"missing key '{field}'"))
        else:
            problems.append(source.problem(loc, ProblemCode.TYPE, f"{field}: {message}"))
    return problems


def load_shop_text(text: str, *, file: str) -> ShopSettings:
    data, source = parse_yaml(text, file)
    if not isinstance(data, dict):
        raise CatalogError([source.problem((), ProblemCode.TYPE, "shop settings are a mapping of keys")])
    try:
        shop = ShopSettings.model_validate(data)
    except ValidationError as exc:
        raise CatalogError(_schema_problems(exc, source)) from None
    problems = _references(shop, source)
    if problems:
        raise CatalogError(problems)
    return shop


@lru_cache(maxsize=1)
def shop_settings() -> ShopSettings:
    """The shop's settings (`pricing/shop.yaml`), read once per process."""
    return load_shop()


def load_shop(path: str | Path = DEFAULT_SHOP) -> ShopSettings:
    """Read shop settings; raise CatalogError with every located problem."""
    shown = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogError([Problem(shown, 1, 1, ProblemCode.FILE, f"cannot read file: {exc}")]) from None
    return load_shop_text(text, file=shown)
