"""PDF documents: the buyer's quote, the invoice, the packing slip and the production sheet of an
order.

Pure functions from plain data to PDF bytes (fpdf2, DejaVu Sans embedded for any Unicode text);
no Streamlit and no database in here.
"""

from render.pdf.model import DocAddress, DocLine, DocOrder, DocPrint
from render.pdf.orders import invoice_pdf, packing_slip_pdf
from render.pdf.production import production_sheet_pdf
from render.pdf.quote import quote_pdf, quote_reference

__all__ = [
    "DocAddress",
    "DocLine",
    "DocOrder",
    "DocPrint",
    "invoice_pdf",
    "packing_slip_pdf",
    "production_sheet_pdf",
    "quote_pdf",
    "quote_reference",
]
