"""A PDF page with a Unicode font and the few layout helpers every document uses.

Core PDF fonts only know Latin-1; buyers type anything (engravings, names, emoji, right-to-left
scripts). Documents embed DejaVu Sans (shipped in `render/pdf/fonts/`, Bitstream Vera licence), and
every string goes through `clean()`: control characters and lone surrogates are dropped, so no
text can break the file. Nothing here interprets markup: `<script>` prints as those characters.
"""

from __future__ import annotations

import datetime as dt
import logging
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

import i18n
from pricing import formatting
from pricing.money import Money

FONTS = Path(__file__).with_name("fonts")
SYSTEM_FONTS = Path("/usr/share/fonts/truetype/dejavu")
FAMILY = "DejaVu"
# Chinese, Japanese and Korean glyphs (DejaVu has Latin, Greek and Cyrillic only): WenQuanYi Micro
# Hei from Debian's `fonts-wqy-microhei` (installed by the Dockerfile and `.ci/run`; on a
# workstation `apt-get install fonts-wqy-microhei`), or Noto Sans CJK; fpdf2 falls back to it for
# every character DejaVu lacks. Without any of them Chinese characters are left out of PDFs.
CJK_FAMILY = "CJK"
CJK_FONTS = (
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
)

logging.getLogger("fpdf").setLevel(logging.ERROR)  # a glyph the font lacks is skipped, not an error


def clean(text: object) -> str:
    """Printable text: no control characters (tabs and newlines become spaces), no lone surrogates.

    >>> clean("a\\x00b\\tc\\ud800d")
    'ab cd'
    """
    value = str(text).encode("utf-8", "ignore").decode("utf-8")
    out = []
    for ch in value:
        if ch in "\t\r\n":
            out.append(" ")
        elif unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn"):
            continue
        else:
            out.append(ch)
    return "".join(out)


def money(amount: Money, lang: str = formatting.DEFAULT_LANGUAGE) -> str:
    """An amount as the pages show it in the buyer's language: '€1,234.50', '1234,50 €'."""
    return formatting.money(amount, lang)


def money_text(minor: int, currency: str, lang: str = formatting.DEFAULT_LANGUAGE) -> str:
    """
    >>> money_text(123456, "EUR"), money_text(-5, "USD"), money_text(123456, "EUR", "es")
    ('€1,234.56', '-$0.05', '1.234,56\\xa0€')
    """
    return formatting.minor(minor, currency, lang)


def cjk_font() -> Path | None:
    """The first CJK font found on this machine (None: CJK text prints as missing glyphs)."""
    return next((path for path in CJK_FONTS if path.is_file()), None)


def _font_file(name: str) -> Path | None:
    for folder in (FONTS, SYSTEM_FONTS):
        if (folder / name).is_file():
            return folder / name
    return None


class Document(FPDF):
    """An A4 page in the Unicode font (Helvetica with Latin-1 replacement if no font is found)."""

    def __init__(self, title: str, *, lang: str = formatting.DEFAULT_LANGUAGE) -> None:
        super().__init__(format="A4")
        self.lang = formatting.language(lang)
        self.set_title(clean(title))
        self.set_creator("configurator")
        self.set_auto_page_break(auto=True, margin=15)
        regular, bold = _font_file("DejaVuSans.ttf"), _font_file("DejaVuSans-Bold.ttf")
        self.has_unicode_font = regular is not None
        if regular is not None:
            self.add_font(FAMILY, "", str(regular))
            self.add_font(FAMILY, "B", str(bold or regular))
            self.base_family = FAMILY
            cjk = cjk_font()
            if cjk is not None:
                self.add_font(CJK_FAMILY, "", str(cjk))
                self.add_font(CJK_FAMILY, "B", str(cjk))
                # A Chinese document is set in the CJK font (it has Latin and Cyrillic too); the
                # others fall back to it for the CJK characters a buyer types.
                primary, fallback = (CJK_FAMILY, FAMILY) if self.lang == "zh_Hans" else (FAMILY, CJK_FAMILY)
                self.base_family = primary
                self.set_fallback_fonts([fallback], exact_match=False)
        else:
            self.base_family = "Helvetica"
        self.add_page()
        self.set_font(self.base_family, size=10)

    def _(self, message: str) -> str:
        """A label in the document's language."""
        return i18n.gettext(message, self.lang)

    def money(self, amount: Money) -> str:
        return formatting.money(amount, self.lang)

    def minor(self, units: int, currency: str) -> str:
        return formatting.minor(units, currency, self.lang)

    def date(self, value: dt.date) -> str:
        return formatting.date(value, self.lang)

    def text_of(self, value: object) -> str:
        text = clean(value)
        return text if self.has_unicode_font else text.encode("latin-1", "replace").decode("latin-1")

    def heading(self, text: str, size: int = 16) -> None:
        self.set_font(self.base_family, "B", size)
        self.multi_cell(0, size * 0.5, self.text_of(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(self.base_family, "", 10)
        self.ln(2)

    def subheading(self, text: str) -> None:
        self.ln(2)
        self.heading(text, size=12)

    def para(self, text: str, size: int = 10) -> None:
        self.set_font(self.base_family, "", size)
        self.multi_cell(0, 5, self.text_of(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def pairs(self, rows: list[tuple[str, str]], key_width: float = 45) -> None:
        """Label: value rows; long values wrap."""
        for key, value in rows:
            self.set_font(self.base_family, "B", 10)
            self.cell(key_width, 6, self.text_of(key))
            self.set_font(self.base_family, "", 10)
            self.multi_cell(0, 6, self.text_of(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def grid(
        self,
        header: tuple[str, ...],
        rows: Sequence[Sequence[str]],
        widths: tuple[int, ...],
        align: tuple[str, ...] | None = None,
    ) -> None:
        """A table with a heading row; by default the first column is left-aligned, the rest right."""
        with super().table(
            col_widths=widths,
            text_align=align or tuple("LEFT" if i == 0 else "RIGHT" for i in range(len(header))),
            first_row_as_headings=True,
            line_height=6,
        ) as table:
            head = table.row()
            for title in header:
                head.cell(self.text_of(title))
            for values in rows:
                row = table.row()
                for value in values:
                    row.cell(self.text_of(value))
        self.ln(2)

    def totals(self, rows: Sequence[tuple[str, str]], bold_last: bool = True) -> None:
        for index, (label, value) in enumerate(rows):
            strong = bold_last and index == len(rows) - 1
            self.set_font(self.base_family, "B" if strong else "", 10)
            self.cell(140, 6, self.text_of(label), align="R")
            self.cell(0, 6, self.text_of(value), align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(self.base_family, "", 10)

    def finish(self) -> bytes:
        return bytes(self.output())
