"""Catalog drafts: edit, validate with the real loader, save with optimistic locking, publish.

A draft is the catalog file (YAML) plus its CSV tables, and a save counter. Every save names the
counter it started from; a stale save is refused (STALE_DRAFT) rather than overwriting someone
else's edit. Every save, publication and withdrawal writes an audit row with before and after.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import yaml
from sqlalchemy import update
from sqlmodel import Session, col, select

from modules.catalog import Catalog
from modules.errors import CatalogError, Problem, ProblemCode
from modules.loader import MAX_CSV_BYTES, load_catalog_text
from modules.rules import Table
from store.audit import audit
from store.catalogs import catalog_of, current_versions, publish
from store.db import atomic
from store.errors import ErrorCode, StoreError
from store.staff import MERCHANDISING, authorize
from store.tables import CatalogDraft, CatalogDraftPublic, CatalogVersion, CatalogVersionPublic, Customer, now


def csv_files_of(catalog: Catalog) -> dict[str, str]:
    """The CSV files of a catalog's tables, rebuilt from the rows a published version holds."""
    files: dict[str, str] = {}
    for rule in catalog.rules:
        if isinstance(rule, Table) and rule.csv and rule.rows is not None:
            out = io.StringIO()
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(rule.modules)
            writer.writerows(rule.rows)
            files[rule.csv] = out.getvalue()
    return files


def load_draft_text(
    source_yaml: str, csv_files: dict[str, str], *, product_code: str | None = None, file_name: str | None = None
) -> Catalog:
    """The catalog these texts describe, through the real loader (CatalogError with located problems,
    named after `file_name`, e.g. the uploaded file, or else `<product_code>.yaml`)."""
    shown = file_name or f"{product_code or 'catalog'}.yaml"
    too_large = [n for n, t in csv_files.items() if len(t.encode()) > MAX_CSV_BYTES]
    if too_large:
        raise CatalogError(
            [
                Problem(n, 1, 1, ProblemCode.TOO_LARGE, f"CSV file is larger than {MAX_CSV_BYTES:,} bytes")
                for n in too_large
            ]
        )

    def read_csv(name: str) -> bytes | None:
        text = csv_files.get(name)
        return None if text is None else text.encode()

    catalog = load_catalog_text(source_yaml, file=shown, read_csv=read_csv)
    if product_code is not None and catalog.code != product_code:
        raise CatalogError(
            [
                Problem(
                    shown,
                    0,
                    0,
                    ProblemCode.INCONSISTENT,
                    f"the code is {catalog.code!r}; this draft is {product_code!r}",
                )
            ]
        )
    return catalog


def actor_name(*, session: Session, actor: str) -> str:
    """An audit actor (`customer:<id>`) as people know it: the account's name and number.

    (No e-mail address: markdown would turn it into a link.)"""
    kind, _, ident = actor.partition(":")
    if kind == "customer" and ident.isdigit():
        customer = session.get(Customer, int(ident))
        if customer is not None:
            return f"{customer.name} (account {customer.id})"
    return actor


def draft_catalog(draft: CatalogDraftPublic) -> Catalog:
    return load_draft_text(draft.source_yaml, draft.csv_files, product_code=draft.product_code)


def get_draft(*, session: Session, product_code: str) -> CatalogDraftPublic | None:
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


def _sections(source_yaml: str) -> dict[str, Any]:
    """Top-level keys of a catalog file; lists of coded items keyed by code (for readable diffs)."""
    try:
        data = yaml.safe_load(source_yaml)
    except yaml.YAMLError:
        return {}
    if not isinstance(data, dict):
        return {}
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, list) and all(isinstance(v, dict) and "code" in v for v in value):
            for item in value:
                out[f"{key}.{item['code']}"] = item
        elif key == "pricing" and isinstance(value, dict):
            for sub, part in value.items():
                out[f"pricing.{sub}"] = part
        else:
            out[str(key)] = value
    return out


def changes(before_yaml: str, after_yaml: str) -> list[dict[str, Any]]:
    """What a save changed: one entry per module, rule, price rule or top-level key, with both sides.

    >>> changes("code: a\\nmodules: [{code: m, name: M}]", "code: a\\nmodules: [{code: m, name: N}]")
    [{'path': 'modules.m', 'before': {'code': 'm', 'name': 'M'}, 'after': {'code': 'm', 'name': 'N'}}]
    """
    old, new = _sections(before_yaml), _sections(after_yaml)
    out: list[dict[str, Any]] = []
    for path in [*old, *(p for p in new if p not in old)]:
        if old.get(path) != new.get(path):
            out.append({"path": path, "before": old.get(path), "after": new.get(path)})
    plain: list[dict[str, Any]] = _plain(out)
    return plain


def _plain(value: Any) -> Any:
    """JSON-safe copies (YAML dates, decimals) for the audit column."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


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
                f"{actor_name(session=session, actor=row.updated_by)} saved this draft at {row.updated_at:%H:%M:%S} "
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
    Problems are located in `file_name` (the uploaded file's name) when given."""
    catalog = load_draft_text(source_yaml, csv_files, file_name=file_name)
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


def publish_draft(
    *,
    session: Session,
    product_code: str,
    expected_version: int,
    actor_id: int,
    effective_from: dt.datetime | None = None,
) -> CatalogVersionPublic:
    """Publish the draft as a new immutable version, on sale from `effective_from` (now by default).

    The draft is removed; the next edit starts a new draft from the newest version.
    """
    with atomic(session):
        actor = authorize(session=session, actor_id=actor_id, roles=MERCHANDISING)
        row = session.exec(select(CatalogDraft).where(CatalogDraft.product_code == product_code)).first()
        if row is None:
            raise StoreError(ErrorCode.NOT_FOUND, "there is no draft to publish")
        if row.version != expected_version:
            raise StoreError(
                ErrorCode.STALE_DRAFT,
                f"{actor_name(session=session, actor=row.updated_by)} saved this draft (version {row.version}) "
                f"after you checked it (version {expected_version}); check it again before publishing",
                current_version=row.version,
            )
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


def list_versions(*, session: Session, product_code: str) -> list[CatalogVersionPublic]:
    rows = session.exec(
        select(CatalogVersion)
        .where(CatalogVersion.product_code == product_code)
        .order_by(col(CatalogVersion.version).desc())
    ).all()
    return [CatalogVersionPublic.model_validate(r) for r in rows]


def version_catalog(*, session: Session, version_id: int) -> Catalog:
    version = session.get(CatalogVersion, version_id)
    if version is None:
        raise StoreError(ErrorCode.NOT_FOUND, "no such catalog version")
    return catalog_of(version)


def families(*, session: Session) -> list[dict[str, Any]]:
    """Every product family: its newest version, the one on sale, and its draft's save counter."""
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


def version_source(*, session: Session, version_id: int) -> str:
    """The catalog file a version was published from (for export)."""
    version = session.get(CatalogVersion, version_id)
    if version is None:
        raise StoreError(ErrorCode.NOT_FOUND, "no such catalog version")
    return version.source_yaml
