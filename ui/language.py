"""The buyer's language for this browser tab, kept in the session (at first the one the browser asks
for in `Accept-Language`); `_` translates a page string.

Outside a running page (doctests, scripts) the language is the default, English.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

import i18n
from ui.session_keys import LANGUAGE_KEY, PICKED_LANGUAGE_KEY

WIDGET_KEY = "w:ui:language"


def current() -> str:
    if get_script_run_ctx(suppress_warning=True) is None:
        return i18n.DEFAULT_LANGUAGE  # no page running: a doctest, a script
    chosen = st.session_state.get(LANGUAGE_KEY)
    if chosen is None:  # a new session speaks the language the browser asks for, until the buyer picks one
        chosen = st.session_state[LANGUAGE_KEY] = i18n.preferred(st.context.headers.get("Accept-Language"))
    return i18n.language(chosen if isinstance(chosen, str) else None)


def choose(code: str) -> None:
    st.session_state[LANGUAGE_KEY] = i18n.language(code)


def _(message: str) -> str:
    """`message` in the tab's language (the English text when it has no translation)."""
    return i18n.gettext(message, current())


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of `singular`/`plural` that `n` takes in the tab's language ("1 piece", "2 pieces")."""
    return i18n.ngettext(singular, plural, n, current())


def _keep() -> None:
    choose(str(st.session_state.get(WIDGET_KEY)))
    st.session_state[PICKED_LANGUAGE_KEY] = current()  # `ui.persist.sync` remembers it for this browser


def picker_label(lang: str | None = None) -> str:
    """The picker's label: "Language" in `lang` (the tab's language by default), followed by the
    English word in any other language, so a buyer who cannot read the current language still
    finds the way back (the choices name each language in itself). Plain words: the label is also
    what a screen reader says (an icon's markup would be read out letter by letter, and an emoji
    shows as an empty box where no emoji font is installed).

    >>> picker_label("es"), picker_label("en")
    ('Idioma · Language', 'Language')
    """
    said = i18n.gettext("Language", lang or current())
    return said if said == "Language" else f"{said} · Language"


def picker() -> None:
    """The language picker in the sidebar of the buyer pages; the choice lasts for the session.
    Its label is in the tab's language behind a globe, and each language is named in itself, so
    a buyer who cannot read the current language still finds the way back to theirs."""
    codes = list(i18n.LANGUAGES)
    st.session_state[WIDGET_KEY] = current()
    st.sidebar.selectbox(
        picker_label(),
        codes,
        key=WIDGET_KEY,
        format_func=lambda code: i18n.LANGUAGES[code],
        on_change=_keep,
    )
