"""The error boundary around every page: an unexpected exception never reaches the buyer.

Expected refusals (`StoreError`, a catalog's located errors...) are shown by the pages
themselves. Anything else is caught here: the buyer sees a short apology with an incident id,
and the server logs the traceback as one JSON line (`store.logs`) with that id, the page and the
exception type, so support can find it from what the buyer quotes.

Streamlit's own control flow (`st.stop`, `st.rerun`, `st.switch_page`) raises BaseExceptions
that are not `Exception`: they pass through untouched.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from store.logs import LOGGER
from ui.language import _

log = logging.getLogger(f"{LOGGER}.incident")


def new_incident_id() -> str:
    """Short and random (32 bits), easy to read out on the phone: e.g. '7F3A-09C2'."""
    raw = secrets.token_hex(4).upper()
    return f"{raw[:4]}-{raw[4:]}"


def report(exc: BaseException, *, page: str) -> str:
    """Log `exc` as one structured line; its incident id."""
    incident = new_incident_id()
    log.error(
        "unexpected error while showing a page",
        exc_info=(type(exc), exc, exc.__traceback__),
        extra={"event": "page.error", "incident": incident, "page": page, "exception": type(exc).__name__},
    )
    return incident


def apologise(incident: str) -> None:
    st.error(
        _(
            "Sorry, something went wrong on our side and this page could not be shown. "
            "Please try again in a moment; nothing was charged or ordered by this error. "
            "If it keeps happening, contact us and quote incident **{incident}**."
        ).format(incident=incident),
        icon=":material/sentiment_dissatisfied:",
    )


def run_app(*, prepare: Callable[[], None], navigation: Callable[[], StreamlitPage]) -> None:
    """`prepare()`, then build the navigation and run the chosen page, all inside the boundary."""
    page = "-"
    try:
        prepare()
        chosen = navigation()
        page = f"/{chosen.url_path}"  # "/" is the default page
        chosen.run()
    except Exception as exc:  # the boundary: everything unexpected ends here
        apologise(report(exc, page=page))
