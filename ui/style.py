"""The app's few style rules, sent once per run (static CSS, no user data)."""

from __future__ import annotations

import streamlit as st

# Streamlit cuts button and checkbox labels to one line with an ellipsis ("AMD Ryzen 7 780…"),
# hiding option names and their price effects; in the page body they wrap instead.
# Staff data editors (`ui.safe.staff_editor`, in containers keyed "staff-editor-...") offer no
# "Download as CSV": their cells are the stored values, which a spreadsheet could run as formulas.
SHEET = """
<style>
[data-testid="stMain"] .stMarkdownEllipsis,
[data-testid="stMain"] .stMarkdownEllipsis p {
  white-space: normal;
  overflow: visible;
  text-overflow: clip;
  overflow-wrap: anywhere;
}
[class*="st-key-staff-editor-"] [data-testid="stElementToolbarButton"]:has(button[aria-label^="Download as CSV"]) {
  display: none;
}
</style>
"""


def apply() -> None:
    st.html(SHEET)
