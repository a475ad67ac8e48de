"""The compile job of a catalog version on the staff catalog page: a progress bar refreshed every
second while it is queued or running (a fragment: only this part reruns), then its outcome; a
failure says why, with a button to compile again."""

from __future__ import annotations

import streamlit as st

from store.compile_jobs import compile_again, compile_status
from store.db import transaction
from store.errors import StoreError
from store.tables import CompileJobPublic
from ui.resources import database
from ui.safe import md_escape

REFRESH_SECONDS = 1.0
_LIVE = ("queued", "running")


def _status(user_id: int, version_id: int) -> CompileJobPublic | None:
    with transaction(database()) as session:
        return compile_status(session=session, actor_id=user_id, catalog_version_id=version_id)


def _render(job: CompileJobPublic | None) -> None:
    if job is None:
        st.caption("Rules engine: compiled when first used (published before compiles were queued)")
    elif job.state in _LIVE:
        label = "waiting for a compile runner" if job.state == "queued" else job.message
        st.progress(job.percent / 100, text=f"Compiling the rules engine: {md_escape(label)} ({job.percent} %)")
    elif job.state == "done":
        st.caption(f"Rules engine: {md_escape(job.message)}")
    else:
        st.error(f"The rules engine could not be compiled: {md_escape(job.error or job.message)}")


def _again(user_id: int, version_id: int) -> None:
    if st.button("Compile again", key=f"compile-again:{version_id}"):
        try:
            with transaction(database()) as session:
                compile_again(session=session, actor_id=user_id, catalog_version_id=version_id)
        except StoreError as exc:
            st.error(md_escape(exc.message))
        else:
            st.rerun()


def show(*, user_id: int, version_id: int) -> None:
    """The version's compile progress (live while under way) or outcome."""
    job = _status(user_id, version_id)
    if job is None or job.state not in _LIVE:
        _render(job)
        if job is not None and job.state == "failed":
            _again(user_id, version_id)
        return

    @st.fragment(run_every=REFRESH_SECONDS)
    def live() -> None:
        current = _status(user_id, version_id)
        _render(current)
        if current is not None and current.state not in _LIVE:
            st.rerun()  # finished: the whole page shows the outcome and stops refreshing

    live()
