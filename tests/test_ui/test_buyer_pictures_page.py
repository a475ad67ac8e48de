"""The configure page's print zones (AppTest on a real database): a zone appears when its placement
is chosen, the sliders keep the picture inside the zone, the price panel's total holds the zone's
price (as the cart will), and the cart line gets the placement the store checked."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from PIL import Image
from sqlmodel import select

from store.buyer_artwork import upload_buyer_artwork
from store.db import transaction
from store.tables import CartLine
from tests.test_ui.buyer_app import app_at, full_tee, texts


@pytest.fixture
def app(db):
    return app_at("pages/buyer/configure.py", product="tshirt")


def picture(db, size=(40, 40)):
    out = io.BytesIO()
    Image.new("RGB", size, (20, 20, 200)).save(out, format="PNG")
    with transaction(db) as session:
        return upload_buyer_artwork(session=session, data=out.getvalue(), file_name="logo.png")


def test_no_zone_is_offered_until_its_placement_is_chosen(app, db):
    app.session_state["selection:tshirt"] = full_tee(db)  # no print
    app.run()
    assert not app.exception and "Your pictures" not in texts(app)


def total(app) -> Decimal:  # type: ignore[no-untyped-def]
    (shown,) = [m.value for m in app.metric if m.label == "Total"]
    return Decimal(shown.replace("€", "").replace(",", ""))


def test_a_placed_picture_is_kept_inside_the_zone_and_goes_to_the_cart(app, db):
    art = picture(db)
    app.session_state["selection:tshirt"] = full_tee(db, print_method="screen", placement=frozenset({"front"}))
    app.run()
    without = total(app)
    app.session_state["artwork:tshirt"] = {
        "front": {"sha256": art.sha256, "x": 0.5, "y": 0.5, "scale": 0.5, "aspect": 1.0}
    }
    app.run()
    assert not app.exception
    shown = texts(app)
    assert "Your pictures" in shown and "Front picture" in shown
    assert total(app) == without + Decimal("5.00")  # the front zone's price, in the panel's quote
    app.slider(key="artwork:tshirt:front:x").set_value(100).run()  # past the right edge: held at the edge
    app.button(key="cart:add").click().run()
    assert not app.exception and not app.error
    with transaction(db) as session:
        (artwork,) = session.exec(select(CartLine.artwork)).all()
    assert artwork == {"front": {"sha256": art.sha256, "x": 0.75, "y": 0.5, "scale": 0.5}}


def test_remove_takes_the_picture_away(app, db):
    art = picture(db)
    app.session_state["selection:tshirt"] = full_tee(db, print_method="screen", placement=frozenset({"front"}))
    app.session_state["artwork:tshirt"] = {
        "front": {"sha256": art.sha256, "x": 0.5, "y": 0.5, "scale": 0.5, "aspect": 1.0}
    }
    app.run()
    before = total(app)
    app.button(key="artwork:tshirt:front:remove").click().run()
    assert not app.exception and app.session_state["artwork:tshirt"] == {}
    assert total(app) == before - Decimal("5.00")


def test_a_zone_is_priced_in_the_buyers_currency(app, db):
    from ui.session_keys import CURRENCY_KEY

    app.session_state[CURRENCY_KEY] = "USD"
    app.session_state["selection:tshirt"] = full_tee(db, print_method="screen", placement=frozenset({"front"}))
    app.run()
    assert not app.exception
    heading = next(text for text in (m.value for m in app.markdown) if "Front picture" in text)
    assert "$" in heading and "€" not in heading


def test_the_upload_box_is_not_labelled_twice_on_screen(app, db):
    """The box read "Picture for Front picture" under the zone's own heading "Front picture": the
    label stays for screen readers but is not shown."""
    app.session_state["selection:tshirt"] = full_tee(db, print_method="screen", placement=frozenset({"front"}))
    app.run()
    assert not app.exception
    (box,) = app.get("file_uploader")
    assert box.proto.label == "Picture for Front picture"
    assert box.proto.label_visibility.value == box.proto.label_visibility.COLLAPSED
