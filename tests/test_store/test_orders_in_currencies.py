"""Selling in the buyer's currency: the cart is priced in it, the store re-prices in it at checkout,
and the order, its payment and its refund all stay in the currency it was sold in."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from pricing.money import Money
from pricing.shop import load_shop
from store.carts import add_to_cart, create_cart, set_currency, view_cart
from store.catalogs import sync_folder
from store.errors import ErrorCode, StoreError
from store.lifecycle import cancel_order
from store.orders import PaymentDetails, place_order
from store.payments import TEST_CARD_OK
from store.quotes import Delivery
from store.tables import Cart, CartLine, CartLineCreate, Order, OrderLine, Payment
from tests.conftest import ROOT
from tests.store_helpers import GUEST, HOME, fill_cart

TO_RUSSIA = Delivery(name="Ivan", line1="Tverskaya 1", postal_code="125009", city="Moskva", country="RU")


def pay(session, cart, *, amount_minor, currency, delivery=HOME, key="currency-key-1"):
    return place_order(
        session=session,
        cart=cart,
        buyer=GUEST,
        delivery=delivery,
        payment=PaymentDetails(card=TEST_CARD_OK, amount_minor=amount_minor, currency=currency),
        idempotency_key=key,
    )


def test_the_cart_is_priced_in_the_chosen_currency_by_the_shop_rate_and_rounding(shop):
    rub = load_shop().currencies["RUB"]
    with Session(shop) as session:
        cart = fill_cart(session)
        euros = view_cart(session=session, cart=cart, delivery=HOME).quote
        assert set_currency(session=session, cart=cart, currency="rub", delivery=HOME) == "RUB"
        roubles = view_cart(session=session, cart=cart, delivery=HOME).quote
    assert euros.currency == "EUR" and roubles.currency == "RUB"
    (base,) = [line for line in roubles.lines if line.kind.value == "base"]
    (base_eur,) = [line for line in euros.lines if line.kind.value == "base"]
    assert base.unit.amount == rub.convert(base_eur.unit.amount)
    assert base.unit.amount == base.unit.amount.to_integral_value()  # whole roubles
    assert roubles.total == roubles.subtotal - roubles.discount_total + roubles.shipping.amount


def test_changing_currency_is_not_reported_as_a_price_change(shop):
    with Session(shop) as session:
        cart = fill_cart(session)
        set_currency(session=session, cart=cart, currency="USD", delivery=HOME)
        view = view_cart(session=session, cart=cart, delivery=HOME)
        (line,) = session.exec(select(CartLine)).all()
        assert line.quoted_unit_minor == view.quote.items[0].subtotal.to_minor()


def test_the_currency_follows_the_delivery_country_unless_chosen(shop):
    with Session(shop) as session:
        cart = fill_cart(session)
        assert set_currency(session=session, cart=cart, currency=None, delivery=TO_RUSSIA) == "RUB"
        assert set_currency(session=session, cart=cart, currency=None, delivery=HOME) == "EUR"


@pytest.mark.parametrize("bad", ["JPY", "XXX", "", "<script>", "e" * 300])
def test_a_currency_the_shop_does_not_sell_in_is_refused_and_changes_nothing(shop, bad):
    with Session(shop) as session:
        cart = fill_cart(session)
        with pytest.raises(StoreError) as caught:
            set_currency(session=session, cart=cart, currency=bad, delivery=HOME)
        assert caught.value.code == ErrorCode.BAD_INPUT and caught.value.data["field"] == "currency"
        assert session.exec(select(Cart)).one().currency == "EUR"


def test_the_order_payment_and_refund_stay_in_the_currency_it_was_sold_in(shop):
    with Session(shop) as session:
        cart = fill_cart(session)
        set_currency(session=session, cart=cart, currency="CNY", delivery=HOME)
        total = view_cart(session=session, cart=cart, delivery=HOME).quote.total
        order = pay(session, cart, amount_minor=total.to_minor(), currency="CNY")
        row = session.exec(select(Order).where(Order.token == order.token)).one()
        assert (row.currency, row.total_minor) == ("CNY", total.to_minor())
        assert {line.currency for line in session.exec(select(OrderLine)).all()} == {"CNY"}
        cancel_order(session=session, order=order.token)
        payments = session.exec(select(Payment).where(Payment.order_id == row.id)).all()
    assert {p.currency for p in payments} == {"CNY"}
    assert sum(p.amount_minor for p in payments) == 0  # charged and refunded in full, in yuan


def test_the_store_reprices_in_the_cart_currency_whatever_the_page_sent(shop):
    with Session(shop) as session:
        cart = fill_cart(session)
        euros = view_cart(session=session, cart=cart, delivery=HOME).quote.total.to_minor()
        set_currency(session=session, cart=cart, currency="RUB", delivery=HOME)
        with pytest.raises(StoreError) as caught:  # the page still shows the euro total
            pay(session, cart, amount_minor=euros, currency="EUR")
        assert caught.value.code == ErrorCode.PRICE_CHANGED
        assert caught.value.data["currency"] == "RUB"
        with pytest.raises(StoreError) as caught:  # the right number in the wrong currency
            rub = view_cart(session=session, cart=cart, delivery=HOME).quote.total.to_minor()
            pay(session, cart, amount_minor=rub, currency="EUR", key="currency-key-2")
        assert caught.value.code == ErrorCode.PRICE_CHANGED
        assert session.exec(select(Order)).first() is None


TEE = {"cut": "hoodie", "fabric": "fleece", "colour": "black", "size": "l", "print_method": "none"}


def test_an_order_in_dollars_records_the_dollar_list_prices_as_quoted(engine):
    # given the shipped catalogs (the T-shirt has a USD price list) and a buyer paying in dollars
    sync_folder(engine=engine, folder=ROOT / "catalogs")
    with Session(engine) as session:
        cart = create_cart(session=session).token
        line = CartLineCreate(product_code="tshirt", selection=TEE, quantity=3)
        add_to_cart(session=session, cart=cart, line=line, delivery=HOME)
        set_currency(session=session, cart=cart, currency="USD", delivery=HOME)
        quoted = view_cart(session=session, cart=cart, delivery=HOME).quote
        # when they pay the total they saw
        order = pay(session, cart, amount_minor=quoted.total.to_minor(), currency="USD", key="dollar-key-1")
        row = session.exec(select(Order).where(Order.token == order.token)).one()
        (sold,) = session.exec(select(OrderLine)).all()
    # then every figure of the order is the quote's, in dollars, from the dollar list
    units = {line.code: line.unit for line in quoted.lines}
    assert quoted.currency == "USD" and quoted.items[0].price_list == "usd-2026"
    assert units["base"] == Money("15.90", "USD") and units["cut.hoodie"] == Money("25.90", "USD")
    assert (row.currency, row.total_minor, row.subtotal_minor) == (
        "USD",
        quoted.total.to_minor(),
        quoted.subtotal.to_minor(),
    )
    assert (row.shipping_minor, row.tax_minor) == (quoted.shipping.amount.to_minor(), quoted.tax.amount.to_minor())
    assert row.pricing["currency"] == "USD"
    assert [line["amount"] for line in row.pricing["lines"]] == [line.amount.text() for line in quoted.lines]
    assert sold.currency == "USD" and sold.line_total_minor == quoted.items[0].subtotal.to_minor()


@pytest.mark.parametrize("bad", ["JPY", "XXX", "", "<script>"])
def test_checkout_in_a_currency_the_shop_does_not_sell_in_is_refused_before_anything_happens(shop, bad):
    with Session(shop) as session:
        cart = fill_cart(session)
        total = view_cart(session=session, cart=cart, delivery=HOME).quote.total.to_minor()
        with pytest.raises(StoreError) as caught:
            pay(session, cart, amount_minor=total, currency=bad, key="bad-currency-1")
        assert caught.value.code == ErrorCode.BAD_INPUT and caught.value.data["field"] == "currency"
        assert "EUR, CNY, RUB, USD" in caught.value.message
        assert session.exec(select(Order)).first() is None and session.exec(select(Payment)).first() is None
