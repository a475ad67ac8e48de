"""`python -m ui.server [streamlit options]`: start the app (what `make run` does).

It serves `asgi_app.py`: `streamlit_app.py` on Streamlit's Starlette server plus the route that
sets the session cookie from the server (see docs/sessions.md).

Streamlit treats an app whose entry point has a `pages/` folder beside it as a legacy
multipage app until the first script run calls `st.navigation`; on a fresh server that first
run shows a "Page not found" dialog for any deep link (a shared design, an order link). This
app always routes with `st.navigation`, so the launcher says so before the server starts.

It also turns off Streamlit's full garbage collection after every script run
(`runner.postScriptGC`): with the compiled catalog engines in memory that pass cost about
150 ms of CPU per click, ten times the script itself; Python's own collector still runs.

And it does not watch the source files (`server.fileWatcherType=none`): a reload of an edited
module gives new classes while the cached engines and catalogs still hold instances of the old
ones, so `isinstance` checks fail until a restart. Restart after a code change (or pass
`--server.fileWatcherType=auto` while developing pages only).

Before the server starts, payment attempts a crashed process left open are finished or refunded
(`store.reconcile`; `python -m store worker` does it periodically). The server never migrates the
database (`python -m store migrate` does, once per deployment): on a database that is not migrated
it skips that step, starts, and every page says what to run.
"""

from __future__ import annotations

import sys

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

from settings import ROOT, get_settings


def settle_payments() -> bool:
    """Settle the payment attempts a crash left open; skipped (False) while the database cannot be
    reached or is not migrated: the server still starts and its pages say what to do."""
    from store.db import make_engine
    from store.health import known_revision, readiness
    from store.reconcile import settle_stale_payments

    settings = get_settings()
    engine = make_engine(settings.database_url)
    try:
        report = readiness(engine)
        if not report.ready:
            if not report.database:
                hint = "the database cannot be reached"
            elif report.revision is not None and not known_revision(report.revision):
                hint = "a newer release migrated the database: deploy it here"
            else:
                hint = "the database is not migrated: run `python -m store migrate`"
            print(f"stale payments not settled: {hint} ({report.detail})", file=sys.stderr)
            return False
        settle_stale_payments(engine, settings.payment_reconcile_minutes)
        return True
    finally:
        engine.dispose()


def main(argv: list[str]) -> None:
    settle_payments()
    PagesManager.uses_pages_directory = False
    sys.argv = [
        "streamlit",
        "run",
        str(ROOT / "asgi_app.py"),  # streamlit_app.py plus the session cookie route
        "--runner.postScriptGC=false",
        "--server.fileWatcherType=none",
        "--browser.gatherUsageStats=false",  # the shop sends nothing about its visitors anywhere
        *argv,
    ]
    cli.main()


if __name__ == "__main__":
    main(sys.argv[1:])
