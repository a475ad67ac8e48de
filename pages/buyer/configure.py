"""Configure: modules as steps, only choices that lead to a valid product, reasons for the rest."""

import datetime as dt

import streamlit as st

from configurator.catalog_engine import InconsistentSelectionError
from modules.kinds import TextModule
from ui import design_actions, price_panel, selection_state, share
from ui.catalog_view import summary_lines
from ui.configure_widgets import render_module, why_panel
from ui.format import effect
from ui.resources import catalog_engine, price_bounds, product_list, product_row, shop
from ui.safe import md_escape

share.apply_link()  # a shared design link restores its choices (re-validated) before anything reads them
products = product_list()
codes = [str(p["code"]) for p in products]
if not codes:
    st.info("No catalog is published yet.")
    st.stop()
wanted = st.query_params.get("product", codes[0])
code = wanted if wanted in codes else codes[0]
code = st.selectbox("Product", codes, index=codes.index(code), format_func=lambda c: str(product_row(c)["name"]))
st.query_params["product"] = code
row = product_row(code)
engine = catalog_engine(code, str(row["fingerprint"]))
catalog = engine.catalog

selection, dropped = selection_state.current(catalog)
for message in dropped:
    st.warning("A saved choice no longer fits this product and was removed: " + md_escape(message))
for notice in st.session_state.get(share.NOTICES_KEY, []):
    st.warning(md_escape(notice))


def commit(new_selection):
    selection_state.store(code, new_selection)
    st.query_params.pop("design", None)  # the link named the design before this change
    st.session_state.pop(share.NOTICES_KEY, None)


try:
    state = engine.state(selection)
except InconsistentSelectionError:
    st.warning("Your saved choices no longer fit together; they were cleared.")
    commit({})
    selection = {}
    state = engine.state(selection)

today = dt.date.today()
quantity = int(st.session_state.get(f"quantity:{code}", 1))
info = price_bounds(code, str(row["fingerprint"]), today, quantity).info_at(engine.assignment(selection))
effects = {key: effect(bound.effect) for key, bound in info.values.items()}
full = engine.complete(selection)  # once per run: the preview and the price panel share it

st.title(catalog.name)
st.text(catalog.description)
main, side = st.columns([3, 2], gap="large")
with side:
    why_panel(engine, selection, commit)
    design_actions.preview(catalog, selection, full)
    with st.container(border=True):
        st.subheader("Your design")
        st.number_input("Quantity", min_value=1, max_value=10_000, step=1, key=f"quantity:{code}")
        price_panel.render(engine, state, full, info, quantity, shop(), today)
        if state.complete:
            st.success("Complete: a valid product.")
        elif state.count is not None:
            st.caption(f"{state.count:,} valid products match your choices so far.")
        for line in summary_lines(catalog, state, selection):
            st.text(line)
        left, right = st.columns(2)
        if left.button("Finish for me", help="Fill every open choice with the default", width="stretch"):
            commit({k: v for k, v in full.items() if not isinstance(catalog.module(k), TextModule) or v})
            st.rerun()
        if right.button("Start over", width="stretch"):
            commit({})
            st.rerun()
        design_actions.add_to_cart(engine, code, selection, state, quantity)
        design_actions.share_and_save(code, selection)

with main:
    group = None
    for module in catalog.modules:
        module_state = state.module(module.code)
        if not module_state.applicable:
            continue
        if module.group != group:
            group = module.group
            if group:
                st.subheader(group)
        st.markdown(f"**{md_escape(module.name)}**")
        render_module(engine, module, module_state, selection, commit, effects)
