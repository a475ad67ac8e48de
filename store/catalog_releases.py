"""Catalog versions: publish a draft (now or scheduled), withdraw a version, list and export them.

Published versions are immutable: a withdrawal only stops selling one. Every publication and
withdrawal writes an audit row.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel import Session, col, select

from modules.catalog import Catalog
from store.audit import audit
from store.catalog_proof import require_proof
from store.catalogs import catalog_of, current_versions, forget_after_commit, publish
from store.db import atomic
from store.draft_text import display_name, load_draft_text
from store.errors import ErrorCode, StoreError
from store.staff import authorize
from store.states import MERCHANDISING, STAFF_ROLES
from store.tables import CatalogDraft, CatalogVersion, CatalogVersionPublic, now


def _current_draft(*, session: Session, product_code: str, expected_version: int) -> CatalogDraft:
    row = session.exec(select(CatalogDraft).where(CatalogDraft.product_code == product_code)).first()
    if row is None:
        raise StoreError(ErrorCode.NOT_FOUND, "there is no draft to publish")
    if row.version != expected_version:
        raise StoreError(
            ErrorCode.STALE_DRAFT,
            f"{display_name(session, row.updated_by)} saved this draft (version {row.version}) "
            f"after you checked it (version {expected_version}); check it again before publishing",
            current_version=row.version,
        )
    return row


def publish_draft(
    *,
    session: Session,
    product_code: str,
    expected_version: int,
    actor_id: int,
    effective_from: dt.datetime | None = None,
) -> CatalogVersionPublic:
    """Publish the draft as a new immutable version, on sale from `effective_from` (now by default).

    The draft is removed; the next edit starts a new draft from the newest version. The draft is
    proven first (`store.catalog_proof`, a separate process, outside any transaction): a catalog
    that fails is refused with CatalogError and nothing changes.
    """
    with atomic(session):  # read what to prove; no lock is held during the proof
        authorize(session=session, actor_id=actor_id, roles=MERCHANDISING)
        row = _current_draft(session=session, product_code=product_code, expected_version=expected_version)
        source_yaml, csv_files = row.source_yaml, dict(row.csv_files)
    catalog = load_draft_text(source_yaml, csv_files, product_code=product_code)
    require_proof(catalog=catalog, source_yaml=source_yaml, csv_files=csv_files, file=f"{product_code}.yaml")
    with atomic(session):
        actor = authorize(session=session, actor_id=actor_id, roles=MERCHANDISING)
        row = _current_draft(session=session, product_code=product_code, expected_version=expected_version)
        catalog = load_draft_text(row.source_yaml, row.csv_files, product_code=product_code)
        same = session.exec(
            select(CatalogVersion).where(
                CatalogVersion.product_code == product_code, CatalogVersion.fingerprint == catalog.fingerprint()
            )
        ).first()
        if same is not None:
            state = "withdrawn" if same.withdrawn_at else "published"
            raise StoreError(
                ErrorCode.BAD_INPUT, f"this content is version {same.version} already ({state}); change something first"
            )
        when = effective_from or now()
        if when.tzinfo is None:
            raise StoreError(ErrorCode.BAD_INPUT, "give the effective time with a timezone")
        version = publish(
            session=session, catalog=catalog, source_yaml=row.source_yaml, effective_from=when, published_by=actor
        )
        audit(
            session=session,
            actor=actor,
            action="catalog.publish",
            entity=version,
            data={
                "product": product_code,
                "version": version.version,
                "effective_from": when.isoformat(),
                "draft_version": row.version,
            },
        )
        session.delete(row)
        session.flush()
        return CatalogVersionPublic.model_validate(version)


def withdraw_version(*, session: Session, version_id: int, actor_id: int) -> CatalogVersionPublic:
    """Stop selling a version (orders keep it); its content is never changed."""
    with atomic(session):
        actor = authorize(session=session, actor_id=actor_id, roles=MERCHANDISING)
        version = session.get(CatalogVersion, version_id)
        if version is None:
            raise StoreError(ErrorCode.NOT_FOUND, "no such catalog version")
        if version.withdrawn_at is None:
            version.withdrawn_at, version.withdrawn_by = now(), actor
            session.add(version)
            forget_after_commit(session)
            audit(
                session=session,
                actor=actor,
                action="catalog.withdraw",
                entity=version,
                data={
                    "product": version.product_code,
                    "version": version.version,
                    "before": None,
                    "after": "withdrawn",
                },
            )
        return CatalogVersionPublic.model_validate(version)


def list_versions(*, session: Session, actor_id: int, product_code: str) -> list[CatalogVersionPublic]:
    """A product family's versions, newest first (merchandisers and admins)."""
    with atomic(session):
        authorize(session=session, actor_id=actor_id, roles=MERCHANDISING)
        rows = session.exec(
            select(CatalogVersion)
            .where(CatalogVersion.product_code == product_code)
            .order_by(col(CatalogVersion.version).desc())
        ).all()
        return [CatalogVersionPublic.model_validate(r) for r in rows]


def _version(session: Session, actor_id: int, version_id: int) -> CatalogVersion:
    authorize(session=session, actor_id=actor_id, roles=MERCHANDISING)
    version = session.get(CatalogVersion, version_id)
    if version is None:
        raise StoreError(ErrorCode.NOT_FOUND, "no such catalog version")
    return version


def version_catalog(*, session: Session, actor_id: int, version_id: int) -> Catalog:
    """The catalog a version holds, withdrawn or scheduled ones too (merchandisers and admins)."""
    with atomic(session):
        return catalog_of(_version(session, actor_id, version_id))


def families(*, session: Session, actor_id: int) -> list[dict[str, Any]]:
    """Every product family: its newest version, the one on sale, and its draft's save counter (staff)."""
    with atomic(session):
        authorize(session=session, actor_id=actor_id, roles=STAFF_ROLES)
        on_sale = {v.product_code: v.version for v in current_versions(session=session)}
        drafts = {d.product_code: d.version for d in session.exec(select(CatalogDraft)).all()}
        out: dict[str, dict[str, Any]] = {}
        for v in session.exec(select(CatalogVersion).order_by(col(CatalogVersion.version))).all():
            out[v.product_code] = {
                "code": v.product_code,
                "name": v.name,
                "category": v.category,
                "latest": v.version,
                "on_sale": on_sale.get(v.product_code),
                "draft": drafts.get(v.product_code),
            }
        return sorted(out.values(), key=lambda f: (f["category"], f["name"]))


def version_source(*, session: Session, actor_id: int, version_id: int) -> str:
    """The catalog file a version was published from, for export (merchandisers and admins)."""
    with atomic(session):
        return _version(session, actor_id, version_id).source_yaml
