"""Catalog versions: publish (immutable, content-hashed) and read."""

from __future__ import annotations

import datetime as dt
import itertools
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from modules.catalog import Catalog
from modules.loader import load_catalog
from store.catalog_proof import require_proof
from store.db import transaction
from store.draft_text import csv_files_of
from store.input_checks import plausible_token
from store.tables import CatalogVersion, CompileJob, Material, now


def publish(
    *,
    session: Session,
    catalog: Catalog,
    source_yaml: str,
    effective_from: dt.datetime | None = None,
    published_by: str | None = None,
) -> CatalogVersion:
    """Store `catalog` as the next version of its product, unless this exact content is stored,
    and queue its compile in the same transaction.

    The version is sold from `effective_from` (now by default) until it is withdrawn or a newer
    effective version replaces it; it is never edited. Only a catalog that passes the proof is
    stored (CatalogError otherwise); prove it before the transaction (`require_proof`), as
    `sync_folder` and `publish_draft` do, so that this check finds it proven already.
    """
    fingerprint = catalog.fingerprint()
    existing = session.exec(
        select(CatalogVersion).where(
            CatalogVersion.product_code == catalog.code, CatalogVersion.fingerprint == fingerprint
        )
    ).first()
    if existing is not None:
        return existing
    require_proof(catalog=catalog, source_yaml=source_yaml, csv_files=csv_files_of(catalog))
    latest = session.exec(
        select(func.max(CatalogVersion.version)).where(CatalogVersion.product_code == catalog.code)
    ).one()
    version = CatalogVersion(
        product_code=catalog.code,
        name=catalog.name,
        category=catalog.category,
        fingerprint=fingerprint,
        version=(latest or 0) + 1,
        content=catalog.model_dump_json(by_alias=True),
        source_yaml=source_yaml,
        effective_from=effective_from or now(),
        published_by=published_by,
    )
    session.add(version)
    session.flush()
    ensure_materials(session=session, catalog=catalog)
    queue_compile(session=session, version=version)
    forget_after_commit(session)
    return version


def queue_compile(*, session: Session, version: CatalogVersion) -> CompileJob:
    """Queue the compile of a version in the caller's (publishing) transaction: a runner compiles it
    once and stores the artifact every process loads (`store.compile_jobs`)."""
    assert version.id is not None
    job = CompileJob(catalog_version_id=version.id, product_code=version.product_code, fingerprint=version.fingerprint)
    session.add(job)
    session.flush()
    return job


_generations = itertools.count()
_generation = next(_generations)


def on_sale_generation() -> int:
    """Changes whenever this process publishes or withdraws a version (`store.on_sale` keys by it)."""
    return _generation


def forget_on_sale() -> None:
    """Make this process read the versions on sale afresh (`store.on_sale`)."""
    global _generation
    _generation = next(_generations)


def forget_after_commit(session: Session) -> None:
    """Forget now and again when `session` commits: a publication or withdrawal under way is
    served by this process as soon as it is committed (a read in between still saw the old one)."""
    forget_on_sale()
    event.listen(session, "after_commit", lambda _session: forget_on_sale(), once=True)


def ensure_materials(*, session: Session, catalog: Catalog) -> None:
    """A stock row (empty) for every material the catalog uses, so orders can reserve it, with the
    supplier the catalog names. A supplier staff have set on the materials page is theirs: a later
    catalog version fills only a row whose supplier is still blank."""
    known = {m.code: m for m in session.exec(select(Material)).all()}
    for material in catalog.materials:
        row = known.get(material.code)
        if row is None:
            session.add(
                Material(code=material.code, name=material.name, unit=material.unit, supplier=material.supplier or "")
            )
        elif material.supplier and not row.supplier:
            row.supplier = material.supplier
            session.add(row)
    session.flush()


def sync_folder(*, engine: Engine, folder: Path) -> list[CatalogVersion]:
    """Publish every catalog in `folder` whose content is new; all files or none.

    New content is proven first (CatalogError with located problems, nothing stored)."""
    paths = sorted(folder.glob("*.yaml"))
    loaded = [(load_catalog(path), path.read_text(encoding="utf-8")) for path in paths]
    with transaction(engine) as session:
        stored = set(session.exec(select(CatalogVersion.fingerprint)).all())
    for path, (catalog, text) in zip(paths, loaded, strict=True):
        if catalog.fingerprint() not in stored:
            csv_files = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.csv")}
            require_proof(catalog=catalog, source_yaml=text, csv_files=csv_files, file=str(path))
    with transaction(engine) as session:
        versions = [publish(session=session, catalog=c, source_yaml=text) for c, text in loaded]
        for v in versions:
            session.refresh(v)
        session.expunge_all()
    return versions


def _on_sale(moment: dt.datetime) -> Any:
    return (col(CatalogVersion.effective_from) <= moment) & col(CatalogVersion.withdrawn_at).is_(None)


def current_versions(*, session: Session) -> list[CatalogVersion]:
    """The version on sale of every product family (the newest effective one that is not
    withdrawn), ordered by category and name."""
    newest = (
        select(CatalogVersion.product_code, func.max(CatalogVersion.version).label("v"))
        .where(_on_sale(now()))
        .group_by(CatalogVersion.product_code)
        .subquery()
    )
    query = (
        select(CatalogVersion)
        .join(
            newest,
            (col(CatalogVersion.product_code) == newest.c.product_code) & (col(CatalogVersion.version) == newest.c.v),
        )
        .order_by(CatalogVersion.category, CatalogVersion.name)
    )
    return list(session.exec(query).all())


def current_version(*, session: Session, product_code: str) -> CatalogVersion | None:
    """The version of one product family on sale now (newest effective, not withdrawn); None for
    a code no catalog can have (a tampered link or request: PostgreSQL refuses NUL in a query)."""
    if not plausible_token(product_code):
        return None
    return session.exec(
        select(CatalogVersion)
        .where(CatalogVersion.product_code == product_code, _on_sale(now()))
        .order_by(CatalogVersion.version.desc())  # type: ignore[attr-defined]
        .limit(1)
    ).first()


def published_versions(*, session: Session, product_code: str) -> list[CatalogVersion]:
    """A product family's versions that have gone on sale (effective now or earlier, withdrawn ones
    too: orders keep them), newest first. A version scheduled for later stays private until then."""
    if not plausible_token(product_code):
        return []
    return list(
        session.exec(
            select(CatalogVersion)
            .where(CatalogVersion.product_code == product_code, col(CatalogVersion.effective_from) <= now())
            .order_by(col(CatalogVersion.version).desc())
        ).all()
    )


def published_version(*, session: Session, product_code: str, version: int) -> CatalogVersion | None:
    """One version of a product family that has gone on sale (see `published_versions`), or None."""
    if not plausible_token(product_code):
        return None
    return session.exec(
        select(CatalogVersion).where(
            CatalogVersion.product_code == product_code,
            CatalogVersion.version == version,
            col(CatalogVersion.effective_from) <= now(),
        )
    ).first()


def catalog_of(version: CatalogVersion) -> Catalog:
    """The catalog a stored version holds (its content includes CSV tables' rows).

    Parsed once per content hash: published versions never change.
    """
    return _parse(version.fingerprint, version.content)


@lru_cache(maxsize=64)
def _parse(fingerprint: str, content: str) -> Catalog:
    return Catalog.model_validate_json(content)
