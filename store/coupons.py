"""Coupons kept in the database (pricing computes their discount; place_order counts each use)."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from pricing.shop import known_languages, shop_settings
from store.audit import audit
from store.db import atomic
from store.errors import ErrorCode, StoreError
from store.input_checks import coupon_code, text, validated
from store.tables import Coupon, CouponCreate


def create_coupon(*, session: Session, data: CouponCreate, actor: str) -> Coupon:
    currency = coupon_currency(data)
    data = validated(CouponCreate, data.model_dump() if isinstance(data, CouponCreate) else data)
    data = data.model_copy(update={"currency": currency})
    code = coupon_code(data.code)
    if code is None:
        raise StoreError(ErrorCode.BAD_INPUT, "Coupon code: please fill this in", field="code")
    label = text(data.label, field="label", label="Label", limit=120)
    data = data.model_copy(update={"code": code, "label": label, "labels": coupon_names(data.labels)})
    if data.kind not in ("percent", "fixed", "free-shipping"):
        raise StoreError(ErrorCode.BAD_INPUT, "kind is percent, fixed or free-shipping", field="kind")
    if (data.kind == "percent") != (data.percent is not None) or (data.kind == "fixed") != (
        data.amount_minor is not None
    ):
        raise StoreError(ErrorCode.BAD_INPUT, "a percent coupon gives percent, a fixed one amount_minor")
    try:
        with atomic(session):
            coupon = Coupon(**data.model_dump())
            session.add(coupon)
            session.flush()
            audit(session=session, actor=actor, action="coupon.create", entity=coupon)
            session.refresh(coupon)
            session.expunge(coupon)
    except IntegrityError:
        raise StoreError(ErrorCode.BAD_INPUT, f"coupon {data.code} exists", field="code") from None
    return coupon


def coupon_currency(data: CouponCreate | dict[str, object]) -> str:
    """The currency of a new coupon's amounts: the shop's (`pricing.shop.shop_settings`), whether
    or not the caller names it. Pricing reads a coupon's amounts in the shop currency and converts
    them for a sale in another one, so a coupon in another currency is refused (BAD_INPUT on
    `currency`) rather than read as that many units of the shop's."""
    shop = shop_settings().currency
    named = data.get("currency") if isinstance(data, dict) else data.currency
    if isinstance(data, CouponCreate) and "currency" not in data.model_fields_set:
        named = None  # the table's default, not the caller's choice
    if named is None:
        return shop
    if not isinstance(named, str) or named.strip().upper() != shop:
        shown = named[:8] if isinstance(named, str) else type(named).__name__
        raise StoreError(
            ErrorCode.BAD_INPUT,
            f"coupon amounts are in the shop currency ({shop}), not {shown!r}",
            field="currency",
            currency=shop,
        )
    return shop


def coupon_names(labels: object) -> dict[str, str]:
    """A coupon's names in other buyer languages, each checked like its label and blank ones
    dropped; BAD_INPUT naming an unknown language code (`pricing.shop.known_languages`)."""
    if not isinstance(labels, dict):
        raise StoreError(ErrorCode.BAD_INPUT, "Names: a name per language code", field="labels")
    try:
        known_languages(labels, "Names")
    except ValueError as exc:
        raise StoreError(ErrorCode.BAD_INPUT, str(exc), field="labels") from None
    names = {code: text(name, field="labels", label=f"Name ({code})", limit=120) for code, name in labels.items()}
    return {code: name for code, name in names.items() if name}
