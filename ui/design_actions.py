"""The configure page's side actions: share / save, add to cart."""

from __future__ import annotations

from typing import Any

import streamlit as st

from configurator.catalog_engine import CatalogEngine, ConfigurationState
from modules.expr import Value
from store.errors import StoreError
from ui import cart_state, share
from ui.actions import refusal
from ui.auth import current_user
from ui.language import _
from ui.safe import md_escape
from ui.selection_state import to_raw
from ui.session_keys import EDIT_KEY


def share_and_save(code: str, selection: dict[str, Value], artwork: dict[str, dict[str, Any]] | None = None) -> None:
    """Share link and Save to account; both keep the design's placed pictures (`artwork`)."""
    user = current_user()
    left, right = st.columns(2)
    if left.button(
        _("Share link"), key="design:share", width="stretch", help=_("Save this design under a private link")
    ):
        share.save(code, selection, name="Shared design", customer_id=user.id if user else None, artwork=artwork)
    token = st.query_params.get("design")
    if token:
        st.caption(_("Link to this design (anyone with it can open a copy):"))
        st.code(share.link(code, token), language=None)
    if user is None:
        right.caption(_("Sign in to keep designs in your account."))
        return
    with right.popover(_("Save to account"), width="stretch"):
        name = st.text_input(_("Name"), value=_("My design"), max_chars=120, key="design:name")
        if st.button(_("Save"), key="design:save"):
            share.save(code, selection, name=name or _("My design"), customer_id=user.id, artwork=artwork)
            st.success(_("Saved to your account."))


def add_to_cart(
    engine: CatalogEngine,
    code: str,
    selection: dict[str, Value],
    state: ConfigurationState,
    quantity: int,
    *,
    artwork: dict[str, dict[str, Any]] | None = None,
) -> None:
    editing = st.session_state.get(EDIT_KEY)
    is_edit = isinstance(editing, tuple | list) and editing[0] == code
    label = _("Update cart item") if is_edit else _("Add to cart")
    if not st.button(label, key="cart:add", type="primary", disabled=not state.complete, width="stretch"):
        if not state.complete:
            st.caption(_("Complete the design (or let us finish it) to add it to your cart."))
        return
    full = engine.closed_selection(selection)  # the one product this design is: forced boxes ticked
    if full is None:  # the page showed a design that is no longer complete (another tab changed it)
        st.warning(_("This design still needs a choice; finish it first."))
        return
    raw = {k: to_raw(v) for k, v in full.items()}
    try:
        cart_state.add_item(code, raw, quantity, artwork=artwork)
        if is_edit and isinstance(editing, tuple | list):
            cart_state.remove_line(int(editing[1]))
            st.session_state.pop(EDIT_KEY, None)
    except StoreError as exc:
        problems = "; ".join(str(p) for p in exc.data.get("problems", []))
        st.error(md_escape(refusal(exc) + (f": {problems}" if problems else "")))
        return
    st.toast(_("Updated in your cart") if is_edit else _("Added to your cart ({quantity})").format(quantity=quantity))
    st.success(_("In your cart."))
    st.page_link("pages/buyer/cart.py", label=_("Go to your cart and check out"), icon=":material/shopping_cart:")
