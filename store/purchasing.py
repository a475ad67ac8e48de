"""Purchase needs: material orders could not take from stock, grouped per material (and so per
supplier) with a suggested order quantity, marked ordered, then received exactly once.

A received need's quantity is reserved at once for its order (production starts from the order,
not from stock); whatever arrives beyond the needs is available stock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sqlalchemy import update
from sqlmodel import Session, col, select

from store.audit import audit
from store.db import atomic
from store.errors import ErrorCode, StoreError
from store.materials import MAX_QUANTITY, units
from store.products import to_micro
from store.staff import authorize
from store.staff_action import staff_action
from store.states import STAFF_ROLES
from store.tables import Material, Order, PurchaseNeed, StockMovement, now

LIVE_ORDER = ("placed", "paid", "in_production")


@dataclass(frozen=True, slots=True)
class NeedGroup:
    """The needs of one material in one state, as purchasing orders them from its supplier."""

    material_code: str
    material_name: str
    unit: str
    supplier: str
    supplier_lead_days: int
    status: str  # open | ordered
    needed: Decimal
    suggested: Decimal  # what to order: max(needed, reorder quantity)
    orders: int
    need_ids: tuple[int, ...]
    ordered_at: dt.datetime | None  # earliest, for ordered needs
    expected: dt.date | None  # ordered_at + supplier lead days


def purchase_needs(*, session: Session, actor_id: int) -> list[NeedGroup]:
    """Open and ordered needs grouped per material (and so per supplier), open ones first."""
    with atomic(session):
        authorize(session=session, actor_id=actor_id, roles=STAFF_ROLES)
        rows = session.exec(
            select(PurchaseNeed, Material)
            .join(Material, col(Material.id) == col(PurchaseNeed.material_id))
            .where(col(PurchaseNeed.status).in_(["open", "ordered"]))
            .order_by(col(PurchaseNeed.id))
        ).all()
    groups: dict[tuple[str, str], list[tuple[PurchaseNeed, Material]]] = {}
    for need, material in rows:
        groups.setdefault((need.status, material.code), []).append((need, material))
    result = []
    for (status, _code), members in sorted(groups.items(), key=lambda kv: (kv[0][0] != "open", kv[0][1])):
        material = members[0][1]
        needed = sum(n.quantity_micro for n, _ in members)
        ordered = min((n.ordered_at for n, _ in members if n.ordered_at), default=None)
        result.append(
            NeedGroup(
                material_code=material.code,
                material_name=material.name,
                unit=material.unit,
                supplier=material.supplier,
                supplier_lead_days=material.supplier_lead_days,
                status=status,
                needed=units(needed),
                suggested=units(max(needed, material.reorder_quantity_micro)),
                orders=len({n.order_id for n, _ in members}),
                need_ids=tuple(n.id for n, _ in members if n.id is not None),
                ordered_at=ordered,
                expected=(ordered + dt.timedelta(days=material.supplier_lead_days)).date() if ordered else None,
            )
        )
    return result


def _material(session: Session, code: str) -> Material:
    material = session.exec(select(Material).where(Material.code == code).with_for_update()).first()
    if material is None:
        raise StoreError(ErrorCode.NOT_FOUND, f"no material '{code}'", material=code)
    return material


def _order(session: Session, actor: str, material_code: str, need_ids: Sequence[int] | None) -> int:
    """Flip a material's open needs (all, or `need_ids`) to ordered, audited; refused if none is left."""
    material = _material(session, material_code)
    where = [col(PurchaseNeed.material_id) == material.id, col(PurchaseNeed.status) == "open"]
    if need_ids is not None:
        where.append(col(PurchaseNeed.id).in_(list(need_ids)))
    flipped = session.execute(update(PurchaseNeed).where(*where).values(status="ordered", ordered_at=now()))
    count = int(flipped.rowcount)  # type: ignore[attr-defined]
    if count == 0:
        raise StoreError(ErrorCode.ILLEGAL_TRANSITION, f"no open purchase need of {material_code} is left to order")
    audit(session=session, actor=actor, action="purchase.ordered", entity=material, data={"needs": count})
    return count


def mark_ordered(*, session: Session, actor_id: int, material_code: str, need_ids: Sequence[int] | None = None) -> int:
    """Purchasing ordered the open needs of a material (all, or `need_ids`); returns how many."""
    with staff_action(session, actor_id, STAFF_ROLES) as actor:
        return _order(session, actor, material_code, need_ids)


def mark_many_ordered(*, session: Session, actor_id: int, materials: Mapping[str, Sequence[int] | None]) -> int:
    """Purchasing ordered the open needs of several materials at once (per material code: all its
    open needs, or the given ones): all of them or, if one is refused, none. Returns how many needs."""
    if not materials:
        raise StoreError(ErrorCode.BAD_INPUT, "choose at least one material to mark ordered", field="materials")
    with staff_action(session, actor_id, STAFF_ROLES) as actor:
        return sum(_order(session, actor, code, need_ids) for code, need_ids in sorted(materials.items()))


def mark_received(
    *,
    session: Session,
    actor_id: int,
    material_code: str,
    need_ids: Sequence[int] | None = None,
    quantity: Decimal | None = None,
) -> Decimal:
    """The supplier delivered what was ordered for these needs: the stock arrives once.

    The quantity (default: the needs, or the reorder quantity if larger) is received into stock
    and each need's share is reserved at once for its order (production starts from the order),
    unless that order has been cancelled meanwhile. A second call for the same needs finds them
    received already and changes nothing. Returns the quantity received.
    """
    with staff_action(session, actor_id, STAFF_ROLES) as actor:
        material = _material(session, material_code)
        where = [col(PurchaseNeed.material_id) == material.id, col(PurchaseNeed.status) == "ordered"]
        if need_ids is not None:
            where.append(col(PurchaseNeed.id).in_(list(need_ids)))
        needs = session.exec(select(PurchaseNeed).where(*where).order_by(col(PurchaseNeed.id)).with_for_update()).all()
        if not needs:
            raise StoreError(
                ErrorCode.ILLEGAL_TRANSITION, f"nothing ordered of {material_code} is waiting to be received"
            )
        needed = sum(n.quantity_micro for n in needs)
        if quantity is None:
            micro = max(needed, material.reorder_quantity_micro)
        else:
            try:
                ok = quantity.is_finite() and Decimal(0) < quantity <= MAX_QUANTITY
            except (InvalidOperation, AttributeError):
                ok = False
            if not ok:
                raise StoreError(ErrorCode.BAD_INPUT, "quantity: a positive number of units", field="quantity")
            micro = to_micro(quantity)
        if micro < needed:
            raise StoreError(
                ErrorCode.BAD_INPUT,
                f"quantity: {units(micro)} {material.unit} is less than the {units(needed)} these needs ordered",
                field="quantity",
            )
        ids = [n.id for n in needs]
        flipped = session.execute(
            update(PurchaseNeed)
            .where(col(PurchaseNeed.id).in_(ids), col(PurchaseNeed.status) == "ordered")
            .values(status="received", received_at=now())
        )
        if flipped.rowcount != len(ids):  # type: ignore[attr-defined]
            raise StoreError(ErrorCode.ILLEGAL_TRANSITION, "these needs changed meanwhile; reload the page")
        session.execute(
            update(Material)
            .where(col(Material.id) == material.id)
            .values(available_micro=Material.available_micro + micro)
        )
        session.add(StockMovement(material_id=material.id, kind="receipt", quantity_micro=micro, note="purchase"))  # type: ignore[arg-type]
        live = set(
            session.exec(
                select(Order.id).where(
                    col(Order.id).in_([n.order_id for n in needs]), col(Order.status).in_(LIVE_ORDER)
                )
            ).all()
        )
        for need in needs:
            if need.order_id not in live:
                continue  # the order was cancelled meanwhile: its share stays in stock
            session.execute(
                update(Material)
                .where(col(Material.id) == material.id)
                .values(
                    available_micro=Material.available_micro - need.quantity_micro,
                    reserved_micro=Material.reserved_micro + need.quantity_micro,
                )
            )
            session.add(
                StockMovement(
                    material_id=material.id,  # type: ignore[arg-type]
                    order_id=need.order_id,
                    kind="reservation",
                    quantity_micro=-need.quantity_micro,
                )
            )
        audit(
            session=session,
            actor=actor,
            action="purchase.received",
            entity=material,
            data={"needs": ids, "micro": micro},
        )
        return units(micro)
