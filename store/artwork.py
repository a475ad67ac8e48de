"""Artwork per option: a merchandiser uploads an SVG or PNG/JPEG layer for an option in the
catalog editor; the file is checked (`store.artwork_files`), stored once under its sha256, and
the draft's option names it (`preview.artwork`), all in one transaction. Publishing the draft
publishes the reference; the stored file never changes, so every version keeps its pictures.

A refused file stores nothing: it is checked before the transaction starts.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import yaml
from sqlalchemy import update
from sqlmodel import Session, col, select

from modules.errors import CatalogError
from modules.yaml_source import parse_yaml
from store.artwork_files import ArtworkError, CheckedArtwork, check_artwork
from store.audit import audit
from store.db import atomic
from store.draft_text import load_draft_text
from store.errors import ErrorCode, StoreError
from store.staff import authorize
from store.states import MERCHANDISING
from store.tables import CatalogArtwork, CatalogDraft, CatalogDraftPublic, now

__all__ = ["ArtworkError", "artwork_for", "attach_artwork", "checked_upload"]


class _NoAliases(yaml.SafeDumper):
    """The catalog loader refuses anchors and aliases: never write them."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


_NoAliases.add_representer(Decimal, lambda d, v: d.represent_scalar("tag:yaml.org,2002:float", format(v, "f")))


def checked_upload(data: bytes, file_name: str) -> CheckedArtwork:
    """The file as it would be stored; StoreError BAD_INPUT with the reason when it is refused."""
    try:
        return check_artwork(data, file_name)
    except ArtworkError as exc:
        raise StoreError(ErrorCode.BAD_INPUT, str(exc), file=file_name) from None


def _option(data: Any, module_code: str, option_code: str) -> dict[str, Any]:
    modules = data.get("modules") if isinstance(data, dict) else None
    for module in modules if isinstance(modules, list) else []:
        if isinstance(module, dict) and module.get("code") == module_code:
            for option in module.get("options") or []:
                if isinstance(option, dict) and str(option.get("code")) == option_code:
                    return option
    raise StoreError(ErrorCode.BAD_INPUT, f"the draft has no option {option_code} in module {module_code}")


def attach_artwork(
    *,
    session: Session,
    actor_id: int,
    product_code: str,
    module_code: str,
    option_code: str,
    file_name: str,
    data: bytes,
    expected_version: int,
) -> CatalogDraftPublic:
    """Check the file, store it (once per content) and name it in the draft option's preview.

    BAD_INPUT (nothing stored) for a refused file, an unknown option or one without a preview
    layer; STALE_DRAFT if someone saved the draft since `expected_version`."""
    checked = checked_upload(data, file_name)
    with atomic(session):
        actor = authorize(session=session, actor_id=actor_id, roles=MERCHANDISING)
        row = session.exec(select(CatalogDraft).where(CatalogDraft.product_code == product_code)).first()
        if row is None:
            raise StoreError(ErrorCode.NOT_FOUND, "this draft was published or discarded; open it again")
        if row.version != expected_version:
            raise StoreError(
                ErrorCode.STALE_DRAFT,
                f"the draft was saved (version {row.version}) after you opened it (version {expected_version}); "
                "reload it and upload again",
                current_version=row.version,
            )
        try:
            source, _ = parse_yaml(row.source_yaml, f"{product_code}.yaml")
        except CatalogError as exc:
            raise StoreError(ErrorCode.BAD_INPUT, "; ".join(str(p) for p in exc.problems)) from None
        option = _option(source, module_code, option_code)
        preview = option.get("preview")
        if not isinstance(preview, dict) or not preview.get("layer"):
            raise StoreError(
                ErrorCode.BAD_INPUT,
                f"option {option_code} of {module_code} draws no preview layer: give it one "
                "(preview: {layer: ...}) before adding artwork",
            )
        before = preview.get("artwork")
        preview["artwork"] = checked.sha256
        new_yaml = yaml.dump(source, Dumper=_NoAliases, sort_keys=False, allow_unicode=True, width=120)
        load_draft_text(new_yaml, dict(row.csv_files), product_code=product_code)  # CatalogError: nothing saved
        if session.get(CatalogArtwork, checked.sha256) is None:
            session.add(
                CatalogArtwork(
                    sha256=checked.sha256,
                    product_code=product_code,
                    media_type=checked.media_type,
                    content=checked.content,
                    width=checked.width,
                    height=checked.height,
                    file_name=file_name[:200],
                    created_by=actor,
                )
            )
        result = session.connection().execute(
            update(CatalogDraft)
            .where(col(CatalogDraft.product_code) == product_code, col(CatalogDraft.version) == expected_version)
            .values(source_yaml=new_yaml, version=CatalogDraft.version + 1, updated_at=now(), updated_by=actor)
        )
        if result.rowcount != 1:  # a save between our read and this write
            raise StoreError(ErrorCode.STALE_DRAFT, "someone saved this draft just now; reload it and upload again")
        audit(
            session=session,
            actor=actor,
            action="draft.artwork",
            entity=row,
            data={
                "what": f"artwork for {module_code}.{option_code}",
                "changes": [
                    {"path": f"{module_code}.{option_code}.preview.artwork", "before": before, "after": checked.sha256}
                ],
                "file": file_name[:200],
            },
        )
        session.expire(row)
        return CatalogDraftPublic.model_validate(session.get(CatalogDraft, row.id))


def artwork_for(*, session: Session, codes: Iterable[str]) -> dict[str, tuple[str, bytes]]:
    """sha256 -> (media type, content) of the stored artwork among `codes` (unknown ones left out)."""
    wanted = sorted(set(codes))
    if not wanted:
        return {}
    rows = session.exec(select(CatalogArtwork).where(col(CatalogArtwork.sha256).in_(wanted))).all()
    return {row.sha256: (row.media_type, bytes(row.content)) for row in rows}
