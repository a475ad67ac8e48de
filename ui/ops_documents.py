"""An order's packing slip and invoice, printed from the staff order detail or, for the invoice,
from the buyer's own order (pure conversion: the same document for both)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

from i18n import DEFAULT_LANGUAGE, language
from modules.catalog import Catalog
from modules.translations import translated
from pricing.labels import order_delivery_label, order_discounts
from render.pdf import DocAddress, DocLine, DocOrder, DocPrint, invoice_pdf, packing_slip_pdf, production_sheet_pdf
from store.order_detail import StaffOrderDetail
from store.snapshots import LineSnapshot
from store.tables import OrderLinePublic, OrderPublic

SoldCatalog = Callable[[OrderLinePublic], Catalog | None]  # the catalog version a line was sold under

Pictures = Mapping[str, tuple[str, bytes, int, int]]


class SoldOrder(Protocol):
    """An order as stored, with what its payments charged and paid back: the staff order detail
    (`store.order_detail.order_detail`) or the buyer's (`store.lifecycle.get_invoice`)."""

    @property
    def number(self) -> int: ...
    @property
    def order(self) -> OrderPublic: ...
    @property
    def lines(self) -> list[OrderLinePublic]: ...
    @property
    def pricing(self) -> dict[str, Any]: ...
    @property
    def paid_minor(self) -> int: ...
    @property
    def refunded_minor(self) -> int: ...


def _float(value: Any, default: float = 0.0) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return default


def doc_prints(snapshot: Mapping[str, Any], pictures: Pictures) -> tuple[DocPrint, ...]:
    """The buyer's pictures of one order line, as its snapshot keeps them."""
    artwork = snapshot.get("artwork")
    out = []
    for code, placed in sorted((artwork if isinstance(artwork, dict) else {}).items()):
        if not isinstance(placed, dict):
            continue
        raw_area = placed.get("area")
        area: dict[str, Any] = raw_area if isinstance(raw_area, dict) else {}
        sha = str(placed.get("sha256", ""))
        stored = pictures.get(sha)
        out.append(
            DocPrint(
                zone=str(code),
                zone_name=str(placed.get("zone_name", code)),
                area=(
                    _float(area.get("x")),
                    _float(area.get("y")),
                    _float(area.get("width"), 1.0),
                    _float(area.get("height"), 1.0),
                ),
                sha256=sha,
                media_type=str(placed.get("media_type", "")),
                file_name=str(placed.get("file_name", "")),
                width=max(1, int(_float(placed.get("width"), 1))),
                height=max(1, int(_float(placed.get("height"), 1))),
                x=_float(placed.get("x"), 0.5),
                y=_float(placed.get("y"), 0.5),
                scale=_float(placed.get("scale"), 0.5),
                content=stored[1] if stored is not None else None,
            )
        )
    return tuple(out)


def order_pictures(detail: SoldOrder) -> set[str]:
    """The sha256 of every buyer picture the order's lines name."""
    found = set()
    for line in detail.lines:
        artwork = line.snapshot.get("artwork") if isinstance(line.snapshot, dict) else None
        for placed in (artwork if isinstance(artwork, dict) else {}).values():
            if isinstance(placed, dict) and isinstance(placed.get("sha256"), str):
                found.add(placed["sha256"])
    return found


def doc_order(
    detail: SoldOrder,
    lang: str = DEFAULT_LANGUAGE,
    catalog_of: SoldCatalog | None = None,
    pictures: Pictures | None = None,
) -> DocOrder:
    """The order as its documents show it: product, module and option names in `lang` from the
    catalog version each line was sold under (`catalog_of`), else as stored at sale; `pictures`
    (sha256 -> stored file) draws the buyer's pictures on the production sheet."""
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
            DocLine(
                line.position,
                name,
                line.quantity,
                line.unit_price_minor,
                line.line_total_minor,
                choices,
                doc_prints(line.snapshot or {}, pictures or {}),
            )
            for line in detail.lines
            for name, choices in [named(line)]
        ),
        subtotal_minor=order.subtotal_minor,
        discount_minor=order.discount_minor,
        discounts=tuple(order_discounts(detail.pricing, order.discount_minor, lang)),
        shipping_minor=order.shipping_minor,
        delivery=order_delivery_label(detail.pricing, order.shipping_minor, lang),
        tax_minor=order.tax_minor,
        tax_rate=str(tax.get("rate", "")),
        tax_included=bool(tax.get("included", True)),
        total_minor=order.total_minor,
        promised_delivery=order.promised_delivery,
        paid_minor=detail.paid_minor,
        refunded_minor=detail.refunded_minor,
    )


def invoice(detail: SoldOrder, catalog_of: SoldCatalog | None = None) -> bytes:
    """The invoice in the language the buyer ordered in (it goes to the buyer): the same for the
    staff's order detail and the buyer's own order."""
    lang = language(detail.order.language)
    return invoice_pdf(doc_order(detail, lang, catalog_of), lang=lang)


def packing_slip(detail: StaffOrderDetail, catalog_of: SoldCatalog | None = None) -> bytes:
    """The packing slip in the order's language too: it travels in the buyer's parcel."""
    lang = language(detail.order.language)
    return packing_slip_pdf(doc_order(detail, lang, catalog_of), lang=lang)


def production_sheet(detail: StaffOrderDetail, pictures: Pictures, catalog_of: SoldCatalog | None = None) -> bytes:
    """What to make, with the buyer's pictures (`pictures`: sha256 -> stored file) in their zones
    (for the workshop: in the shop's language)."""
    return production_sheet_pdf(doc_order(detail, DEFAULT_LANGUAGE, catalog_of, pictures))
