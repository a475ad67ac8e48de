"""The drawing of one configured item (cart line or order line): the catalog's preview for its
choices, with the option artwork and the buyer's own pictures where they were placed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from modules.catalog import Catalog
from modules.selection import SelectionError, parse_selection
from render.preview.paints import artwork_codes
from render.preview.svg import preview_svg
from store.artwork import artwork_for
from store.buyer_artwork import buyer_artwork_for
from store.db import transaction
from ui.resources import database


def line_picture(catalog: Catalog, raw: Mapping[str, Any], placed: Any = None) -> str | None:
    """SVG text of the item, or None when the catalog has no drawing or the choices no longer fit
    it. `placed`: print zone -> {sha256, x, y, scale, ...} (anything else is ignored)."""
    try:
        selection = parse_selection(catalog, dict(raw))
    except SelectionError:
        return None
    placements = {k: v for k, v in placed.items() if isinstance(v, dict)} if isinstance(placed, dict) else {}
    with transaction(database()) as session:  # the option artwork and the buyer's pictures the drawing lays in
        pictures = artwork_for(session=session, codes=artwork_codes(catalog))
        own = buyer_artwork_for(session=session, codes=[str(p.get("sha256")) for p in placements.values()])
    return preview_svg(catalog, selection, pictures, placements=placements, pictures=own)
