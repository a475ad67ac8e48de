"""Share and save a configuration: a design token in the URL (`?product=..&design=..`).

Opening a link restores the design re-validated against the *current* catalog: values that no
longer exist, or no longer fit with the others, are dropped with a notice naming them. The
design's pictures come along, checked again by the store (`ui.buyer_artwork_panel.restore`):
anyone holding the link sees the pictures the design places, and only those.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from modules.expr import Value
from store.db import transaction
from store.designs import get_design, save_design
from store.errors import StoreError
from store.tables import DesignCreate
from ui import buyer_artwork_panel, selection_state
from ui.language import _
from ui.resources import catalog_engine, database, product_row
from ui.safe import md_escape

LOADED_KEY = "design:loaded"
NOTICES_KEY = "design:notices"


def apply_link() -> None:
    """If the URL carries a design token not restored yet in this session, restore it."""
    token = st.query_params.get("design")
    if not token or st.session_state.get(LOADED_KEY) == token:
        return
    st.session_state[LOADED_KEY] = token
    try:
        with transaction(database()) as session:
            design = get_design(session=session, token=token)
    except StoreError:
        st.query_params.pop("design", None)
        st.session_state[NOTICES_KEY] = [_("This design link is not valid (it may have been mistyped).")]
        return
    row = product_row(design.product_code)
    if row is None:
        st.session_state[NOTICES_KEY] = [_("The product of this design is no longer sold.")]
        return
    compiled = catalog_engine(design.product_code, str(row["fingerprint"]))
    selection, notices = compiled.revalidate(design.selection)
    selection_state.store(design.product_code, selection)
    dropped = buyer_artwork_panel.restore(
        design.product_code, compiled.catalog, selection_state.raw_selection(design.product_code), design.artwork
    )
    st.query_params["product"] = design.product_code
    st.session_state[NOTICES_KEY] = [
        _("Some saved choices are no longer available — {reason}.").format(reason=n) for n in notices
    ] + dropped
    if not notices and not dropped:
        st.toast(_("Design restored: {name}").format(name=md_escape(design.name)))  # buyer text: never markdown


def save(
    product: str,
    selection: dict[str, Value],
    *,
    name: str,
    customer_id: int | None,
    artwork: dict[str, dict[str, Any]] | None = None,
) -> str:
    """Save the design (with its placed pictures) and put its token in the URL; returns the token."""
    raw = {k: selection_state.to_raw(v) for k, v in selection.items()}
    data = DesignCreate(name=name, product_code=product, selection=raw, artwork=artwork or {})
    with transaction(database()) as session:
        design = save_design(session=session, data=data, customer_id=customer_id)
    st.query_params["design"] = design.token
    st.session_state[LOADED_KEY] = design.token
    return design.token


def link(product: str, token: str) -> str:
    base = str(getattr(st.context, "url", "") or "").split("?")[0]
    return f"{base}?product={product}&design={token}"
