"""Material stock: receipts, reservations by orders (never below zero), releases and restocks.

Every change is a conditional UPDATE checked by its row count plus a `stock_movement` row, so
`available` always equals the sum of the material's movements and can never go negative, on
SQLite and PostgreSQL alike, whatever runs concurrently.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import case, update
from sqlmodel import Session, col, func, select

from store.audit import audit
from store.db import atomic
from store.errors import ErrorCode, StoreError
from store.products import to_micro
from store.tables import Material, MaterialPublic, PurchaseNeed, StockMovement


def receive_stock(*, session: Session, material_code: str, quantity: Decimal, note: str = "", actor: str) -> int:
    """Add delivered material to stock; returns the new available quantity (millionths)."""
    if quantity <= 0:
        raise StoreError(ErrorCode.BAD_INPUT, "a receipt adds a positive quantity", field="quantity")
    micro = to_micro(quantity)
    with atomic(session):
        material = session.exec(select(Material).where(Material.code == material_code)).first()
        if material is None:
            raise StoreError(ErrorCode.NOT_FOUND, f"no material '{material_code}'")
        assert material.id is not None  # a stored row
        _add(session, material.id, micro)
        session.add(StockMovement(material_id=material.id, kind="receipt", quantity_micro=micro, note=note))
        audit(session=session, actor=actor, action="stock.receive", entity=material, data={"micro": micro})
        session.flush()
        session.refresh(material)
        return material.available_micro


def stock_levels(*, session: Session) -> list[MaterialPublic]:
    return [MaterialPublic.model_validate(m) for m in session.exec(select(Material).order_by(Material.code)).all()]


def _add(session: Session, material_id: int | None, micro: int) -> None:
    session.execute(
        update(Material).where(col(Material.id) == material_id).values(available_micro=Material.available_micro + micro)
    )


def reserve(*, session: Session, order_id: int, needs: dict[str, int]) -> dict[str, int]:
    """Reserve what stock covers of `needs` (code -> millionths); the shortfall becomes purchase needs.

    One statement takes from every material at once (`_take_all`), its rows locked in id order, so
    two orders cannot deadlock on PostgreSQL; call it as late in the transaction as possible, as
    the locks last until the commit. Returns code -> millionths that must be bought. Runs inside
    the caller's transaction.
    """
    if not needs:
        return {}
    taken = _take_all(session, needs)
    for code in sorted(set(needs) - set(taken)):  # a catalog material nobody has stocked yet
        material = Material(code=code, name=code, unit="pcs")
        session.add(material)
        session.flush()
        assert material.id is not None
        taken[code] = (material.id, 0)
    short: dict[str, int] = {}
    for code in sorted(needs):
        (material_id, got), wanted = taken[code], needs[code]
        if got:
            session.add(
                StockMovement(material_id=material_id, order_id=order_id, kind="reservation", quantity_micro=-got)
            )
        if wanted > got:
            short[code] = wanted - got
            session.add(PurchaseNeed(material_id=material_id, order_id=order_id, quantity_micro=wanted - got))
    session.flush()
    return short


def _take_all(session: Session, needs: dict[str, int]) -> dict[str, tuple[int, int]]:
    """Take from each stocked material of `needs` what it has of it, up to the need, in one UPDATE;
    code -> (material id, millionths taken). Materials with no row are left out.

    PostgreSQL: the rows are locked in id order by the statement's own `SELECT ... ORDER BY id FOR
    UPDATE`, which also gives the quantities before the update. SQLite runs one write transaction
    at a time (`BEGIN IMMEDIATE`): there the quantities are read just before the UPDATE."""
    available = col(Material.available_micro)
    wanted = case({code: micro for code, micro in needs.items()}, value=col(Material.code), else_=0)
    portion = case((available >= wanted, wanted), (available > 0, available), else_=0)
    if session.get_bind().dialect.name == "postgresql":
        locked = (
            select(col(Material.id), col(Material.available_micro))
            .where(col(Material.code).in_(list(needs)))
            .order_by(col(Material.id))
            .with_for_update()
            .cte("locked")
        )
        rows = session.execute(
            update(Material)
            .where(col(Material.id) == locked.c.id)
            .values(available_micro=available - portion, reserved_micro=col(Material.reserved_micro) + portion)
            .returning(col(Material.id), col(Material.code), locked.c.available_micro)
            .execution_options(synchronize_session=False)
        ).all()
    else:
        rows = session.execute(
            select(col(Material.id), col(Material.code), available)
            .where(col(Material.code).in_(list(needs)))
            .order_by(col(Material.id))
        ).all()
        if rows:
            session.execute(
                update(Material)
                .where(col(Material.id).in_([row[0] for row in rows]))
                .values(available_micro=available - portion, reserved_micro=col(Material.reserved_micro) + portion)
                .execution_options(synchronize_session=False)
            )
    return {code: (material_id, min(max(before, 0), needs[code])) for material_id, code, before in rows}


def _reserved(session: Session, order_id: int) -> list[tuple[int, int]]:
    rows = session.exec(
        select(StockMovement.material_id, func.sum(StockMovement.quantity_micro))
        .where(StockMovement.order_id == order_id, StockMovement.kind == "reservation")
        .group_by(col(StockMovement.material_id))
        .order_by(col(StockMovement.material_id))
    ).all()
    return [(material_id, -int(total)) for material_id, total in rows if total]


def consume(*, session: Session, order_id: int) -> None:
    """The order's goods left the workshop: its reservations stop counting as reserved."""
    for material_id, micro in _reserved(session, order_id):
        session.execute(
            update(Material)
            .where(col(Material.id) == material_id)
            .values(reserved_micro=Material.reserved_micro - micro)
        )


def give_back(*, session: Session, order_id: int, kind: str) -> dict[int, int]:
    """Return an order's reservations to available stock (cancel: `release`; refund: `restock`).

    The caller guarantees this runs once per order (a conditional update of `orders.stock_restored`).
    Open purchase needs of the order are cancelled. Returns material id -> millionths given back.
    """
    back: dict[int, int] = {}
    for material_id, micro in _reserved(session, order_id):
        values = {"available_micro": Material.available_micro + micro}
        if kind == "release":  # not shipped yet: the reservation ends here
            values["reserved_micro"] = Material.reserved_micro - micro
        session.execute(update(Material).where(col(Material.id) == material_id).values(**values))
        session.add(StockMovement(material_id=material_id, order_id=order_id, kind=kind, quantity_micro=micro))
        back[material_id] = micro
    session.execute(
        update(PurchaseNeed)
        .where(col(PurchaseNeed.order_id) == order_id, col(PurchaseNeed.status) == "open")
        .values(status="cancelled")
    )
    session.flush()
    return back
