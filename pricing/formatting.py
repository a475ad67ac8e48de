"""How amounts, numbers and dates read in each buyer language (Babel's CLDR data).

Every page, e-mail and PDF that shows a buyer an amount or a date goes through these functions,
so a price reads "€19,900.00" in English, "19.900,00 €" in Spanish and "19 900,00 €" in Russian,
never "19900.00 EUR". Languages are the codes of the message catalogs (`locales/<code>/`).

>>> money(Money("19900", "EUR"), "en"), money(Money("19900", "EUR"), "es")
('€19,900.00', '19.900,00\\xa0€')
>>> money(Money("-3", "USD")), money(Money("1500", "JPY"))
('-$3.00', '¥1,500')
>>> day(dt.date(2026, 12, 3), "en"), day(dt.date(2026, 12, 3), "es")
('Thu, Dec 3', 'jue, 3 dic')
>>> number(Decimal("1234.5"), "ru")
'1\\xa0234,5'
"""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from functools import cache

from babel import Locale
from babel.dates import format_date, format_skeleton, format_time
from babel.numbers import format_currency, format_decimal, format_percent

from i18n import DEFAULT_LANGUAGE, LANGUAGES, language
from pricing.money import Money

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "date",
    "day",
    "effect",
    "language",
    "minor",
    "money",
    "number",
    "percent",
    "round_money",
]

# Mainland Chinese in simplified script; European Portuguese (the shop is in Portugal).
_CLDR: dict[str, str] = {"en": "en", "es": "es_ES", "pt": "pt_PT", "ru": "ru_RU", "zh_Hans": "zh_Hans_CN"}


@cache
def cldr_locale(code: str | None) -> Locale:
    return Locale.parse(_CLDR[language(code)])


def money(amount: Money, lang: str | None = DEFAULT_LANGUAGE) -> str:
    """The amount rounded to its currency's minor unit, with the locale's symbol and separators."""
    return format_currency(amount.rounded().amount, amount.currency, locale=cldr_locale(lang))


def round_money(amount: Money, lang: str | None = DEFAULT_LANGUAGE) -> str:
    """An amount as the name of an offer says it: without the cents when there are none.

    >>> round_money(Money("60", "EUR")), round_money(Money("60", "EUR"), "es"), round_money(Money("64.8", "USD"))
    ('€60', '60\xa0€', '$64.80')
    """
    rounded = amount.rounded().amount
    if rounded != rounded.to_integral_value():
        return money(amount, lang)
    locale = cldr_locale(lang)
    pattern = copy.copy(locale.currency_formats["standard"])
    pattern.frac_prec = (0, 0)
    return format_currency(rounded, amount.currency, format=pattern, locale=locale, currency_digits=False)


def percent(value: Decimal, lang: str | None = DEFAULT_LANGUAGE) -> str:
    """A percentage (10 is 10%) with the language's sign and spacing, decimals kept.

    >>> percent(Decimal("10")), percent(Decimal("12.5"), "es"), percent(Decimal("10"), "ru")
    ('10%', '12,5\xa0%', '10\xa0%')
    """
    return format_percent(value / 100, locale=cldr_locale(lang), decimal_quantization=False)


def effect(amount: Money, lang: str | None = DEFAULT_LANGUAGE) -> str:
    """A price effect next to an option: '+€3.00', '-€2.50' when cheaper, '' when it changes nothing.

    >>> effect(Money("3", "EUR")), effect(Money("-2.5", "EUR")), effect(Money("0", "EUR"))
    ('+€3.00', '-€2.50', '')
    """
    if amount.rounded().amount == 0:
        return ""
    text = money(amount, lang)
    return f"+{text}" if amount.amount > 0 else text


def minor(units: int, currency: str, lang: str | None = DEFAULT_LANGUAGE) -> str:
    """An amount stored as integer minor units (cents).

    >>> minor(123456, "EUR"), minor(-5, "USD")
    ('€1,234.56', '-$0.05')
    """
    return money(Money.from_minor(units, currency), lang)


def number(value: Decimal | int, lang: str | None = DEFAULT_LANGUAGE) -> str:
    return format_decimal(value, locale=cldr_locale(lang))


def tenths(value: Decimal, lang: str | None = DEFAULT_LANGUAGE) -> str:
    """A number with one decimal, as an average of stars reads.

    >>> tenths(Decimal("5"), "en"), tenths(Decimal("4.7"), "es"), tenths(Decimal("3.2"), "zh_Hans")
    ('5.0', '4,7', '3.2')
    """
    return format_decimal(value, format="#,##0.0", locale=cldr_locale(lang))


def day(value: dt.date, lang: str | None = DEFAULT_LANGUAGE) -> str:
    """A short date with the weekday: 'Thu, Dec 3', 'jue, 3 dic', '12月3日周四'."""
    return format_skeleton("MMMEd", value, locale=cldr_locale(lang))


def date(value: dt.date, lang: str | None = DEFAULT_LANGUAGE) -> str:
    """A full date with the year: 'Dec 3, 2026', '3 dic 2026', '2026年12月3日'."""
    return format_date(value, "medium", locale=cldr_locale(lang))


def moment(value: dt.datetime, lang: str | None = DEFAULT_LANGUAGE) -> str:
    """A date with the time of day, as an order's timeline shows it.

    >>> moment(dt.datetime(2026, 12, 1, 11, 41)), moment(dt.datetime(2026, 12, 1, 11, 41), "es")
    ('Dec 1, 2026, 11:41\u202fAM', '1 dic 2026, 11:41')
    """
    locale = cldr_locale(lang)
    return f"{format_date(value, 'medium', locale=locale)}, {format_time(value, 'short', locale=locale)}"


def country(code: str, lang: str | None = DEFAULT_LANGUAGE) -> str:
    """A country's name in the buyer's language (the ISO code when CLDR does not know it).

    >>> country("PT"), country("PT", "es"), country("CN", "ru"), country("XX")
    ('Portugal', 'Portugal', 'Китай', 'XX')
    """
    return str(cldr_locale(lang).territories.get(code.upper(), code))
