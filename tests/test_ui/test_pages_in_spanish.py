"""Buyer pages in the language picked in the sidebar: strings from the catalogs, amounts per locale."""

from __future__ import annotations

from pricing.formatting import moment
from store.db import transaction
from store.lifecycle import get_order
from tests.test_ui.buyer_app import app_at, full_tee, seed_cart, seed_order, texts


def test_the_cart_page_reads_in_spanish(db):
    token = seed_cart(db, ("tshirt", full_tee(db), 2))
    at = app_at("pages/buyer/cart.py")
    at.session_state["cart:token"] = token
    at.session_state["ui:language"] = "es"
    at.run()
    assert not at.exception
    assert at.title[0].value == "Tu carrito"
    assert {b.label for b in at.button} >= {"Editar", "Duplicar", "Eliminar", "Finalizar compra"}
    total = next(m for m in at.metric if m.label == "Total")
    assert total.value.endswith("\xa0€") and "," in total.value  # '35,74 €', not '€35.74'
    assert "Entrega entre el" in texts(at)


def test_the_language_picker_switches_the_shop_page_and_remembers_it(db):
    at = app_at("pages/buyer/shop.py")
    at.run()
    assert at.title[0].value == "Design your own"
    at.selectbox(key="w:ui:language").set_value("ru").run()
    assert not at.exception
    assert at.title[0].value == "Создайте свой дизайн"
    assert at.session_state["ui:language"] == "ru"
    at.run()  # a rerun keeps the choice
    assert at.title[0].value == "Создайте свой дизайн"
    assert any(b.label == "Создать дизайн" for b in at.button)


def test_the_configure_page_names_the_product_and_its_choices_in_spanish(db):
    at = app_at("pages/buyer/configure.py", product="tshirt")
    at.session_state["ui:language"] = "es"
    at.run()
    assert not at.exception
    assert at.title[0].value == "Camiseta personalizada"
    shown = texts(at) + "\n".join(b.label for b in at.button) + "\n".join(e.label for e in at.get("expander"))
    assert "Negro" in shown or "Color" in shown
    assert any(b.label.startswith("Descargar presupuesto") for b in at.get("download_button"))
    labels = {b.label for b in at.button}
    assert {"Añadir al carrito", "Termínalo por mí", "Empezar de nuevo"} <= labels
    assert at.subheader[0].value == "Tu diseño" or "Tu diseño" in [s.value for s in at.subheader]


def test_the_order_timeline_reads_its_dates_in_spanish(db):
    """The timeline's moments follow the page's language like every other date on it ('1 dic
    2026, 11:41'), not a fixed English 'dd Mon YYYY'."""
    token = seed_order(db)
    at = app_at("pages/buyer/order.py", order=token)
    at.session_state["ui:language"] = "es"
    at.run()
    assert not at.exception
    with transaction(db) as session:
        placed = get_order(session=session, order=token).events[0].created_at
    assert moment(placed, "es") in texts(at)
    assert f"{placed:%d %b %Y}" not in texts(at)
