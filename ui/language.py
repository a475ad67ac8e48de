"""The buyer's language for this browser tab, kept in the session (a picker on buyer pages sets it).

Outside a running page (doctests, scripts) the language is the default, English.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from pricing.formatting import DEFAULT_LANGUAGE, language

LANGUAGE_KEY = "ui:language"


def current() -> str:
    if get_script_run_ctx(suppress_warning=True) is None:
        return DEFAULT_LANGUAGE  # no page running: a doctest, a script
    chosen = st.session_state.get(LANGUAGE_KEY)
    return language(chosen if isinstance(chosen, str) else None)


def choose(code: str) -> None:
    st.session_state[LANGUAGE_KEY] = language(code)
