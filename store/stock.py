"""Material stock: receipts, reservations by orders (never below zero), releases and restocks.

Every change is a conditional UPDATE checked by its row count plus a `stock_movement` row, so
`available` always equals the sum of the material's movements and can never go negative, on
SQLite and PostgreSQL alike, whatever runs concurrently.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import update
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


def _take(session: Session, material_id: int, micro: int) -> bool:
    """Reserve `micro` if that much is available: one atomic conditional UPDATE."""
    result = session.execute(
        update(Material)
        .where(col(Material.id) == material_id, col(Material.available_micro) >= micro)
        .values(
            available_micro=Material.available_micro - micro,
            reserved_micro=Material.reserved_micro + micro,
        )
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def reserve(*, session: Session, order_id: int, needs: dict[str, int]) -> dict[str, int]:
    """Reserve what stock covers of `needs` (code -> millionths); the shortfall becomes purchase needs.

    Materials are locked in code order (no deadlock between two orders on PostgreSQL). Returns
    code -> millionths that must be bought. Runs inside the caller's transaction.
    """
    materials = {m.code: m for m in session.exec(select(Material).where(col(Material.code).in_(list(needs)))).all()}
    for code in sorted(needs):
        if code not in materials:  # a catalog material nobody has stocked yet
            material = Material(code=code, name=code, unit="pcs")
            session.add(material)
            session.flush()
            materials[code] = material
    short: dict[str, int] = {}
    for code in sorted(needs):
        material, wanted = materials[code], needs[code]
        taken = 0
        for _attempt in range(5):  # another order may take stock between our read and update
            session.refresh(material, ["available_micro"])
            portion = min(material.available_micro, wanted)
            if portion <= 0 or _take(session, material.id, portion):  # type: ignore[arg-type]
                taken = max(portion, 0)
                break
        if taken:
            session.add(
                StockMovement(material_id=material.id, order_id=order_id, kind="reservation", quantity_micro=-taken)  # type: ignore[arg-type]
            )
        if wanted > taken:
            short[code] = wanted - taken
            session.add(PurchaseNeed(material_id=material.id, order_id=order_id, quantity_micro=wanted - taken))  # type: ignore[arg-type]
    session.flush()
    return short


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
