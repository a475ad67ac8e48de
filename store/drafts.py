"""Catalog drafts: open, edit, validate with the real loader, save with optimistic locking, import.

A draft is the catalog file (YAML) plus its CSV tables, and a save counter. Every save names the
counter it started from; a stale save is refused (STALE_DRAFT) rather than overwriting someone
else's edit. Every save writes an audit row with before and after. Publishing and withdrawing
versions live in `store.catalog_releases` (re-exported here), the draft's text in `store.draft_text`.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlmodel import Session, col, select

from modules.catalog import Catalog
from store.audit import audit
from store.catalog_proof import require_proof
from store.catalog_releases import (
    families,
    list_versions,
    publish_draft,
    version_catalog,
    version_source,
    withdraw_version,
)
from store.catalogs import catalog_of
from store.db import atomic
from store.draft_text import actor_name, changes, csv_files_of, display_name, load_draft_text
from store.errors import ErrorCode, StoreError
from store.staff import authorize
from store.states import MERCHANDISING
from store.tables import CatalogDraft, CatalogDraftPublic, CatalogVersion, now

__all__ = [
    "actor_name",
    "changes",
    "csv_files_of",
    "discard_draft",
    "draft_catalog",
    "families",
    "get_draft",
    "import_catalog",
    "latest_version",
    "list_versions",
    "load_draft_text",
    "open_draft",
    "publish_draft",
    "save_draft",
    "version_catalog",
    "version_source",
    "withdraw_version",
]


def draft_catalog(draft: CatalogDraftPublic) -> Catalog:
    return load_draft_text(draft.source_yaml, draft.csv_files, product_code=draft.product_code)


def get_draft(*, session: Session, actor_id: int, product_code: str) -> CatalogDraftPublic | None:
    """The product's draft as saved, or None (merchandisers and admins)."""
    with atomic(session):
        authorize(session=session, actor_id=actor_id, roles=MERCHANDISING)
        row = session.exec(select(CatalogDraft).where(CatalogDraft.product_code == product_code)).first()
        return None if row is None else CatalogDraftPublic.model_validate(row)


def latest_version(*, session: Session, product_code: str) -> CatalogVersion | None:
    """The newest version that is not withdrawn, scheduled ones included (a draft starts from it)."""
    return session.exec(
        select(CatalogVersion)
        .where(CatalogVersion.product_code == product_code, col(CatalogVersion.withdrawn_at).is_(None))
        .order_by(col(CatalogVersion.version).desc())
        .limit(1)
    ).first()


def open_draft(*, session: Session, product_code: str, actor_id: int) -> CatalogDraftPublic:
    """The product's draft, started from its newest published version if there is none yet."""
    with atomic(session):
        actor = authorize(session=session, actor_id=actor_id, roles=MERCHANDISING)
        row = session.exec(select(CatalogDraft).where(CatalogDraft.product_code == product_code)).first()
        if row is None:
            version = latest_version(session=session, product_code=product_code)
            if version is None:
                raise StoreError(ErrorCode.NOT_FOUND, "no such product family")
            row = CatalogDraft(
                product_code=product_code,
                source_yaml=version.source_yaml,
                csv_files=csv_files_of(catalog_of(version)),
                based_on_id=version.id,
                updated_by=actor,
            )
            session.add(row)
            session.flush()
            audit(session=session, actor=actor, action="draft.open", entity=row, data={"based_on": version.version})
        return CatalogDraftPublic.model_validate(row)


def save_draft(
    *,
    session: Session,
    product_code: str,
    source_yaml: str,
    csv_files: dict[str, str],
    expected_version: int,
    actor_id: int,
    what: str,
) -> CatalogDraftPublic:
    """Validate, then store the draft if nobody saved since `expected_version`.

    CatalogError (nothing saved) if the loader finds problems; STALE_DRAFT if someone else saved.
    """
    load_draft_text(source_yaml, csv_files, product_code=product_code)
    with atomic(session):
        actor = authorize(session=session, actor_id=actor_id, roles=MERCHANDISING)
        row = session.exec(select(CatalogDraft).where(CatalogDraft.product_code == product_code)).first()
        if row is None:
            raise StoreError(ErrorCode.NOT_FOUND, "this draft was published or discarded; open it again")
        before_yaml, before_csv = row.source_yaml, dict(row.csv_files)
        result = session.connection().execute(
            update(CatalogDraft)
            .where(col(CatalogDraft.product_code) == product_code, col(CatalogDraft.version) == expected_version)
            .values(
                source_yaml=source_yaml,
                csv_files=csv_files,
                version=CatalogDraft.version + 1,
                updated_at=now(),
                updated_by=actor,
            )
        )
        if result.rowcount != 1:
            raise StoreError(
                ErrorCode.STALE_DRAFT,
                f"{display_name(session, row.updated_by)} saved this draft at {row.updated_at:%H:%M:%S} "
                f"(version {row.version}) after you opened it (version {expected_version}); "
                "reload it and apply your change again",
                current_version=row.version,
                updated_by=row.updated_by,
            )
        diff = changes(before_yaml, source_yaml)
        for name in sorted(set(before_csv) | set(csv_files)):
            if before_csv.get(name) != csv_files.get(name):
                diff.append({"path": f"csv:{name}", "before": before_csv.get(name), "after": csv_files.get(name)})
        audit(session=session, actor=actor, action="draft.save", entity=row, data={"what": what, "changes": diff})
        session.expire(row)
        return CatalogDraftPublic.model_validate(session.get(CatalogDraft, row.id))


def import_catalog(
    *,
    session: Session,
    source_yaml: str,
    csv_files: dict[str, str],
    actor_id: int,
    replace_version: int | None = None,
    file_name: str | None = None,
) -> CatalogDraftPublic:
    """A whole catalog file (and its CSV tables) as the draft of its product: checked first, then
    stored all or nothing. An existing draft is replaced only if `replace_version` names its version.
    Problems are located in `file_name` (the uploaded file's name) when given. The catalog must
    pass the proof (`store.catalog_proof`, run before any transaction): CatalogError otherwise."""
    catalog = load_draft_text(source_yaml, csv_files, file_name=file_name)
    with atomic(session):  # only staff may start a proof
        authorize(session=session, actor_id=actor_id, roles=MERCHANDISING)
    require_proof(
        catalog=catalog, source_yaml=source_yaml, csv_files=csv_files, file=file_name or f"{catalog.code}.yaml"
    )
    with atomic(session):
        actor = authorize(session=session, actor_id=actor_id, roles=MERCHANDISING)
        row = session.exec(select(CatalogDraft).where(CatalogDraft.product_code == catalog.code)).first()
        if row is None:
            version = latest_version(session=session, product_code=catalog.code)
            row = CatalogDraft(
                product_code=catalog.code,
                source_yaml=source_yaml,
                csv_files=csv_files,
                based_on_id=version.id if version else None,
                updated_by=actor,
            )
            session.add(row)
            session.flush()
            audit(
                session=session,
                actor=actor,
                action="draft.import",
                entity=row,
                data={"what": "import", "changes": changes("", source_yaml)},
            )
            return CatalogDraftPublic.model_validate(row)
    if replace_version is None:
        raise StoreError(
            ErrorCode.STALE_DRAFT,
            f"{catalog.code} already has a draft (version {row.version}, saved by {row.updated_by}); "
            "confirm that the import replaces it",
            current_version=row.version,
        )
    return save_draft(
        session=session,
        product_code=catalog.code,
        source_yaml=source_yaml,
        csv_files=csv_files,
        expected_version=replace_version,
        actor_id=actor_id,
        what="import",
    )


def discard_draft(*, session: Session, product_code: str, expected_version: int, actor_id: int) -> None:
    with atomic(session):
        actor = authorize(session=session, actor_id=actor_id, roles=MERCHANDISING)
        row = session.exec(select(CatalogDraft).where(CatalogDraft.product_code == product_code)).first()
        if row is None:
            return
        if row.version != expected_version:
            raise StoreError(ErrorCode.STALE_DRAFT, "someone saved this draft since you opened it; reload it")
        audit(session=session, actor=actor, action="draft.discard", entity=row, data={"before": row.source_yaml})
        session.delete(row)
