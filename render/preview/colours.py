"""Colour arithmetic for the drawings: WCAG contrast, an ink that reads on any colour, outlines.

>>> ink_for("#1B1B1B"), ink_for("#F7F7F5")
('#FFFFFF', '#111111')
>>> contrast("#FFFFFF", "#000000")
21.0
"""

from __future__ import annotations

import re

_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
DARK = "#111111"
LIGHT = "#FFFFFF"


def is_hex(value: str | None) -> bool:
    return bool(value and _HEX.match(value))


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a #RRGGBB colour (0 black .. 1 white)."""
    channels = []
    for start in (1, 3, 5):
        c = int(colour[start : start + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two colours, 1 (same) .. 21 (black on white)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return round((high + 0.05) / (low + 0.05), 2)


def ink_for(background: str) -> str:
    """Near-black or white, whichever contrasts more with `background` (at least 4.5:1)."""
    return DARK if contrast(background, DARK) >= contrast(background, LIGHT) else LIGHT


def outline_for(fill: str) -> str:
    """An outline for a part painted `fill`: dark on light parts, light grey on dark ones, so a white
    frame stays visible on a white page and a black one on a black shirt."""
    return "#3C3C3C" if luminance(fill) > 0.18 else "#B8B8B8"


def shade(colour: str, factor: float) -> str:
    """`colour` darkened (factor < 1) or lightened toward white (factor > 1)."""
    out = []
    for start in (1, 3, 5):
        c = int(colour[start : start + 2], 16)
        value = c * factor if factor <= 1 else c + (255 - c) * (factor - 1)
        out.append(max(0, min(255, round(value))))
    return "#{:02X}{:02X}{:02X}".format(*out)
