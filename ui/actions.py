"""Call a store service from a page: one transaction per action, a refusal shown plainly.

Every page action goes through here, so a refusal (a `StoreError`, or the service's own input
model refusing a value) always reads the same way, is never markdown, and leaves nothing
half-written: the transaction rolls back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any, NamedTuple

import streamlit as st
from pydantic import ValidationError

import i18n
from pricing.money import Money
from store.db import transaction
from store.errors import StoreError
from ui.format import date, money, number
from ui.language import current
from ui.resources import database
from ui.safe import md_escape


class Outcome(NamedTuple):
    """What a service call gave: `ok` False means it was refused (and the reason was shown)."""

    ok: bool
    value: Any = None


def _figure(value: Any) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | Decimal):
        return number(value)
    if isinstance(value, Money):
        return money(value)
    if isinstance(value, dt.date):
        return date(value)
    return str(value)


def store_error_text(exc: StoreError) -> str:
    """A store's refusal in the page's language: its template translated, its figures filled in
    the language's way; the English message when the catalogs do not know it (staff-only refusals)."""
    template = i18n.gettext(exc.template, current())
    if template == exc.template and not exc.params:
        return exc.message
    try:
        return template.format(**{key: _figure(value) for key, value in exc.params.items()})
    except (KeyError, IndexError, ValueError):  # a translation that does not fit its parameters
        return exc.message


def refusal(exc: StoreError | ValidationError) -> str:
    """The sentence a buyer or staff member reads for a refused action."""
    if isinstance(exc, StoreError):
        return store_error_text(exc)
    first = exc.errors()[0] if exc.errors() else None
    return str(first["msg"]) if first else str(exc).splitlines()[0]


def attempt(action: Callable[..., Any], /, **kwargs: Any) -> Outcome:
    """Run `action(session=..., **kwargs)` in its own transaction; on refusal show why (st.error)."""
    try:
        with transaction(database()) as session:
            return Outcome(True, action(session=session, **kwargs))
    except (StoreError, ValidationError) as exc:
        st.error(md_escape(refusal(exc)))
        return Outcome(False)


def call(action: Callable[..., Any], /, **kwargs: Any) -> Any | None:
    """`attempt` for reads and actions whose answer the page shows: the value, or None if refused."""
    return attempt(action, **kwargs).value
