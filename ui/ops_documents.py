"""An order's packing slip and invoice, printed from the staff order detail (pure conversion)."""

from __future__ import annotations

from collections.abc import Callable

from i18n import DEFAULT_LANGUAGE, language
from modules.catalog import Catalog
from modules.translations import translated
from render.pdf import DocAddress, DocLine, DocOrder, invoice_pdf, packing_slip_pdf
from store.order_detail import StaffOrderDetail
from store.snapshots import LineSnapshot
from store.tables import OrderLinePublic

SoldCatalog = Callable[[OrderLinePublic], Catalog | None]  # the catalog version a line was sold under


def doc_order(
    detail: StaffOrderDetail, lang: str = DEFAULT_LANGUAGE, catalog_of: SoldCatalog | None = None
) -> DocOrder:
    """The order as its documents show it: product, module and option names in `lang` from the
    catalog version each line was sold under (`catalog_of`), else as stored at sale."""
    order = detail.order

    def named(line: OrderLinePublic) -> tuple[str, tuple[str, ...]]:
        snapshot = LineSnapshot.of(line.snapshot)
        catalog = catalog_of(line) if catalog_of is not None else None
        if catalog is None:
            return line.product_name, snapshot.choices()
        shown = translated(catalog, lang)
        return shown.name, snapshot.choices_named(shown)

    tax = detail.pricing.get("tax")
    tax = tax if isinstance(tax, dict) else {}
    return DocOrder(
        number=detail.number,
        reference=order.token,
        placed_at=order.placed_at,
        status=order.status,
        contact_name=order.contact_name,
        contact_email=order.contact_email,
        ship_to=DocAddress(
            order.ship_name,
            order.ship_line1,
            order.ship_line2,
            order.ship_postal_code,
            order.ship_city,
            order.ship_country,
        ),
        currency=order.currency,
        lines=tuple(
            DocLine(line.position, name, line.quantity, line.unit_price_minor, line.line_total_minor, choices)
            for line in detail.lines
            for name, choices in [named(line)]
        ),
        subtotal_minor=order.subtotal_minor,
        discount_minor=order.discount_minor,
        shipping_minor=order.shipping_minor,
        tax_minor=order.tax_minor,
        tax_rate=str(tax.get("rate", "")),
        tax_included=bool(tax.get("included", True)),
        total_minor=order.total_minor,
        promised_delivery=order.promised_delivery,
        paid_minor=sum(p.amount_minor for p in detail.payments if p.kind == "charge"),
        refunded_minor=-sum(p.amount_minor for p in detail.payments if p.kind == "refund"),
    )


def invoice(detail: StaffOrderDetail, catalog_of: SoldCatalog | None = None) -> bytes:
    """The invoice in the language the buyer ordered in (it goes to the buyer)."""
    lang = language(detail.order.language)
    return invoice_pdf(doc_order(detail, lang, catalog_of), lang=lang)


def packing_slip(detail: StaffOrderDetail, catalog_of: SoldCatalog | None = None) -> bytes:
    """The packing slip in the order's language too: it travels in the buyer's parcel."""
    lang = language(detail.order.language)
    return packing_slip_pdf(doc_order(detail, lang, catalog_of), lang=lang)
