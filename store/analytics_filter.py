"""What the analytics look at: one product family (or all) and a date range (UTC days, inclusive)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from store.errors import ErrorCode, StoreError

EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(9000, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True, slots=True, kw_only=True)
class AnalyticsFilter:
    product_code: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None


def window(filters: AnalyticsFilter) -> tuple[dt.datetime, dt.datetime]:
    """The filter's days as a half-open UTC interval; BAD_INPUT if it ends before it starts.

    >>> start, end = window(AnalyticsFilter(since=dt.date(2026, 1, 1), until=dt.date(2026, 1, 31)))
    >>> start.isoformat(), end.isoformat()
    ('2026-01-01T00:00:00+00:00', '2026-02-01T00:00:00+00:00')
    """
    if filters.since and filters.until and filters.until < filters.since:
        raise StoreError(ErrorCode.BAD_INPUT, "the date range ends before it starts", field="until")
    start = dt.datetime.combine(filters.since, dt.time(), dt.UTC) if filters.since else EARLIEST
    end = dt.datetime.combine(filters.until + dt.timedelta(days=1), dt.time(), dt.UTC) if filters.until else LATEST
    return start, end
