"""A shop that sells in another currency than the euro: a new cart and a payment that names no
currency are in the shop's own currency (they were fixed to EUR)."""

from __future__ import annotations

from sqlmodel import Session

from store.carts import create_cart
from store.orders import PaymentDetails
from store.payments import TEST_CARD_OK

IN_DOLLARS = (("currency: EUR", "currency: USD"), ("USD: {rate: 1.08,", "EUR: {rate: 0.93,"))


def test_a_new_cart_and_an_unnamed_payment_currency_are_the_shops(shop, shop_file):
    with Session(shop) as s:
        assert create_cart(session=s).currency == "EUR"
        assert PaymentDetails(card=TEST_CARD_OK, amount_minor=1).currency == "EUR"
        shop_file(*IN_DOLLARS)
        assert create_cart(session=s).currency == "USD"
        assert create_cart(session=s, currency="RUB").currency == "RUB"
        assert PaymentDetails(card=TEST_CARD_OK, amount_minor=1).currency == "USD"
