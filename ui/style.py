"""The app's few style rules, sent once per run (static CSS, no user data)."""

from __future__ import annotations

import re
from urllib.parse import quote

import streamlit as st

# Streamlit cuts button and checkbox labels to one line with an ellipsis ("AMD Ryzen 7 780…"),
# hiding option names and their price effects; in the page body they wrap instead.
# Staff data editors (`ui.safe.staff_editor`, in containers keyed "staff-editor-...") offer no
# "Download as CSV": their cells are the stored values, which a spreadsheet could run as formulas.
# Captions (and image captions) are drawn in the text colour at 60 % opacity, 4.2:1 on white, under
# the WCAG AA 4.5:1 for small text: ours are opaque grey, 5.9:1 on white, 5.4:1 on the grey panels.
# Every control shows where the keyboard is: a visible ring on focus (not on mouse clicks); a
# checkbox's input is clipped out of sight, so its label carries the ring.
# Colour swatches (a colour module's options sit in a container keyed "swatch-...") are drawn at
# the top of their option's button, as its `::before` box (`ui.swatch_style` sets each picture in
# `--swatch`): a chip at most 30 px high, so at a phone's full width it is not a 60 px bar doubling
# the list. The state is drawn over it from the button's kind, so the pictures stay the same on
# every click: a ring and a check (haloed, readable on any colour) on the chosen option (primary),
# a veil and a strike on an unavailable one (tertiary).
# Checkout's list of items keeps each item's picture, name and total on one row (`co-row-...`) on
# any screen: the name wraps, rather than the total dropping to a row of its own.


def _svg_url(svg: str) -> str:
    """A drawing as a data URL for the style sheet."""
    return "".join(("data:image/svg+xml,", quote(svg, safe=" =':/")))


# 120 x 22 drawings (a swatch's size), laid over the swatch
CHOSEN_MARK = _svg_url(
    "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 120 22'>"
    "<path d='M1.5 1.5 H118.5 V20.5 H1.5 Z' fill='none' stroke='#111' stroke-width='3'/>"
    "<path d='M54 11 L59 16 L68 6' fill='none' stroke-linecap='round' stroke-linejoin='round'"
    " stroke='#fff' stroke-width='6.5'/>"
    "<path d='M54 11 L59 16 L68 6' fill='none' stroke-linecap='round' stroke-linejoin='round'"
    " stroke='#111' stroke-width='3.5'/>"
    "</svg>"
)
UNAVAILABLE_MARK = _svg_url(
    "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 120 22'>"
    "<path d='M3 3 H117 V19 H3 Z' fill='#fff' fill-opacity='0.45'/>"
    "<path d='M6 18 L114 4' stroke='#fff' stroke-width='5'/>"
    "<path d='M6 18 L114 4' stroke='#3C3C3C' stroke-width='2.5'/>"
    "</svg>"
)
# A catalog's swatch style element (`ui.swatch_style.catalog_swatches`): nothing but swatch rules,
# each a selector of two key classes and a base64 SVG; anything else is refused before it is sent.
SWATCH_SHEET = re.compile(
    r"<style>\n(?:\.st-key-[A-Za-z0-9_-]+ \.st-key-[A-Za-z0-9_-]+ button::before"
    r'\{content:"";--swatch:url\("data:image/svg\+xml;base64,[A-Za-z0-9+/]*={0,2}"\)\}\n)*</style>'
)
SHEET = """
<style>
[data-testid="stCaptionContainer"],
[data-testid="stImageCaption"] {
  color: #5f6664;
  opacity: 1;
}
[data-testid="stApp"] :is(button, a, input, textarea, [role="slider"], [role="tab"], [tabindex="0"]):focus-visible,
[data-testid="stApp"] label:has(input:is([type="checkbox"], [type="radio"]):focus-visible) {
  outline: 2px solid #1F6F5C;
  outline-offset: 2px;
}
[data-testid="stMain"] .stMarkdownEllipsis,
[data-testid="stMain"] .stMarkdownEllipsis p {
  white-space: normal;
  overflow: visible;
  text-overflow: clip;
  overflow-wrap: anywhere;
}
[class*="st-key-swatch-"] [class*="st-key-opt-"] button {
  flex-direction: column;
}
[class*="st-key-swatch-"] [class*="st-key-opt-"] button::before {
  display: block;
  flex: none;
  width: 100%;
  aspect-ratio: 120 / 22;
  max-height: 30px;
  margin-bottom: 0.25rem;
  background-image: var(--swatch);
  background-position: center;
  background-size: contain;
  background-repeat: no-repeat;
}
[class*="st-key-swatch-"] [class*="st-key-opt-"] button[data-testid="stBaseButton-primary"]::before {
  background-image: url("CHOSEN_MARK"), var(--swatch);
}
[class*="st-key-swatch-"] [class*="st-key-opt-"] button[data-testid="stBaseButton-tertiary"]::before {
  background-image: url("UNAVAILABLE_MARK"), var(--swatch);
}
[data-testid="stSlider"] [data-testid="stSliderTickBar"] {
  opacity: 1 !important;
}
.st-key-phone-bar {
  display: none;
}
[data-testid="stLayoutWrapper"]:has(> .st-key-phone-bar) {
  display: contents;
}
@media (max-width: 640px) {
  .st-key-phone-bar {
    display: flex;
    position: fixed;
    left: 0;
    right: 0;
    bottom: 0;
    z-index: 99;
    padding: 0.6rem 1rem 0.2rem;
    background: #ffffff;
    border-top: 1px solid #d5dad8;
    box-shadow: 0 -2px 6px rgba(0, 0, 0, 0.08);
  }
  [data-testid="stMainBlockContainer"]:has(.st-key-phone-bar) {
    padding-bottom: 5rem;
  }
}
[class*="st-key-co-row-"] {
  flex-wrap: nowrap;
}
[class*="st-key-staff-editor-"] [data-testid="stElementToolbarButton"]:has(button[aria-label^="Download as CSV"]) {
  display: none;
}
</style>
""".replace("CHOSEN_MARK", CHOSEN_MARK).replace("UNAVAILABLE_MARK", UNAVAILABLE_MARK)


def apply() -> None:
    st.html(SHEET)


def apply_swatches(sheet: str) -> None:
    """Send a catalog's swatch style element, once checked to hold swatch rules only."""
    if SWATCH_SHEET.fullmatch(sheet) is None:
        raise ValueError("the swatch style element holds something other than swatch rules")
    st.html(sheet)
