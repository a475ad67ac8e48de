"""A request's selection and day, checked by the store's own input checks and refused as a 422
problem that says where (`loc`) and why: the same checks every page and service applies.

>>> from modules.loader import load_catalog
>>> tee = load_catalog("catalogs/tshirt.yaml")
>>> parsed_selection(tee, {"colour": "black", "size": "m"})
{'colour': 'black', 'size': 'm'}
>>> parsed_selection(load_catalog("catalogs/table.yaml"), {"width": 160.0, "depth": None})
{'width': Decimal('160.0')}
>>> try:
...     parsed_selection(tee, {"colour": "mauve", "sleeves": "x"})
... except RequestValidationError as exc:
...     [(e["loc"], e["type"]) for e in exc.errors()]
[(('body', 'selection', 'colour'), 'unknown-option'), (('body', 'selection', 'sleeves'), 'unknown-module')]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from fastapi.exceptions import RequestValidationError

from api.products import Product, today
from modules.catalog import Catalog
from modules.expr import Value
from modules.kinds import NumericModule, QuantityModule
from modules.selection import SelectionError, parse_selection
from store.configuration_checks import conflict_problem, first_conflict
from store.errors import StoreError
from store.quotes import sale_currency

BODY = ("body",)
DAYS_AHEAD = 366  # prices and delivery dates may be asked for up to a year ahead


def refusal(loc: tuple[str, ...], msg: str, kind: str) -> RequestValidationError:
    return RequestValidationError([{"loc": loc, "msg": msg, "type": kind}])


def _number_text(catalog: Catalog, code: str, value: Any) -> Any:
    """A JSON number for a numeric or quantity module as the decimal text it was written as (the
    shortest text of the float), so `75.5` means exactly 75.5; anything else is left to the checks."""
    module = catalog.module(code)
    if isinstance(value, float) and isinstance(module, NumericModule | QuantityModule):
        return repr(value)
    return value


def parsed_selection(catalog: Catalog, raw: Mapping[str, Any], *, where: tuple[str, ...] = BODY) -> dict[str, Value]:
    """The selection checked value by value against the catalog (`modules.selection.parse_value`);
    every problem is refused at once, each at `where + ("selection", module)`."""
    try:
        parsed = parse_selection(catalog, {code: _number_text(catalog, code, value) for code, value in raw.items()})
    except SelectionError as exc:
        raise RequestValidationError(
            [{"loc": (*where, "selection", p.module), "msg": p.message, "type": p.code.value} for p in exc.problems]
        ) from None
    # A number or count given as null (or empty text) is no choice: the rules decide what it may be.
    return {
        code: value
        for code, value in parsed.items()
        if not (value is None and isinstance(catalog.module(code), NumericModule | QuantityModule))
    }


def day_of(requested: dt.date | None) -> dt.date:
    """The day of prices and delivery: today by default, never in the past, at most a year ahead."""
    now = today()
    if requested is None:
        return now
    if not now <= requested <= now + dt.timedelta(days=DAYS_AHEAD):
        raise refusal(
            (*BODY, "date"), f"give a day from {now} to {now + dt.timedelta(days=DAYS_AHEAD)}", "out-of-range"
        )
    return requested


def conflict(product: Product, selection: Mapping[str, Value]) -> RequestValidationError:
    """The refusal of a selection no valid product has: the first choice the others rule out, why,
    and which rules say so."""
    found = first_conflict(catalog=product.catalog, fingerprint=product.fingerprint, selection=selection)
    if found is None:  # pragma: no cover - only called for inconsistent selections
        return refusal((*BODY, "selection"), "no valid product has all these choices together", "conflict")
    problem = conflict_problem(product.catalog, found)
    return refusal((*BODY, *problem.loc), problem.message, problem.kind)


def sale_currency_of(currency: str | None, country: str | None) -> str:
    """The currency of a request: the one asked for, else the one the destination pays in; a
    currency the shop does not sell in is a 422 problem (`unknown-currency`) on `currency`."""
    try:
        return sale_currency(currency, country=country)
    except StoreError as exc:
        raise refusal((*BODY, "currency"), exc.message, "unknown-currency") from None
