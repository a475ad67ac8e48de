"""Render buyer-provided text safely: never as HTML, never as live markdown links or images."""

from __future__ import annotations

import re
from typing import Any

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$&])")
# Streamlit's markdown turns bare addresses into live links after escapes are resolved
# ("https://x.y", "www.x.y", "a@b.c"), so escaping alone does not stop them. An invisible
# word joiner (U+2060) where each pattern starts keeps the text readable and the link dead.
WORD_JOINER = "\u2060"
_AUTOLINK = re.compile(r"(://|@)|(www)(?=\.)", re.IGNORECASE)


def _break_autolinks(text: str) -> str:
    return _AUTOLINK.sub(lambda m: (m.group(1) or m.group(2)) + WORD_JOINER, text)


def md_escape(text: str) -> str:
    """Escape markdown so that `text` shows literally inside st.markdown/st.error/st.toast/...:
    no HTML, no link or image syntax, and no bare address that would become a link.

    >>> md_escape("[click](javascript:alert(1))")
    '\\\\[click\\\\]\\\\(javascript\\\\:alert\\\\(1\\\\)\\\\)'
    >>> md_escape("ana@mail.example, www.shop.example, https://evil.example").replace("\\\\", "")
    'ana@\\u2060mail.example, www\\u2060.shop.example, https://\\u2060evil.example'
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _break_autolinks(text.replace("\n", " ")))


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def formula_safe_cell(value: object) -> object:
    """A text cell a spreadsheet would run as a formula, made inert with a leading quote.

    >>> formula_safe_cell("=cmd|' /C calc'!A0"), formula_safe_cell("Ana"), formula_safe_cell(-5)
    ("'=cmd|' /C calc'!A0", 'Ana', -5)
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def formula_safe(data: Any) -> Any:
    """Rows (a list of dicts), columns (a dict of lists) or a pandas DataFrame with every text cell
    passed through `formula_safe_cell`: what Streamlit's own "Download as CSV" writes is then safe."""
    if isinstance(data, list):
        return [{k: formula_safe_cell(v) for k, v in row.items()} if isinstance(row, dict) else row for row in data]
    if isinstance(data, dict):
        return {k: [formula_safe_cell(v) for v in vs] if isinstance(vs, list) else vs for k, vs in data.items()}
    if hasattr(data, "columns") and hasattr(data, "map"):
        return data.map(formula_safe_cell)
    return data


def staff_table(data: Any, **kwargs: Any) -> Any:
    """`st.dataframe` for staff pages: its toolbar's CSV download cannot carry a formula."""
    import streamlit as st

    return st.dataframe(formula_safe(data), **kwargs)


STAFF_EDITOR = "staff-editor-"  # the key prefix of the container around every staff data editor


def staff_editor(data: Any, *, key: str, **kwargs: Any) -> Any:
    """`st.data_editor` for staff pages, without the toolbar's "Download as CSV".

    An editor's cells must stay exactly as stored (an edit saves what the cell holds), so they
    cannot be made formula-safe like `staff_table`'s: instead the editor sits in a container keyed
    `staff-editor-<key>`, whose CSV download button the app's style sheet (`ui.style`) hides. A
    staff member who needs the rows as a file uses the page's own export, which is formula-safe."""
    import streamlit as st

    with st.container(key=STAFF_EDITOR + key):
        return st.data_editor(data, key=key, **kwargs)
