"""A buyer's own pictures in a product's print zones.

`upload_buyer_artwork` checks the file (`store.artwork_files`: content sniffed, PNG/JPEG decoded
only within the pixel limits and re-encoded without metadata, SVG rebuilt from an allowlist) and
stores it once under the sha256 of the checked content; a refused file raises BAD_INPUT with the
reason and stores nothing.

A placement names the picture and where it sits in the zone (`modules.print_zones`): the design
carries `{zone code: {"sha256", "x", "y", "scale"}}`. `checked_placements` is the server's check
of what a page or client sent: the zone exists and applies to the selection, the picture exists
and fits the zone's own limits, and it lies wholly inside the zone. The page's sliders keep the
picture inside too, but only this check counts.

`restored_placements` re-checks placements kept earlier (a saved or shared design, a design in
progress kept across a reload): each placement is checked alone, and one that no longer passes
(its picture is gone, the zone changed or no longer applies) is dropped with the reason, never
trusted. A picture is reachable only through its sha256: sharing a design shares the pictures it
places (by their hashes, which nobody can guess), and nothing lists or serves pictures otherwise.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from modules.catalog import Catalog
from modules.print_zones import PrintZone, placement_problem
from modules.selection import attributes_of
from pricing.errors import QuoteError
from pricing.lines import zone_applies
from pricing.quote import checked_selection
from store.artwork_files import ArtworkError, check_artwork
from store.db import atomic
from store.errors import ErrorCode, StoreError
from store.tables import BuyerArtwork
from store.tables._base import now

__all__ = [
    "ArtworkInfo",
    "artwork_info",
    "buyer_artwork_for",
    "checked_placements",
    "lock_pictures",
    "restored_placements",
    "upload_buyer_artwork",
]

MAX_FILE_NAME = 200
_SHA_LENGTH = 64


@dataclass(frozen=True, slots=True)
class ArtworkInfo:
    """A stored picture, without its content."""

    sha256: str
    media_type: str
    width: int
    height: int
    size_bytes: int
    file_name: str

    @property
    def aspect(self) -> float:
        """Height over width."""
        return self.height / self.width


def _info(row: BuyerArtwork) -> ArtworkInfo:
    return ArtworkInfo(row.sha256, row.media_type, row.width, row.height, row.size_bytes, row.file_name)


def upload_buyer_artwork(*, session: Session, data: bytes, file_name: str) -> ArtworkInfo:
    """Check and store a buyer's picture (once per content); BAD_INPUT with the reason otherwise."""
    name = str(file_name or "")[:MAX_FILE_NAME]
    if not isinstance(data, bytes | bytearray):
        raise StoreError(ErrorCode.BAD_INPUT, f"{name or 'the file'}: no file content", field="file")
    try:
        checked = check_artwork(bytes(data), name)
    except ArtworkError as exc:
        raise StoreError(ErrorCode.BAD_INPUT, str(exc), field="file", file=name) from None
    with atomic(session):
        row = session.get(BuyerArtwork, checked.sha256)
        if row is not None:  # uploaded again: a purge counts the age of pictures from the last upload
            row.created_at = now()
            session.add(row)
        else:
            row = BuyerArtwork(
                sha256=checked.sha256,
                media_type=checked.media_type,
                content=checked.content,
                size_bytes=len(checked.content),
                width=checked.width,
                height=checked.height,
                file_name=name or "artwork",
            )
            session.add(row)
            session.flush()
        return _info(row)


def lock_pictures(*, session: Session, codes: Iterable[Any]) -> None:
    """Hold the named pictures for share until the caller's transaction ends, so a purge running
    at the same time (`store.artwork_purge`) waits and then sees what names them (PostgreSQL;
    SQLite runs one writer at a time)."""
    wanted = sorted({c for c in codes if isinstance(c, str) and len(c) == _SHA_LENGTH})
    if wanted:
        session.exec(select(BuyerArtwork.sha256).where(col(BuyerArtwork.sha256).in_(wanted)).with_for_update(read=True))


def artwork_info(*, session: Session, sha256: str) -> ArtworkInfo | None:
    if not isinstance(sha256, str) or len(sha256) != _SHA_LENGTH:
        return None
    row = session.get(BuyerArtwork, sha256)
    return None if row is None else _info(row)


def buyer_artwork_for(*, session: Session, codes: Iterable[str]) -> dict[str, tuple[str, bytes, int, int]]:
    """sha256 -> (media type, content, width, height) of the stored pictures among `codes` (unknown
    ones left out): what the preview and the production sheet draw."""
    wanted = sorted({c for c in codes if isinstance(c, str) and len(c) == _SHA_LENGTH})
    if not wanted:
        return {}
    rows = session.exec(select(BuyerArtwork).where(col(BuyerArtwork.sha256).in_(wanted))).all()
    return {row.sha256: (row.media_type, bytes(row.content), row.width, row.height) for row in rows}


def _number(value: Any, zone: PrintZone, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise StoreError(
            ErrorCode.BAD_INPUT, f"{zone.name}: {name} must be a number", field=f"artwork.{zone.code}.{name}"
        )
    return round(float(value), 4)


def checked_placements(
    *, session: Session, catalog: Catalog, selection: Mapping[str, Any], placements: Any
) -> dict[str, dict[str, Any]]:
    """The placements as stored with the design, or BAD_INPUT naming the zone and the reason.

    Reads only (call it inside the caller's transaction)."""
    if placements is None or placements == {}:
        return {}
    if not isinstance(placements, Mapping):
        raise StoreError(ErrorCode.BAD_INPUT, "artwork must map print zones to placements", field="artwork")
    if len(placements) > len(catalog.print_zones):
        raise StoreError(
            ErrorCode.BAD_INPUT, f"{catalog.name} has {len(catalog.print_zones)} print zones", field="artwork"
        )
    try:
        env = checked_selection(catalog, selection)
    except QuoteError:
        env = None  # the cart's own check says what is wrong with the selection
    attributes = attributes_of(catalog)
    out: dict[str, dict[str, Any]] = {}
    lock_pictures(session=session, codes=(p.get("sha256") for p in placements.values() if isinstance(p, Mapping)))
    for code, placement in placements.items():
        where = str(code)[:64]
        zone = catalog.print_zone(code) if isinstance(code, str) else None
        if zone is None:
            raise StoreError(ErrorCode.BAD_INPUT, f"{catalog.name} has no print zone '{where}'", field="artwork")
        if env is not None and not zone_applies(zone, env, attributes):
            raise StoreError(
                ErrorCode.BAD_INPUT,
                f"{zone.name}: this zone does not apply to the design as chosen (choose its placement first)",
                field=f"artwork.{zone.code}",
            )
        if not isinstance(placement, Mapping) or set(placement) != {"sha256", "x", "y", "scale"}:
            raise StoreError(
                ErrorCode.BAD_INPUT,
                f"{zone.name}: a placement is {{sha256, x, y, scale}}",
                field=f"artwork.{zone.code}",
            )
        x, y, scale = (_number(placement[k], zone, k) for k in ("x", "y", "scale"))
        info = artwork_info(session=session, sha256=placement["sha256"])
        if info is None:
            raise StoreError(
                ErrorCode.BAD_INPUT,
                f"{zone.name}: no such uploaded picture; upload it again",
                field=f"artwork.{zone.code}",
            )
        if zone.max_bytes is not None and info.size_bytes > zone.max_bytes:
            raise StoreError(
                ErrorCode.BAD_INPUT,
                f"{zone.name}: the picture is {info.size_bytes:,} bytes; this zone takes at most {zone.max_bytes:,}",
                field=f"artwork.{zone.code}",
            )
        if zone.max_pixels is not None and info.width * info.height > zone.max_pixels:
            raise StoreError(
                ErrorCode.BAD_INPUT,
                f"{zone.name}: the picture is {info.width} x {info.height} pixels; "
                f"this zone takes at most {zone.max_pixels:,} pixels",
                field=f"artwork.{zone.code}",
            )
        problem = placement_problem(zone, x=x, y=y, scale=scale, aspect=info.aspect)
        if problem is not None:
            raise StoreError(ErrorCode.BAD_INPUT, f"{zone.name}: {problem}", field=f"artwork.{zone.code}")
        out[zone.code] = {"sha256": info.sha256, "x": x, "y": y, "scale": scale}
    return out


def restored_placements(
    *, session: Session, catalog: Catalog, selection: Mapping[str, Any], placements: Any
) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """The kept placements that still pass `checked_placements`, each checked alone, and why each
    other one was dropped (one message per dropped placement)."""
    if not isinstance(placements, Mapping):
        return {}, [] if placements in (None, [], "") else ["the saved pictures could not be read and were dropped"]
    kept: dict[str, dict[str, Any]] = {}
    dropped: list[str] = []
    for code, placement in list(placements.items())[: len(catalog.print_zones) + 1]:
        try:
            kept.update(
                checked_placements(session=session, catalog=catalog, selection=selection, placements={code: placement})
            )
        except StoreError as exc:
            dropped.append(exc.message)
    if len(placements) > len(catalog.print_zones) + 1:
        dropped.append(f"{catalog.name} has {len(catalog.print_zones)} print zones; the other pictures were dropped")
    return kept, dropped
