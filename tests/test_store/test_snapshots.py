"""Order lines are read back through store.snapshots.LineSnapshot: a line whose stored snapshot is
old or damaged still shows its order (the part that does not fit reads as empty) instead of
breaking the staff order page, the bill of materials or the analytics."""

from __future__ import annotations

from sqlmodel import Session, select

from store.analytics import option_popularity
from store.order_detail import order_detail
from store.popularity import option_popularity as sold_options
from store.tables import Order, OrderLine
from tests.store_helpers import MUG, checkout, fill_cart, staff_accounts


def test_a_damaged_snapshot_reads_as_empty_where_it_is_damaged(shop):
    staff = staff_accounts(shop, roles=("operations",))
    with Session(shop) as session:
        first = checkout(session, fill_cart(session, MUG))
        second = checkout(session, fill_cart(session, {"size": "large", "glaze": "blue", "extras": []}))
        line = session.exec(select(OrderLine).join(Order).where(Order.token == first.token)).one()
        line.snapshot = {**line.snapshot, "bill_of_materials": "garbage", "modules": [{"no": "module"}]}
        session.add(line)
        session.commit()

        detail = order_detail(session=session, actor_id=staff["operations"], order=first.token)
        assert detail.lines and detail.bill_of_materials == []  # nothing readable, nothing invented
        intact = order_detail(session=session, actor_id=staff["operations"], order=second.token)
        assert {row.material_code for row in intact.bill_of_materials} >= {"clay"}
        assert sold_options(session=session, product_code="mug").chosen[("glaze", "blue")] == 1
        assert any(
            row.option_code == "blue" for row in option_popularity(session=session, actor_id=staff["operations"])
        )
