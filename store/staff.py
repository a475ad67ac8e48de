"""Server-side role checks for staff actions: the role is re-read inside the action's transaction."""

from __future__ import annotations

from sqlmodel import Session

from store.errors import ErrorCode, StoreError
from store.tables import Customer


def authorize(*, session: Session, actor_id: int, roles: tuple[str, ...]) -> str:
    """The actor's audit name (`customer:<id>`), or FORBIDDEN unless the account is active and has one
    of `roles` (a deactivated account may do nothing, even from a session opened before)."""
    customer = session.get(Customer, actor_id)
    if customer is None or customer.role not in roles or not customer.active:
        raise StoreError(ErrorCode.FORBIDDEN, "your account may not do this", roles=list(roles))
    return f"customer:{actor_id}"
