"""Other buyer forms that go through the store's input checks say why a value is refused in the
page's language too: the field's name and the reason, not the store's English sentence."""

from __future__ import annotations

import i18n
from store.db import transaction
from store.lifecycle import change_status
from store.states import OrderStatus
from tests.test_ui.buyer_app import app_at, seed_order, texts
from tests.test_ui.test_checkout_field_problems import speaking
from ui.session_keys import LANGUAGE_KEY


def test_a_blank_return_reason_is_refused_in_russian(db, monkeypatch):
    speaking("ru", monkeypatch)
    token = seed_order(db)
    with transaction(db) as session:
        for step in (OrderStatus.IN_PRODUCTION, OrderStatus.SHIPPED, OrderStatus.DELIVERED):
            change_status(session=session, order=token, to=step, actor="merchant")
    at = app_at("pages/buyer/order.py", order=token)
    at.session_state[LANGUAGE_KEY] = "ru"
    at.session_state["order:return-box"] = True
    at.run()
    at.text_area(key="order:reason").input("   ")
    at.button(key="order:return").click().run()
    assert not at.exception
    said = f"{i18n.gettext('Reason', 'ru')}: {i18n.gettext('please fill this in', 'ru')}"
    assert said == "Причина: заполните это поле"
    assert said in texts(at)
    assert "please fill this in" not in texts(at)


def test_a_blank_name_at_sign_up_is_refused_in_spanish(db, monkeypatch):
    speaking("es", monkeypatch)
    at = app_at("pages/buyer/account.py")
    at.session_state[LANGUAGE_KEY] = "es"
    at.run()
    at.text_input(key="signup:email").input("new@example.com")
    at.text_input(key="signup:name").input("   ")
    at.text_input(key="signup:password").input("long enough password")
    at.button(key="signup:create").click().run()
    assert not at.exception and "auth:user" not in at.session_state
    assert f"{i18n.gettext('Name', 'es')}: rellene este campo" in texts(at)
