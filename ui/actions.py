"""Call a store service from a page: one transaction per action, a refusal shown plainly.

Every page action goes through here, so a refusal (a `StoreError`, or the service's own input
model refusing a value) always reads the same way, is never markdown, and leaves nothing
half-written: the transaction rolls back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import streamlit as st
from pydantic import ValidationError

from store.db import transaction
from store.errors import StoreError
from ui.resources import database
from ui.safe import md_escape


class Outcome(NamedTuple):
    """What a service call gave: `ok` False means it was refused (and the reason was shown)."""

    ok: bool
    value: Any = None


def refusal(exc: StoreError | ValidationError) -> str:
    """The sentence a buyer or staff member reads for a refused action."""
    if isinstance(exc, StoreError):
        return exc.message
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
