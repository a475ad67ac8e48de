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
from pricing import formatting
from pricing.money import Money
from store.db import transaction
from store.errors import Reason, StoreError
from ui.format import date, money, number
from ui.language import current
from ui.resources import database
from ui.safe import md_escape


class Outcome(NamedTuple):
    """What a service call gave: `ok` False means it was refused (and the reason was shown)."""

    ok: bool
    value: Any = None


def _figure(value: Any, lang: str | None = None) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | Decimal):
        return number(value) if lang is None else formatting.number(value, lang)
    if isinstance(value, Money):
        return money(value)
    if isinstance(value, dt.date):
        return date(value)
    return str(value)


def _worded(template: str, english_text: str, params: dict[str, Any], lang: str) -> str:
    """`template` in `lang`, filled with `params` the language's way (English if it does not fit)."""
    translated = i18n.gettext(template, lang)
    if not params:
        return translated
    try:
        return translated.format(**{key: _figure(value, lang) for key, value in params.items()})
    except (KeyError, IndexError, ValueError):  # a translation that does not fit its parameters
        return english_text


def reason_text(reason: str, lang: str | None = None) -> str:
    """Why a typed value was refused, in the page's language or `lang` (a plain string stays as is).

    >>> reason_text(Reason("at most {limit} characters ({given} given)", limit=254, given=3012), "en")
    'at most 254 characters (3,012 given)'
    """
    if isinstance(reason, Reason):
        return _worded(reason.template, str(reason), reason.params, lang or current())
    return reason


def field_label(exc: StoreError, field: str) -> str:
    """The name of a refused field as the buyer reads it in the page's language."""
    return i18n.gettext(exc.labels.get(field, field.replace("_", " ")), current())


def field_problems(exc: StoreError) -> dict[str, str]:
    """Each refused field's reason in the page's language (empty when the refusal names none)."""
    return {field: reason_text(reason) for field, reason in exc.reasons.items()}


def store_error_text(exc: StoreError) -> str:
    """A store's refusal in the page's language: its template translated, its figures filled in
    the language's way; the English message when the catalogs do not know it (staff-only refusals).
    A refusal of typed input names each field at fault and why ("E-mail: please fill this in")."""
    if exc.reasons:
        return "; ".join(f"{field_label(exc, field)}: {why}" for field, why in field_problems(exc).items())
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
