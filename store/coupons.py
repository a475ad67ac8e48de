"""Coupons kept in the database (pricing computes their discount; place_order counts each use)."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from store.audit import audit
from store.db import atomic
from store.errors import ErrorCode, StoreError
from store.tables import Coupon, CouponCreate


def create_coupon(*, session: Session, data: CouponCreate, actor: str) -> Coupon:
    data = CouponCreate.model_validate(data.model_dump())
    if data.kind not in ("percent", "fixed", "free-shipping"):
        raise StoreError(ErrorCode.BAD_INPUT, "kind is percent, fixed or free-shipping", field="kind")
    if (data.kind == "percent") != (data.percent is not None) or (data.kind == "fixed") != (
        data.amount_minor is not None
    ):
        raise StoreError(ErrorCode.BAD_INPUT, "a percent coupon gives percent, a fixed one amount_minor")
    try:
        with atomic(session):
            coupon = Coupon(**{**data.model_dump(), "code": data.code.strip().upper()})
            session.add(coupon)
            session.flush()
            audit(session=session, actor=actor, action="coupon.create", entity=coupon)
            session.refresh(coupon)
            session.expunge(coupon)
    except IntegrityError:
        raise StoreError(ErrorCode.BAD_INPUT, f"coupon {data.code} exists", field="code") from None
    return coupon
