"""What the replicas' PostgreSQL sessions are doing during a run, sampled from `pg_stat_activity`
twice a second: running a query, waiting for a row lock held by another transaction, idle inside
a transaction (the replica is computing or waiting for the GIL between two statements), or idle.
The replicas' connections are told apart by their `application_name`."""

from __future__ import annotations

import threading
from collections import Counter

from sqlalchemy import create_engine, text

APPLICATION = "scale-replica"
QUERY = text(
    "SELECT state, wait_event_type, wait_event, left(query, 60) FROM pg_stat_activity "
    "WHERE application_name = :app AND pid <> pg_backend_pid()"
)


def with_application(url: str) -> str:
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}application_name={APPLICATION}"


class PgWatch(threading.Thread):
    def __init__(self, server: str, interval: float = 0.5) -> None:
        super().__init__(name="scale-pgwatch", daemon=True)
        self.server, self.interval = server, interval
        self.seen: Counter[str] = Counter()
        self.samples = 0
        self.stopped = threading.Event()

    def run(self) -> None:
        engine = create_engine(self.server, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                while not self.stopped.wait(self.interval):
                    self.samples += 1
                    for state, wait_type, wait_event, query in conn.execute(QUERY, {"app": APPLICATION}):
                        self.seen[_kind(state, wait_type, wait_event, query)] += 1
        finally:
            engine.dispose()

    def stop(self) -> str:
        self.stopped.set()
        self.join(timeout=10)
        if not self.samples:
            return ""
        parts = [f"{kind} {n / self.samples:.2f}" for kind, n in self.seen.most_common()]
        return (
            "PostgreSQL sessions of the replicas, on average at any moment (pg_stat_activity, "
            f"{self.samples} samples): " + ", ".join(parts)
        )


def _kind(state: str | None, wait_type: str | None, wait_event: str | None, query: str | None) -> str:
    if state == "active":
        if wait_type == "Lock":  # which statement waits: it names the contended table
            statement = " ".join((query or "").split())[:48]
            return f"waiting for a lock ({wait_event}) in `{statement}...`"
        return "running a query" if wait_type is None else f"running, waiting on {wait_type}:{wait_event}"
    if state == "idle in transaction":
        return "idle in transaction"
    return "idle"
