"""The buyer's current choices per product, kept in the Streamlit session as plain data.

Values are stored raw (text, lists of codes, numbers as text) and parsed on every use, so a
tampered or stale session is refused by the same checks as any other input.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from modules.catalog import Catalog
from modules.expr import Value
from modules.selection import SelectionError, dump_value, parse_selection


def _key(product: str) -> str:
    return f"selection:{product}"


def raw_selection(product: str) -> dict[str, Any]:
    stored = st.session_state.get(_key(product))
    return dict(stored) if isinstance(stored, dict) else {}


def store(product: str, selection: dict[str, Value]) -> None:
    st.session_state[_key(product)] = {k: to_raw(v) for k, v in selection.items()}


to_raw = dump_value  # what the session keeps: plain data, parsed again on every use


def current(catalog: Catalog) -> tuple[dict[str, Value], list[str]]:
    """The parsed selection; unusable entries are dropped and reported (stale or tampered)."""
    raw = raw_selection(catalog.code)
    try:
        return parse_selection(catalog, raw), []
    except SelectionError as exc:
        bad = {p.module for p in exc.problems}
        kept = {k: v for k, v in raw.items() if k not in bad}
        store(catalog.code, parse_selection(catalog, kept))
        return parse_selection(catalog, kept), [str(p) for p in exc.problems]
