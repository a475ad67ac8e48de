"""Store refusals a buyer can meet stay in English in the store and carry what a page needs to say
them in the buyer's language: a message the catalogs translate, and its figures kept apart."""

from __future__ import annotations

import pytest
from babel.messages.pofile import read_po
from sqlmodel import Session

import i18n
from store.carts import create_cart, set_redeem_points
from store.customers import register
from store.errors import StoreError
from store.sign_in import authenticate
from store.tables import CustomerCreate
from tests.conftest import ROOT


def catalog_ids() -> set[str]:
    with (ROOT / "locales" / "messages.pot").open("rb") as handle:
        return {m.id for m in read_po(handle) if m.id}


def test_points_beyond_the_balance_are_refused_with_the_figures_apart(shop):
    with Session(shop) as session:
        buyer = register(
            session=session, data=CustomerCreate(email="p@example.org", name="Pia", password="long-enough-1")
        )
        cart = create_cart(session=session, customer_id=buyer.id)
        with pytest.raises(StoreError) as refused:
            set_redeem_points(session=session, cart=cart.token, points=5000, customer_id=buyer.id)
    error = refused.value
    assert error.message == "you have 0 points, not 5,000"  # the English message, as before
    assert error.template in catalog_ids() and error.params == {"balance": 0, "points": 5000}
    spanish = i18n.gettext(error.template, "es").format(balance="0", points="5.000")
    assert spanish == "tienes 0 puntos, no 5.000"


def test_a_wrong_password_is_refused_in_words_the_catalogs_translate(shop):
    with Session(shop) as session:
        register(session=session, data=CustomerCreate(email="w@example.org", name="Wes", password="long-enough-1"))
        with pytest.raises(StoreError) as refused:
            authenticate(session=session, email="w@example.org", password="not-the-password", address="192.0.2.7")
    assert refused.value.template in catalog_ids()
    assert i18n.gettext(refused.value.template, "ru") == "неверная эл. почта или пароль"
