"""The cart page: several configured items, quantities with tier prices, edit / duplicate / remove,
coupons with readable refusals, delivery modes; every figure from the server's quote."""

from __future__ import annotations

import base64
import io
import json

from PIL import Image
from sqlalchemy import text

from store.buyer_artwork import upload_buyer_artwork
from store.carts import add_to_cart, create_cart, view_cart
from store.db import transaction
from store.tables import CartLineCreate
from tests.test_ui.buyer_app import HOME, app_at, full_tee, seed_cart, texts


def cart_page(engine, *items):
    token = seed_cart(engine, *items)
    at = app_at("pages/buyer/cart.py")
    at.session_state["cart:token"] = token
    return at.run(), token


def lines(engine, token):
    with transaction(engine) as session:
        return view_cart(session=session, cart=token, delivery=HOME).lines


def test_configure_then_add_two_different_items(db):
    at = app_at("pages/buyer/configure.py", product="tshirt")
    at.run()
    assert at.button(key="cart:add").proto.disabled  # not complete yet
    next(b for b in at.button if b.label == "Finish for me").click().run()
    at.button(key="cart:add").click().run()
    links = [link.proto for link in at.get("page_link")]
    assert any("cart" in link.page and "cart" in link.label.lower() for link in links)  # "In your cart" leads there
    at.button(key="opt:colour:black").click().run()
    at.button(key="cart:add").click().run()
    assert not at.exception
    at.switch_page("pages/buyer/cart.py")
    at.run()
    assert not at.exception
    assert [s.value for s in at.subheader] == ["Custom T-shirt", "Custom T-shirt"]
    assert "Colour: Black" in texts(at) and "Colour: Optic white" in texts(at)
    assert "Quantity prices: from 10 pcs" in texts(at)


def test_quantity_duplicate_and_remove(db):
    at, token = cart_page(db, ("tshirt", full_tee(db), 1))
    (line,) = lines(db, token)
    at.number_input(key=f"qty:{line.id}").set_value(10).run()
    assert lines(db, token)[0].quantity == 10
    at.button(key=f"dup:{line.id}").click().run()
    assert [x.quantity for x in lines(db, token)] == [10, 10]
    at.button(key=f"remove:{line.id}").click().run()
    assert not at.exception
    assert len(lines(db, token)) == 1


def test_edit_goes_back_to_the_configurator_with_the_choices(db):
    at, token = cart_page(db, ("tshirt", full_tee(db, colour="black"), 2))
    (line,) = lines(db, token)
    at.button(key=f"edit:{line.id}").click().run()
    assert not at.exception
    assert at.button(key="opt:colour:black").proto.type == "primary"
    assert at.button(key="cart:add").label == "Update cart item"
    at.switch_page("pages/buyer/configure.py")  # AppTest reruns the page it was told, not the one switched to
    at.query_params["product"] = "tshirt"
    at.run()
    at.button(key="opt:colour:white").click().run()
    at.button(key="cart:add").click().run()
    assert not at.exception
    (edited,) = lines(db, token)
    assert edited.selection["colour"] == "white" and edited.quantity == 2


def test_coupons_apply_or_say_why_not(db):
    at, _token = cart_page(db, ("tshirt", full_tee(db), 1))
    at.text_input(key="coupon").input("nosuchcode")
    at.button(key="coupon:apply").click().run()
    assert "Coupon not applied: we do not know this coupon code" in texts(at)
    at.text_input(key="coupon").input("WELCOME10")
    at.button(key="coupon:apply").click().run()
    assert "Coupon not applied: sign in to use this coupon" in texts(at) or "minimum" in texts(at)
    at.text_input(key="coupon").input("TEES20")
    at.button(key="coupon:apply").click().run()
    assert "Coupon not applied" not in texts(at)
    assert "20% off T-shirts" in texts(at)


def test_delivery_mode_changes_the_fee_and_dates(db):
    at, _ = cart_page(db, ("tshirt", full_tee(db), 1))
    standard = texts(at)
    at.selectbox(key="w:cart:mode").set_value("express").run()
    assert not at.exception
    assert "Delivery: Express" in texts(at) and texts(at) != standard


def break_first_line(engine):
    """The catalog moved on: this combination is not sold any more."""
    broken = json.dumps({**full_tee(engine), "fabric": "linen", "colour": "black"})
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE cart_line SET selection = :s WHERE id = (SELECT min(id) FROM cart_line)"), {"s": broken}
        )


def test_a_line_that_no_longer_fits_shows_its_reason_and_the_rest_still_prices(db):
    at, token = cart_page(db, ("tshirt", full_tee(db), 1), ("tshirt", full_tee(db, colour="navy"), 2))
    bad, good = lines(db, token)
    break_first_line(db)
    at.run()
    assert not at.exception
    shown = texts(at)
    assert "Item 1 can no longer be made as configured" in shown
    assert "Not every fabric is dyed in every colour." in shown
    assert at.button(key="to-checkout").proto.disabled  # checkout waits until it is fixed
    assert not any(n.key == f"qty:{bad.id}" for n in at.number_input)  # no price for what cannot be made
    assert any(n.key == f"qty:{good.id}" for n in at.number_input)  # the other item still prices
    assert any(m.label == "Total" for m in at.metric)
    at.button(key=f"remove:{bad.id}").click().run()
    assert not at.exception
    assert [line.id for line in lines(db, token)] == [good.id]
    assert not at.button(key="to-checkout").proto.disabled


def test_edit_of_a_line_that_no_longer_fits_keeps_what_still_fits(db):
    at, token = cart_page(db, ("tshirt", full_tee(db), 1))
    (line,) = lines(db, token)
    break_first_line(db)
    at.run()
    at.button(key=f"edit:{line.id}").click().run()
    assert not at.exception
    assert at.button(key="opt:fabric:linen").proto.type == "primary"  # kept, in catalog order
    assert at.button(key="opt:colour:black").proto.type == "tertiary"  # no longer fits: dropped, struck
    assert "no longer fits with your other choices" in texts(at)
    assert at.button(key="cart:add").label == "Update cart item"


def test_an_unknown_cart_token_shows_an_empty_cart(db):
    at = app_at("pages/buyer/cart.py")
    at.session_state["cart:token"] = "guessed-token"
    at.run()
    assert not at.exception
    assert "Your cart is empty." in texts(at)


def _drawn(at) -> dict[str, str]:
    """alt text -> SVG of the item pictures on the page."""
    return {
        image.proto.imgs[0].alt: base64.b64decode(image.proto.imgs[0].url.split(",", 1)[1]).decode()
        for image in at.get("image")
        if image.proto.imgs[0].alt.startswith("Preview of ")
    }


def test_each_item_is_shown_with_its_picture_in_its_colour(db):
    at, _token = cart_page(db, ("tshirt", full_tee(db, colour="white"), 1), ("tshirt", full_tee(db, colour="black"), 1))
    assert not at.exception
    images = [im for im in at.get("image") if im.proto.imgs[0].alt == "Preview of Custom T-shirt"]
    assert len(images) == 2  # one drawing per line
    svgs = [base64.b64decode(im.proto.imgs[0].url.split(",", 1)[1]).decode() for im in images]
    assert svgs[0] != svgs[1]  # each drawn in its own colour
    assert all(svg.lstrip().startswith("<svg") for svg in svgs)


def cart_with_picture(db, zone: str) -> str:
    """A cart holding one screen-printed T-shirt with a small logo placed in `zone`; its token."""
    out = io.BytesIO()
    Image.new("RGB", (40, 40), (20, 20, 200)).save(out, format="PNG")
    with transaction(db) as session:
        art = upload_buyer_artwork(session=session, data=out.getvalue(), file_name="logo.png")
        token = create_cart(session=session).token
        add_to_cart(
            session=session,
            cart=token,
            line=CartLineCreate(
                product_code="tshirt",
                selection=full_tee(db, print_method="screen", placement=frozenset({zone})),
                quantity=1,
                artwork={zone: {"sha256": art.sha256, "x": 0.5, "y": 0.5, "scale": 0.5}},
            ),
            delivery=HOME,
        )
    return token


def test_duplicate_keeps_the_buyers_picture(db):
    token = cart_with_picture(db, "front")
    at = app_at("pages/buyer/cart.py")
    at.session_state["cart:token"] = token
    at.run()
    assert "Front picture" in texts(at)
    assert 'id="zone-front"' in next(iter(_drawn(at).values()))  # the picture is in the drawing
    (line,) = lines(db, token)
    at.button(key=f"dup:{line.id}").click().run()
    assert not at.exception
    copies = lines(db, token)
    assert len(copies) == 2
    assert [c.artwork for c in copies] == [line.artwork, line.artwork]


def test_a_picture_on_the_back_is_drawn_on_the_back_view_at_its_zones_size(db):
    token = cart_with_picture(db, "back")
    at = app_at("pages/buyer/cart.py")
    at.session_state["cart:token"] = token
    at.run()
    assert not at.exception and "Back picture" in texts(at)
    svg = next(iter(_drawn(at).values()))
    assert 'id="view-back"' in svg  # front and back side by side
    zone = svg[svg.index('<g id="zone-back" transform="translate(260 0)">') :]
    assert 'width="45.000" height="45.000"' in zone.split("</g>", 1)[0]  # half the 90-unit back zone
    assert at.run() and next(iter(_drawn(at).values())) == svg  # the kept drawing on the next run


def test_the_front_and_back_picture_names_each_view_in_the_buyers_language(db):
    token = cart_with_picture(db, "back")
    at = app_at("pages/buyer/cart.py")
    at.session_state["cart:token"] = token
    at.run()
    ((alt, svg),) = _drawn(at).items()
    assert alt == "Preview of Custom T-shirt, front and back"  # what a screen reader says
    assert '<text id="caption-front"' in svg and ">Front</text>" in svg and ">Back</text>" in svg
    at = app_at("pages/buyer/cart.py")
    at.session_state["cart:token"] = token
    at.session_state["ui:language"] = "es"
    at.run()
    spanish = next(image.proto.imgs[0] for image in at.get("image") if "caption-" in _svg(image))
    assert spanish.alt.endswith(", delante y detrás")
    assert ">Delante</text>" in _svg(spanish) and ">Detrás</text>" in _svg(spanish)  # not the English drawing kept
    front = cart_with_picture(db, "front")  # a picture on the front alone: one view, no captions
    at = app_at("pages/buyer/cart.py")
    at.session_state["cart:token"] = front
    at.run()
    ((alt, svg),) = _drawn(at).items()
    assert alt == "Preview of Custom T-shirt" and "caption-" not in svg and 'id="view-back"' not in svg


def _svg(image) -> str:
    img = image.proto.imgs[0] if hasattr(image, "proto") else image
    return base64.b64decode(img.url.split(",", 1)[1]).decode()


def test_a_picture_with_a_back_view_is_shown_wider_so_neither_view_shrinks():
    from configurator.catalog_engine import CatalogEngine
    from modules.loader import load_catalog
    from tests.conftest import ROOT
    from ui.line_picture import line_picture, shown_width
    from ui.selection_state import to_raw

    catalog = load_catalog(ROOT / "catalogs" / "tshirt.yaml")
    engine = CatalogEngine(catalog)
    front = {k: to_raw(v) for k, v in engine.complete({}).items()}
    chosen = engine.choose(engine.choose({}, "print_method", "screen"), "placement", frozenset({"back"}))
    both = {k: to_raw(v) for k, v in engine.complete(chosen).items()}
    front_svg, both_svg = line_picture(catalog, front), line_picture(catalog, both)
    assert front_svg and both_svg and 'id="view-back"' in both_svg and 'id="view-back"' not in front_svg
    assert shown_width(front_svg, 140) == 140
    assert shown_width(both_svg, 140) == round(140 * 512 / 300)  # the same scale as one view
