"""Idempotency keys of API requests: one key, one request.

`store.orders.place_order` already makes a key pay at most once and give back the same order. This
adds the other half of the `Idempotency-Key` contract: the key is bound to the request it was
first used with (a SHA-256 of it), and the same key with another request is refused
(BAD_INPUT on `idempotency_key`) instead of being answered with the first request's result.

A request refused before any payment attempt was recorded (bad details, a price that changed)
leaves nothing behind: `release_key` unbinds the key, so the corrected request may reuse it.
Keys are kept `IDEMPOTENCY_RETENTION_HOURS`, then pruned by the worker (`prune_keys`): a client
retries within minutes, and an order or payment stays bound to its key in its own row.

>>> fingerprint({"b": 1, "a": [1, "x"]}) == fingerprint({"a": [1, "x"], "b": 1})
True
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, select

from store.db import atomic
from store.errors import ErrorCode, StoreError
from store.input_checks import problem_in
from store.tables import IdempotentRequest, Order, PaymentIntent, now

KEY_MIN, KEY_MAX = 8, 200  # the limits `place_order` puts on its key


def fingerprint(request: Mapping[str, Any]) -> str:
    """A stable hash of a JSON-able request (key order does not matter)."""
    canonical = json.dumps(request, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


def _checked(key: object) -> str:
    if not isinstance(key, str) or not KEY_MIN <= len(key) <= KEY_MAX or problem_in(key):
        raise StoreError(
            ErrorCode.BAD_INPUT,
            f"the idempotency key needs {KEY_MIN} to {KEY_MAX} printable characters",
            field="idempotency_key",
        )
    return key


def claim_key(*, session: Session, key: str, request: Mapping[str, Any]) -> bool:
    """Bind `key` to `request`: False when the key is new, True when it was used before for this
    same request (a retry: the caller answers as it did the first time). BAD_INPUT when the key
    was used for another request. Never put card numbers in `request`."""
    key = _checked(key)
    digest = fingerprint(request)
    try:
        with atomic(session):
            row = session.exec(select(IdempotentRequest).where(IdempotentRequest.key == key)).first()
            if row is None:
                session.add(IdempotentRequest(key=key, fingerprint=digest))
                return False
            known = row.fingerprint
    except IntegrityError:  # the same new key arrived concurrently (PostgreSQL): compare with it
        with atomic(session):
            known = session.exec(select(IdempotentRequest.fingerprint).where(IdempotentRequest.key == key)).one()
    if known != digest:
        raise StoreError(
            ErrorCode.BAD_INPUT,
            "this Idempotency-Key was already used for a different request: send a new key for a new request",
            field="idempotency_key",
            reused=True,
        )
    return True


def bind_key(*, session: Session, key: str, scope: str, request: Mapping[str, Any]) -> dt.datetime | None:
    """Inside the caller's transaction (which serialises requests of `scope`, e.g. by a row lock):
    bind `key` to `request` within `scope` and return None when the key is new there; when it was
    used before with this same request, the time it was first used (a retry). BAD_INPUT when it
    was used with another request. Stored as a hash of scope and key, so any key length fits."""
    key = _checked(key)
    scoped = "scoped:" + hashlib.sha256(f"{scope}\n{key}".encode("utf-8", "surrogatepass")).hexdigest()
    digest = fingerprint(request)
    row = session.exec(select(IdempotentRequest).where(IdempotentRequest.key == scoped)).first()
    if row is None:
        session.add(IdempotentRequest(key=scoped, fingerprint=digest))
        session.flush()
        return None
    if row.fingerprint != digest:
        raise StoreError(
            ErrorCode.BAD_INPUT,
            "this Idempotency-Key was already used for a different request: send a new key for a new request",
            field="idempotency_key",
            reused=True,
        )
    return row.created_at


def release_key(*, session: Session, key: str, request: Mapping[str, Any]) -> bool:
    """Unbind `key` from `request` when the request was refused before any payment attempt or order
    of this key was recorded; True when released. A key that paid (or tried to) stays bound."""
    digest = fingerprint(request)
    with atomic(session):
        used = (
            session.exec(select(PaymentIntent.id).where(PaymentIntent.key == key)).first()
            or session.exec(select(Order.id).where(Order.idempotency_key == key)).first()
        )
        if used is not None:
            return False
        result = session.exec(
            delete(IdempotentRequest).where(
                col(IdempotentRequest.key) == key, col(IdempotentRequest.fingerprint) == digest
            )
        )
        return bool(result.rowcount)


def prune_keys(*, session: Session, older_than: dt.timedelta) -> int:
    """Forget the keys first used longer ago than `older_than`; how many were forgotten."""
    with atomic(session):
        result = session.exec(delete(IdempotentRequest).where(col(IdempotentRequest.created_at) < now() - older_than))
        return int(result.rowcount)
