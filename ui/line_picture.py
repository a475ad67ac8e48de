"""The drawing of one configured item (cart line or order line): the catalog's preview for its
choices, with the option artwork and the buyer's own pictures where they were placed.

A page draws every line on every rerun, so drawings are kept (a bounded, process-wide cache) under
everything they are drawn from: the catalog's content hash (`Catalog.fingerprint`, which names
the option artwork by its sha256), the choices and the placements (each picture by its sha256).
Stored files never change under their hash, so a kept drawing is never stale; a drawing that
missed a file (not stored, or removed) is not kept, so it is drawn anew once the file is there.
"""

from __future__ import annotations

import json
import re
import threading
import weakref
from collections.abc import Mapping
from typing import Any

import streamlit as st

from modules.catalog import Catalog
from modules.expr import Value
from modules.selection import SelectionError, parse_selection
from render.preview.paints import artwork_codes
from render.preview.svg import DRAWINGS, preview_svg
from store.artwork import artwork_for
from store.buyer_artwork import buyer_artwork_for
from store.db import transaction
from ui.language import _, current
from ui.resources import SelectionKey, database, selection_key

KEPT_DRAWINGS = 256  # lines' drawings kept per process (a cart or an order shows a few)
_SHA_LENGTH = 64
_FINGERPRINTS: dict[int, tuple[weakref.ref[Catalog], str]] = {}  # id(catalog) -> (the catalog, its hash)
_LOCK = threading.RLock()  # re-entrant: a weak reference's callback may run while the lock is held


def catalog_fingerprint(catalog: Catalog) -> str:
    """`catalog.fingerprint()`, worked out once per catalog object (the pages share cached ones):
    an entry counts only while it still refers to this very object."""
    key = id(catalog)
    with _LOCK:
        found = _FINGERPRINTS.get(key)
        if found is not None and found[0]() is catalog:
            return found[1]
    fingerprint = catalog.fingerprint()

    def forget(ref: weakref.ref[Catalog]) -> None:
        with _LOCK:
            if key in _FINGERPRINTS and _FINGERPRINTS[key][0] is ref:
                del _FINGERPRINTS[key]

    with _LOCK:
        if len(_FINGERPRINTS) >= 4 * KEPT_DRAWINGS:  # a bound even if catalogs outlive the pages' caches
            _FINGERPRINTS.clear()
        _FINGERPRINTS[key] = (weakref.ref(catalog, forget), fingerprint)
    return fingerprint


class _Missed(Exception):
    """A drawing that missed a stored file: shown, never kept."""

    def __init__(self, svg: str | None) -> None:
        super().__init__("a picture the drawing names is not stored")
        self.svg = svg


@st.cache_resource(max_entries=KEPT_DRAWINGS, show_spinner=False)
def _kept_drawing(
    fingerprint: str,
    selection: SelectionKey,
    placements: str,
    lang: str,
    _catalog: Catalog,
    _selection: Mapping[str, Value],
    _placements: Mapping[str, dict[str, Any]],
) -> str | None:
    """The drawing, kept under (catalog hash, choices, placements as canonical JSON, the language
    of its captions); the underscored arguments are what those keys stand for (not hashed again)."""
    codes = artwork_codes(_catalog)
    named = {p.get("sha256") for p in _placements.values()}
    shas = sorted(s for s in named if isinstance(s, str) and len(s) == _SHA_LENGTH)
    with transaction(database()) as session:  # the option artwork and the buyer's pictures the drawing lays in
        pictures = artwork_for(session=session, codes=codes)
        own = buyer_artwork_for(session=session, codes=shas)
    svg = preview_svg(_catalog, _selection, pictures, placements=_placements, pictures=own, lang=lang, fit=True)
    if not set(codes) <= pictures.keys() or not set(shas) <= own.keys():
        raise _Missed(svg)
    return svg


def line_picture(catalog: Catalog, raw: Mapping[str, Any], placed: Any = None) -> str | None:
    """SVG text of the item, or None when the catalog has no drawing or the choices no longer fit
    it. `placed`: print zone -> {sha256, x, y, scale, ...} (anything else is ignored)."""
    if catalog.preview is None or catalog.preview.template not in DRAWINGS:
        return None
    try:
        selection = parse_selection(catalog, dict(raw))
    except SelectionError:
        return None
    placements = {k: v for k, v in placed.items() if isinstance(v, dict)} if isinstance(placed, dict) else {}
    figures = json.dumps(placements, sort_keys=True, default=repr)  # placements come as JSON: every figure in it
    key = (catalog_fingerprint(catalog), selection_key(selection), figures, current())
    try:
        return _kept_drawing(*key, catalog, selection, placements)
    except _Missed as missed:
        return missed.svg


ONE_VIEW = 300  # drawing units across every product's single-view drawing


def shown_width(svg: str, width: int) -> int:
    """How wide to show a line's picture meant to be `width` pixels for one view: a picture wider
    than one view (front and back side by side, captioned above) gets the room of both views at
    the scale of one, so neither shrinks."""
    found = re.search(r'viewBox="\s*[-\d.]+\s+[-\d.]+\s+([\d.]+)\s+([\d.]+)\s*"', svg)
    if not found or float(found.group(2)) <= 0:
        return width
    return round(width * min(2.0, max(1.0, float(found.group(1)) / ONE_VIEW)))


def two_views(svg: str | None) -> bool:
    """Whether the picture shows the product's front and back side by side."""
    return bool(svg) and 'id="view-back"' in str(svg)


def picture_alt(svg: str | None, product: str) -> str:
    """The picture's text for screen readers: it names both views when it shows both."""
    if two_views(svg):
        return _("Preview of {product}, front and back").format(product=product)
    return _("Preview of {product}").format(product=product)
