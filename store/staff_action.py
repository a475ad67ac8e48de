"""One staff action = one transaction that starts by re-checking the actor's role.

Services of `store.lifecycle`, `store.aftersales` and `store.stock` run inside `store.db.atomic`,
which commits (or rolls back) the session's *current* transaction. Called inside `staff_action`,
they therefore commit the role check and whatever was added before them (an audit row, a note
to the buyer) together, and a refusal anywhere leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlmodel import Session

from store.staff import authorize
from store.states import OPERATIONS


@contextmanager
def staff_action(session: Session, actor_id: int, roles: tuple[str, ...] = OPERATIONS) -> Iterator[str]:
    """The actor's audit name once the role is confirmed; commits or rolls back what the body did."""
    session.expire_all()
    try:
        yield authorize(session=session, actor_id=actor_id, roles=roles)
        session.commit()  # nothing is left to commit when the body ended with a service's own commit
    except BaseException:
        session.rollback()
        raise
