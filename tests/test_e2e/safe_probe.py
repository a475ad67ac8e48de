"""A page for the browser test of `ui.safe` (test_safe_rendering.py): escaped text holding bare
addresses, a staff table and a staff data editor, under the app's own style sheet."""

import streamlit as st

from ui import style
from ui.safe import md_escape, staff_editor, staff_table

BARE = ["see https://evil.example/x", "or www.evil.example", "mail ana@evil.example", "HTTPS://WWW.EVIL.EXAMPLE"]
ROWS = [{"name": '=HYPERLINK("https://evil.example")', "quantity": 2}]

if __name__ == "__main__":  # under `streamlit run`; the test imports the texts only
    style.apply()
    for n, text in enumerate(BARE):
        with st.container(key=f"probe-md-{n}"):
            st.markdown(md_escape(text))
    with st.container(key="probe-table"):
        staff_table(ROWS, hide_index=True)
    staff_editor(ROWS, key="probe:editor", hide_index=True)
