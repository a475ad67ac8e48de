"""Saved designs: a configuration kept under a shareable token (and listed for its owner).

A design keeps the buyer's pictures placed in print zones (`artwork`: zone -> {sha256, x, y,
scale}), checked like a cart line's (`store.buyer_artwork.checked_placements`) when saved and
again when opened (`restored_placements`): whoever holds the design's token can see its pictures,
and no other.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlmodel import Session, col, select

from i18n.words import N_
from modules.catalog import Catalog
from modules.expr import Value
from modules.selection import SelectionError, parse_selection
from store.buyer_artwork import checked_placements, restored_placements
from store.catalogs import catalog_of, current_version
from store.db import atomic
from store.errors import ErrorCode, StoreError
from store.input_checks import plausible_token, text, validated
from store.products import json_selection
from store.tables import Design, DesignCreate, DesignPublic


def save_design(*, session: Session, data: DesignCreate, customer_id: int | None = None) -> DesignPublic:
    """Save a (possibly unfinished) design; its values must fit the catalog's modules and its
    pictures their print zones (BAD_INPUT naming the zone otherwise)."""
    data = validated(DesignCreate, data.model_dump() if isinstance(data, DesignCreate) else data)
    data = data.model_copy(
        update={"name": text(data.name, field="name", label=N_("Design name"), limit=120, required=True)}
    )
    with atomic(session):
        version = current_version(session=session, product_code=data.product_code)
        if version is None or version.id is None:
            raise StoreError(ErrorCode.PRODUCT_UNAVAILABLE, f"'{data.product_code}' is not sold")
        try:
            parsed = parse_selection(catalog_of(version), data.selection)
        except SelectionError as exc:
            raise StoreError(
                ErrorCode.BAD_INPUT, "the design does not fit the catalog", problems=[str(p) for p in exc.problems]
            ) from None
        catalog = catalog_of(version)
        selection = json_selection(parsed)
        artwork = checked_placements(session=session, catalog=catalog, selection=selection, placements=data.artwork)
        design = Design(
            name=data.name,
            product_code=data.product_code,
            selection=selection,
            artwork=artwork,
            customer_id=customer_id,
            catalog_version_id=version.id,
        )
        session.add(design)
        session.flush()
        return DesignPublic.model_validate(design)


def get_design(*, session: Session, token: str) -> DesignPublic:
    if not plausible_token(token):
        raise StoreError(ErrorCode.NOT_FOUND, "no such design")
    design = session.exec(select(Design).where(Design.token == token)).first()
    if design is None:
        raise StoreError(ErrorCode.NOT_FOUND, "no such design")
    return DesignPublic.model_validate(design)


def design_pictures(
    *, session: Session, catalog: Catalog, selection: Mapping[str, Value], design: DesignPublic
) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """The design's placed pictures that still pass `checked_placements` against `selection` (the
    choices kept when it is opened against the catalog on sale), and why each other one was left
    out: what opening a design's link on the configure page restores."""
    with atomic(session):  # reads only; holds the pictures against a purge while they are checked
        return restored_placements(
            session=session, catalog=catalog, selection=json_selection(selection), placements=design.artwork
        )


def list_designs(*, session: Session, customer_id: int) -> list[DesignPublic]:
    rows = session.exec(
        select(Design).where(Design.customer_id == customer_id).order_by(col(Design.created_at).desc())
    ).all()
    return [DesignPublic.model_validate(d) for d in rows]
