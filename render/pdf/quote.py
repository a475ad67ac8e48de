"""The buyer's quote as a PDF: the product, each choice with its price, the price breakdown,
delivery estimate and how long the price holds. A pure function of the catalog, the selection
and the server's `Quote`, written in the buyer's language: the words of the message catalogs,
the names of the catalog's `translations:`, amounts and dates the language's way (as the
invoice is)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
from collections.abc import Mapping
from decimal import Decimal

import i18n
from modules.catalog import Catalog
from modules.expr import Value
from modules.kinds import ChoiceModule, NumericModule
from modules.translations import translated
from pricing.formatting import DEFAULT_LANGUAGE
from pricing.labels import discount_label, line_label
from pricing.model import Quote
from pricing.shop import ShopSettings
from render.pdf.base import Document
from render.preview.svg import preview_svg as draw_preview

DEFAULT_VALIDITY_DAYS = 30


def quote_reference(catalog: Catalog, selection: Mapping[str, Value], quantity: int, on: dt.date) -> str:
    """A short reference, the same for the same design, quantity and day."""
    plain = {k: sorted(v) if isinstance(v, frozenset) else str(v) for k, v in sorted(selection.items())}
    digest = hashlib.sha256(
        json.dumps([catalog.code, plain, quantity, on.isoformat()], sort_keys=True).encode()
    ).hexdigest()
    return f"Q-{on:%Y%m%d}-{digest[:6].upper()}"


def choices(catalog: Catalog, selection: Mapping[str, Value]) -> list[tuple[str, str]]:
    """(module name, what was chosen) for every module with a value, in catalog order."""
    rows: list[tuple[str, str]] = []
    for module in catalog.modules:
        value = selection.get(module.code)
        if value is None or value == "" or value == frozenset():
            continue
        if isinstance(module, ChoiceModule):
            codes = sorted(value) if isinstance(value, frozenset) else [str(value)]
            names = [o.name if (o := module.option(c)) else c for c in codes]
            rows.append((module.name, ", ".join(names)))
        elif isinstance(module, NumericModule):
            number = format(value.normalize(), "f") if isinstance(value, Decimal) else str(value)
            rows.append((module.name, f"{number} {module.unit or ''}".strip()))
        else:
            rows.append((module.name, str(value)))
    return rows


def _preview(pdf: Document, svg: str | None) -> None:
    """Draw the design's SVG preview if fpdf2 can read it; a preview never stops the quote."""
    if not svg:
        return
    try:
        pdf.image(io.BytesIO(svg.encode("utf-8")), x=pdf.w - pdf.r_margin - 60, y=pdf.t_margin, w=60)
    except Exception:  # any drawing fpdf2 cannot render is left out
        return


def quote_pdf(
    *,
    catalog: Catalog,
    selection: Mapping[str, Value],
    quote: Quote,
    issued_on: dt.date,
    valid_days: int = DEFAULT_VALIDITY_DAYS,
    preview_svg: str | None = None,
    shop_name: str = "Configurator",
    lang: str = DEFAULT_LANGUAGE,
) -> bytes:
    """The quote of one configured product as PDF bytes, in `lang` (the catalog may be given in
    its own language or already translated)."""
    item = quote.items[0] if quote.items else None
    quantity = item.quantity if item else 1
    reference = quote_reference(catalog, selection, quantity, issued_on)
    valid_until = issued_on + dt.timedelta(days=max(valid_days, 0))
    catalog = translated(catalog, lang)
    pdf = Document(i18n.gettext("Quote {reference}", lang).format(reference=reference), lang=lang)
    money, _ = pdf.money, pdf._
    _preview(pdf, preview_svg)
    pdf.para(shop_name, size=9)
    pdf.heading(_("Quote {reference}").format(reference=reference))
    text_width = pdf.w - pdf.l_margin - pdf.r_margin - (65 if preview_svg else 0)
    pdf.set_right_margin(pdf.r_margin + (pdf.w - pdf.l_margin - pdf.r_margin - text_width))
    pdf.pairs(
        [
            (_("Product"), catalog.name),
            (_("Quantity"), str(quantity)),
            (_("Issued"), pdf.date(issued_on)),
            (_("Valid until"), pdf.date(valid_until)),
        ]
    )
    pdf.set_right_margin(10)
    pdf.set_y(max(pdf.get_y(), pdf.t_margin + 60 if preview_svg else 0))
    pdf.subheading(_("Your choices"))
    rows = choices(catalog, selection)
    if rows:
        pdf.grid((_("Module"), _("Choice")), rows, (60, 130), ("LEFT", "LEFT"))
    pdf.subheading(_("Price"))
    lines = [
        (line_label(line, catalog, pdf.lang), str(line.quantity), money(line.unit), money(line.amount))
        for line in quote.lines
    ]
    pdf.grid((_("Item"), _("Qty"), _("Unit"), _("Amount")), lines, (100, 20, 35, 35))
    pdf.totals(_totals(quote, pdf))
    estimate = quote.delivery
    pdf.subheading(_("Delivery"))
    pdf.para(
        _("Delivered between {earliest} and {latest} ({mode}), made in {days} working days from the order.").format(
            earliest=pdf.date(estimate.earliest),
            latest=pdf.date(estimate.latest),
            mode=_(quote.shipping.label),
            days=estimate.production_days,
        )
    )
    pdf.ln(4)
    pdf.para(
        _(
            "This quote holds until {date}. Prices, availability and delivery dates are checked again when you order."
        ).format(date=pdf.date(valid_until)),
        size=8,
    )
    return pdf.finish()


def _totals(quote: Quote, pdf: Document) -> list[tuple[str, str]]:
    money, _ = pdf.money, pdf._
    rows: list[tuple[str, str]] = [(_("Subtotal"), money(quote.subtotal))]
    rows += [(discount_label(d, pdf.lang), f"-{money(d.amount)}") for d in quote.discounts]
    shipping = quote.shipping
    rows.append((_("Shipping: {mode}").format(mode=_(shipping.label)), money(shipping.amount)))
    tax = quote.tax
    vat = _("VAT {rate}% ({country}) included") if tax.included else _("VAT {rate}% ({country}) added")
    label = vat.format(rate=format(tax.rate.normalize(), "f"), country=tax.country)
    rows.append((label, money(tax.amount)))
    rows.append((_("Total"), money(quote.total)))
    return rows


def validity_days(shop: ShopSettings | None) -> int:
    """Days a quote holds: the shop's `quote_validity_days` (`pricing/shop.yaml`), 30 without settings."""
    return shop.quote_validity_days if shop is not None else DEFAULT_VALIDITY_DAYS


def quote_file(
    catalog: Catalog,
    selection: Mapping[str, Value],
    quote: Quote,
    *,
    today: dt.date,
    days: int,
    svg: str | None = None,
    lang: str = DEFAULT_LANGUAGE,
) -> tuple[str, bytes]:
    """(file name, PDF bytes) of the quote of this design (`svg`: its preview, drawn if not given)."""
    quantity = quote.items[0].quantity if quote.items else 1
    reference = quote_reference(catalog, selection, quantity, today)
    if svg is None:
        try:
            svg = draw_preview(catalog, selection, lang=lang)
        except Exception:  # a preview that cannot be drawn never stops the quote
            svg = None
    data = quote_pdf(
        catalog=catalog, selection=selection, quote=quote, issued_on=today, valid_days=days, preview_svg=svg, lang=lang
    )
    return f"{reference}.pdf", data
