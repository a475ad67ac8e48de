"""Readiness of a process: the database answers and its schema is at the newest migration.

`/readyz` (API and shop) reports this; a replica that is not ready gets no traffic from the proxy.
Migrations are run once per deployment (`python -m store migrate`), never by every process.
"""

from __future__ import annotations

from dataclasses import dataclass

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from store.db import Engine, alembic_config


@dataclass(frozen=True, slots=True)
class Readiness:
    database: bool  # a `SELECT 1` came back
    schema_current: bool  # the database's revision is the newest migration's
    revision: str | None  # the database's revision (None: not migrated, or unreachable)
    head: str  # the newest migration shipped with this code
    detail: str = ""

    @property
    def ready(self) -> bool:
        return self.database and self.schema_current


def schema_head() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def readiness(engine: Engine) -> Readiness:
    head = schema_head()
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            revision = MigrationContext.configure(connection).get_current_revision()
    except SQLAlchemyError as exc:
        return Readiness(False, False, None, head, detail=f"database unreachable: {type(exc).__name__}")
    if revision != head:
        return Readiness(True, False, revision, head, detail=f"schema at {revision}, code expects {head}")
    return Readiness(True, True, revision, head)


def known_revision(revision: str) -> bool:
    """Whether `revision` is one of this code's migrations (False: a newer release migrated the
    database, so this code is the one to replace, not the schema)."""
    return any(script.revision == revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions())
