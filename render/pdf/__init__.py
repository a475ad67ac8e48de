"""PDF documents: the buyer's quote, the invoice and the packing slip of an order.

Pure functions from plain data to PDF bytes (fpdf2, DejaVu Sans embedded for any Unicode text);
no Streamlit and no database in here.
"""

from render.pdf.model import DocAddress, DocLine, DocOrder
from render.pdf.orders import invoice_pdf, packing_slip_pdf
from render.pdf.quote import quote_pdf, quote_reference

__all__ = ["DocAddress", "DocLine", "DocOrder", "invoice_pdf", "packing_slip_pdf", "quote_pdf", "quote_reference"]
