"""PDF documents: the quote, the invoice and the packing slip, including hostile buyer text."""

from __future__ import annotations

import datetime as dt
import doctest
import re
import sys
import zlib

import pytest

from configurator.catalog_engine import CatalogEngine
from modules.loader import load_catalog
from pricing.context import QuoteContext
from pricing.quote import quote
from pricing.shop import load_shop
from render.pdf import DocAddress, DocLine, DocOrder, invoice_pdf, packing_slip_pdf, quote_pdf, quote_reference
from render.pdf import base as pdf_base
from render.preview.svg import preview_svg
from tests.conftest import ROOT

HOSTILE = (
    "Zoë 😀👩‍👩‍👧 مرحبا بالعالم שָׁלוֹם e\u0301\u0302 <script>alert('x')</script> [link](javascript:x) "
    "\u202eevil\u202c \x00\x07\ud800 \t汉字 \U0010ffff %PDF-1.4 ) ( \\"
)
DAY = dt.date(2026, 11, 29)


def parses(data: bytes) -> bool:
    """A whole PDF: header, cross-reference table, trailer, and every stream inflates."""
    if not (data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF") and b"startxref" in data):
        return False
    for stream in re.findall(rb"/FlateDecode.*?stream\r?\n(.*?)\r?\nendstream", data, flags=re.S):
        zlib.decompress(stream)
    return True


def texts(data: bytes) -> str:
    """Every content stream, inflated (text is written as glyph ids, so this only finds markup)."""
    found = []
    for stream in re.findall(rb"/FlateDecode.*?stream\r?\n(.*?)\r?\nendstream", data, flags=re.S):
        found.append(zlib.decompress(stream).decode("latin-1"))
    return "\n".join(found)


@pytest.fixture(scope="module")
def tee():
    catalog = load_catalog(ROOT / "catalogs" / "tshirt.yaml")
    full = CatalogEngine(catalog).complete({})
    priced = quote(catalog=catalog, selection=full, quantity=3, context=QuoteContext(shop=load_shop(), date=DAY))
    return catalog, full, priced


def order(**changes) -> DocOrder:
    values = dict(
        number=42,
        reference="tok_abc-123",
        placed_at=dt.datetime(2026, 11, 29, 9, 30, tzinfo=dt.UTC),
        status="paid",
        contact_name="Ada Lovelace",
        contact_email="ada@example.org",
        ship_to=DocAddress("Ada Lovelace", "1 Main St", "", "1000", "Lisbon", "PT"),
        currency="EUR",
        lines=(DocLine(1, "Custom mug", 2, 1450, 2900, ("Size: Small", "Engraving: Ada")),),
        subtotal_minor=2900,
        discount_minor=300,
        shipping_minor=500,
        tax_minor=580,
        tax_rate="23",
        total_minor=3100,
        promised_delivery=dt.date(2026, 12, 5),
        paid_minor=3100,
        refunded_minor=0,
    )
    values.update(changes)
    return DocOrder(**values)


def test_the_quote_is_a_pdf_with_the_preview_and_an_embedded_unicode_font(tee):
    catalog, full, priced = tee
    data = quote_pdf(
        catalog=catalog, selection=full, quote=priced, issued_on=DAY, preview_svg=preview_svg(catalog, full)
    )
    assert parses(data)
    assert b"/FontFile2" in data  # DejaVu Sans is embedded, not a Latin-1 core font
    without = quote_pdf(catalog=catalog, selection=full, quote=priced, issued_on=DAY)
    assert len(without) < len(data)


def test_a_preview_fpdf2_cannot_read_is_left_out(tee):
    catalog, full, priced = tee
    for broken in ("<svg><g>", "not svg at all", "<svg width='-1' height='x'></svg>"):
        assert parses(quote_pdf(catalog=catalog, selection=full, quote=priced, issued_on=DAY, preview_svg=broken))


def test_the_quote_reference_and_validity(tee):
    catalog, full, priced = tee
    reference = quote_reference(catalog, full, 3, DAY)
    assert reference == quote_reference(catalog, dict(full), 3, DAY)
    assert reference != quote_reference(catalog, full, 4, DAY)
    assert reference.startswith("Q-20261129-")
    for days in (0, 30, 90):
        assert parses(quote_pdf(catalog=catalog, selection=full, quote=priced, issued_on=DAY, valid_days=days))


def test_hostile_engraving_text_never_breaks_the_quote():
    catalog = load_catalog(ROOT / "catalogs" / "tshirt.yaml")
    engine = CatalogEngine(catalog)
    text_modules = [m.code for m in catalog.modules if m.kind == "text"]
    selection = engine.complete({})
    for code in text_modules:  # the engine refuses characters the catalog forbids; the PDF must not care
        selection = {**selection, code: HOSTILE}
    priced = quote(
        catalog=catalog, selection=engine.complete({}), quantity=1, context=QuoteContext(shop=load_shop(), date=DAY)
    )
    data = quote_pdf(catalog=catalog, selection=selection, quote=priced, issued_on=DAY, shop_name=HOSTILE)
    assert parses(data)


@pytest.mark.parametrize("build", [invoice_pdf, packing_slip_pdf])
def test_order_documents_survive_any_text(build):
    hostile = order(
        contact_name=HOSTILE,
        contact_email=HOSTILE,
        ship_to=DocAddress(HOSTILE, HOSTILE, HOSTILE, HOSTILE, HOSTILE, "PT"),
        lines=tuple(DocLine(i, HOSTILE, 1, 100, 100, (HOSTILE, "x" * 500)) for i in range(1, 40)),  # several pages
        refunded_minor=3100,
    )
    data = build(hostile, shop_name=HOSTILE)
    assert parses(data)
    pages = re.search(rb"/Count (\d+)", data)
    assert pages is not None and int(pages.group(1)) >= 2
    assert "<script>" not in texts(data)  # text is written as glyph ids, never as markup


def test_invoice_and_packing_slip_of_a_plain_order():
    assert parses(invoice_pdf(order()))
    assert parses(packing_slip_pdf(order(promised_delivery=None, discount_minor=0)))


def test_clean_and_money_examples():
    assert doctest.testmod(pdf_base).failed == 0
    assert pdf_base.clean("a\u202eb\x1bc") == "a\u202ebc"  # direction marks are text, escapes are not


def test_render_imports_neither_streamlit_nor_the_database():
    import subprocess

    code = (
        "import sys, importlib, pkgutil\n"
        "for blocked in ('streamlit', 'sqlmodel', 'sqlalchemy', 'store', 'ui'):\n"
        "    sys.modules[blocked] = None\n"
        "import render\n"
        "for info in pkgutil.walk_packages(render.__path__, 'render.'):\n"
        "    importlib.import_module(info.name)\n"
        "print('ok')"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    assert out.stdout.strip() == "ok", out.stderr


def test_papers_name_the_order_by_number_never_by_its_private_reference():
    """The reference is the secret of the buyer's order link (cancel, return, messages): an invoice
    is forwarded to accountants and a packing slip travels in the parcel, so neither may carry it."""
    from tests.test_render.pdf_text import pdf_text

    for paper in (invoice_pdf(order()), packing_slip_pdf(order())):
        text = pdf_text(paper)
        assert "#42" in text
        assert "tok_abc-123" not in text and "tok_abc" not in text.replace(" ", "")
