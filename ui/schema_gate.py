"""Before any page runs: the database answers and its schema is the one this code expects.

App processes never migrate (with several replicas they would race, and a replica of the previous
release would fight the new schema): `python -m store migrate` does, once per deployment. Until it
has, every page shows what is wrong and what to run instead of failing on a missing table.

A schema found current stays current for the life of the process (migrations only move forward),
so the check costs one query per script run only while the shop is not ready.
"""

from __future__ import annotations

import logging
import threading

import streamlit as st

from store.health import Readiness, known_revision, readiness
from store.logs import LOGGER
from ui.resources import database

log = logging.getLogger(f"{LOGGER}.readiness")
MIGRATE = "python -m store migrate"
_READY: set[str] = set()  # database URLs (passwords hidden) whose schema this process found current
_REPORTED: set[tuple[str, str]] = set()  # (URL, problem) already logged: one line per problem
_LOCK = threading.Lock()


def problem(report: Readiness) -> tuple[str, str]:
    """(headline, what to do) for a database that is not ready."""
    if not report.database:
        return "The shop cannot reach its database.", "Please try again in a few minutes."
    if report.revision is not None and not known_revision(report.revision):
        return (
            "The database was migrated by a newer release of the shop than this server runs.",
            "Deploy the newer release on this server (its schema cannot go back).",
        )
    return "The database is not migrated.", f"Run `{MIGRATE}`, then reload this page."


def require_ready() -> None:
    """Return if the database is ready; otherwise show what is wrong and stop the script run."""
    engine = database()
    key = engine.url.render_as_string(hide_password=True)
    with _LOCK:
        if key in _READY:
            return
    report = readiness(engine)
    if report.ready:
        with _LOCK:
            _READY.add(key)
        return
    headline, todo = problem(report)
    with _LOCK:
        first = (key, report.detail) not in _REPORTED
        _REPORTED.add((key, report.detail))
    if first:
        log.warning(headline, extra={"event": "app.not_ready", "detail": report.detail})
    st.title("The shop is not ready yet")
    st.error(f"{headline} {todo}", icon=":material/construction:")
    st.caption(report.detail)
    st.stop()
