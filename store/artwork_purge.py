"""Purge buyers' pictures nobody uses (`python -m store purge-artwork --older-than DAYS`).

A picture is an orphan when it was last uploaded more than `older_than` ago and nothing names it:
no cart line (of any cart), no saved design, no order line's snapshot, and no design in progress
of a browser seen within `older_than` (`store.browser_sessions.keep_work`). Only orphans are
deleted: a picture an order snapshot names is never deleted, whatever its age.

Races: the purge locks the old pictures first (`FOR UPDATE` on PostgreSQL; SQLite runs one writer
at a time) and only then looks for what names them, while adding a cart line, saving a design and
placing an order lock the pictures they name for share (`store.buyer_artwork.lock_pictures`). So
either the purge sees the new cart line, design or snapshot and keeps the picture, or the other
action finds the picture gone and says so ("no such uploaded picture; upload it again").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, col, select

from store.db import atomic
from store.tables import BrowserSession, BuyerArtwork, CartLine, Design, OrderLine
from store.tables._base import now

__all__ = ["Purged", "purge_orphan_artwork"]

_BATCH = 500


@dataclass(frozen=True, slots=True)
class Purged:
    examined: int  # pictures older than the cut-off
    kept: int  # of those, still named by a cart line, design, order or design in progress
    deleted: tuple[str, ...]  # sha256 of the pictures deleted (or that would be, on a dry run)


def _named(placements: Any) -> Iterator[str]:
    """The sha256 each placement of {zone: {sha256, ...}} names."""
    if isinstance(placements, Mapping):
        for placement in placements.values():
            if isinstance(placement, Mapping) and isinstance(placement.get("sha256"), str):
                yield placement["sha256"]


def _in_use(session: Session, seen_since: dt.datetime) -> set[str]:
    used: set[str] = set()
    for artwork in session.exec(select(CartLine.artwork).execution_options(yield_per=_BATCH)):
        used.update(_named(artwork))
    for artwork in session.exec(select(Design.artwork).execution_options(yield_per=_BATCH)):
        used.update(_named(artwork))
    for snapshot in session.exec(select(OrderLine.snapshot).execution_options(yield_per=_BATCH)):
        used.update(_named(snapshot.get("artwork") if isinstance(snapshot, Mapping) else None))
    works = select(BrowserSession.work).where(col(BrowserSession.last_seen_at) >= seen_since)
    for work in session.exec(works.execution_options(yield_per=_BATCH)):
        for entry in (work or {}).values() if isinstance(work, Mapping) else ():
            used.update(_named(entry.get("artwork") if isinstance(entry, Mapping) else None))
    return used


def _chunks(items: Iterable[str], size: int) -> Iterator[list[str]]:
    batch: list[str] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def purge_orphan_artwork(
    *, session: Session, older_than: dt.timedelta, dry_run: bool = False, moment: dt.datetime | None = None
) -> Purged:
    """Delete the pictures last uploaded before `moment - older_than` that nothing names (see the
    module's docstring); with `dry_run`, only say which. ValueError for a negative age."""
    if older_than < dt.timedelta(0):
        raise ValueError("the age must be 0 or more days")
    cutoff = (moment or now()) - older_than
    with atomic(session):
        old = session.exec(
            select(BuyerArtwork.sha256).where(col(BuyerArtwork.created_at) < cutoff).with_for_update()
        ).all()
        if not old:
            return Purged(0, 0, ())
        used = _in_use(session, cutoff)
        orphans = sorted(set(old) - used)
        if not dry_run:
            for batch in _chunks(orphans, _BATCH):
                session.exec(delete(BuyerArtwork).where(col(BuyerArtwork.sha256).in_(batch)))
        return Purged(len(old), len(old) - len(orphans), tuple(orphans))
