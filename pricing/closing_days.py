"""The days nobody works: a country's public holidays (the `holidays` package) plus the shop's own
closing days from `shop.yaml`.

Production counts the business days of the shop's home country; transit counts those of the
destination, so a parcel to Spain waits out a Spanish holiday, not a Portuguese one.

>>> portugal = ClosingDays("PT")
>>> dt.date(2026, 12, 1) in portugal, dt.date(2026, 6, 10) in portugal  # Restoration, Portugal Day
(True, True)
>>> dt.date(2026, 12, 2) in portugal
False
>>> dt.date(2026, 12, 24) in ClosingDays("PT", extra=frozenset({dt.date(2026, 12, 24)}))
True
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import holidays


def known_country(country: str) -> bool:
    """Whether the `holidays` package has the public holidays of this ISO 3166 country code."""
    return country in holidays.list_supported_countries()


@cache
def public_holidays(country: str, year: int) -> frozenset[dt.date]:
    """The national public holidays of `country` in `year`; ValueError for a country it lacks."""
    if not known_country(country):
        raise ValueError(f"no public holidays known for country {country!r}")
    return frozenset(holidays.country_holidays(country, years=year).keys())


class ClosingDays:
    """A container of dates: `day in closing` is True on a public holiday of `country` (None: no
    country) or one of the `extra` days. Years are looked up as they come, so it never runs out."""

    __slots__ = ("country", "extra")

    def __init__(self, country: str | None, extra: frozenset[dt.date] = frozenset()) -> None:
        if country is not None:
            public_holidays(country, 2000)  # an unknown country fails here, not on the first date asked
        self.country = country
        self.extra = extra

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, dt.date):
            return False
        if day in self.extra:
            return True
        return self.country is not None and day in public_holidays(self.country, day.year)

    def __repr__(self) -> str:
        return f"ClosingDays({self.country!r}, {len(self.extra)} extra)"
