"""How cart lines read: the product's name and the buyer's choices in words, from the version of
the product on sale now (the one the cart is priced against).

A line whose choices no longer fit the product reads with the codes it holds; the cart's own
check (`store.carts.view_cart`) says why it cannot be sold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

import i18n
from modules.selection import SelectionError, parse_selection
from modules.translations import translated
from store.catalogs import catalog_of, current_version
from store.db import atomic
from store.products import describe
from store.snapshots import LineSnapshot
from store.tables import CartLinePublic, CatalogVersion


@dataclass(frozen=True, slots=True)
class LineText:
    product_name: str
    choices: tuple[str, ...]  # 'Size: Large', 'Engraving: ANA'


def _plain(selection: dict[str, Any]) -> tuple[str, ...]:
    return tuple(f"{code}: {value}" for code, value in selection.items() if value not in (None, "", []))


def describe_lines(
    *, session: Session, lines: Sequence[CartLinePublic], language: str | None = None
) -> dict[int, LineText]:
    """Line id -> its product name and choices, as the buyer reads them (in `language` where the
    catalog translates its names)."""
    out: dict[int, LineText] = {}
    with atomic(session):
        for line in lines:
            version = current_version(session=session, product_code=line.product_code) or session.get(
                CatalogVersion, line.catalog_version_id
            )
            if version is None:
                out[line.id] = LineText(line.product_code, _plain(line.selection))
                continue
            catalog = translated(catalog_of(version), i18n.language(language))
            try:
                parsed = parse_selection(catalog, {k: v for k, v in line.selection.items() if v is not None})
            except SelectionError:
                out[line.id] = LineText(catalog.name, _plain(line.selection))
                continue
            out[line.id] = LineText(catalog.name, LineSnapshot.of({"modules": describe(catalog, parsed)}).choices())
    return out
