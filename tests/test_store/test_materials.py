"""Materials: levels and reorder flags, validated supplier settings, receipts, purchase needs."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlmodel import Session, func, select

from store.errors import ErrorCode, StoreError
from store.lifecycle import change_status
from store.materials import MaterialSettings, receive, stock_levels, update_settings
from store.purchasing import mark_many_ordered, mark_ordered, mark_received, purchase_needs
from store.states import OrderStatus
from store.tables import AuditEntry, Material, PurchaseNeed, StockMovement
from tests.store_helpers import MUG, checkout, fill_cart, staff_accounts


@pytest.fixture
def staff(shop):
    return staff_accounts(shop, ("buyer", "merchandiser", "operations"))


def level(session, actor, code):
    return next(m for m in stock_levels(session=session, actor_id=actor) if m.code == code)


def movements_add_up(session):
    for material in session.exec(select(Material)).all():
        moved = session.exec(
            select(func.sum(StockMovement.quantity_micro)).where(StockMovement.material_id == material.id)
        ).one()
        assert material.available_micro == (moved or 0) and material.available_micro >= 0


def short_order(session, mugs=6):
    """Six small mugs need 2.4 kg of clay; the shop has 2 kg: 0.4 kg becomes a purchase need."""
    return checkout(session, fill_cart(session, MUG, quantity=mugs))


def test_levels_flag_materials_below_their_reorder_point(shop, staff):
    m = staff["merchandiser"]
    with Session(shop) as session:
        assert level(session, m, "clay").available == Decimal(2)
        assert not level(session, m, "clay").below_reorder_point  # no reorder point set
        update_settings(session=session, actor_id=m, changes=[{"code": "clay", "reorder_point": "2.5"}])
        clay = level(session, m, "clay")
        assert clay.reorder_point == Decimal("2.5") and clay.below_reorder_point
        assert not level(session, m, "glaze").below_reorder_point


def test_settings_are_saved_audited_and_unchanged_rows_are_skipped(shop, staff):
    ops = staff["operations"]
    with Session(shop) as session:
        changed = update_settings(
            session=session,
            actor_id=ops,
            changes=[
                MaterialSettings(
                    code="clay",
                    supplier="Argila Lda — Ævora",
                    supplier_lead_days=7,
                    reorder_point=Decimal("1.5"),
                    reorder_quantity=Decimal(10),
                ),
                {"code": "glaze"},  # as it is already
            ],
        )
        assert changed == 1
        clay = level(session, ops, "clay")
        assert (clay.supplier, clay.supplier_lead_days, clay.reorder_quantity) == ("Argila Lda — Ævora", 7, 10)
        entry = session.exec(select(AuditEntry).where(AuditEntry.action == "material.settings")).one()
        assert entry.actor == f"customer:{ops}"
        assert entry.data["before"]["supplier"] == "" and entry.data["after"]["reorder_point_micro"] == 1_500_000


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ({"code": "clay", "reorder_point": "-1"}, "reorder_point"),
        ({"code": "clay", "reorder_quantity": "-0.5"}, "reorder_quantity"),
        ({"code": "clay", "supplier_lead_days": -3}, "supplier_lead_days"),
        ({"code": "clay", "supplier_lead_days": 10_000}, "supplier_lead_days"),
        ({"code": "clay", "supplier": "x" * 121}, "supplier"),
        ({"code": "clay", "supplier": "bad\x00name"}, "supplier"),
        ({"code": "clay", "reorder_point": "NaN"}, "reorder_point"),
        ({"code": "clay", "reorder_point": "1e30"}, "reorder_point"),
        ({"code": "clay", "reorder_point": "0.0000001"}, "reorder_point"),
        ({"code": "clay", "available_micro": 99}, "available_micro"),
    ],
)
def test_a_tampered_row_is_refused_and_nothing_changes(shop, staff, row, field):
    m = staff["merchandiser"]
    with Session(shop) as session:
        good = {"code": "glaze", "supplier": "Glazes Inc"}
        with pytest.raises(StoreError) as caught:
            update_settings(session=session, actor_id=m, changes=[good, row])
        assert caught.value.code == ErrorCode.BAD_INPUT
        assert caught.value.data["field"] == field and "clay" in caught.value.message
        assert level(session, m, "glaze").supplier == ""  # the good row was not saved either
        assert level(session, m, "clay").available == Decimal(2)


def test_unknown_materials_and_buyers_are_refused(shop, staff):
    with Session(shop) as session:
        with pytest.raises(StoreError) as caught:
            update_settings(session=session, actor_id=staff["operations"], changes=[{"code": "unobtainium"}])
        assert caught.value.code == ErrorCode.NOT_FOUND
        with pytest.raises(StoreError) as caught:
            update_settings(session=session, actor_id=staff["buyer"], changes=[{"code": "clay", "supplier": "me"}])
        assert caught.value.code == ErrorCode.FORBIDDEN
        with pytest.raises(StoreError) as caught:
            stock_levels(session=session, actor_id=staff["buyer"])
        assert caught.value.code == ErrorCode.FORBIDDEN


def test_receiving_stock_adds_it_and_is_audited(shop, staff):
    ops = staff["operations"]
    with Session(shop) as session:
        assert receive(session=session, actor_id=ops, material_code="clay", quantity=Decimal("0.5")) == Decimal("2.5")
        for bad in (Decimal(-1), Decimal(0), Decimal("NaN")):
            with pytest.raises(StoreError):
                receive(session=session, actor_id=ops, material_code="clay", quantity=bad)
        with pytest.raises(StoreError):
            receive(session=session, actor_id=staff["buyer"], material_code="clay", quantity=Decimal(1))
        assert level(session, ops, "clay").available == Decimal("2.5")
        movements_add_up(session)


def test_needs_are_grouped_with_a_suggested_quantity(shop, staff):
    ops = staff["operations"]
    with Session(shop) as session:
        short_order(session)
        short_order(session, mugs=1)
        update_settings(
            session=session, actor_id=ops, changes=[{"code": "clay", "supplier": "Argila", "reorder_quantity": "0.5"}]
        )
        (group,) = purchase_needs(session=session, actor_id=ops)
        assert (group.material_code, group.status, group.supplier) == ("clay", "open", "Argila")
        assert group.needed == Decimal("0.8") and group.orders == 2
        assert group.suggested == Decimal("0.8")  # more than the reorder quantity
        update_settings(session=session, actor_id=ops, changes=[{"code": "clay", "reorder_quantity": "25"}])
        assert purchase_needs(session=session, actor_id=ops)[0].suggested == Decimal(25)
        assert level(session, ops, "clay").open_need == Decimal("0.8")


def test_ordered_then_received_needs_reserve_stock_for_their_orders_once(shop, staff):
    ops = staff["operations"]
    with Session(shop) as session:
        order = short_order(session)
        update_settings(
            session=session, actor_id=ops, changes=[{"code": "clay", "reorder_quantity": "5", "supplier_lead_days": 3}]
        )
        with pytest.raises(StoreError):  # nothing ordered yet
            mark_received(session=session, actor_id=ops, material_code="clay")
        assert mark_ordered(session=session, actor_id=ops, material_code="clay") == 1
        (group,) = purchase_needs(session=session, actor_id=ops)
        assert group.status == "ordered" and group.expected is not None
        with pytest.raises(StoreError) as caught:
            mark_received(session=session, actor_id=ops, material_code="clay", quantity=Decimal("0.1"))
        assert caught.value.data["field"] == "quantity"
        received = mark_received(session=session, actor_id=ops, material_code="clay", need_ids=group.need_ids)
        assert received == Decimal(5)  # the reorder quantity arrived
        clay = level(session, ops, "clay")
        assert clay.available == Decimal("4.6") and clay.reserved == Decimal("2.4")  # 0.4 kg reserved for the order
        with pytest.raises(StoreError) as caught:  # a second click receives nothing more
            mark_received(session=session, actor_id=ops, material_code="clay", need_ids=group.need_ids)
        assert caught.value.code == ErrorCode.ILLEGAL_TRANSITION
        assert level(session, ops, "clay").available == Decimal("4.6")
        assert purchase_needs(session=session, actor_id=ops) == []
        movements_add_up(session)
        change_status(session=session, order=order.token, to=OrderStatus.CANCELLED, actor="merchant")
        clay = level(session, ops, "clay")
        assert clay.available == Decimal(7) and clay.reserved == 0  # everything came back
        movements_add_up(session)


def test_a_need_of_a_cancelled_order_stays_in_stock_when_it_arrives(shop, staff):
    ops = staff["operations"]
    with Session(shop) as session:
        order = short_order(session)
        mark_ordered(session=session, actor_id=ops, material_code="clay")
        change_status(session=session, order=order.token, to=OrderStatus.CANCELLED, actor="merchant")
        mark_received(session=session, actor_id=ops, material_code="clay")
        clay = level(session, ops, "clay")
        assert clay.available == Decimal("2.4") and clay.reserved == 0
        assert session.exec(select(PurchaseNeed.status)).all() == ["received"]
        movements_add_up(session)


def test_ordering_twice_is_refused(shop, staff):
    ops = staff["operations"]
    with Session(shop) as session:
        short_order(session)
        mark_ordered(session=session, actor_id=ops, material_code="clay")
        with pytest.raises(StoreError) as caught:
            mark_ordered(session=session, actor_id=ops, material_code="clay")
        assert caught.value.code == ErrorCode.ILLEGAL_TRANSITION
        actions = session.exec(select(AuditEntry.action).where(AuditEntry.action.startswith("purchase."))).all()
        assert actions == ["purchase.ordered"]


def test_several_materials_are_ordered_in_one_action_or_none(shop, staff):
    ops = staff["operations"]
    with Session(shop) as session:
        short_order(session)
        with pytest.raises(StoreError) as caught:
            mark_many_ordered(session=session, actor_id=ops, materials={})
        assert caught.value.code == ErrorCode.BAD_INPUT
        with pytest.raises(StoreError) as caught:  # one unknown material: the clay is not ordered either
            mark_many_ordered(session=session, actor_id=ops, materials={"clay": None, "zinc": None})
        assert caught.value.code == ErrorCode.NOT_FOUND
        assert session.exec(select(PurchaseNeed.status)).all() == ["open"]
        [need_id] = purchase_needs(session=session, actor_id=ops)[0].need_ids
        assert mark_many_ordered(session=session, actor_id=ops, materials={"clay": [need_id]}) == 1
        assert session.exec(select(PurchaseNeed.status)).all() == ["ordered"]
        actions = session.exec(select(AuditEntry.action).where(AuditEntry.action.startswith("purchase."))).all()
        assert actions == ["purchase.ordered"]


def test_the_catalogs_supplier_fills_a_blank_one_and_never_overwrites_staffs(engine, tmp_path):
    """The catalog names who sells each material: the stock row starts with it (the materials
    page and the purchase needs group by it), and a supplier staff chose is kept when a later
    catalog version names another."""
    from tests.factories import SMALL_CATALOG
    from tests.store_helpers import mug_shop

    catalog = SMALL_CATALOG.replace(
        "{code: clay, name: Stoneware clay, unit: kg}",
        "{code: clay, name: Stoneware clay, unit: kg, supplier: Argila Lda}",
    )
    assert catalog != SMALL_CATALOG
    mug_shop(engine, tmp_path, catalog=catalog)
    ops = staff_accounts(engine, ("operations",))["operations"]
    with Session(engine) as session:
        assert level(session, ops, "clay").supplier == "Argila Lda"
        assert level(session, ops, "glaze").supplier == ""  # the catalog names none
        update_settings(session=session, actor_id=ops, changes=[{"code": "clay", "supplier": "Barro SA"}])
    from store.catalogs import sync_folder

    folder = tmp_path / "catalogs"
    (folder / "mug.yaml").write_text(
        catalog.replace("supplier: Argila Lda}", "supplier: Terra Ltd}").replace(
            "{code: glaze, name: Glaze, unit: ml}", "{code: glaze, name: Glaze, unit: ml, supplier: Vidrados}"
        )
    )
    sync_folder(engine=engine, folder=folder)
    with Session(engine) as session:
        assert level(session, ops, "clay").supplier == "Barro SA"
        assert level(session, ops, "glaze").supplier == "Vidrados"
