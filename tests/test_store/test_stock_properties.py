"""Hypothesis: whatever buyers and merchants do, stock is conserved and never negative."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, func, select

from store.errors import StoreError
from store.lifecycle import cancel_order, change_status
from store.states import OrderStatus
from store.stock import receive_stock
from store.tables import Material, StockMovement
from tests.store_helpers import MUG, checkout, fill_cart

actions = st.lists(
    st.one_of(
        st.tuples(st.just("order"), st.integers(1, 4)),
        st.tuples(st.just("receive"), st.integers(1, 3)),
        st.tuples(st.just("cancel"), st.integers(0, 20)),
        st.tuples(st.just("ship"), st.integers(0, 20)),
    ),
    min_size=1,
    max_size=8,
)


def _sum(session, material_id, kind=None):
    query = select(func.sum(StockMovement.quantity_micro)).where(StockMovement.material_id == material_id)
    if kind is not None:
        query = query.where(StockMovement.kind == kind)
    return session.exec(query).one() or 0


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=actions)
def test_stock_is_conserved(shop, steps):
    with Session(shop) as session:
        placed: list[str] = []
        for kind, n in steps:
            if kind == "order":
                placed.append(checkout(session, fill_cart(session, MUG, quantity=n)).token)
            elif kind == "receive":
                receive_stock(session=session, material_code="clay", quantity=Decimal(n) / 10, actor="t")
            elif placed:
                token = placed[n % len(placed)]
                try:
                    if kind == "cancel":
                        cancel_order(session=session, order=token)
                    else:
                        for status in (OrderStatus.IN_PRODUCTION, OrderStatus.SHIPPED):
                            change_status(session=session, order=token, to=status, actor="t")
                except StoreError:
                    pass  # not allowed in the order's state: refused, nothing changed
        for material in session.exec(select(Material)).all():
            # Available stock is exactly the sum of its movements, and never negative.
            assert material.available_micro == _sum(session, material.id) >= 0
            # Reserved = reservations - releases - what has shipped (never negative).
            assert 0 <= material.reserved_micro <= -_sum(session, material.id, "reservation")
