"""Compiled engines in the database: written once per catalog content (and engine version), read by
every app process and replica in milliseconds instead of compiling.

`engine_for` is what `store.configuration.compiled_engine` builds with: the stored artifact when
there is one this build can read; otherwise it compiles in this process (and says so in the log
and in `compile_sources`), stores what it compiled (an artifact it refused is replaced), and the
next process loads that.

Writing is idempotent under any number of writers: `INSERT ... ON CONFLICT DO NOTHING` on the
(content hash, engine version) key, on PostgreSQL and SQLite alike; the first blob written stays.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, col, select

from configurator.artifact import ENGINE_VERSION, ArtifactError, dump_catalog_engine, load_catalog_engine, read_header
from configurator.catalog_engine import CatalogEngine
from modules.catalog import Catalog
from store.db import Engine, transaction
from store.tables import CompileArtifact, now

log = logging.getLogger("configurator.artifacts")
# Where this process's engines came from: "loaded" (a stored artifact), "compiled" (no usable one),
# "refused" (a stored one this build could not use). Read by tests and health checks.
compile_sources: Counter[str] = Counter()
_sources_lock = threading.Lock()


def store_artifact(*, session: Session, blob: bytes, compile_ms: int | None = None) -> bool:
    """Store a `configurator.artifact` blob under its content hash, unless one is stored already
    (another writer was first: theirs stays). Whether this call wrote it. In the caller's transaction."""
    header = read_header(blob)
    values = {
        "content_hash": header.content_hash,
        "engine_version": header.engine,
        "backend": header.backend,
        "size_bytes": len(blob),
        "compile_ms": compile_ms,
        "blob": blob,
        "created_at": now(),
    }
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = (
        insert(CompileArtifact)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["content_hash", "engine_version"])
        .returning(col(CompileArtifact.id))  # a row back iff this call wrote it (rowcount is unreliable here)
    )
    return session.exec(statement).first() is not None


def stored_artifact(*, session: Session, content_hash: str) -> CompileArtifact | None:
    """The artifact of a content hash written by this engine version, if any."""
    return session.exec(
        select(CompileArtifact).where(
            col(CompileArtifact.content_hash) == content_hash, col(CompileArtifact.engine_version) == ENGINE_VERSION
        )
    ).first()


def replace_artifact(*, session: Session, refused_id: int, blob: bytes, compile_ms: int | None) -> None:
    """Swap an artifact this build refused for a fresh compile (several processes may race: the
    refused row goes once, the first fresh blob stays)."""
    session.exec(delete(CompileArtifact).where(col(CompileArtifact.id) == refused_id))
    store_artifact(session=session, blob=blob, compile_ms=compile_ms)


def usable_artifact(*, session: Session, catalog: Catalog) -> tuple[CatalogEngine | None, int | None, str | None]:
    """(engine loaded from the stored artifact, None, None) or (None, refused row id, why) or
    (None, None, None) when nothing is stored."""
    row = stored_artifact(session=session, content_hash=catalog.fingerprint())
    if row is None:
        return None, None, None
    try:
        return load_catalog_engine(row.blob, catalog=catalog), None, None
    except ArtifactError as exc:
        return None, row.id, exc.reason


def _count(source: str) -> None:
    with _sources_lock:
        compile_sources[source] += 1


def engine_for(*, catalog: Catalog, database: Engine | None) -> CatalogEngine:
    """A catalog's compiled engine: loaded from the database when stored (milliseconds), else
    compiled here, recorded, and stored for every other process."""
    fingerprint = catalog.fingerprint()
    fields = {"event": "engine.source", "product": catalog.code, "fingerprint": fingerprint[:12]}
    refused: int | None = None
    why = "no database to load compiled engines from"
    if database is not None:
        started = time.perf_counter()
        try:
            with transaction(database) as session:
                loaded, refused, reason = usable_artifact(session=session, catalog=catalog)
        except SQLAlchemyError as exc:  # not migrated yet, or unreachable: a buyer still gets an engine
            loaded, reason = None, f"artifacts unreadable ({type(exc).__name__})"
        if loaded is not None:
            _count("loaded")
            log.info("engine loaded", extra={**fields, "source": "artifact", **_ms(started)})
            return loaded
        why = f"stored artifact refused: {reason}" if refused is not None else (reason or "not compiled yet")
        if refused is not None:
            _count("refused")
    started = time.perf_counter()
    engine = CatalogEngine(catalog)
    compile_ms = int((time.perf_counter() - started) * 1000)
    _count("compiled")
    # With a database this is a fallback worth seeing (the compile should have run at publish).
    level = logging.WARNING if database is not None else logging.INFO
    extra = {**fields, "source": "compiled", "why": why, "ms": compile_ms}
    log.log(level, "engine compiled in this process", extra=extra)
    if database is not None:
        blob = dump_catalog_engine(engine, compile_seconds=compile_ms / 1000)
        try:
            with transaction(database) as session:
                if refused is not None:
                    replace_artifact(session=session, refused_id=refused, blob=blob, compile_ms=compile_ms)
                else:
                    store_artifact(session=session, blob=blob, compile_ms=compile_ms)
        except SQLAlchemyError as exc:
            log.warning("compiled engine not stored", extra={**fields, "exception": type(exc).__name__})
    return engine


def _ms(started: float) -> dict[str, float]:
    return {"ms": round((time.perf_counter() - started) * 1000, 1)}
