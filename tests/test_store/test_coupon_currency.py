"""A coupon's amounts are in the shop currency: the store makes coupons (from the coupon form and
for a segment) in the shop's own currency, and refuses one in another currency rather than read
its amount as that many units of the shop's."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from store.campaigns import target_segment
from store.coupons import create_coupon
from store.crm import save_segment
from store.customers import register
from store.errors import ErrorCode, StoreError
from store.tables import Coupon, CouponCreate, CustomerCreate

IN_DOLLARS = (("currency: EUR", "currency: USD"), ("USD: {rate: 1.08,", "EUR: {rate: 0.93,"))


def account(session, email: str, role: str) -> int:
    data = CustomerCreate(email=email, name=role.title(), password="long-enough-1")
    return register(session=session, data=data, role=role).id  # type: ignore[return-value]


def five_off(code: str, **changes: object) -> CouponCreate:
    return CouponCreate(code=code, label="Five off", kind="fixed", amount_minor=500, **changes)  # type: ignore[arg-type]


def send(session, code: str, **changes: object):
    staff = account(session, f"merch-{code.lower()}@example.org", "merchandiser")
    segment = save_segment(session=session, actor_id=staff, name=f"Everyone {code}", rules={})
    return target_segment(session=session, actor_id=staff, segment_id=segment.id, coupon=five_off(code, **changes))


def test_coupons_are_made_in_the_shop_currency(shop, shop_file):
    shop_file(*IN_DOLLARS)
    with Session(shop) as s:
        account(s, "ana@example.org", "buyer")
        create_coupon(session=s, data=five_off("FIVE"), actor="merchant")
        create_coupon(session=s, data=five_off("NAMED", currency="usd"), actor="merchant")
        send(s, "SEGMENT5")
        made = {c.code: c.currency for c in s.exec(select(Coupon)).all()}
    assert made == {"FIVE": "USD", "NAMED": "USD", "SEGMENT5": "USD"}


def test_a_coupon_in_another_currency_is_refused(shop):
    with Session(shop) as s:
        account(s, "ana@example.org", "buyer")
        with pytest.raises(StoreError) as made:
            create_coupon(session=s, data=five_off("FIVE", currency="USD"), actor="merchant")
        with pytest.raises(StoreError) as sent:
            send(s, "SEGMENT5", currency="RUB")
        assert s.exec(select(Coupon)).all() == []
    for err in (made.value, sent.value):
        assert err.code == ErrorCode.BAD_INPUT and err.data["field"] == "currency" and err.data["currency"] == "EUR"
        assert "shop currency (EUR)" in err.message
