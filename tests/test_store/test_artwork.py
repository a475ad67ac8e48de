"""Artwork per option: checked, re-encoded, stored once by content and named in the draft, in one
transaction; hostile files (generated) are refused with the reason and store nothing."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from PIL.PngImagePlugin import PngInfo
from sqlmodel import Session, func, select

from modules.loader import load_catalog_text
from render.preview.svg import preview_svg
from store.artwork import artwork_for, attach_artwork
from store.drafts import draft_catalog, get_draft, open_draft
from store.errors import ErrorCode, StoreError
from store.tables import CatalogArtwork
from tests.store_helpers import sample_shop, staff_accounts

SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 280">'


@pytest.fixture
def shop(engine, tmp_path):
    return sample_shop(engine, tmp_path, "tshirt.yaml")


@pytest.fixture
def staff(shop):
    return staff_accounts(shop, roles=("merchandiser", "buyer"))


@pytest.fixture
def draft(shop, staff):
    with Session(shop) as s:
        return open_draft(session=s, product_code="tshirt", actor_id=staff["merchandiser"])


def upload(engine, staff, draft, data, name, *, option=("colour", "black"), version=None):
    with Session(engine) as s:
        return attach_artwork(
            session=s,
            actor_id=staff["merchandiser"],
            product_code="tshirt",
            module_code=option[0],
            option_code=option[1],
            file_name=name,
            data=data,
            expected_version=version or draft.version,
        )


def stored(engine):
    with Session(engine) as s:
        return s.exec(select(func.count()).select_from(CatalogArtwork)).one()


def png(size=(40, 30), text=None):
    info = PngInfo()
    if text:
        info.add_text("Comment", text)
    out = io.BytesIO()
    Image.new("RGBA", size, (200, 30, 30, 255)).save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def png_claiming(width, height):
    """A PNG whose header claims `width` x `height` pixels: a decompression bomb's front."""

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def test_a_png_is_re_encoded_stored_once_and_drawn_in_its_layer(shop, staff, draft):
    data = png(text="secret-camera-owner")
    after = upload(shop, staff, draft, data, "black-print.png")
    assert after.version == draft.version + 1
    catalog = draft_catalog(after)
    sha = catalog.module("colour").option("black").preview.artwork
    with Session(shop) as s:
        pictures = artwork_for(session=s, codes=[sha, "0" * 64])
    media, content = pictures[sha]
    assert set(pictures) == {sha} and media == "image/png"
    assert b"secret-camera-owner" not in content and Image.open(io.BytesIO(content)).size == (40, 30)
    svg = preview_svg(catalog, {"colour": "black"}, pictures)
    assert "data:image/png;base64," in svg
    again = upload(shop, staff, after, data, "same-again.png", option=("colour", "navy"))
    assert stored(shop) == 1 and draft_catalog(again).module("colour").option("navy").preview.artwork == sha


def test_a_jpeg_loses_its_exif(shop, staff, draft):
    exif = Image.Exif()
    exif[0x010E] = "private description"  # ImageDescription
    out = io.BytesIO()
    Image.new("RGB", (32, 32), (10, 120, 10)).save(out, format="JPEG", exif=exif.tobytes())
    after = upload(shop, staff, draft, out.getvalue(), "photo.jpg")
    sha = draft_catalog(after).module("colour").option("black").preview.artwork
    with Session(shop) as s:
        media, content = artwork_for(session=s, codes=[sha])[sha]
    assert media == "image/jpeg" and b"private description" not in content
    assert not Image.open(io.BytesIO(content)).getexif()


def test_a_clean_svg_is_rebuilt_and_kept_with_the_draft(shop, staff, draft):
    svg = (
        SVG_OPEN + '<!-- editor note --><metadata>x</metadata><g style="fill:#ff0000;stroke:none">'
        '<circle cx="150" cy="140" r="30"/></g></svg>'
    ).encode()
    after = upload(shop, staff, draft, svg, "logo.svg", option=("placement", "front"))
    sha = draft_catalog(after).module("placement").option("front").preview.artwork
    with Session(shop) as s:
        media, content = artwork_for(session=s, codes=[sha])[sha]
    assert media == "image/svg+xml" and b"editor note" not in content and b"metadata" not in content
    assert b'fill="#ff0000"' in content
    load_catalog_text(after.source_yaml, file="tshirt.yaml")  # the draft still loads


def test_an_option_without_a_layer_or_a_stale_draft_stores_nothing(shop, staff, draft):
    with pytest.raises(StoreError) as err:
        upload(shop, staff, draft, png(), "size.png", option=("size", "m"))
    assert err.value.code is ErrorCode.BAD_INPUT and "preview layer" in err.value.message
    with pytest.raises(StoreError) as err:
        upload(shop, staff, draft, png(), "late.png", version=draft.version + 5)
    assert err.value.code is ErrorCode.STALE_DRAFT
    with pytest.raises(StoreError) as err, Session(shop) as s:
        attach_artwork(
            session=s,
            actor_id=staff["buyer"],
            product_code="tshirt",
            module_code="colour",
            option_code="black",
            file_name="x.png",
            data=png(),
            expected_version=draft.version,
        )
    assert err.value.code is ErrorCode.FORBIDDEN
    assert stored(shop) == 0


HOSTILE_SVG = [
    "<script>alert(1)</script>",
    '<rect width="1" height="1" onclick="alert(1)"/>',
    '<a href="https://evil.example/"><rect width="1" height="1"/></a>',
    '<image href="https://evil.example/x.png" width="1" height="1"/>',
    '<use href="https://evil.example/s.svg#x"/>',
    '<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>',
    "<style>@import url(https://evil.example/a.css);</style>",
    '<rect width="1" height="1" fill="url(https://evil.example/#g)"/>',
    '<rect width="1" height="1" style="fill:url(javascript:alert(1))"/>',
    '<rect width="1" height="1" style="behavior:url(x.htc)"/>',
    '<rect width="1" height="1" xlink:href="data:text/html,x" xmlns:xlink="http://www.w3.org/1999/xlink"/>',
    '<animate attributeName="href" to="javascript:alert(1)"/>',
    '<set attributeName="onload" to="alert(1)"/>',
]
benign = st.sampled_from(
    [
        '<rect width="10" height="10" fill="#123456"/>',
        '<circle cx="5" cy="5" r="4"/>',
        "<g></g>",
        '<path d="M0 0 L10 10" stroke="black"/>',
        "<title>logo</title>",
    ]
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=st.lists(benign, max_size=3), hostile=st.sampled_from(HOSTILE_SVG), after=st.lists(benign, max_size=3))
def test_hostile_svg_is_refused_with_the_reason_and_nothing_is_stored(shop, staff, draft, before, hostile, after):
    data = (SVG_OPEN + "".join(before) + hostile + "".join(after) + "</svg>").encode()
    with pytest.raises(StoreError) as err:
        upload(shop, staff, draft, data, "evil.svg")
    assert err.value.code is ErrorCode.BAD_INPUT and err.value.message.startswith("evil.svg: ")
    assert "not allowed" in err.value.message or "refers outside" in err.value.message or "script" in err.value.message
    assert stored(shop) == 0
    with Session(shop) as s:
        assert get_draft(session=s, actor_id=staff["merchandiser"], product_code="tshirt").version == draft.version


HOSTILE_FILES = [
    ("bomb.png", png_claiming(100_000, 100_000), "refused before it is decoded"),
    ("wide.png", png_claiming(5_000, 10), "at most 4096 pixels a side"),
    ("cut.png", png()[:60], "cannot be read"),
    (
        "entities.svg",
        b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg">&b;</svg>',
        "document type declarations",
    ),
    (
        "external.svg",
        b'<?xml version="1.0"?><!DOCTYPE svg SYSTEM "http://evil.example/x.dtd">'
        b'<svg xmlns="http://www.w3.org/2000/svg"/>',
        "document type declarations",
    ),
    ("picture.svg", png(), "the name says .svg but the content is image/png"),
    (
        "illustrator.svg",
        b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">'
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>',
        "without the <!DOCTYPE ...> line",
    ),
    ("page.png", b"<html><script>alert(1)</script></html>", "not an SVG, PNG or JPEG"),
    ("empty.png", b"", "empty"),
    ("huge.svg", SVG_OPEN.encode() + b"<g>" * 10 + b" " * 600_000 + b"</g>" * 10 + b"</svg>", "at most 500,000 bytes"),
    ("html.svg", b'<svg xmlns="http://www.w3.org/1999/xhtml"><p/></svg>', "root element must be <svg>"),
]


@pytest.mark.parametrize(("name", "data", "reason"), HOSTILE_FILES, ids=[f[0] for f in HOSTILE_FILES])
def test_hostile_files_are_refused_with_a_clear_reason(shop, staff, draft, name, data, reason):
    with pytest.raises(StoreError) as err:
        upload(shop, staff, draft, data, name)
    assert err.value.code is ErrorCode.BAD_INPUT and name in err.value.message and reason in err.value.message
    assert stored(shop) == 0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    noise=st.binary(min_size=1, max_size=400), magic=st.sampled_from([b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"<svg"])
)
def test_random_bytes_behind_a_picture_header_are_refused(shop, staff, draft, noise, magic):
    name = {b"<svg": "x.svg", b"\xff\xd8\xff": "x.jpg"}.get(magic, "x.png")
    with pytest.raises(StoreError) as err:
        upload(shop, staff, draft, magic + noise, name)
    assert err.value.code is ErrorCode.BAD_INPUT and err.value.message.startswith(f"{name}: ")
    assert stored(shop) == 0


def test_a_published_version_keeps_its_artwork(shop, staff, draft):
    from store.catalogs import catalog_of, current_version
    from store.drafts import publish_draft

    after = upload(shop, staff, draft, png(), "print.png")
    with Session(shop) as s:
        publish_draft(session=s, product_code="tshirt", expected_version=after.version, actor_id=staff["merchandiser"])
    with Session(shop) as s:
        version = catalog_of(current_version(session=s, product_code="tshirt"))
        sha = version.module("colour").option("black").preview.artwork
        assert sha is not None and set(artwork_for(session=s, codes=[sha])) == {sha}
