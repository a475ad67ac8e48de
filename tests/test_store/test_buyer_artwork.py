"""A buyer's own picture in a print zone: checked and stored once, placed inside the zone (checked
again by the store), priced per zone, and kept with the cart line and the order snapshot. Refused
files and placements (some generated) say why and store nothing."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from sqlmodel import Session, func, select

from render.pdf import DocAddress, DocLine, DocOrder, production_sheet_pdf
from store.buyer_artwork import buyer_artwork_for, checked_placements, upload_buyer_artwork
from store.carts import add_to_cart, create_cart, view_cart
from store.catalogs import catalog_of, current_version
from store.errors import ErrorCode, StoreError
from store.tables import BuyerArtwork, CartLine, CartLineCreate, Order, OrderLine
from tests.store_helpers import HOME, checkout, sample_shop
from tests.test_store.test_artwork import HOSTILE_FILES, SVG_OPEN, png, png_claiming
from ui.ops_documents import doc_prints

TEE = {
    "cut": "tee",
    "fabric": "organic-180",
    "colour": "black",
    "size": "m",
    "print_method": "screen",
    "placement": ["front"],
    "print_text": "",
}
PLAIN_TEE = {**TEE, "print_method": None, "placement": None, "print_text": None}


@pytest.fixture
def shop(engine, tmp_path):
    return sample_shop(engine, tmp_path, "tshirt.yaml")


def stored(engine):
    with Session(engine) as s:
        return s.exec(select(func.count()).select_from(BuyerArtwork)).one()


def upload(engine, data, name):
    with Session(engine) as s:
        return upload_buyer_artwork(session=s, data=data, file_name=name)


def add(engine, selection, artwork, cart=None):
    with Session(engine) as s:
        token = cart or create_cart(session=s).token
        line = add_to_cart(
            session=s,
            cart=token,
            line=CartLineCreate(product_code="tshirt", selection=selection, artwork=artwork),
            delivery=HOME,
        )
        return token, line


def jpeg_with_exif():
    exif = Image.Exif()
    exif[0x010E] = "private description"
    exif[0x8825] = {2: (38.0, 43.0, 0.0)}  # GPS latitude
    out = io.BytesIO()
    Image.new("RGB", (64, 32), (10, 120, 10)).save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_a_png_is_re_encoded_and_stored_once(shop):
    data = png(text="camera-owner")
    first = upload(shop, data, "logo.png")
    again = upload(shop, data, "logo-copy.png")
    assert first.sha256 == again.sha256 and stored(shop) == 1
    assert (first.media_type, first.width, first.height) == ("image/png", 40, 30)
    with Session(shop) as s:
        media, content, _, _ = buyer_artwork_for(session=s, codes=[first.sha256, "f" * 64])[first.sha256]
    assert media == "image/png" and b"camera-owner" not in content and first.size_bytes == len(content)


def test_a_jpeg_loses_its_exif_and_a_clean_svg_is_rebuilt(shop):
    photo = upload(shop, jpeg_with_exif(), "photo.jpg")
    with Session(shop) as s:
        _, content, _, _ = buyer_artwork_for(session=s, codes=[photo.sha256])[photo.sha256]
    assert b"private description" not in content and not Image.open(io.BytesIO(content)).getexif()
    logo = upload(shop, (SVG_OPEN + '<circle cx="150" cy="140" r="100" fill="#c00"/></svg>').encode(), "logo.svg")
    assert logo.media_type == "image/svg+xml" and stored(shop) == 2


@pytest.mark.parametrize(("name", "data", "reason"), HOSTILE_FILES, ids=[f[0] for f in HOSTILE_FILES])
def test_hostile_files_are_refused_with_the_reason_and_nothing_stored(shop, name, data, reason):
    with pytest.raises(StoreError) as err:
        upload(shop, data, name)
    assert err.value.code is ErrorCode.BAD_INPUT and name in err.value.message and reason in err.value.message
    assert stored(shop) == 0


def test_oversize_script_svg_truncated_and_non_image_files_are_refused(shop):
    cases = [
        ("big.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 2_000_001, "at most 2,000,000 bytes"),
        ("x.svg", (SVG_OPEN + "<script>alert(1)</script></svg>").encode(), "script"),
        ("half.jpg", jpeg_with_exif()[:200], "cannot be read"),
        ("notes.png", b"just some words", "not an SVG, PNG or JPEG"),
        ("bomb.png", png_claiming(60_000, 60_000), "decompression bomb"),
    ]
    for name, data, reason in cases:
        with pytest.raises(StoreError) as err:
            upload(shop, data, name)
        assert reason in err.value.message, (name, err.value.message)
    assert stored(shop) == 0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    noise=st.binary(min_size=0, max_size=300),
    magic=st.sampled_from([b"", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"<svg", b"<?xml"]),
    name=st.sampled_from(["a.png", "a.jpg", "a.svg", "a", "a.gif"]),
)
def test_hostile_bytes_never_store_anything(shop, noise, magic, name):
    try:
        upload(shop, magic + noise, name)
    except StoreError as err:
        assert err.code is ErrorCode.BAD_INPUT and err.message.startswith(name)
        assert stored(shop) == 0
    else:  # a few random bytes can make a tiny valid SVG; it is then stored rebuilt, never raw
        with Session(shop) as s:
            rows = s.exec(select(BuyerArtwork)).all()
        assert all(row.content != magic + noise or row.media_type == "image/svg+xml" for row in rows)


def test_a_placed_picture_is_priced_per_zone_and_travels_to_the_order(shop):
    picture = upload(shop, png(size=(40, 40)), "logo.png")
    placement = {"sha256": picture.sha256, "x": 0.5, "y": 0.4, "scale": 0.6}
    cart, line = add(shop, TEE, {"front": placement})
    assert line.artwork == {"front": placement}
    _, bare = add(shop, TEE, {}, cart=cart)
    with Session(shop) as s:
        view = view_cart(session=s, cart=cart, delivery=HOME)
    zone_lines = [ln for ln in view.quote.lines if ln.kind.value == "print-zone"]
    assert [(ln.code, ln.label, ln.amount.text()) for ln in zone_lines] == [("zone.front", "Front picture", "5.00")]
    assert view.quote.items[0].subtotal.amount - view.quote.items[1].subtotal.amount == 5
    assert bare.quoted_unit_minor + 500 == line.quoted_unit_minor
    with Session(shop) as s:
        order = checkout(s, cart)
        order_id = s.exec(select(Order.id).where(Order.token == order.token)).one()
        rows = s.exec(select(OrderLine).where(OrderLine.order_id == order_id).order_by(OrderLine.position)).all()
    snapshot = rows[0].snapshot
    art = snapshot["artwork"]["front"]
    assert (art["sha256"], art["x"], art["y"], art["scale"]) == (picture.sha256, 0.5, 0.4, 0.6)
    assert art["zone_name"] == "Front picture" and art["media_type"] == "image/png"
    assert art["area"] == {"x": "110", "y": "100", "width": "80", "height": "82"}
    zone_lines = [
        (p["kind"], p["code"], p["amount_minor"]) for p in snapshot["price_lines"] if p["kind"] == "print-zone"
    ]
    assert zone_lines == [("print-zone", "zone.front", 500)]
    assert rows[1].snapshot["artwork"] == {}
    # the production sheet reads the snapshot and embeds the stored file
    with Session(shop) as s:
        pictures = buyer_artwork_for(session=s, codes=[art["sha256"]])
    (placed,) = doc_prints(snapshot, pictures)
    assert (placed.zone_name, placed.area, placed.x, placed.scale) == ("Front picture", (110, 100, 80, 82), 0.5, 0.6)
    assert placed.content == pictures[picture.sha256][1]
    sheet = production_sheet_pdf(
        DocOrder(
            number=1,
            reference=order.token,
            placed_at=dt.datetime.now(dt.UTC),
            status="paid",
            contact_name="Ana",
            contact_email="ana@example.org",
            ship_to=DocAddress("Ana", "Rua A 1", "", "1000-001", "Lisboa", "PT"),
            currency="EUR",
            lines=(DocLine(1, "Custom T-shirt", 1, 0, 0, (), (placed,)),),
            subtotal_minor=0,
            discount_minor=0,
            shipping_minor=0,
            tax_minor=0,
            total_minor=0,
        )
    )
    assert re.search(rb"/Subtype\s*/Image", sheet)


@pytest.mark.parametrize(
    ("selection", "artwork", "reason"),
    [
        (PLAIN_TEE, {"front": "PLACE"}, "does not apply"),
        ({**TEE, "placement": ["back"]}, {"front": "PLACE"}, "does not apply"),
        (TEE, {"pocket": "PLACE"}, "has no print zone 'pocket'"),
        (TEE, {"front": {"sha256": "0" * 64, "x": 0.5, "y": 0.5, "scale": 0.5}}, "no such uploaded picture"),
        (TEE, {"front": {"sha256": "SHA", "x": 0.95, "y": 0.5, "scale": 0.5}}, "right edge"),
        (TEE, {"front": {"sha256": "SHA", "x": 0.5, "y": 0.5, "scale": 3}}, "size must be"),
        (TEE, {"front": {"sha256": "SHA", "x": "0.5", "y": 0.5, "scale": 0.5}}, "x must be a number"),
        (TEE, {"front": {"sha256": "SHA", "x": 0.5, "y": 0.5}}, "a placement is"),
    ],
)
def test_bad_placements_are_refused_and_add_nothing(shop, selection, artwork, reason):
    picture = upload(shop, png(size=(40, 40)), "logo.png")
    good = {"sha256": picture.sha256, "x": 0.5, "y": 0.5, "scale": 0.5}

    def fill(value):
        if value == "PLACE":
            return good
        if isinstance(value, dict):
            return {k: fill(v) for k, v in value.items()}
        return picture.sha256 if value == "SHA" else value

    with pytest.raises(StoreError) as err:
        add(shop, selection, fill(artwork))
    assert err.value.code in {ErrorCode.BAD_INPUT, ErrorCode.INVALID_LINE} and reason in err.value.message
    with Session(shop) as s:
        assert s.exec(select(func.count()).select_from(CartLine)).one() == 0


def test_a_zone_limit_tighter_than_the_shop_is_kept(shop):
    big = upload(shop, png(size=(2_100, 2_000)), "big.png")  # 4.2 million pixels; the chest zone takes 4 million
    chest = {**TEE, "placement": ["chest-left"]}
    with pytest.raises(StoreError) as err:
        add(shop, chest, {"chest-left": {"sha256": big.sha256, "x": 0.5, "y": 0.5, "scale": 0.5}})
    assert "at most 4,000,000 pixels" in err.value.message


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    x=st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-5, 5), st.booleans()),
    y=st.floats(min_value=-1, max_value=2),
    scale=st.floats(min_value=-1, max_value=3),
)
def test_generated_placements_are_inside_the_zone_or_refused(shop, x, y, scale):
    with Session(shop) as s:
        if not s.exec(select(BuyerArtwork)).first():
            upload_buyer_artwork(session=s, data=png(size=(40, 20)), file_name="logo.png")
        sha = s.exec(select(BuyerArtwork.sha256)).one()
        catalog = catalog_of(current_version(session=s, product_code="tshirt"))
        try:
            out = checked_placements(
                session=s,
                catalog=catalog,
                selection=TEE,
                placements={"front": {"sha256": sha, "x": x, "y": y, "scale": scale}},
            )
        except StoreError as err:
            assert err.code is ErrorCode.BAD_INPUT and err.message.startswith("Front picture: ")
            return
    zone = catalog.print_zone("front")
    width = 80 * out["front"]["scale"]
    left = 110 + 80 * out["front"]["x"] - width / 2
    top = 100 + 82 * out["front"]["y"] - width / 4
    assert left >= 110 - 1e-6 and left + width <= 190 + 1e-6
    assert top >= 100 - 1e-6 and top + width / 2 <= 182 + 1e-6
    assert zone is not None
