"""The reconciler: no payment attempt stays open. Run by `python -m store reconcile` (every few
minutes from cron or a timer, or `--every SECONDS` as a worker), by `python -m store init` and
when the app server starts.

Every intent begun more than `older_than` ago and still open is settled (`store.intents.settle`):
the provider says whether its key was charged; a charge becomes the order (from the request the
intent recorded, if it is still valid) or is refunded; no charge, and the intent is abandoned.
Idempotent, and safe to run in several processes at once.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter

from sqlalchemy.engine import Engine
from sqlmodel import Session

from store.intents import settle, stale_intents
from store.payments import PaymentProvider

log = logging.getLogger(__name__)


def reconcile(*, engine: Engine, provider: PaymentProvider, older_than: dt.timedelta) -> Counter[str]:
    """Settle every open intent older than `older_than`; how many ended in each status (and
    'error' for those that could not be settled now: they are tried again next time)."""
    outcome: Counter[str] = Counter()
    with Session(engine) as session:
        for intent_id in stale_intents(session, older_than=older_than):
            try:
                outcome[settle(session, intent_id, provider)] += 1
            except Exception:  # the provider or the database failed: leave it for the next run
                log.exception("payment intent %s could not be settled", intent_id)
                outcome["error"] += 1
    return outcome


def settle_stale_payments(engine: Engine, minutes: int) -> Counter[str]:
    """At start-up: finish or refund the payment attempts a crashed process left open."""
    from store.orders import default_provider

    outcome = reconcile(engine=engine, provider=default_provider(), older_than=dt.timedelta(minutes=minutes))
    if outcome:
        print("payment intents settled: " + ", ".join(f"{n} {status}" for status, n in sorted(outcome.items())))
    return outcome
