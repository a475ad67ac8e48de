"""The configure page's print zones: per zone that applies to the design, an upload (PNG, JPEG or
SVG; the store checks and re-encodes it and says why a file is refused), sliders for the position
across and down and the size, and a remove button. The preview draws the picture where the sliders
put it; the cart's store service checks the placement again.

The placements live in the session per product (`artwork:<product>`: zone -> {sha256, x, y, scale}
as the store keeps them, plus the picture's aspect); the sliders' values are read before the
preview is drawn, so the picture follows them on the same run. `restore` puts back placements
kept elsewhere (a saved or shared design, the design in progress a reload brings back) after the
store checked them again; whatever no longer passes is dropped with the reason.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

import streamlit as st

from modules.catalog import Catalog
from modules.expr import Value
from modules.print_zones import MAX_SCALE, MAX_ZONE_BYTES, MIN_SCALE, PrintZone, centred_placement
from modules.selection import attributes_of
from pricing.formatting import effect
from pricing.lines import prices_on, zone_applies
from pricing.money import Money
from render.preview.zones import zone_layers
from store.buyer_artwork import artwork_info, restored_placements, upload_buyer_artwork
from store.db import transaction
from store.errors import StoreError
from ui.cart_state import wanted_currency
from ui.language import _, current
from ui.resources import buyer_pictures, database, shop
from ui.safe import md_escape

TYPES = ["png", "jpg", "jpeg", "svg"]


def _key(code: str) -> str:
    return f"artwork:{code}"


def _widget(code: str, zone: str, name: str) -> str:
    return f"artwork:{code}:{zone}:{name}"


def _stored(code: str) -> dict[str, dict[str, Any]]:
    found = st.session_state.get(_key(code))
    return found if isinstance(found, dict) else {}


def applicable(catalog: Catalog, full: Mapping[str, Value]) -> list[PrintZone]:
    attributes = attributes_of(catalog)
    return [zone for zone in catalog.print_zones if zone_applies(zone, full, attributes)]


def _limits(zone: PrintZone, aspect: float, scale: float) -> tuple[float, float, float, float, float]:
    """(largest scale, x from, x to, y from, y to) that keep a picture of `aspect` inside the zone."""
    width, height = float(zone.area.width), float(zone.area.height)
    biggest = max(MIN_SCALE, min(MAX_SCALE, height / (width * aspect)))
    scale = min(scale, biggest)
    half_w = scale / 2
    half_h = scale * width * aspect / height / 2
    return biggest, half_w, 1 - half_w, half_h, 1 - half_h


def placements(code: str, catalog: Catalog, full: Mapping[str, Value]) -> dict[str, dict[str, Any]]:
    """The placements of the zones that apply, as the sliders set them now (kept inside the zone)."""
    out = {}
    for zone in applicable(catalog, full):
        placed = _stored(code).get(zone.code)
        if not placed:
            continue
        aspect = float(placed["aspect"])
        scale = float(st.session_state.get(_widget(code, zone.code, "scale"), placed["scale"] * 100)) / 100
        biggest, x_from, x_to, y_from, y_to = _limits(zone, aspect, scale)
        scale = max(MIN_SCALE, min(scale, biggest))
        _, x_from, x_to, y_from, y_to = _limits(zone, aspect, scale)
        x = float(st.session_state.get(_widget(code, zone.code, "x"), placed["x"] * 100)) / 100
        y = float(st.session_state.get(_widget(code, zone.code, "y"), placed["y"] * 100)) / 100
        out[zone.code] = {
            "sha256": placed["sha256"],
            "x": round(min(max(x, x_from), x_to), 4),
            "y": round(min(max(y, y_from), y_to), 4),
            "scale": round(scale, 4),
        }
    return out


def with_pictures(catalog: Catalog, svg: str | None, placed: dict[str, dict[str, Any]]) -> str | None:
    """The preview drawing with the buyer's pictures laid over it."""
    if svg is None or not placed:
        return svg
    return svg.removesuffix("</svg>") + zone_layers(catalog, placed, buyer_pictures(placed)) + "</svg>"


def _upload(code: str, zone: PrintZone) -> None:
    picked = st.session_state.get(_widget(code, zone.code, "file"))
    if picked is None:
        return
    error_key = _widget(code, zone.code, "error")
    st.session_state.pop(error_key, None)
    try:
        with transaction(database()) as session:
            info = upload_buyer_artwork(session=session, data=picked.getvalue(), file_name=picked.name)
    except StoreError as exc:
        st.session_state[error_key] = exc.message
        return
    x, y, scale = centred_placement(zone, info.aspect)
    placed = dict(_stored(code))
    placed[zone.code] = {"sha256": info.sha256, "x": x, "y": y, "scale": scale, "aspect": info.aspect}
    st.session_state[_key(code)] = placed
    for name, value in (("x", x), ("y", y), ("scale", scale)):
        st.session_state[_widget(code, zone.code, name)] = round(value * 100)


def restore(code: str, catalog: Catalog, selection: Mapping[str, Any], kept: Any) -> list[str]:
    """Put back kept placements (raw: the store checks each again against the `selection`, raw);
    returns why each dropped one was dropped, in the buyer's language."""
    with transaction(database()) as session:
        checked, dropped = restored_placements(session=session, catalog=catalog, selection=selection, placements=kept)
        infos = {zone: artwork_info(session=session, sha256=p["sha256"]) for zone, p in checked.items()}
    placed = {}
    for zone, placement in checked.items():
        info = infos[zone]
        if info is not None:
            placed[zone] = {**placement, "aspect": info.aspect}
        for name in ("x", "y", "scale", "error"):  # the sliders start where the placement is
            st.session_state.pop(_widget(code, zone, name), None)
    st.session_state[_key(code)] = placed
    return [_("A picture was left out — {reason}.").format(reason=reason) for reason in dropped]


def _remove(code: str, zone: str) -> None:
    placed = dict(_stored(code))
    placed.pop(zone, None)
    st.session_state[_key(code)] = placed
    for name in ("x", "y", "scale", "error"):
        st.session_state.pop(_widget(code, zone, name), None)


def panel(code: str, catalog: Catalog, full: Mapping[str, Value]) -> None:
    """Upload, place and remove the buyer's pictures, one box per zone that applies."""
    zones = applicable(catalog, full)
    if not zones:
        return
    sale = shop().sale_currency(wanted_currency())  # the zone's price as the price panel shows it
    st.subheader(_("Your pictures"))
    st.caption(_("Upload a logo or photo (PNG, JPEG or SVG) and place it in the print area."))
    for zone in zones:
        with st.container(border=True):
            price = effect(Money(prices_on(catalog, dt.date.today(), sale).convert(zone.price), sale.code), current())
            st.markdown(f"**{md_escape(zone.name)}** {md_escape(price)}")
            st.file_uploader(
                _("Picture for {zone}").format(zone=zone.name),
                type=TYPES,
                max_upload_size=max(1, math.ceil((zone.max_bytes or MAX_ZONE_BYTES) / 1_000_000)),  # the browser's hint
                key=_widget(code, zone.code, "file"),
                label_visibility="collapsed",  # the zone's heading above says it; screen readers still get it
                on_change=_upload,
                args=(code, zone),
            )
            error = st.session_state.get(_widget(code, zone.code, "error"))
            if error:
                st.error(_("This file was refused: {reason}").format(reason=md_escape(str(error))))
            placed = _stored(code).get(zone.code)
            if not placed:
                continue
            aspect = float(placed["aspect"])
            biggest = _limits(zone, aspect, 1.0)[0]
            for name in ("x", "y", "scale"):  # a placement kept from before starts its sliders where it is
                if _widget(code, zone.code, name) not in st.session_state:
                    st.session_state[_widget(code, zone.code, name)] = round(float(placed[name]) * 100)
            st.slider(
                _("Size, as a share of the print area's width"),
                min_value=int(MIN_SCALE * 100),
                max_value=max(int(MIN_SCALE * 100) + 1, int(biggest * 100)),
                format="%d%%",
                key=_widget(code, zone.code, "scale"),
            )
            for name, label in (("x", _("Position across")), ("y", _("Position down"))):
                st.slider(label, min_value=0, max_value=100, format="%d%%", key=_widget(code, zone.code, name))
            st.caption(_("The picture always stays inside the print area."))
            st.button(
                _("Remove picture"), key=_widget(code, zone.code, "remove"), on_click=_remove, args=(code, zone.code)
            )
