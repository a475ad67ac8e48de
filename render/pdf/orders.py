"""Order documents: the invoice (what was sold, at what price, paid and refunded) and the packing
slip (what goes in the parcel and where it goes, without prices). Pure functions of `DocOrder`.
Both name the order by its number, never by its reference: the reference is the secret of the
buyer's private order link, and these papers are forwarded, printed and put in the parcel."""

from __future__ import annotations

from pricing.formatting import DEFAULT_LANGUAGE
from render.pdf.base import Document
from render.pdf.model import DocOrder


def invoice_number(order: DocOrder) -> str:
    return f"{order.placed_at:%Y}-{order.number:06d}"


def _item(line_name: str, choices: tuple[str, ...]) -> str:
    return line_name + (" — " + "; ".join(choices) if choices else "")


def invoice_pdf(order: DocOrder, *, shop_name: str = "Configurator", lang: str = DEFAULT_LANGUAGE) -> bytes:
    pdf = Document(f"Invoice {invoice_number(order)}", lang=lang)
    money_text, _ = pdf.minor, pdf._
    pdf.para(shop_name, size=9)
    pdf.heading(_("Invoice {number}").format(number=invoice_number(order)))
    pdf.pairs(
        [
            (_("Order"), f"#{order.number}"),
            (_("Date"), pdf.date(order.placed_at.date())),
            (_("Customer"), f"{order.contact_name} <{order.contact_email}>"),
            (_("Ship to"), ", ".join(order.ship_to.lines())),
        ]
    )
    pdf.subheading(_("Items"))
    m = order.currency
    rows = [
        (
            _item(line.name, line.choices),
            str(line.quantity),
            money_text(line.unit_minor, m),
            money_text(line.total_minor, m),
        )
        for line in order.lines
    ]
    pdf.grid((_("Item"), _("Qty"), _("Unit"), _("Amount")), rows, (100, 20, 35, 35))
    totals = [(_("Subtotal"), money_text(order.subtotal_minor, m))]
    discounts = order.discounts or (((_("Discounts"), order.discount_minor),) if order.discount_minor else ())
    totals += [(name, money_text(-amount, m)) for name, amount in discounts]
    shipping = order.delivery or _("Shipping") + (f" ({order.free_reason})" if order.free_reason else "")
    totals.append((shipping, money_text(order.shipping_minor, m)))
    rate = f" {order.tax_rate}%" if order.tax_rate else ""
    vat = _("VAT{rate} included") if order.tax_included else _("VAT{rate} added")
    totals.append((vat.format(rate=rate), money_text(order.tax_minor, m)))
    totals.append((_("Total"), money_text(order.total_minor, m)))
    pdf.totals(totals)
    pdf.ln(2)
    paid = [(_("Paid"), money_text(order.paid_minor, m))]
    if order.refunded_minor:
        paid.append((_("Refunded"), money_text(-order.refunded_minor, m)))
    pdf.totals(paid, bold_last=False)
    return pdf.finish()


def packing_slip_pdf(order: DocOrder, *, shop_name: str = "Configurator", lang: str = DEFAULT_LANGUAGE) -> bytes:
    pdf = Document(f"Packing slip #{order.number}", lang=lang)
    _ = pdf._
    pdf.para(shop_name, size=9)
    pdf.heading(f"Packing slip — order #{order.number}")
    pdf.pairs(
        [
            ("Placed", pdf.date(order.placed_at.date())),
            ("Promised by", pdf.date(order.promised_delivery) if order.promised_delivery else "-"),
        ]
    )
    pdf.subheading("Ship to")
    for row in order.ship_to.lines():
        pdf.para(row, size=11)
    pdf.subheading("In this parcel")
    rows = [(str(line.position), _item(line.name, line.choices), str(line.quantity), "[  ]") for line in order.lines]
    pdf.grid(("#", "Item", "Qty", "Packed"), rows, (10, 140, 20, 20), ("LEFT", "LEFT", "RIGHT", "CENTER"))
    return pdf.finish()
