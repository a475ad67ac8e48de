"""An order's packing slip and invoice, printed from the staff order detail (pure conversion)."""

from __future__ import annotations

from render.pdf import DocAddress, DocLine, DocOrder, invoice_pdf, packing_slip_pdf
from store.order_detail import StaffOrderDetail
from store.snapshots import LineSnapshot


def doc_order(detail: StaffOrderDetail) -> DocOrder:
    order = detail.order
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
                line.product_name,
                line.quantity,
                line.unit_price_minor,
                line.line_total_minor,
                LineSnapshot.of(line.snapshot).choices(),
            )
            for line in detail.lines
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


def invoice(detail: StaffOrderDetail) -> bytes:
    return invoice_pdf(doc_order(detail))


def packing_slip(detail: StaffOrderDetail) -> bytes:
    return packing_slip_pdf(doc_order(detail))
