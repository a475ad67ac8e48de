"""Materials for staff: stock levels with reorder flags, supplier and reorder settings, receipts.
Purchase needs (open -> ordered -> received) are in `store.purchasing`.

Quantities cross this module's boundary as `Decimal` units of the material; the database keeps
integer millionths. Every write re-checks the role inside its transaction and is audited.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlmodel import Session, col, func, select

from store.audit import audit
from store.db import atomic
from store.errors import ErrorCode, StoreError
from store.products import MICRO, to_micro
from store.staff import authorize
from store.staff_action import staff_action
from store.states import STAFF_ROLES
from store.stock import receive_stock
from store.tables import Material, PurchaseNeed

MAX_QUANTITY = Decimal(1_000_000_000)  # units; far above any real stock, far below BigInteger


def units(micro: int) -> Decimal:
    return (Decimal(micro) / MICRO).normalize() if micro else Decimal(0)


@dataclass(frozen=True, slots=True)
class MaterialLevel:
    code: str
    name: str
    unit: str
    available: Decimal
    reserved: Decimal
    supplier: str
    supplier_lead_days: int
    reorder_point: Decimal
    reorder_quantity: Decimal
    open_need: Decimal  # bought for orders and not ordered from the supplier yet

    @property
    def below_reorder_point(self) -> bool:
        return self.reorder_point > 0 and self.available < self.reorder_point


class MaterialSettings(BaseModel):
    """What staff may edit on a material. Everything else (stock) changes through movements."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    code: str = Field(min_length=1, max_length=64)
    supplier: str = Field(default="", max_length=120)
    supplier_lead_days: int = Field(default=0, ge=0, le=365)
    reorder_point: Decimal = Field(default=Decimal(0), ge=0, le=MAX_QUANTITY)
    reorder_quantity: Decimal = Field(default=Decimal(0), ge=0, le=MAX_QUANTITY)

    @field_validator("supplier")
    @classmethod
    def _printable(cls, value: str) -> str:
        if any(not ch.isprintable() for ch in value):
            raise ValueError("the supplier name has a control character")
        return value

    @field_validator("reorder_point", "reorder_quantity")
    @classmethod
    def _six_places(cls, value: Decimal) -> Decimal:
        if not value.is_finite():
            raise ValueError("not a number")
        if value != value.quantize(Decimal("0.000001")):
            raise ValueError("at most six decimals")
        return value


def _settings(raw: object) -> MaterialSettings:
    code = str(getattr(raw, "code", None) or (raw.get("code") if isinstance(raw, dict) else "") or "?")
    try:
        data = raw.model_dump() if isinstance(raw, BaseModel) else raw
        return MaterialSettings.model_validate(data)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        field = ".".join(str(p) for p in error["loc"]) or "row"
        message = str(error["msg"]).removeprefix("Value error, ")
        raise StoreError(
            ErrorCode.BAD_INPUT, f"material {code}: {field.replace('_', ' ')}: {message}", field=field, material=code
        ) from None


def stock_levels(*, session: Session, actor_id: int) -> list[MaterialLevel]:
    """Every material with its stock, settings and open purchase needs, by code."""
    with atomic(session):
        authorize(session=session, actor_id=actor_id, roles=STAFF_ROLES)
        open_need = dict(
            session.exec(
                select(PurchaseNeed.material_id, func.sum(PurchaseNeed.quantity_micro))
                .where(PurchaseNeed.status == "open")
                .group_by(col(PurchaseNeed.material_id))
            ).all()
        )
        return [
            MaterialLevel(
                code=m.code,
                name=m.name,
                unit=m.unit,
                available=units(m.available_micro),
                reserved=units(m.reserved_micro),
                supplier=m.supplier,
                supplier_lead_days=m.supplier_lead_days,
                reorder_point=units(m.reorder_point_micro),
                reorder_quantity=units(m.reorder_quantity_micro),
                open_need=units(int(open_need.get(m.id or 0, 0) or 0)),
            )
            for m in session.exec(select(Material).order_by(col(Material.code))).all()
        ]


def update_settings(*, session: Session, actor_id: int, changes: Sequence[MaterialSettings | dict[str, object]]) -> int:
    """Save supplier, lead days, reorder point and quantity of several materials, all or nothing.

    Each row is validated on the server (whatever the page sent); returns how many changed.
    """
    rows = [_settings(raw) for raw in changes]
    seen: set[str] = set()
    for row in rows:
        if row.code in seen:
            raise StoreError(ErrorCode.BAD_INPUT, f"material {row.code} appears twice", material=row.code)
        seen.add(row.code)
    changed = 0
    with staff_action(session, actor_id, STAFF_ROLES) as actor:
        for row in rows:
            material = session.exec(select(Material).where(Material.code == row.code)).first()
            if material is None:
                raise StoreError(ErrorCode.NOT_FOUND, f"no material '{row.code}'", material=row.code)
            after = {
                "supplier": row.supplier,
                "supplier_lead_days": row.supplier_lead_days,
                "reorder_point_micro": to_micro(row.reorder_point),
                "reorder_quantity_micro": to_micro(row.reorder_quantity),
            }
            before = {key: getattr(material, key) for key in after}
            if before == after:
                continue
            for key, value in after.items():
                setattr(material, key, value)
            audit(
                session=session,
                actor=actor,
                action="material.settings",
                entity=material,
                data={"before": before, "after": after},
            )
            changed += 1
    return changed


def receive(*, session: Session, actor_id: int, material_code: str, quantity: Decimal, note: str = "") -> Decimal:
    """Stock delivered outside any purchase need; returns the new available quantity."""
    if not isinstance(quantity, Decimal) or not quantity.is_finite() or quantity > MAX_QUANTITY:
        raise StoreError(ErrorCode.BAD_INPUT, "quantity: not a sensible number", field="quantity")
    if len(note) > 200:
        raise StoreError(ErrorCode.BAD_INPUT, "note: at most 200 characters", field="note")
    with staff_action(session, actor_id, STAFF_ROLES) as actor:
        micro = receive_stock(session=session, material_code=material_code, quantity=quantity, note=note, actor=actor)
    return units(micro)
