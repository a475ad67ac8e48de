"""Render buyer-provided text safely: never as HTML, never as live markdown links or images."""

from __future__ import annotations

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$&])")


def md_escape(text: str) -> str:
    """Escape markdown so that `text` shows literally inside st.markdown/st.error/...

    >>> md_escape("[click](javascript:alert(1))")
    '\\\\[click\\\\]\\\\(javascript\\\\:alert\\\\(1\\\\)\\\\)'
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text.replace("\n", " "))
