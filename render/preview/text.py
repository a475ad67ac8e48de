"""The buyer's text on a drawing: escaped, and legible on any colour.

The letters take the chosen ink (an option painting the text's layer) or the ink that contrasts
most with the part they sit on; when the chosen ink is too close to the part (black on a black
shirt), an outline in the contrasting ink carries the shape. Otherwise a thin halo in the opposite
ink separates the letters from a print area.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from render.preview.colours import contrast, ink_for, is_hex

LEGIBLE = 3.0  # WCAG contrast for large text


@dataclass(frozen=True, slots=True)
class TextStyle:
    fill: str
    outline: str


def text_style(background: str, ink: str | None = None) -> TextStyle:
    fill = ink if ink is not None and is_hex(ink) else ink_for(background)
    outline = ink_for(background) if contrast(fill, background) < LEGIBLE else ink_for(fill)
    return TextStyle(fill=fill, outline=outline)


def text_lines(
    lines: tuple[str, ...], *, x: float, y: float, size: float, background: str, ink: str | None = None, limit: int = 40
) -> str:
    """Up to three centred lines at (x, y), `size` px, styled for `background`."""
    style = text_style(background, ink)
    parts = []
    for index, line in enumerate(lines[:3]):
        parts.append(
            f'<text x="{x:g}" y="{y + index * (size + 4):g}" font-size="{size:g}" text-anchor="middle" '
            f'font-family="sans-serif" font-weight="bold" fill="{style.fill}" stroke="{style.outline}" '
            f'stroke-width="{max(size / 8, 1):g}" paint-order="stroke" stroke-linejoin="round">'
            f"{escape(line[:limit])}</text>"
        )
    return "".join(parts)
