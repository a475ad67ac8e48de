"""The body of the configure page: one fragment holding everything an option click can change.

A click on an option may change what every module offers, the price, the preview and whether
the design can go to the cart, so the option sections, the why-panel, the preview and the
design panel rerun together; the page's header (product picker, title) does not. What the page
derives from a selection comes from `ui.resources.configure_view` (cached per catalog version,
selection, day and quantity), so a click back to a known selection computes nothing.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from configurator.catalog_engine import CatalogEngine, InconsistentSelectionError
from modules.expr import Value
from modules.kinds import Module
from render.preview.table3d import dimensioned, table_inputs
from ui import buyer_artwork_panel, design_actions, finish, persist, price_panel, selection_state, share, style
from ui.cart_state import wanted_currency
from ui.configure_widgets import asked_module, render_module, why_panel
from ui.format import number
from ui.language import _, current
from ui.line_picture import two_views
from ui.quote_download import quote_download_button
from ui.resources import (
    ConfigureView,
    catalog_engine_in,
    configure_view,
    selection_key,
    shop,
    swatch_sheet,
    table_view,
)
from ui.safe import md_escape
from ui.shown_names import shown_names


def commit(code: str, new_selection: dict[str, Value]) -> None:
    selection_state.store(code, new_selection)
    st.query_params.pop("design", None)  # the link named the design before this change
    st.session_state.pop(share.NOTICES_KEY, None)


def finish_design(code: str, fingerprint: str, selection: dict[str, Value], mode: str, quantity: int) -> None:
    """The "Finish for me" button: the completed design replaces the selection."""
    try:
        day = dt.date.today()
        commit(code, finish.finished(code, fingerprint, selection, mode, quantity, day, wanted_currency()))
    except InconsistentSelectionError:
        st.session_state[share.NOTICES_KEY] = [_("No valid product extends these choices; change one of them.")]


def _view(
    code: str, fingerprint: str, selection: dict[str, Value], quantity: int, zones: tuple[str, ...] = ()
) -> ConfigureView:
    key = selection_key(selection)
    return configure_view(code, fingerprint, key, dt.date.today(), quantity, current(), wanted_currency(), zones)


def _restore_work(code: str, engine: CatalogEngine) -> None:
    """After a reload: the design in progress with pictures this browser kept, checked again (a
    design link opened in this session, or choices made already, take precedence)."""
    kept = persist.restored_work(code)
    if kept is None or selection_state.raw_selection(code) or st.query_params.get("design"):
        return
    selection, notices = engine.revalidate(kept.get("selection") or {})
    selection_state.store(code, selection)
    raw = selection_state.raw_selection(code)
    dropped = buyer_artwork_panel.restore(code, engine.catalog, raw, kept.get("artwork"))
    found = [_("Some saved choices are no longer available — {reason}.").format(reason=n) for n in notices] + dropped
    if found:
        st.session_state[share.NOTICES_KEY] = found


@st.fragment
def body(code: str, fingerprint: str) -> None:
    engine = catalog_engine_in(code, fingerprint, current())
    catalog = engine.catalog

    def save(new_selection: dict[str, Value]) -> None:
        commit(code, new_selection)

    _restore_work(code, engine)
    selection, dropped = selection_state.current(catalog)
    for message in dropped:
        st.warning(_("A saved choice no longer fits this product and was removed:") + " " + md_escape(message))
    for notice in st.session_state.get(share.NOTICES_KEY, []):
        st.warning(md_escape(notice))
    quantity = int(st.session_state.get(f"quantity:{code}", 1))
    try:
        view = _view(code, fingerprint, selection, quantity)
    except InconsistentSelectionError:
        st.warning(_("Your saved choices no longer fit together; they were cleared."))
        save({})
        selection = {}
        view = _view(code, fingerprint, selection, quantity)
    state = view.state
    placed = buyer_artwork_panel.placements(code, catalog, view.full)
    if placed:  # the price panel's quote has a line per print zone holding a picture, as the cart will
        view = _view(code, fingerprint, selection, quantity, tuple(sorted(placed)))
    persist.keep_work(code, selection_state.raw_selection(code), placed)  # a reload brings the pictures back
    svg = buyer_artwork_panel.with_pictures(catalog, view.svg, placed)

    price_panel.phone_bar(view.info, view.quote, len(state.open_modules))
    main, side = st.columns([3, 2], gap="large")
    with side:
        if svg is not None:
            st.image(
                svg,
                caption=_("Live preview"),
                width=300,
                alt=(
                    _("Preview of your {product}, front and back") if two_views(svg) else _("Preview of your {product}")
                ).format(product=catalog.name),
            )
        if dimensioned(catalog) and st.toggle(_("3D view"), key=f"3d:{code}"):
            # On demand: a WebGL chart costs the browser far more per click than the drawing. A
            # click that changes neither size nor colours sends the same figure: no redraw.
            inputs = table_inputs(catalog, view.full)
            if inputs is not None:
                st.plotly_chart(table_view(*inputs), width="stretch", config={"displayModeBar": False}, key="preview3d")
        with st.container(border=True):
            st.subheader(_("Your design"), anchor=price_panel.PANEL_ANCHOR)
            st.number_input(_("Quantity"), min_value=1, max_value=10_000, step=1, key=f"quantity:{code}")
            price_panel.render(view.info, view.quote, view.breakdown)
            if state.complete:
                st.success(_("Complete: a valid product."))
            else:
                names = [m.name for code in state.open_modules if (m := catalog.module(code)) is not None]
                still = _("Still to choose: {names}.").format(names=", ".join(names)) + " " if names else ""
                matching = (
                    _("{count} valid products match your choices so far.").format(count=number(state.count))
                    if state.count
                    else ""
                )
                st.caption(md_escape(still + matching))
            summary = shown_names(engine, current()).summary(state, selection)
            if summary:
                st.text("\n".join(summary))  # one element, not one per line: fewer deltas per click
            if not state.complete:
                mode = st.segmented_control(
                    _("Finish with"),
                    list(finish.MODES),
                    format_func=lambda m: _(finish.MODES[m]),
                    key=f"finish:{code}",
                )
            else:
                mode = None
            left, right = st.columns(2)
            left.button(
                _("Finish for me"),
                help=_(finish.HELP[mode or "default"]),
                width="stretch",
                disabled=state.complete,
                on_click=finish_design,
                args=(code, fingerprint, selection, mode or "default", quantity),
            )
            right.button(_("Start over"), width="stretch", on_click=save, args=({},))
            design_actions.add_to_cart(engine, code, selection, state, quantity, artwork=placed)
            quote_download_button(catalog, view.full, view.quote, shop=shop(), svg=svg)
            design_actions.share_and_save(code, selection, placed)

    with main:
        swatches = swatch_sheet(code, fingerprint)
        if swatches is not None:  # style only, the same on every click: no room on the page, nothing to redo
            style.apply_swatches(swatches)
        shown = [m for m in catalog.modules if state.module(m.code).applicable]
        asked = asked_module()
        if asked is not None and asked not in {m.code for m in shown}:
            why_panel(engine, fingerprint, selection, save)
        # One header per group, its modules together, even where the catalog lists them apart.
        groups: dict[str | None, list[Module]] = {}
        for module in shown:
            groups.setdefault(module.group, []).append(module)
        for group, modules in groups.items():
            if group:
                st.subheader(group)
            for module in modules:
                st.markdown(f"**{md_escape(module.name)}**")
                shown_inside = render_module(
                    engine, module, state.module(module.code), selection, save, view.effects, fingerprint=fingerprint
                )
                if module.code == asked and not shown_inside:  # the explanation opens where the buyer clicked
                    why_panel(engine, fingerprint, selection, save)
        buyer_artwork_panel.panel(code, catalog, view.full)
