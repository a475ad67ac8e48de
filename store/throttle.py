"""Growing delays instead of lockouts, shared by every app replica through the database.

Each scope allows `free` events (failed sign-ins, sign-ups, reset requests) per `window` for one
subject (an account's address, a client's network address); every event past that makes the
subject wait, twice as long each time from `first_delay` up to `cap`. A refused attempt is not
counted and nobody sleeps on the server: the caller answers "try again in N s".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session, col, delete, select

from store.errors import ErrorCode, StoreError
from store.tables import Throttle, now


@dataclass(frozen=True, slots=True)
class Policy:
    free: int
    window: dt.timedelta
    first_delay: dt.timedelta
    cap: dt.timedelta


SIGN_IN_ACCOUNT = "sign-in-account"
SIGN_IN_ADDRESS = "sign-in-address"
SIGN_UP_ADDRESS = "sign-up-address"
RESET_ADDRESS = "reset-address"
RESET_ACCOUNT = "reset-account"
HOUR = dt.timedelta(hours=1)
POLICIES = {
    SIGN_IN_ACCOUNT: Policy(5, HOUR, dt.timedelta(seconds=1), dt.timedelta(minutes=15)),
    SIGN_IN_ADDRESS: Policy(20, HOUR, dt.timedelta(seconds=1), dt.timedelta(minutes=15)),
    SIGN_UP_ADDRESS: Policy(5, HOUR, dt.timedelta(minutes=10), HOUR),
    RESET_ADDRESS: Policy(5, HOUR, dt.timedelta(minutes=10), HOUR),
    RESET_ACCOUNT: Policy(3, HOUR, dt.timedelta(minutes=10), HOUR),
}


def _row(session: Session, scope: str, subject: str) -> Throttle | None:
    query = select(Throttle).where(Throttle.scope == scope, Throttle.subject == subject).with_for_update()
    return session.exec(query).first()


def wait_seconds(session: Session, scope: str, subject: str, moment: dt.datetime | None = None) -> int:
    """How long `subject` must wait before its next attempt in `scope` (0: go ahead)."""
    moment = moment or now()
    row = _row(session, scope, subject)
    if row is None or row.next_allowed_at is None or row.next_allowed_at <= moment:
        return 0
    return int((row.next_allowed_at - moment).total_seconds()) + 1


def record(session: Session, scope: str, subject: str, moment: dt.datetime | None = None) -> Throttle:
    """Count one event (inside the caller's transaction); past the free ones, the subject waits."""
    moment, policy = moment or now(), POLICIES[scope]
    row = _row(session, scope, subject)
    if row is None:
        row = Throttle(scope=scope, subject=subject, count=0, window_start=moment)
    if moment - row.window_start > policy.window and (row.next_allowed_at is None or row.next_allowed_at <= moment):
        row.count, row.window_start, row.next_allowed_at = 0, moment, None
    row.count += 1
    if row.count >= policy.free:
        delay = policy.first_delay * 2 ** min(row.count - policy.free, 20)
        row.next_allowed_at = moment + min(delay, policy.cap)
    session.add(row)
    session.flush()
    return row


def clear(session: Session, scope: str, subject: str) -> None:
    session.exec(delete(Throttle).where(col(Throttle.scope) == scope, col(Throttle.subject) == subject))


def refuse_if_waiting(session: Session, scope: str, subject: str, what: str) -> None:
    """TOO_MANY_ATTEMPTS (with `retry_after` seconds) while `subject` must wait."""
    wait = wait_seconds(session, scope, subject)
    if wait:
        raise StoreError(ErrorCode.TOO_MANY_ATTEMPTS, f"too many {what}: try again in {_say(wait)}", retry_after=wait)


def _say(seconds: int) -> str:
    return f"{seconds} s" if seconds < 120 else f"{(seconds + 59) // 60} min"
