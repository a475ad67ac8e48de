"""The configure page (AppTest on a real SQLite database): unavailable options stay visible,
clicking one explains why, and the one-click repair applies."""

from __future__ import annotations

import pytest

from tests.test_ui.buyer_app import app_at


@pytest.fixture
def app(db):
    return app_at("pages/buyer/configure.py", product="tshirt")


def labels(at, module):
    return {
        b.key.rsplit(":", 1)[1]: b.label.replace("\u2060", "")  # the word joiner inside "+€3.00"
        for b in at.button
        if b.key and b.key.startswith(f"opt:{module}:")
    }


def test_every_option_is_listed_and_unavailable_ones_are_struck_through(app):
    app.run()
    assert not app.exception
    app.button(key="opt:fabric:linen").click().run()
    colour = labels(app, "colour")
    assert len(colour) == 7
    assert colour["black"] == "~~Black~~" and colour["white"] == "Optic white"


def test_clicking_an_unavailable_option_explains_and_repairs(app):
    app.run()
    app.button(key="opt:fabric:linen").click().run()
    app.button(key="opt:colour:black").click().run()
    text = " ".join(m.value for m in app.markdown).replace("\\", "")  # markdown escapes
    assert "because you chose Fabric: Linen blend" in text
    repair = app.button(key="repair:0")
    assert repair.label == "Change Fabric and take Black"
    repair.click().run()
    assert not app.exception
    assert app.button(key="opt:colour:black").proto.type == "primary"
    assert app.button(key="opt:fabric:linen").proto.type == "tertiary"  # linen is not dyed black


def test_finish_for_me_completes_a_valid_product(app):
    app.run()
    next(b for b in app.button if b.label == "Finish for me").click().run()
    assert any("Complete: a valid product." in s.value for s in app.success)


def test_a_tampered_session_value_is_dropped_with_a_notice(app):
    app.session_state["selection:tshirt"] = {"colour": "plaid", "size": "m"}
    app.run()
    assert not app.exception
    assert any("no longer fits" in w.value for w in app.warning)
    assert app.button(key="opt:size:m").proto.type == "primary"


def test_opening_the_page_counts_the_funnels_first_step_once(app, db):
    from sqlalchemy import text

    app.run()
    app.button(key="opt:size:s").click().run()
    app.button(key="opt:size:m").click().run()
    assert not app.exception
    with db.connect() as conn:
        rows = conn.execute(text("SELECT product_code, stage FROM funnel_event")).all()
    assert rows == [("tshirt", "configure")]


def test_the_quote_pdf_is_offered_once_the_design_is_complete(app):
    app.run()
    (button,) = app.get("download_button")
    assert button.proto.disabled  # an incomplete design has no quote yet
    next(b for b in app.button if b.label == "Finish for me").click().run()
    (button,) = app.get("download_button")
    assert not button.proto.disabled
    assert button.proto.label == "Download quote (PDF)"


def finish_with(app, mode):
    app.segmented_control(key="finish:tshirt").set_value(mode).run()
    next(b for b in app.button if b.label == "Finish for me").click().run()
    assert not app.exception
    assert any("Complete: a valid product." in s.value for s in app.success)
    return app.session_state["selection:tshirt"]


def test_finish_at_the_lowest_price_takes_the_cheapest_valid_product(app, db):
    import datetime as dt

    from configurator.catalog_engine import CatalogEngine
    from modules.selection import parse_selection
    from pricing.bounds import PriceBounds
    from store.catalogs import catalog_of, current_version
    from store.db import transaction
    from ui.selection_state import to_raw

    app.run()
    app.button(key="opt:fabric:linen").click().run()
    chosen = finish_with(app, "cheapest")
    with transaction(db) as session:
        compiled = CatalogEngine(catalog_of(current_version(session=session, product_code="tshirt")))
    bounds = PriceBounds(compiled.model, compiled.engine, date=dt.date.today())
    lowest, _ = bounds.cheapest({"fabric": "linen"})
    assert chosen["fabric"] == "linen"
    # the finished design costs the lowest price any valid linen product has ...
    assert bounds.cheapest(parse_selection(compiled.catalog, chosen))[0] == lowest  # type: ignore[index]
    # ... and among equally cheap ones it keeps the shop's defaults (size M, not the first size)
    assert chosen["size"] == to_raw(compiled.complete({"fabric": "linen"})["size"])


def test_finish_with_the_most_popular_choices_follows_what_buyers_ordered(app, db):
    from tests.test_ui.buyer_app import full_tee, seed_order

    for _ in range(2):
        seed_order(db, raw=full_tee(db, colour="navy", size="xl"))
    app.run()
    assert app.button(key="opt:colour:white").proto.type != "primary"
    chosen = finish_with(app, "popular")
    assert chosen["colour"] == "navy" and chosen["size"] == "xl"


def test_most_popular_follows_buyers_who_made_the_same_choice_not_the_overall_favourite(app, db):
    """Buyers of organic cotton took black, the (more) buyers of heavy cotton navy: a buyer who
    picked organic cotton gets black, which the per-option counts alone would not give."""
    from tests.test_ui.buyer_app import full_tee, seed_order

    for _ in range(3):
        seed_order(db, raw=full_tee(db, fabric="organic-180", colour="black"))
    for _ in range(5):
        seed_order(db, raw=full_tee(db, fabric="heavy-220", colour="navy"))
    app.run()
    app.button(key="opt:fabric:organic-180").click().run()
    chosen = finish_with(app, "popular")
    assert chosen["fabric"] == "organic-180" and chosen["colour"] == "black"


def test_each_group_has_one_header_with_all_its_modules(db):
    """The car's catalog lists one Exterior module after the Interior ones: Exterior still shows
    one header."""
    at = app_at("pages/buyer/configure.py", product="car").run()
    assert not at.exception
    headers = [h.value for h in at.subheader]
    assert headers.count("Exterior") == 1 and headers.count("Interior") == 1
    assert len(set(headers)) == len(headers)


def test_a_complete_design_shows_what_each_switch_costs_or_saves(app):
    """Once complete, other options keep their price effect against the design: heavy cotton
    instead of linen is cheaper (a minus sign), linen instead of heavy cotton dearer."""
    app.run()
    app.button(key="opt:fabric:linen").click().run()
    next(b for b in app.button if b.label == "Finish for me").click().run()
    assert any("Complete: a valid product." in s.value for s in app.success)
    assert "-€" in labels(app, "fabric")["heavy-220"]
    app.button(key="opt:fabric:heavy-220").click().run()
    assert "+€" in labels(app, "fabric")["linen"]


def test_the_shop_shows_the_configure_pages_price_effects(app):
    """Screen printing adds a set-up surcharge: the shop's table and the configure page's button
    show the same effect."""
    app.run()
    shop = app_at("pages/buyer/shop.py").run()
    tables = [t.value for t in shop.dataframe]
    rows = next(t for t in tables if "Option" in t.columns and "Screen print" in set(t["Option"]))
    shown = rows.loc[rows["Option"] == "Screen print", "Price effect"].iloc[0]
    assert shown.startswith("+€")
    assert shown in labels(app, "print_method")["screen"].replace("\\", "")


def test_colours_show_as_named_swatches_with_the_choice_marked(app):
    """Each colour's swatch is drawn inside its named button (see tests/test_ui/test_swatch_elements.py);
    the button's kind (which the style sheet draws over the swatch) marks the choice."""
    from tests.test_ui.test_swatch_elements import swatch_pictures

    app.run()
    app.button(key="opt:colour:black").click().run()
    assert not app.exception
    swatches = swatch_pictures(app)
    black = app.button(key="opt:colour:black")
    assert black.label == "Black" and black.proto.type == "primary"  # the name stays in text
    assert 'fill="#1B1B1B"' in swatches["colour-black"] and 'fill="#1F2A44"' in swatches["colour-navy"]
    assert not [option for option in swatches if option.startswith("size-")]  # sizes have no colour
    app.button(key="opt:colour:white").click().run()
    app.button(key="opt:fabric:linen").click().run()
    black = app.button(key="opt:colour:black")
    assert black.label == "~~Black~~" and black.proto.type == "tertiary"


def test_the_buyers_currency_prices_the_options_from_its_price_list(app):
    """A buyer paying in dollars sees the dollar list's prices on the buttons and in the shop's
    table: the hoodie costs $25.90 more (the list's price), not EUR 24.00 converted ($25.92)."""
    from ui.session_keys import CURRENCY_KEY

    app.session_state[CURRENCY_KEY] = "USD"
    app.run()
    assert not app.exception
    cut = labels(app, "cut")
    assert "+$25.90" in cut["hoodie"].replace("\\", "") and "€" not in " ".join(cut.values())
    shop = app_at("pages/buyer/shop.py")
    shop.session_state[CURRENCY_KEY] = "USD"
    shop.run()
    assert not shop.exception
    assert any(c.value.endswith("from $15.90") for c in shop.caption)  # a tee from the list's base price
    tables = [t.value for t in shop.dataframe]
    rows = next(t for t in tables if "Option" in t.columns and "Hoodie" in set(t["Option"]))
    assert rows.loc[rows["Option"] == "Hoodie", "Price effect"].iloc[0] == "+$25.90"


def test_the_why_panel_gives_the_rule_and_the_steps_in_the_buyers_language(app):
    """A Russian buyer reads the catalog's rule message and step names in Russian, not English."""
    from ui.session_keys import LANGUAGE_KEY

    app.session_state[LANGUAGE_KEY] = "ru"
    app.run()
    app.button(key="opt:fabric:linen").click().run()
    app.button(key="opt:colour:black").click().run()
    assert not app.exception
    captions = [c.value.replace("\\", "") for c in app.caption]
    assert "Не каждая ткань окрашивается в любой цвет." in captions
    assert "Not every fabric is dyed in every colour." not in captions
    page = " ".join(m.value for m in app.markdown) + " ".join(h.value for h in app.subheader)
    assert "Внешний вид" in page and "Look" not in page.split()


def test_a_russian_buyer_picks_from_options_named_in_russian(app):
    """The engine's state (shared by every language) names options in English; the buttons,
    boxes and the "because you chose" line name them in the buyer's language."""
    from ui.session_keys import LANGUAGE_KEY

    app.session_state[LANGUAGE_KEY] = "ru"
    app.run()
    assert not app.exception
    assert labels(app, "cut")["tee"] == "Классическая футболка"
    assert labels(app, "colour")["navy"].replace("\\", "") == "Тёмно-синий"  # markdown escapes
    app.button(key="opt:fabric:linen").click().run()
    app.button(key="opt:colour:black").click().run()
    text = " ".join(m.value for m in app.markdown).replace("\\", "")
    assert "Ткань: Лён с хлопком" in text and "Linen blend" not in text
    assert labels(app, "colour")["black"] == "~~Чёрный~~"


def test_a_link_to_a_product_not_on_sale_says_so_and_shows_no_other_product(db):
    at = app_at("pages/buyer/configure.py", product="[old](javascript:alert(1))")
    at.run()
    assert not at.exception
    [warning] = at.warning
    assert "We have no product" in warning.value and "\\[old\\]\\(javascript" in warning.value  # shown, not a link
    assert [t.value for t in at.title] == ["Product not found"]  # no product drawn in its place
    picker = at.selectbox[0]
    assert picker.value is None
    picker.select("tshirt").run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Custom T-shirt"]
    assert at.query_params["product"] == "tshirt"  # the address names the product now shown
