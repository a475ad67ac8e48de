"""Warm a process's memos before its first buyer: every catalog version on sale compiled, its
explanation solver built and its empty design's view (the "from" price, each option's effect
today) computed, so the first product list or state call does not pay for a compile.

`start_warm_up` runs it in a background thread, so a server starts (and answers `/healthz`) at
once; the returned event is set when it is done, whatever happened (a failure is logged: every
request still builds what it needs itself).
"""

from __future__ import annotations

import datetime as dt
import threading

from sqlalchemy.engine import Engine
from sqlmodel import Session

from store.configuration import compiled_engine, configuration_view
from store.logs import configure
from store.on_sale import on_sale_versions


def warm_up(*, engine: Engine, day: dt.date | None = None) -> int:
    """Compile and price every product on sale (see above); the number of products."""
    with Session(engine) as session:
        products = on_sale_versions(session=session)
    for product in products:
        compiled = compiled_engine(catalog=product.catalog, fingerprint=product.fingerprint)
        compiled.engine.warm_up()
        configuration_view(
            catalog=product.catalog,
            fingerprint=product.fingerprint,
            selection={},
            day=day or dt.date.today(),
            quantity=1,
        )
    return len(products)


def start_warm_up(*, engine: Engine) -> threading.Event:
    """`warm_up` in a daemon thread; the event is set once it has finished or failed."""
    done = threading.Event()

    def run() -> None:
        try:
            count = warm_up(engine=engine)
            configure().info("warm-up done", extra={"products": count})
        except Exception:  # the requests compile what they need; the server must not fall over
            configure().exception("warm-up failed")
        finally:
            done.set()

    threading.Thread(target=run, name="warm-up", daemon=True).start()
    return done
