"""Boxes, sliders and text fields of the configure page (AppTest on a real SQLite database): each
change becomes the design's choice in the very run it starts, through the widget's callback, and
a refused text says why and leaves the choice as it was. None of them asks for a rerun of the
whole app: inside the configure fragment, `st.rerun()` would rerun every part of the page."""

from __future__ import annotations

import ast
from decimal import Decimal

from tests.conftest import ROOT
from tests.test_ui.buyer_app import app_at
from ui.session_keys import LANGUAGE_KEY


def chosen(at, product: str) -> dict:  # type: ignore[no-untyped-def]
    return dict(at.session_state[f"selection:{product}"])


def test_ticking_a_box_is_the_choice_after_one_run(db):
    at = app_at("pages/buyer/configure.py", product="tshirt").run()
    at.button(key="opt:print_method:screen").click().run()
    at.checkbox(key="chk:placement:back:False").check().run()
    assert not at.exception
    assert "back" in chosen(at, "tshirt")["placement"]
    assert at.checkbox(key="chk:placement:back:True").value is True
    at.checkbox(key="chk:placement:back:True").uncheck().run()
    assert "back" not in chosen(at, "tshirt")["placement"]
    assert at.checkbox(key="chk:placement:back:False").value is False  # drawn unticked again


def test_moving_a_slider_is_the_choice_after_one_run(db):
    at = app_at("pages/buyer/configure.py", product="table").run()
    at.select_slider(key="num:width:None").set_value(Decimal(200)).run()
    assert not at.exception
    assert Decimal(chosen(at, "table")["width"]) == 200
    assert at.select_slider(key="num:width:200").value == Decimal(200)


def test_the_sliders_suggestion_is_taken_with_its_button(db):
    at = app_at("pages/buyer/configure.py", product="table").run()
    at.button(key="use:depth").click().run()
    assert not at.exception
    assert "depth" in chosen(at, "table")


def test_an_untouched_slider_suggests_the_size_the_preview_draws(db):
    """The preview draws the catalog's default size until the buyer picks one, so the slider and
    its "Use" button suggest that size, not the smallest."""
    at = app_at("pages/buyer/configure.py", product="table").run()
    assert not at.exception
    assert at.select_slider(key="num:width:None").value == Decimal(160)
    assert at.button(key="use:width").label == "Use 160 cm"
    at.button(key="use:width").click().run()
    assert Decimal(chosen(at, "table")["width"]) == 160


def test_a_size_the_rules_hold_back_says_why_and_the_change_that_frees_it(db):
    """A pedestal has no apron to hang drawers from: the drawers are not a slider stuck on one
    stop but the one count possible, with "why not 1 piece?" answering like an unavailable option
    does (the rule, and one click that changes the legs and takes the drawer)."""
    at = app_at("pages/buyer/configure.py", product="table").run()
    at.button(key="opt:legs:pedestal").click().run()
    assert not at.exception
    assert not [s for s in at.select_slider if str(s.key).startswith("num:drawers:")]
    assert "Drawers: 0 pieces" in [t.value for t in at.text]
    assert at.button(key="why:drawers:1").label == "Why not 1 piece?"  # one piece, not "1 pcs"
    at.button(key="why:drawers:1").click().run()
    assert not at.exception
    assert any("Drawers hang from an apron" in c.value for c in at.caption)
    at.button(key="repair:0").click().run()
    assert not at.exception
    design = chosen(at, "table")
    assert Decimal(design["drawers"]) == 1
    assert design.get("legs") != "pedestal"  # the pedestal gave way


def test_a_slider_range_cut_short_offers_why_for_the_next_size(db):
    at = app_at("pages/buyer/configure.py", product="table").run()
    at.button(key="opt:legs:u-frame").click().run()
    at.select_slider(key="num:width:None").set_value(Decimal(130)).run()
    assert not at.exception
    drawers = [s for s in at.select_slider if str(s.key).startswith("num:drawers:")]
    assert drawers and drawers[0].options == ["0 pieces", "1 piece", "2 pieces"]  # 60 cm of width per drawer
    assert at.button(key="why:drawers:3").label == "Why not 3 pieces?"


def test_a_count_is_spelt_in_the_page_language_and_number(db):
    at = app_at("pages/buyer/configure.py", product="table")
    at.session_state[LANGUAGE_KEY] = "es"
    at.run()
    at.button(key="opt:legs:pedestal").click().run()
    assert not at.exception
    assert at.button(key="why:drawers:1").label == "¿Por qué no 1 pieza?"
    assert "Cajones: 0 piezas" in [t.value for t in at.text]


def test_typed_text_is_the_choice_and_a_refused_one_says_why(db):
    at = app_at("pages/buyer/configure.py", product="tshirt").run()
    at.button(key="opt:print_method:screen").click().run()
    at.text_input(key="txt:print_text").input("Team 7").run()
    assert not at.exception
    assert chosen(at, "tshirt")["print_text"] == "Team 7"
    at.text_input(key="txt:print_text").input("Team \u2603").run()  # a snowman is not in the charset
    assert not at.exception
    assert chosen(at, "tshirt")["print_text"] == "Team 7"
    assert at.warning, "a refused text says why"


def test_no_configure_widget_reruns_the_whole_app():
    tree = ast.parse((ROOT / "ui" / "configure_widgets.py").read_text(encoding="utf-8"))
    reruns = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr == "rerun" and getattr(node.value, "id", "") == "st"
    ]
    assert reruns == []
