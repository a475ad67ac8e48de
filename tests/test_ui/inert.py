"""What would make rendered markdown live: a bare address that Streamlit's markdown turns into a
link even when its characters are escaped ("https://x.y", "www.x.y", "a@b.c")."""

from __future__ import annotations

import re

# After markdown escapes are resolved; `ui.safe.md_escape`'s word joiner (U+2060) is not in [\w-].
_AUTOLINK = re.compile(r"https?://[\w-]|(?<![\w-])www\.[\w-]|[\w.+-]@[\w-]+\.[\w-]", re.IGNORECASE)


def autolinks(markdown: str) -> list[str]:
    """The bare addresses in `markdown` that would render as links."""
    return _AUTOLINK.findall(re.sub(r"\\(.)", r"\1", markdown))
