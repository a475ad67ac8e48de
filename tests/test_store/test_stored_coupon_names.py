"""Coupons kept in the database name themselves in other buyer languages (`labels`, migration
0020): the cart's quote carries the names, unknown language codes are refused when the coupon is
made, and the English label stays what the stored quote says."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from pricing.labels import discount_label
from store.carts import set_coupon, view_cart
from store.coupons import create_coupon
from store.errors import ErrorCode, StoreError
from store.tables import Coupon, CouponCreate
from tests.store_helpers import HOME, fill_cart


def coupon(**changes: object) -> CouponCreate:
    fields: dict[str, object] = {"code": "mug10", "label": "Mug lovers' 10%", "kind": "percent", "percent": 10}
    return CouponCreate(**(fields | changes))  # type: ignore[arg-type]


def test_a_stored_coupon_reads_as_the_merchant_named_it_in_each_language(shop):
    names = {"es": "10 % para amantes de las tazas", "zh_Hans": "马克杯爱好者九折"}
    with Session(shop) as session:
        create_coupon(session=session, data=coupon(labels={**names, "pt": "  "}), actor="merchant")
        assert session.exec(select(Coupon)).one().labels == names  # a blank name is no name
        cart = fill_cart(session)
        set_coupon(session=session, cart=cart, code="MUG10")
        quote = view_cart(session=session, cart=cart, delivery=HOME).quote
    assert quote is not None
    (discount,) = [d for d in quote.discounts if d.code == "MUG10"]
    assert discount.label == discount_label(discount, "en") == "Mug lovers' 10%"
    assert discount_label(discount, "es") == names["es"]
    assert discount_label(discount, "zh_Hans") == names["zh_Hans"]
    assert discount_label(discount, "ru") == "скидка 10\xa0%"  # no Russian name: worded from the terms


@pytest.mark.parametrize("labels", [{"fr": "Dix pour cent"}, {"en": "Ten percent"}])
def test_a_name_in_an_unknown_language_is_refused(shop, labels):
    with Session(shop) as session:
        with pytest.raises(StoreError) as caught:
            create_coupon(session=session, data=coupon(labels=labels), actor="merchant")
        assert caught.value.code is ErrorCode.BAD_INPUT and caught.value.data["field"] == "labels"
        assert f"'{next(iter(labels))}'" in caught.value.message
        assert session.exec(select(Coupon)).all() == []
