"""Checkout details the store refuses: each field at fault says why right under it, in the page's
language with the language's figures, a summary near the button names them, and the button can
be pressed again at once."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from streamlit.testing.v1 import AppTest

import i18n
from pricing import formatting
from tests.test_ui.buyer_app import app_at, full_tee, seed_cart, texts
from ui.session_keys import LANGUAGE_KEY

AT_FAULT_WHEN_EMPTY = {"co:email": "E-mail", "co:name": "Full name", "co:line1": "Street and number"}
AT_FAULT_WHEN_EMPTY |= {"co:postal": "Postal code", "co:city": "City"}
FILLED = {
    "co:email": "guest@example.com",
    "co:name": "Grace Guest",
    "co:line1": "Rua Augusta 1",
    "co:postal": "1100-048",
    "co:city": "Lisboa",
}


OUTSIDE_A_RUN = {"lang": "en"}  # the language the test's own thread formats widget labels in


def speaking(lang: str, monkeypatch: Any) -> None:
    """AppTest formats a select box's value (its `format_func`) in the test's thread, where no page
    runs and the language would be English: there it is `lang` too, like the page's."""
    import sys

    from streamlit.runtime.scriptrunner import get_script_run_ctx

    import ui.cart_view
    import ui.language

    original = ui.language.current

    def current() -> str:
        return OUTSIDE_A_RUN["lang"] if get_script_run_ctx(suppress_warning=True) is None else original()

    monkeypatch.setitem(OUTSIDE_A_RUN, "lang", lang)
    for module in [m for name, m in sys.modules.items() if name.startswith("ui.")]:
        if getattr(module, "current", None) is original:
            monkeypatch.setattr(module, "current", current)


def checkout_page(engine: Any, lang: str = "en", monkeypatch: Any = None) -> AppTest:
    if monkeypatch is not None:
        speaking(lang, monkeypatch)
    at = app_at("pages/buyer/checkout.py")
    at.session_state["cart:token"] = seed_cart(engine, ("tshirt", full_tee(engine), 1))
    at.session_state[LANGUAGE_KEY] = lang
    return at.run()


def in_order(node: Any) -> list[Any]:
    """The page's elements in the order they are drawn (columns and containers opened)."""
    children = getattr(node, "children", None)
    if not isinstance(children, dict):
        return [node]
    return [leaf for _, child in sorted(children.items()) for leaf in in_order(child)]


def under(at: AppTest, key: str) -> list[str]:
    """The captions drawn right after the input `key` (in its column), as the buyer reads them."""
    elements = in_order(at.main)
    start = next(i for i, e in enumerate(elements) if getattr(e, "key", None) == key)
    said = []
    for element in elements[start + 1 :]:
        if element.type != "caption":
            break
        said.append(str(element.value).replace("\\", "").replace("\u2060", "").removeprefix(":red[").removesuffix("]"))
    return said


def field_messages(at: AppTest) -> list[str]:
    return [c.value for c in at.caption if str(c.value).startswith(":red[")]


def orders(engine: Any) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM orders")).scalar_one())


def test_empty_details_are_explained_under_each_field_in_russian_and_the_button_stays_usable(db, monkeypatch):
    at = checkout_page(db, "ru", monkeypatch)
    at.button(key="co:place").click().run()
    assert not at.exception
    fill_in = i18n.gettext("please fill this in", "ru")
    assert fill_in == "заполните это поле"
    fill_in = "Заполните это поле"  # a sentence of its own under the field
    for key in AT_FAULT_WHEN_EMPTY:
        assert under(at, key) == [fill_in], key
    assert under(at, "co:phone") == [] and under(at, "co:line2") == []
    assert len(field_messages(at)) == len(AT_FAULT_WHEN_EMPTY)
    labels = ", ".join(i18n.gettext(label, "ru") for label in AT_FAULT_WHEN_EMPTY.values())
    assert i18n.gettext("Please check your details: {fields}.", "ru").format(fields=labels) in texts(at)
    assert "Проверьте свои данные:" in texts(at)
    shown = texts(at)
    assert "please fill this in" not in shown and "Please check" not in shown
    assert not at.button(key="co:place").proto.disabled  # usable at once, without editing anything
    assert orders(db) == 0


def test_a_fixed_field_loses_its_message_and_a_second_click_places_the_order(db, monkeypatch):
    at = checkout_page(db, "ru", monkeypatch)
    at.button(key="co:place").click().run()
    at.text_input(key="co:email").input("guest@example.com").run()
    assert under(at, "co:email") == [] and len(field_messages(at)) == len(AT_FAULT_WHEN_EMPTY) - 1
    for key, value in FILLED.items():
        at.text_input(key=key).input(value)
    at.text_input(key="co:card").input("4242 4242 4242 4242").run()
    assert field_messages(at) == []
    at.button(key="co:place").click().run()
    assert not at.exception and orders(db) == 1


def test_a_bad_e_mail_says_why_under_the_field_and_the_summary_names_it(db):
    at = checkout_page(db)
    for key, value in FILLED.items():
        at.text_input(key=key).input(value)
    at.text_input(key="co:email").set_value("ana")
    at.run()
    at.button(key="co:place").click().run()
    assert under(at, "co:email") == ["This is not an e-mail address (name@example.com)"]
    assert "Please check your details: E-mail." in texts(at)
    assert len(field_messages(at)) == 1
    assert not at.button(key="co:place").proto.disabled and orders(db) == 0


def test_a_far_too_long_e_mail_is_refused_with_its_figures_in_each_languages_way():
    """The box stops at 254 characters; a client that sends more is told how many, in figures."""
    from store.errors import StoreError
    from store.input_checks import email
    from ui.actions import reason_text

    try:
        email("a" * 3_000 + "@example.com")
    except StoreError as refused:
        why = refused.reasons["email"]
    assert reason_text(why, "en") == "at most 254 characters (3,012 given)"
    assert reason_text(why, "ru") == f"не больше 254 симв. (введено: {formatting.number(3_012, 'ru')})"
    assert formatting.number(3_012, "ru") != "3,012"
    assert reason_text(why, "es") == f"como máximo 254 caracteres (ha escrito {formatting.number(3_012, 'es')})"
