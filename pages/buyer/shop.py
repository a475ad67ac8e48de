"""Shop: the product families, by category."""

import datetime as dt

import streamlit as st

from modules.translations import category_name, translated
from ui.cart_state import wanted_currency
from ui.catalog_view import module_summary, option_rows
from ui.format import money
from ui.language import _, current, picker
from ui.resources import catalog, configure_view, product_list, product_picture, product_ratings
from ui.reviews_view import rating_line

picker()
st.title(_("Design your own"))
products = product_list()
if not products:
    st.info(_("No catalog is published yet. Run `make run` (it loads the sample catalogs)."))
    st.stop()

currency = wanted_currency()
# Each category as the buyer's language names it (the catalogs say; their code where they do not).
said = {str(p["category"]): category_name(catalog(str(p["code"]), str(p["fingerprint"])), current()) for p in products}
categories = sorted(said, key=lambda code: said[code].casefold())


def pill(code: str) -> str:
    """A category as its filter button reads: first letter up ("Bicycles"; the card says "bicycles")."""
    name = _("all") if code == "all" else said[code]
    return name[:1].upper() + name[1:]


chosen_category = st.segmented_control(_("Category"), ["all", *categories], default="all", format_func=pill)
query = st.text_input(_("Search"), placeholder=_("hoodie, bike, table…")).strip().lower()
rated = product_ratings(tuple(str(p["code"]) for p in products))  # every card's stars: one query

for product in products:
    if chosen_category not in (None, "all") and product["category"] != chosen_category:
        continue
    item = translated(catalog(str(product["code"]), str(product["fingerprint"])), current())
    if query and query not in f"{item.name} {item.description} {said[item.category]} {item.category}".lower():
        continue
    with st.container(border=True):
        picture_column, text_column = st.columns([1, 3], vertical_alignment="center")
        picture = product_picture(item.code, str(product["fingerprint"]))
        if picture is not None:
            picture_column.image(picture, alt=f"{item.name}, standard design", width="stretch")
        # The empty design: its cheapest valid completion is the lowest price the product sells at.
        empty = configure_view(item.code, str(product["fingerprint"]), (), dt.date.today(), 1, current(), currency)
        with text_column:
            st.subheader(item.name)
            stars = rating_line(rated.get(item.code))
            if stars:
                st.caption(stars)
            shown = said[item.category]
            st.caption(_("{category} · from {price}").format(category=shown, price=money(empty.info.cheapest)))
            st.text(item.description)
            if st.button(_("Design yours"), key=f"configure:{item.code}", type="primary"):
                st.switch_page("pages/buyer/configure.py", query_params={"product": item.code})
        with st.expander(_("What you can customise")):
            st.dataframe(module_summary(item, current()), hide_index=True, width="stretch")
            st.dataframe(option_rows(item, empty.effects, current()), hide_index=True, width="stretch")
