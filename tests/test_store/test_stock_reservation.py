"""Checkout's stock reservation: every material of the order taken by one statement (on
PostgreSQL its rows locked in id order inside it), what stock lacks becoming purchase needs, and
the reservation made last in the order's transaction, so its row locks are held briefly."""

from __future__ import annotations

from sqlalchemy import event
from sqlmodel import Session, select

from store.stock import reserve
from store.tables import Material, Order, PurchaseNeed, StockMovement
from tests.store_helpers import checkout, fill_cart

BLUE_MUG = {"size": "small", "glaze": "blue", "extras": []}  # clay and glaze


def _statements(engine, action):
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(" ".join(statement.split()).lower())

    event.listen(engine, "before_cursor_execute", record)
    try:
        result = action()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return result, seen


def test_an_order_takes_all_its_materials_in_one_statement_made_last(shop):
    with Session(shop) as session:
        cart = fill_cart(session, BLUE_MUG)
        order, seen = _statements(shop, lambda: checkout(session, cart))
    assert order.status == "paid"
    touching = [s for s in seen if "material " in s or "material." in s or s.endswith("material")]
    updates = [s for s in touching if s.startswith("update material") or ("update material" in s)]
    assert len(updates) == 1, touching
    if shop.dialect.name == "postgresql":
        assert touching == updates and "order by material.id" in updates[0] and "for update" in updates[0]
    else:
        assert len(touching) == 2  # the quantities read, then the one update (one writer at a time)
    after = seen[seen.index(updates[0]) + 1 :]
    assert not [s for s in after if s.startswith(("insert into order_line", "insert into order_event"))]
    with Session(shop) as session:
        taken = {m.code: m.reserved_micro for m in session.exec(select(Material)).all() if m.code in ("clay", "glaze")}
        assert taken == {"clay": 400_000, "glaze": 20_000_000}


def test_what_stock_lacks_becomes_purchase_needs(shop):
    with Session(shop) as session:
        cart = fill_cart(session, BLUE_MUG, quantity=6)  # 2.4 kg of clay wanted, 2 kg in stock
        checkout(session, cart)
        clay = session.exec(select(Material).where(Material.code == "clay")).one()
        assert (clay.available_micro, clay.reserved_micro) == (0, 2_000_000)
        needs = session.exec(select(PurchaseNeed).where(PurchaseNeed.material_id == clay.id)).all()
        assert [n.quantity_micro for n in needs] == [400_000]


def test_a_material_nobody_stocked_is_created_and_bought_in_full(shop):
    with Session(shop) as session:
        checkout(session, fill_cart(session))
        order = session.exec(select(Order)).one()
        assert order.id is not None
        before = session.exec(select(Material).where(Material.code == "clay")).one().reserved_micro
        short = reserve(session=session, order_id=order.id, needs={"oak": 3_000_000, "clay": 1_000_000})
        session.commit()
        assert short == {"oak": 3_000_000}
        oak = session.exec(select(Material).where(Material.code == "oak")).one()
        assert (oak.available_micro, oak.reserved_micro) == (0, 0)
        movements = session.exec(
            select(StockMovement).where(StockMovement.kind == "reservation", StockMovement.order_id == order.id)
        ).all()
        assert sorted(m.quantity_micro for m in movements if m.material_id != oak.id) == [-1_000_000, -400_000]
        clay = session.exec(select(Material).where(Material.code == "clay")).one()
        assert clay.reserved_micro == before + 1_000_000
