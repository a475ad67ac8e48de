"""Configure: modules as steps, only choices that lead to a valid product, reasons for the rest.

The header (product picker, title) runs once per page load; everything a click can change (the
option sections, the why-panel, preview, price panel and cart actions) is one fragment, so an
option click reruns only the fragment. The engine state, completion and price information of a
(catalog version, selection) are cached process-wide (`ui.resources.configure_view`).
"""

import streamlit as st

from modules.translations import translated
from ui import share
from ui.auth import current_user
from ui.configure_body import body
from ui.crm_funnel import note_configure_started
from ui.language import _, current, picker
from ui.resources import catalog, catalog_engine_in, product_list, product_row
from ui.reviews_view import reviews
from ui.safe import md_escape

picker()
share.apply_link()  # a shared design link restores its choices (re-validated) before anything reads them
products = product_list()
codes = [str(p["code"]) for p in products]
if not codes:
    st.info(_("No catalog is published yet."))
    st.stop()
wanted = st.query_params.get("product")
notice = st.container()  # filled below while an unknown product's link waits for a choice


def product_name(product: str) -> str:
    found = product_row(product)
    return translated(catalog(product, str(found["fingerprint"])), current()).name if found else product


# Named once per run in the buyer's language: the widget keeps the names it was drawn with.
names = {product: product_name(product) for product in codes}
picked = st.selectbox(
    _("Product"),
    codes,
    index=codes.index(wanted) if wanted in codes else (0 if wanted is None else None),
    format_func=names.__getitem__,
    placeholder=_("Choose a product"),
)
if picked is None:  # an old or mistyped link: never another product unasked
    with notice:
        st.title(_("Product not found"))
        st.warning(
            _("We have no product “{code}” on sale: the link may be old. Choose a product below.").format(
                code=md_escape(str(wanted)[:60])
            )
        )
        st.page_link("pages/buyer/shop.py", label=_("Find a product to design"), icon=":material/storefront:")
    st.stop()
code = str(picked)
st.query_params["product"] = code
row = product_row(code)
if row is None:  # withdrawn between the list and now
    st.info(_("This product is no longer on sale."))
    st.stop()
engine = catalog_engine_in(code, str(row["fingerprint"]), current())
user = current_user()
note_configure_started(code, user.id if user else None)  # once per browser session and product

st.title(engine.catalog.name)
st.text(engine.catalog.description)
reviews(code)  # read when opened; a click in the body below never reruns it
body(code, str(row["fingerprint"]))
