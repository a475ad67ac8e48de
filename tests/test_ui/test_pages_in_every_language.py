"""Buyer pages that used to show English whatever the language: the order page (product, choices,
timeline), the cart's quantity prices and member note, the configure page's "None" and counts, the
account's forms and the store's refusals, each in the language picked for the tab."""

from __future__ import annotations

import re

from tests.test_ui.buyer_app import app_at, full_tee, register_buyer, seed_cart, seed_order, texts


def test_the_order_page_names_the_product_its_choices_and_its_timeline_in_spanish(db):
    token = seed_order(db)
    at = app_at("pages/buyer/order.py", order=token)
    at.session_state["ui:language"] = "es"
    at.run()
    assert not at.exception
    shown = texts(at)
    assert "1 × Camiseta personalizada" in shown and "Custom T-shirt" not in shown
    assert "Corte: Camiseta clásica" in shown and "Cut: " not in shown
    assert "Pedido realizado" in shown and "Pago recibido (modo de prueba: no se ha cobrado dinero)" in shown
    assert "Order placed" not in shown and "Payment received" not in shown


def test_the_cart_says_its_quantity_prices_and_member_note_in_portuguese(db):
    token = seed_cart(db, ("tshirt", full_tee(db), 2))
    at = app_at("pages/buyer/cart.py")
    at.session_state["cart:token"] = token
    at.session_state["ui:language"] = "pt"
    at.run()
    assert not at.exception
    shown = texts(at)
    assert "Preços por quantidade: a partir de 10 un. −5%" in shown
    assert "Os membros ganham pontos de fidelização" in shown
    assert "Quantity prices" not in shown and "Members earn" not in shown


def test_the_configure_page_counts_and_offers_none_in_russian(db):
    at = app_at("pages/buyer/configure.py", product="tshirt")
    at.session_state["ui:language"] = "ru"
    at.run()
    assert not at.exception
    assert "Нет" in {b.label for b in at.button} and "None" not in {b.label for b in at.button}
    counted = re.search(r"товаров: ([\d\s\xa0]+)", texts(at))
    assert counted and "," not in counted.group(1) and "\xa0" in counted.group(1)  # '10 128', not '10,128'
    (product,) = [box for box in at.selectbox if box.key != "w:ui:language"]
    assert product.label == "Товар"
    assert "Футболка на заказ" in product.options  # the picker names the products in the language too


def test_a_refused_sign_in_and_the_sign_up_form_read_in_chinese(db):
    register_buyer(db, "zh@example.com")
    at = app_at("pages/buyer/account.py")
    at.session_state["ui:language"] = "zh_Hans"
    at.run()
    assert {"密码", "电子邮箱"} <= {box.label for box in at.text_input}
    at.text_input(key="signin:email").input("zh@example.com")
    at.text_input(key="signin:password").input("not the password at all")
    at.button(key="signin:go").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == ["电子邮箱或密码错误"]
    shown = texts(at)
    assert "会员每件商品少付 5%" in shown and "Members pay" not in shown
