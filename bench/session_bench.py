"""What the session and sign-in protections cost, on SQLite (or DATABASE_URL_BENCH).

    .venv/bin/python bench/session_bench.py [rounds]

Times (median, ms): the per-click check of a live session (`browser_sessions.signed_in`, what
`ui.auth.current_user` does on every run), issuing a rotated token at sign-in, a right and a wrong
`authenticate` (argon2 dominates) and a refused attempt while the account must wait (no hashing).
The last line printed is JSON.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlmodel import Session

from store.browser_sessions import issue, signed_in
from store.customers import MAX_FAILURES, authenticate, register
from store.db import create_tables, make_engine
from store.errors import StoreError
from store.tables import CustomerCreate

HOUR = dt.timedelta(hours=1)


def median_ms(action: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        with contextlib.suppress(StoreError):
            action()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 2)


def main(rounds: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(os.environ.get("DATABASE_URL_BENCH", f"sqlite:///{folder}/bench.sqlite3"))
        create_tables(engine)
        with Session(engine) as s:
            data = CustomerCreate(email="ana@example.org", name="Ana", password="correct horse battery")
            cid = register(session=s, data=data).id
            token = issue(session=s, customer_id=cid, cart_token=None).token
            figures = {
                "check_live_session_ms": median_ms(
                    lambda: signed_in(session=s, token=token, customer_id=cid, idle=HOUR, lifetime=HOUR), rounds
                ),
                "issue_rotated_token_ms": median_ms(lambda: issue(session=s, customer_id=cid, cart_token=None), rounds),
                "sign_in_right_ms": median_ms(
                    lambda: authenticate(session=s, email="ana@example.org", password="correct horse battery"), rounds
                ),
            }
            for n in range(MAX_FAILURES):
                with contextlib.suppress(StoreError):
                    authenticate(session=s, email="ana@example.org", password=f"wrong {n}")
            figures["refused_while_waiting_ms"] = median_ms(
                lambda: authenticate(session=s, email="ana@example.org", password="anything at all"), rounds
            )
        engine.dispose()
    return figures


if __name__ == "__main__":
    result = main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
    for name, value in result.items():
        print(f"{name:28} {value:8.2f}")
    print(json.dumps(result))
