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


def _halves(line: str) -> list[str]:
    """`line` in two, at the space nearest its middle (else at the middle)."""
    middle = len(line) // 2
    spaces = [i for i, c in enumerate(line) if c == " "]
    cut = min(spaces, key=lambda i: abs(i - middle)) if spaces else middle
    return [part for part in (line[:cut].strip(), line[cut:].strip()) if part]


def text_lines(
    lines: tuple[str, ...],
    *,
    x: float,
    y: float,
    size: float,
    background: str,
    ink: str | None = None,
    limit: int = 40,
    width: float | None = None,
) -> str:
    """Up to three centred lines at (x, y), at most `size` px, styled for `background`; given a
    `width`, the size shrinks so the longest line fits in it (a bold letter is about 0.62 em)."""
    style = text_style(background, ink)
    shown = [line[:limit] for line in lines[:3]]
    if width is not None and shown:
        if len(shown) == 1 and width / (0.62 * len(shown[0])) < min(size, 6):
            shown = _halves(shown[0])  # too small on one line: two lines read better
        size = max(min(size, width / (0.62 * max(len(line) for line in shown))), 4)
    size = round(size, 1)
    parts = []
    for index, line in enumerate(shown):
        parts.append(
            f'<text x="{x:g}" y="{y + index * (size + 4):g}" font-size="{size:g}" text-anchor="middle" '
            f'font-family="sans-serif" font-weight="bold" fill="{style.fill}" stroke="{style.outline}" '
            f'stroke-width="{max(size / 8, 0.6):g}" paint-order="stroke" stroke-linejoin="round">'
            f"{escape(line)}</text>"
        )
    return "".join(parts)
