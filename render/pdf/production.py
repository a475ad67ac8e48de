"""The production sheet: what to make for each order line, with the buyer's pictures placed in
their print zones and the placement figures production prints from. A pure function of `DocOrder`.

Each zone is drawn as a box in proportion to the zone, with the picture inside it where the buyer
put it; PNG and JPEG files are embedded as they were stored (re-encoded, no metadata), SVG files as
their rebuilt drawing. The sha256 names the stored file to print at full resolution.
"""

from __future__ import annotations

import io
import logging

from fpdf.enums import XPos, YPos

from modules.print_zones import PrintZone, ZoneArea, placement_box
from render.pdf.base import Document
from render.pdf.model import DocOrder, DocPrint

BOX_WIDTH = 80.0  # mm: the drawn zone's width on the sheet
log = logging.getLogger(__name__)


def _zone(item: DocPrint) -> PrintZone:
    x, y, w, h = item.area
    area = ZoneArea.model_validate({"x": str(x), "y": str(y), "width": str(w), "height": str(h)})
    return PrintZone(code="z", name="zone", layer="zone", area=area)


def _draw(pdf: Document, item: DocPrint) -> None:
    _, _, zone_w, zone_h = item.area
    factor = BOX_WIDTH / zone_w
    box_h = zone_h * factor
    if pdf.get_y() + box_h + 10 > pdf.h - pdf.b_margin:
        pdf.add_page()
    left, top = pdf.l_margin, pdf.get_y()
    pdf.set_draw_color(120, 120, 120)
    pdf.set_dash_pattern(dash=1.5, gap=1)
    pdf.rect(left, top, BOX_WIDTH, box_h)
    pdf.set_dash_pattern()
    zone = _zone(item)
    px, py, pw, ph = placement_box(zone, x=item.x, y=item.y, scale=item.scale, aspect=item.height / item.width)
    ax, ay = float(zone.area.x), float(zone.area.y)
    x_mm, y_mm = left + (px - ax) * factor, top + (py - ay) * factor
    w_mm, h_mm = pw * factor, ph * factor
    drawn = False
    if item.content:
        try:
            pdf.image(io.BytesIO(item.content), x=x_mm, y=y_mm, w=w_mm, h=h_mm, keep_aspect_ratio=True)
            drawn = True
        except Exception as exc:  # an SVG feature fpdf cannot draw: the figures below still place it
            log.warning("picture %s not drawn on the production sheet: %s", item.sha256[:12], exc)
    if not drawn:
        pdf.rect(x_mm, y_mm, w_mm, h_mm)
        pdf.line(x_mm, y_mm, x_mm + w_mm, y_mm + h_mm)
    pdf.set_y(top + box_h + 2)


def production_sheet_pdf(order: DocOrder, *, shop_name: str = "Configurator") -> bytes:
    pdf = Document(f"Production sheet #{order.number}")
    pdf.para(shop_name, size=9)
    pdf.heading(f"Production sheet — order #{order.number}")
    pdf.pairs(
        [
            ("Reference", order.reference),
            ("Placed", pdf.date(order.placed_at.date())),
            ("Promised by", pdf.date(order.promised_delivery) if order.promised_delivery else "-"),
        ]
    )
    for line in order.lines:
        pdf.subheading(f"{line.position}. {line.name} x {line.quantity}")
        for choice in line.choices:
            pdf.para(choice)
        for item in line.prints:
            pdf.ln(2)
            pdf.set_font(pdf.base_family, "B", 10)
            pdf.cell(
                0, 6, pdf.text_of(f"Print zone: {item.zone_name} ({item.zone})"), new_x=XPos.LMARGIN, new_y=YPos.NEXT
            )
            pdf.set_font(pdf.base_family, "", 10)
            pdf.pairs(
                [
                    ("File", f"{item.file_name} ({item.media_type}, {item.width} x {item.height} px)"),
                    ("sha256", item.sha256),
                    ("Centre", f"{item.x:.1%} across, {item.y:.1%} down the zone"),
                    ("Width", f"{item.scale:.1%} of the zone's width"),
                ]
            )
            _draw(pdf, item)
    return pdf.finish()
